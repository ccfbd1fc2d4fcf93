// `ltds samples generate`: a deterministic, realistic GB distribution network as CIM 100 EQ + GL.

import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInt } from '../options.js';
import { generateNetwork } from '../../samples/index.js';
import { createProgress } from '../progress.js';

/** Registers `samples generate`. */
export function registerSamples(program: Command): void {
  const samples = program.command('samples').description('sample data for trying the toolkit, tests and benchmarks');
  samples
    .command('generate')
    .description('generate a realistic GB distribution network (GSP → BSP → primary substations) as CIM 100 EQ and GL files')
    .requiredOption('--substations <n>', 'number of substations', positiveInt('--substations'))
    .requiredOption('-o, --output <dir>', 'folder to write <area>_EQ.xml and <area>_GL.xml into (created if missing)')
    .option('--seed <n>', 'random seed; the same seed and options give byte-identical files', positiveInt('--seed'), 1)
    .option('--area <code>', 'licence area code used in names and file names', 'DEMO')
    .option('--created <timestamp>', 'Model.created of the files (fixed by default so output is reproducible)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ ltds samples generate --substations 50 -o /tmp/demo
  $ ltds samples generate --substations 2000 -o bench/.cache --seed 7     # an EQ file of about 50 MB`,
    )
    .action((opts: { substations: number; output: string; seed: number; area: string; created?: string; json?: boolean }) => {
      mkdirSync(opts.output, { recursive: true });
      const progress = createProgress('generating', opts.substations, 'items');
      const result = generateNetwork({
        substations: opts.substations,
        outDir: opts.output,
        seed: opts.seed,
        area: opts.area,
        ...(opts.created === undefined ? {} : { created: opts.created }),
        onProgress: (done) => progress.update(done),
      });
      progress.done();
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
