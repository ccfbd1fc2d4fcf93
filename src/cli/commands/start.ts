// `ltds start` (what `npm start` runs): the main job on embedded defaults — the DEMO publication
// pipeline (pipelines/demo.json) into out/ (nothing is redone when out/ is up to date), then the
// serving host on port 8080.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT_FAILURE } from '../failure.js';
import { progressRenderer } from './pipeline.js';
import { port, runServe } from './serve.js';

/** The repository's pipelines/demo.json (next to dist/ in a checkout or an installed package). */
function demoDefinition(): string {
  return fileURLToPath(new URL('../../../../pipelines/demo.json', import.meta.url));
}

/** The repository's samples/tariffs (suppliers, tariffs, RTI Users loaded into the store at start). */
function tariffSamples(): string {
  return fileURLToPath(new URL('../../../../samples/tariffs', import.meta.url));
}

/** Registers `start`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the main job on embedded defaults: the DEMO publication pipeline (pipelines/demo.json) into out/, the sample tariffs into the store, a demo Data Access Register into a new store, then serve out/ on port 8080 with the customer portal')
    .option('--out <dir>', 'output folder', 'out')
    .option('--pipeline <file>', 'pipeline definition to run', demoDefinition())
    .option('--port <n>', 'port to serve on (0 = any free port)', port, 8080)
    .option('--no-serve', 'publish only; do not start the host')
    .option('--tariffs <dir>', 'tariff files to load into the store before serving (all or nothing; not with --no-serve)', tariffSamples())
    .action(async (opts: { out: string; pipeline: string; port: number; serve: boolean; tariffs: string }) => {
      const { loadDefinition, publicationSteps, runPipelines } = await import('../../pipeline/index.js');
      const out = resolve(opts.out);
      const progress = progressRenderer(false);
      const results = await runPipelines([loadDefinition(opts.pipeline)], { out, steps: publicationSteps(), onEvent: progress.onEvent });
      progress.done();
      for (const r of results) {
        const line = r.status === 'failed' ? `${r.status}: ${r.errors ?? 0} error(s), report ${opts.out}/${r.report ?? ''}` : r.status === 'refused' ? `refused: ${r.message ?? ''}` : r.status;
        process.stdout.write(`${r.area} ${r.year}-${r.period} v${r.version}: ${line} (${opts.out}/${r.path})\n`);
      }
      process.stdout.write(`catalog: ${opts.out}/index.json, index page: ${opts.out}/index.html\n`);
      if (results.some((r) => r.status === 'failed' || r.status === 'refused')) {
        process.exitCode = EXIT_FAILURE;
        return;
      }
      if (opts.serve) {
        // The host's store gets the sample tariffs (a publish-only run opens no store).
        const { importTariffFiles } = await import('./tariffs.js');
        const t = await importTariffFiles([opts.tariffs], { out });
        process.stdout.write(`tariffs: ${t.suppliers} suppliers, ${t.tariffs.added + t.tariffs.updated + t.tariffs.unchanged} tariffs, ${t.users} RTI Users from ${opts.tariffs} (${t.tariffs.added} added, ${t.tariffs.updated} updated)\n`);
        await runServe({ out: opts.out, port: opts.port, host: '127.0.0.1', tokenTtl: 7200, tokenRateLimit: 10, keyRotationHours: 24, cors: '*', log: '-', demo: true });
      }
    });
}
