// The `ltds` command line: one commander program, one module per command, one failure path.

import { Command, CommanderError } from 'commander';
import { registerAccounts } from './commands/accounts.js';
import { registerDar } from './commands/dar.js';
import { registerConvert } from './commands/convert.js';
import { registerDiff } from './commands/diff.js';
import { registerHeatmap } from './commands/heatmap.js';
import { registerInspect } from './commands/inspect.js';
import { registerPackage } from './commands/package.js';
import { registerPipeline } from './commands/pipeline.js';
import { registerSamples } from './commands/samples.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { registerTariffs } from './commands/tariffs.js';
import { registerValidate } from './commands/validate.js';
import { registerUnpack } from './commands/unpack.js';
import { toolkitVersion } from '../io/toolkit-version.js';
import { LtdsError } from '../errors/index.js';
import { reportFailure } from './failure.js';


/** Builds the program (exported for in-process tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ltds')
    .description('LTDS toolkit: read, write, check and publish the CIM grid models of the GB Long Term Development Statement')
    .version(toolkitVersion(), '-V, --version', 'print the version')
    .exitOverride();
  registerInspect(program);
  registerConvert(program);
  registerDiff(program);
  registerSamples(program);
  registerPackage(program);
  registerUnpack(program);
  registerPipeline(program);
  registerHeatmap(program);
  registerStart(program);
  registerValidate(program);
  registerServe(program);
  registerAccounts(program);
  registerDar(program);
  registerTariffs(program);
  captureUsageErrors(program);
  program.addHelpText(
    'after',
    `
Exit status: 0 ok, 1 findings or failure, 2 unreadable input.
Set LTDS_DEBUG=1 to print stack traces.`,
  );
  return program;
}

/** The last usage error commander reported, with the command it is about. */
let usage: { message: string; command: string } | undefined;

/**
 * Commander prints usage errors itself (`error: unknown option '--bogus'`); every command here
 * hands them over instead, so they are reported like every other failure, with the help to read.
 */
function captureUsageErrors(cmd: Command, path: string[] = []): void {
  const names = cmd.parent === null ? [] : [...path, cmd.name()];
  cmd.configureOutput({
    outputError: (text) => {
      usage = { message: text.trim().replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' '), command: ['ltds', ...names].join(' ') };
    },
  });
  for (const sub of cmd.commands) captureUsageErrors(sub, names);
}

let pipeHandled = false;
/**
 * Output into a pipe that closed early (`ltds convert … | head -1`) ends the command quietly with
 * status 0, as Unix tools do, instead of an unhandled EPIPE: whoever closed the pipe has what it wanted.
 */
function endQuietlyOnClosedPipe(): void {
  if (pipeHandled) return;
  pipeHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}

/** Runs the CLI with the given arguments and returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = buildProgram();
  usage = undefined;
  try {
    process.exitCode = 0;
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end here with status 0; a usage error is a failure like any other.
      if (err.exitCode === 0) return 0;
      const u = usage ?? { message: err.message.replace(/^error:\s*/, ''), command: 'ltds' };
      return reportFailure(new LtdsError('USAGE', `${u.message} (see ${u.command} --help)`, { command: u.command }));
    }
    if (err instanceof LtdsError && err.code === 'USAGE' && !err.message.includes('--help)')) {
      err.message = `${err.message} (see ${commandPath(program, argv)} --help)`;
    }
    return reportFailure(err);
  }
}

/** `ltds <command> [<subcommand>]` as far as argv names commands of the program. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['ltds'];
  let cmd = program;
  for (const arg of argv) {
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub === undefined) break;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(' ');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = reportFailure(err);
    },
  );
}
