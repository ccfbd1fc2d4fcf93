// `ltds samples generate`: a deterministic, realistic GB distribution network as CIM 100 EQ + GL.

import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInt } from '../options.js';
import { InvalidArgumentError } from 'commander';
import { SAMPLE_PROFILES as EXTRA_PROFILES, type SampleProfile } from '../../samples/sample-profiles.js';
import type { GenerateResult } from '../../samples/generate.js';
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
    .option('--profiles <list>', `also write these profiles consistently with EQ, comma-separated, or 'all' (${EXTRA_PROFILES.join(', ')}); files are then named <PROFILE>.xml and SC leaves EQ for its own file`, profileList)
    .option('--scenario-time <timestamp>', 'Model.scenarioTime of the files (default: --created)')
    .option('--scenario <kind>', 'the demand SSH and SV describe: maximum (winter peak) or minimum (summer trough)', scenarioKind, 'maximum')
    .option('--json', 'print the result (every file, its size and objects per class) as one JSON line')
    .addHelpText(
      'after',
      `
Examples:
  $ ltds samples generate --substations 50 -o demo50
  $ ltds samples generate --substations 2000 -o bench/.cache --seed 7     # an EQ file of about 50 MB
  $ ltds samples generate --substations 30 --profiles all -o full30      # EQ GL SC SCR SSH TP SV DL SYSCAP_*`,
    )
    .action(async (opts: { substations: number; output: string; seed: number; area: string; created?: string; json?: boolean; profiles?: SampleProfile[]; scenarioTime?: string; scenario: 'maximum' | 'minimum' }) => {
      const { generateNetwork } = await import('../../samples/index.js');
      mkdirSync(opts.output, { recursive: true });
      const progress = createProgress('generating', opts.substations, 'items');
      const result = generateNetwork({
        substations: opts.substations,
        outDir: opts.output,
        seed: opts.seed,
        area: opts.area,
        ...(opts.created === undefined ? {} : { created: opts.created }),
        ...(opts.profiles === undefined ? {} : { profiles: opts.profiles, scenario: opts.scenario }),
        ...(opts.scenarioTime === undefined ? {} : { scenarioTime: opts.scenarioTime }),
        onProgress: (done) => progress.update(done),
      });
      progress.done();
      process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : generateSummary(result, opts.substations));
    });

  samples
    .command('demo')
    .description('write the DEMO sample: a network with every profile the cases need (existing and years 1-5), the NETS maximum and minimum demand cases, and two Development Projects')
    .requiredOption('-o, --output <dir>', 'folder to write into (samples/DEMO in the repository)')
    .option('--substations <n>', 'size of the network', positiveInt('--substations'), 24)
    .option('--seed <n>', 'random seed', positiveInt('--seed'), 1)
    .option('--json', 'print the files written as JSON')
    .action(async (opts: { output: string; substations: number; seed: number; json?: boolean }) => {
      const { generateDemoSample } = await import('../../samples/index.js');
      const r = await generateDemoSample({ outDir: opts.output, substations: opts.substations, seed: opts.seed });
      if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(`wrote ${r.files.length} files into ${opts.output}\n`);
        for (const p of r.projects) process.stdout.write(`  project ${p.id}: ${p.summary}\n`);
      }
    });
}

/** What `samples generate` prints without --json: the network's make-up and one line per file. */
export function generateSummary(result: GenerateResult, substations: number): string {
  const n = result.substations;
  const lines = [`${substations} substations: ${n.gsp} GSP, ${n.bsp} BSP, ${n.primary} primary, ${n.generation} generation sites`];
  const width = Math.max(...result.files.map((f) => f.path.length));
  for (const f of result.files) {
    const objects = Object.values(f.counts).reduce((a, b) => a + b, 0);
    // SC and SSH only describe EQ objects (rdf:about), so they declare none of their own.
    const what = objects > 0 ? `${String(objects).padStart(7)} objects` : 'EQ objects described';
    lines.push(`  ${f.path.padEnd(width)}  ${what.padStart(20)}  ${String(f.bytes).padStart(10)} bytes`);
  }
  return `${lines.join('\n')}\n`;
}

function profileList(v: string): SampleProfile[] {
  if (v === 'all') return [...EXTRA_PROFILES];
  const list = v.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '' && s !== 'EQ' && s !== 'GL');
  for (const p of list) {
    if (!(EXTRA_PROFILES as readonly string[]).includes(p)) throw new InvalidArgumentError(`--profiles takes ${EXTRA_PROFILES.join(', ')} or 'all', got '${p}'`);
  }
  return list as SampleProfile[];
}

function scenarioKind(v: string): 'maximum' | 'minimum' {
  if (v !== 'maximum' && v !== 'minimum') throw new InvalidArgumentError(`--scenario must be maximum or minimum, got '${v}'`);
  return v;
}
