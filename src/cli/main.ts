// The `ltds` command line: one commander program, one module per command, one failure path.

import { Command, CommanderError } from 'commander';
import { toolkitVersion } from '../io/toolkit-version.js';
import { LtdsError } from '../errors/index.js';
import { reportFailure } from './failure.js';


type Register = (program: Command) => void;

/**
 * Every command, in the order `ltds --help` lists them, with the module that registers it. Each is
 * imported only when needed: `ltds inspect ...` loads the inspect module alone, so start-up does
 * not parse and build the other thirteen commands.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['inspect', async () => (await import('./commands/inspect.js')).registerInspect],
  ['convert', async () => (await import('./commands/convert.js')).registerConvert],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['samples', async () => (await import('./commands/samples.js')).registerSamples],
  ['package', async () => (await import('./commands/package.js')).registerPackage],
  ['unpack', async () => (await import('./commands/unpack.js')).registerUnpack],
  ['pipeline', async () => (await import('./commands/pipeline.js')).registerPipeline],
  ['heatmap', async () => (await import('./commands/heatmap.js')).registerHeatmap],
  ['start', async () => (await import('./commands/start.js')).registerStart],
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
  ['accounts', async () => (await import('./commands/accounts.js')).registerAccounts],
  ['dar', async () => (await import('./commands/dar.js')).registerDar],
  ['tariffs', async () => (await import('./commands/tariffs.js')).registerTariffs],
];

/**
 * Builds the program with every command, or with only the commands named (what `main` does when
 * the first argument is a command, and with none for `--version`: help, options and errors of a
 * command are the same either way).
 */
export async function buildProgram(only?: readonly string[]): Promise<Command> {
  const chosen = COMMANDS.filter(([name]) => only === undefined || only.includes(name));
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  const program = new Command();
  program
    .name('ltds')
    .description('LTDS toolkit: read, write, check and publish the CIM grid models of the GB Long Term Development Statement')
    .version(toolkitVersion(), '-V, --version', 'print the version')
    .exitOverride();
  for (const register of registers) register(program);
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
  // The first argument names the command: build only that one (anything else, such as --help or
  // a mistyped command, gets the whole program, so help lists every command and suggests names).
  const first = argv[0];
  const version = argv.length === 1 && (first === '-V' || first === '--version');
  const program = await buildProgram(version ? [] : first !== undefined && COMMANDS.some(([name]) => name === first) ? [first] : undefined);
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
