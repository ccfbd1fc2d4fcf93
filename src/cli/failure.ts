// How the CLI ends on failure: one line on stderr naming the code, and the documented exit status
// (2 when the input could not be read, 1 for any other failure). No stack trace unless LTDS_DEBUG is set.

import { isLtdsError } from '../errors/index.js';

/** Exit status: 0 ok, 1 findings or failure, 2 unreadable input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_UNREADABLE = 2;

/** Failure codes that mean "the input could not be read". */
export function isUnreadableCode(code: string): boolean {
  return /^(XML_|CIM_|ZIP_|INPUT_)/.test(code);
}

/** Prints the failure and returns the exit status to use. */
export function reportFailure(err: unknown): number {
  if (process.env.LTDS_DEBUG) console.error(err);
  if (isLtdsError(err)) {
    process.stderr.write(`ltds: error ${err.code}: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return isUnreadableCode(err.code) ? EXIT_UNREADABLE : EXIT_FAILURE;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ltds: error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return EXIT_FAILURE;
}
