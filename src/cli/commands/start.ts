// `ltds start` (what `npm start` runs): the main job on embedded defaults. Until the publication
// pipeline lands, it generates the DEMO sample network into out/ and reads it back with inspect.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { expandInputs } from '../../cim-xml/inputs.js';
import { inspectCimInput } from '../../cim-xml/inspect.js';
import { generateNetwork } from '../../samples/index.js';
import { positiveInt } from '../options.js';

/** Registers `start`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the main job on embedded defaults: generate the DEMO sample network into out/ and inspect it')
    .option('--out <dir>', 'output folder', 'out')
    .option('--substations <n>', 'size of the sample network', positiveInt('--substations'), 60)
    .action(async (opts: { out: string; substations: number }) => {
      const dir = join(opts.out, 'DEMO', 'sample');
      mkdirSync(dir, { recursive: true });
      generateNetwork({ substations: opts.substations, outDir: dir, area: 'DEMO' });
      process.stdout.write(`generated the DEMO sample network in ${dir}\n`);
      for (const input of await expandInputs([dir])) {
        const r = await inspectCimInput(input);
        process.stdout.write(`  ${input.name}: ${r.header?.kind ?? 'no header'}, ${r.objects} objects, ${r.statements} statements, ${r.bytes} bytes, read in ${r.readMs} ms\n`);
      }
    });
}
