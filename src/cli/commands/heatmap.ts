// `ltds heatmap`: capacity heatmaps from EQ + SYSCAP (+ SCR, GL), computed in DuckDB.

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { HEATMAP_FORMATS, yearOffset, type HeatmapFormat } from '../../heatmap/types.js';
import { createProgress, type Progress } from '../progress.js';

function parseFormats(v: string): HeatmapFormat[] {
  const list = v.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  for (const f of list) {
    if (!(HEATMAP_FORMATS as readonly string[]).includes(f)) throw new InvalidArgumentError(`--format must be a comma-separated list of ${HEATMAP_FORMATS.join(', ')}, got '${f}'`);
  }
  if (list.length === 0) throw new InvalidArgumentError('--format needs at least one format');
  return list as HeatmapFormat[];
}

function parseYear(v: string): number[] | 'all' {
  if (v === 'all') return 'all';
  const years = v.split(',').map((s) => yearOffset(s.trim()));
  if (years.some((y) => y === undefined)) throw new InvalidArgumentError(`--year must be existing, 1..5 or all (or a comma-separated list), got '${v}'`);
  return years as number[];
}

/** Registers `heatmap`. */
export function registerHeatmap(program: Command): void {
  program
    .command('heatmap')
    .description('compute the capacity heatmap (demand/generation headroom, fault level headroom, RAG, limiting factor) per substation and year, and write the datasets and the heatmap page')
    .argument('<inputs...>', 'EQ, SYSCAP, SCR and GL files, folders or zips')
    .option('-o, --output <dir>', 'publication folder; files go to <dir>/heatmap/', '.')
    .option('--format <list>', 'comma-separated: json,geojson,csv,parquet', parseFormats, [...HEATMAP_FORMATS])
    .option('--year <year>', 'existing, 1..5, a list, or all (every year the SYSCAP files give)', parseYear, 'all' as const)
    .option('--thresholds <file>', 'JSON file overriding demandAmberShare, generationAmberShare, faultLevelAmberShare')
    .option('--area <code>', 'licence area code for titles and identifiers', 'DEMO')
    .option('--no-page', 'do not write heatmap/index.html')
    .option('--json', 'print the result (files, timings, warnings) as JSON')
    .addHelpText(
      'after',
      `
Writes <dir>/heatmap/heatmap-<year>.{json,geojson,csv,parquet} (year = existing | 1..5) and
<dir>/heatmap/index.html, each file atomically. Formulas, units and defaults: README "Capacity heatmaps".

Examples:
  $ ltds heatmap samples/DEMO -o out/DEMO/2026-02/v1
  $ ltds heatmap EQ.xml GL.xml SCR.xml SYSCAP_*.xml --year existing --format json,csv -o /tmp/hm
  $ ltds heatmap case.zip --thresholds thresholds.json --json`,
    )
    .action(async (inputs: string[], opts: { output: string; format: HeatmapFormat[]; year: number[] | 'all'; thresholds?: string; area: string; page: boolean; json?: boolean }) => {
      const { computeHeatmap, readThresholdsFile, writeHeatmap, writeHeatmapPage } = await import('../../heatmap/index.js');
      const thresholds = opts.thresholds === undefined ? undefined : readThresholdsFile(opts.thresholds);
      let progress: Progress | undefined;
      const result = await computeHeatmap({
        inputs,
        years: opts.year,
        ...(thresholds === undefined ? {} : { thresholds }),
        metadata: { area: opts.area },
        onProgress: (done, total) => (progress ??= createProgress('reading', total, 'bytes')).update(done),
      });
      progress?.done();
      const w0 = performance.now();
      const files = await writeHeatmap(opts.output, result.datasets, opts.format);
      if (opts.page) files.push(writeHeatmapPage(opts.output, result.datasets, { formats: opts.format }));
      const t = { ...result.timings, writeMs: performance.now() - w0 };
      if (opts.json) {
        process.stdout.write(JSON.stringify({ substations: result.substations, years: result.datasets.map((d) => d.year), files, timings: t, warnings: result.warnings }, null, 2) + '\n');
        return;
      }
      for (const w of result.warnings.slice(0, 10)) process.stderr.write(`warning: ${w}\n`);
      if (result.warnings.length > 10) process.stderr.write(`warning: ... and ${result.warnings.length - 10} more (--json lists them all)\n`);
      const out = process.stdout;
      out.write(`${result.substations} substations, years ${result.datasets.map((d) => d.year).join(', ')}\n`);
      for (const d of result.datasets) {
        const count = (k: 'demandConstraint' | 'generationConstraint', v: string): number => d.rows.filter((r) => r[k] === v).length;
        out.write(`  ${d.year.padEnd(8)} demand ${count('demandConstraint', 'GREEN')}G/${count('demandConstraint', 'AMBER')}A/${count('demandConstraint', 'RED')}R  generation ${count('generationConstraint', 'GREEN')}G/${count('generationConstraint', 'AMBER')}A/${count('generationConstraint', 'RED')}R\n`);
      }
      for (const f of files) out.write(`  wrote ${f.path} (${f.size} bytes)\n`);
      out.write(`read ${(t.bytes / 1e6).toFixed(1)} MB of CIM in ${t.readMs.toFixed(0)} ms; topology ${t.resolveMs.toFixed(0)} ms; DuckDB load ${t.loadMs.toFixed(0)} ms, compute ${t.computeMs.toFixed(0)} ms, extract ${t.extractMs.toFixed(0)} ms; writing ${t.writeMs.toFixed(0)} ms\n`);
    });
}
