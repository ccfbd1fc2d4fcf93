// How the CLI ends on failure: one line on stderr naming the code, and the documented exit status
// (2 when the input could not be read, 1 for any other failure). No stack trace unless LTDS_DEBUG is set.

import { isLtdsError } from '../errors/index.js';

/** Exit status: 0 ok (the default), 1 findings or failure, 2 unreadable input. */
export const EXIT_FAILURE = 1;
export const EXIT_UNREADABLE = 2;

/** Failure codes that mean "the input could not be read". */
export function isUnreadableCode(code: string): boolean {
  return /^(XML_|CIM_|ZIP_|INPUT_)/.test(code);
}

/**
 * A message as one terminal-safe line: line breaks become spaces, other control characters (an
 * ESC from the input could drive the terminal) are shown by their code.
 */
export function terminalSafe(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Prints the failure and returns the exit status to use. */
export function reportFailure(err: unknown): number {
  if (process.env.LTDS_DEBUG) console.error(err);
  if (isLtdsError(err)) {
    process.stderr.write(`ltds: error ${err.code}: ${terminalSafe(err.message)}\n`);
    return isUnreadableCode(err.code) ? EXIT_UNREADABLE : EXIT_FAILURE;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ltds: error: ${terminalSafe(message)}\n`);
  return EXIT_FAILURE;
}
