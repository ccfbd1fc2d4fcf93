// The `ltds` command line: one commander program, one module per command, one failure path.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAccounts } from './commands/accounts.js';
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
import { EXIT_FAILURE, reportFailure } from './failure.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the program (exported for in-process tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ltds')
    .description('LTDS toolkit: read, write, check and publish the CIM grid models of the GB Long Term Development Statement')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
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
  registerTariffs(program);
  program.addHelpText(
    'after',
    `
Exit status: 0 ok, 1 findings or failure, 2 unreadable input.
Set LTDS_DEBUG=1 to print stack traces.`,
  );
  return program;
}

/** Runs the CLI with the given arguments and returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    process.exitCode = 0;
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end here with status 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : EXIT_FAILURE;
    }
    return reportFailure(err);
  }
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
