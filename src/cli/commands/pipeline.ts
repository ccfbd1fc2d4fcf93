// `ltds pipeline run <definition>... [--out out/]`: validate → diff → package → publish.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import type { PipelineEvent, PublicationResult } from '../../pipeline/index.js';
import { EXIT_FAILURE } from '../failure.js';

/** Renders pipeline events: one redrawn bar per step on a TTY, JSON lines on stderr otherwise. */
export function progressRenderer(json: boolean): { onEvent: (e: PipelineEvent) => void; done: () => void } {
  const tty = process.stderr.isTTY === true && process.env.CI === undefined && !json;
  const started = new Map<string, number>();
  let lastDraw = 0;
  let lastJson = 0;
  let drawn = false;
  return {
    onEvent(e) {
      const key = `${e.area} ${e.type === 'publication' ? `${e.year}-${e.period}` : e.cycle} v${e.version}`;
      if (!tty) {
        if (e.type === 'progress') {
          const now = performance.now();
          if (now - lastJson < 250 && e.done < e.total) return;
          lastJson = now;
          const s = started.get(`${key} ${e.step}`) ?? now;
          started.set(`${key} ${e.step}`, s);
          const secs = Math.max(1e-3, (now - s) / 1000);
          const rate = e.unit === 'bytes' ? { mbPerS: Math.round((e.done / 1e6 / secs) * 10) / 10 } : { perS: Math.round((e.done / secs) * 10) / 10 };
          process.stderr.write(JSON.stringify({ ...e, ...rate }) + '\n');
        } else process.stderr.write(JSON.stringify(e) + '\n');
        return;
      }
      if (e.type === 'progress') {
        const now = performance.now();
        const id = `${key} ${e.step}`;
        if (!started.has(id)) started.set(id, now);
        if (now - lastDraw < 100 && e.done < e.total) return;
        lastDraw = now;
        const pct = e.total > 0 ? Math.min(100, (100 * e.done) / e.total) : 100;
        const filled = Math.round(pct / 100 * 24);
        const secs = Math.max(1e-3, (now - (started.get(id) ?? now)) / 1000);
        const rate = e.unit === 'bytes' ? `${(e.done / 1e6).toFixed(1)} MB, ${(e.done / 1e6 / secs).toFixed(0)} MB/s` : `${e.done}/${e.total}`;
        process.stderr.write(`\r\x1b[K${key} ${e.step.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${pct.toFixed(0).padStart(3)}% ${rate}`);
        drawn = true;
      } else if (e.type === 'publication') {
        if (drawn) process.stderr.write('\r\x1b[K');
        drawn = false;
      } else if (e.type === 'catalog-skipped') {
        if (drawn) process.stderr.write('\r\x1b[K');
        drawn = false;
        process.stderr.write(`warning: ${e.path} is left out of index.json: ${e.reason}\n`);
      }
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

function summaryLine(r: PublicationResult, out: string): string {
  const head = `${r.area} ${r.year}-${r.period} v${r.version}`.padEnd(22);
  switch (r.status) {
    case 'published': return `${head} published   ${out}/${r.path} (${r.ms} ms)`;
    case 'unchanged': return `${head} unchanged   ${out}/${r.path} (nothing to do)`;
    case 'failed': return `${head} FAILED      ${r.errors ?? 0} error(s), nothing published; report: ${out}/${r.report ?? ''}`;
    case 'refused': return `${head} REFUSED     ${r.message ?? ''}`;
  }
}

/** Registers `pipeline run`. */
export function registerPipeline(program: Command): void {
  const pipeline = program.command('pipeline').description('publication pipelines: one licence area\'s model exports → a checked, reproducible publication in out/');
  pipeline
    .command('run')
    .description('for each publication of each definition: check the cases, compute Development Project Difference Models, package the zips, write reports and manifest, publish atomically, update out/index.json and out/index.html')
    .argument('<definitions...>', 'pipeline definition files (pipelines/*.json)')
    .option('--out <dir>', 'output folder (default: the definition\'s "out", else ./out)')
    .option('--concurrency <n>', 'areas processed at once (default: the core count)', (v) => Number(v))
    .option('--json', 'print the results as JSON (progress then goes to stderr as JSON lines)')
    .addHelpText('after', `
Layout written:
  out/<area>/<year>-<period>/v<n>/   LTDS_<area>_<year>-<period>_<case>_v<n>.zip ..., reports/, manifest.json
  out/index.json, out/index.html     the catalog of every publication, and its page

Re-running with unchanged inputs does nothing (reported as "unchanged"); a published version is
never overwritten (a different result for it is refused: publish the correction as v<n+1>); errors
in an area's inputs publish nothing for that area and name the report.

Exit status: 0 every publication published or unchanged, 1 one failed or was refused (or a bad
definition), 2 an input could not be read.

Example:
  $ ltds pipeline run pipelines/demo.json --out out`)
    .action(async (files: string[], opts: { out?: string; json?: boolean; concurrency?: number }) => {
      if (opts.concurrency !== undefined && (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)) {
        throw new LtdsError('USAGE', `--concurrency must be a whole number of at least 1, got '${String(opts.concurrency)}'`, {});
      }
      const { loadDefinition, publicationSteps, runPipelines } = await import('../../pipeline/index.js');
      const definitions = files.map((f) => loadDefinition(f));
      const outs = new Set(definitions.map((d) => d.out ?? resolve('out')));
      const out = opts.out !== undefined ? resolve(opts.out) : [...outs][0]!;
      if (opts.out === undefined && outs.size > 1) throw new LtdsError('USAGE', `the definitions name different output folders (${[...outs].join(', ')}); give --out`, {});
      const progress = progressRenderer(opts.json === true);
      const results = await runPipelines(definitions, { out, steps: publicationSteps(), onEvent: progress.onEvent, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
      progress.done();
      const shown = opts.out ?? out;
      if (opts.json) process.stdout.write(JSON.stringify({ out: shown, results }, null, 2) + '\n');
      else {
        for (const r of results) process.stdout.write(summaryLine(r, shown) + '\n');
        const changed = results.filter((r) => r.status === 'published').length;
        if (changed === 0 && results.every((r) => r.status === 'unchanged')) process.stdout.write('nothing changed\n');
      }
      if (results.some((r) => r.status === 'failed' || r.status === 'refused')) process.exitCode = EXIT_FAILURE;
    });
  pipeline
    .command('schema')
    .description('print the JSON Schema of pipeline definitions (pipelines/pipeline.schema.json)')
    .action(async () => {
      const { definitionJsonSchema } = await import('../../pipeline/index.js');
      process.stdout.write(definitionJsonSchema());
    });
}
