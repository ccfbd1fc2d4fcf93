// The steps that other capabilities contribute to a publication: profile validation of every
// packaged zip (reports/validation.*) and the capacity heatmap (heatmap/*). `publicationSteps()` is
// the full list the CLI runs: cases → differences → case-report → package → validation → heatmap →
// reports-index.

import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
// The validator and the heatmap (DuckDB) are loaded when their step runs, not when the steps are
// listed: an unchanged re-run (a second `npm start`) never needs them.
import type { Thresholds } from '../heatmap/index.js';
import type { ValidationReport } from '../validation/index.js';
import { writeFileAtomic } from './fs-util.js';
import { reportsIndexStep } from './reports-page.js';
import { defaultSteps, insertStep, type PipelineStep, type StepContext } from './steps.js';

/** Published reports must be the same bytes on every run: no timings, paths relative to the version folder. */
function reproducible(report: ValidationReport, staging: string): ValidationReport {
  const prefix = staging.endsWith('/') ? staging : `${staging}/`;
  const rel = (file: string): string => (file.startsWith(prefix) ? file.slice(prefix.length) : file);
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, file: rel(f.file) })),
    files: report.files.map((f) => ({ ...f, file: rel(f.file), ms: 0 })),
  };
}

/** Joins the per-case reports into one; each skipped constraint is listed once. */
function merged(reports: readonly ValidationReport[]): ValidationReport {
  const skipped = new Map<string, ValidationReport['skipped'][number]>();
  for (const r of reports) for (const s of r.skipped) skipped.set(JSON.stringify(s), s);
  return {
    findings: reports.flatMap((r) => r.findings),
    files: reports.flatMap((r) => r.files),
    counts: {
      error: reports.reduce((a, r) => a + r.counts.error, 0),
      warning: reports.reduce((a, r) => a + r.counts.warning, 0),
      info: reports.reduce((a, r) => a + r.counts.info, 0),
    },
    skipped: [...skipped.values()],
  };
}

/** Case files (uncompressed bytes) from which a publication's zips are validated on every core. */
export const PARALLEL_VALIDATION_BYTES = 64 * 1024 * 1024;

/**
 * Validates every packaged case zip against the profiles its files declare (each zip on its own,
 * so references are checked across the files of that case, as a consumer downloading it would),
 * writes reports/validation.{txt,json,sarif}, and stops the publication on any error.
 */
export function validationStep(options: { profilesDir?: string } = {}): PipelineStep {
  return {
    name: 'validation',
    async run(ctx: StepContext) {
      const { formatJson, formatSarif, formatText, validateEach } = await import('../validation/index.js');
      const zips = ctx.cases.flatMap((c) => (c.zip === undefined ? [] : [c.zip]));
      let done = 0;
      ctx.progress({ step: 'validation', done, total: zips.length, unit: 'items' });
      // Each zip on its own; the reports come back in case order. A worker thread costs ~0.3 s to
      // start (modules, compiled profiles), so the zips go to one per core only when they hold
      // enough CIM to gain from it; a small publication is validated here, one zip after another.
      const bytes = ctx.cases.reduce((a, c) => a + c.files.reduce((b, f) => b + f.size, 0), 0);
      const each = await validateEach(
        zips.map((zip) => [join(ctx.staging, zip)]),
        options.profilesDir === undefined ? {} : { profilesDir: options.profilesDir },
        () => ctx.progress({ step: 'validation', done: ++done, total: zips.length, unit: 'items' }),
        bytes >= PARALLEL_VALIDATION_BYTES ? availableParallelism() : 1,
      );
      const report = merged(each.map((r) => reproducible(r, ctx.staging)));
      mkdirSync(join(ctx.staging, 'reports'), { recursive: true });
      writeFileAtomic(join(ctx.staging, 'reports', 'validation.txt'), formatText(report));
      writeFileAtomic(join(ctx.staging, 'reports', 'validation.json'), formatJson(report));
      writeFileAtomic(join(ctx.staging, 'reports', 'validation.sarif'), formatSarif(report));
      for (const f of ['validation.txt', 'validation.json', 'validation.sarif']) ctx.addFile(`reports/${f}`, null);
      if (report.counts.error > 0) ctx.reject('validation', report.counts.error, 'reports/validation.txt');
    },
  };
}

/** The heatmap inputs of a publication: one EQ, SCR and GL (the first of each), every distinct SYSCAP. */
function heatmapInputs(ctx: StepContext): string[] {
  const first = new Map<string, string>();
  const syscap = new Map<string, string>();
  for (const c of ctx.cases) {
    if (c.definition.kind !== 'Full') continue;
    for (const f of c.files) {
      if (f.profile === 'SYSCAP') syscap.set(f.sha256, f.path);
      else if ((f.profile === 'EQ' || f.profile === 'SCR' || f.profile === 'GL') && !first.has(f.profile)) first.set(f.profile, f.path);
    }
  }
  if (syscap.size === 0 || !first.has('EQ')) return [];
  return [...first.values(), ...syscap.values()];
}

/** Reads the `heatmap` settings of a definition: `years` (existing | 1..5) and `thresholds`. */
async function heatmapSettings(settings: Record<string, unknown>, file: string): Promise<{ years?: number[]; thresholds?: Partial<Thresholds> }> {
  const { parseThresholds, yearOffset } = await import('../heatmap/index.js');
  const out: { years?: number[]; thresholds?: Partial<Thresholds> } = {};
  if (Array.isArray(settings.years)) {
    out.years = settings.years.map((y) => {
      const k = yearOffset(String(y));
      if (k === undefined) throw new LtdsError('PIPELINE_DEFINITION', `heatmap.years: expected existing or 1..5, got ${JSON.stringify(y)}`, { field: 'heatmap.years' }, { file });
      return k;
    });
  }
  // Checked like a thresholds file (known keys, shares 0..1), not passed on as it is.
  if (settings.thresholds !== undefined) out.thresholds = parseThresholds(settings.thresholds, `${file} (heatmap.thresholds)`);
  return out;
}

/**
 * Computes the capacity heatmap from the publication's own case files (EQ, SYSCAP, SCR, GL) and
 * publishes heatmap/heatmap-<year>.{json,geojson,csv,parquet} and heatmap/index.html. Runs only
 * when the definition has `heatmap` settings and the publication carries SYSCAP files.
 */
export const heatmapStep: PipelineStep = {
  name: 'heatmap',
  async run(ctx: StepContext) {
    const job = ctx.job;
    if (job.heatmap === undefined) return;
    const inputs = heatmapInputs(ctx);
    if (inputs.length === 0) return;
    const settings = await heatmapSettings(job.heatmap, job.definitionFile);
    const { computeHeatmap, writeHeatmap, writeHeatmapPage } = await import('../heatmap/index.js');
    const result = await computeHeatmap({
      inputs,
      ...(settings.years ? { years: settings.years } : {}),
      ...(settings.thresholds ? { thresholds: settings.thresholds } : {}),
      metadata: { area: job.area, publicationYear: job.year, period: job.period, version: job.version },
      onProgress: (done, total) => ctx.progress({ step: 'heatmap', done, total, unit: 'bytes' }),
    });
    const files = await writeHeatmap(ctx.staging, result.datasets);
    // heatmap/index.html sits four levels below out/ (<area>/<cycle>/v<n>/heatmap/).
    files.push(writeHeatmapPage(ctx.staging, result.datasets, { indexLink: '../../../../' }));
    // Their size and SHA-256 were taken as they were written; the manifest need not read them again.
    for (const f of files) ctx.addFile(f.path, null, { size: f.size, sha256: f.sha256 });
  },
};

/** Every step of a publication before its manifest. */
export function publicationSteps(options: { profilesDir?: string } = {}): PipelineStep[] {
  return insertStep(insertStep(insertStep(defaultSteps(), 'package', validationStep(options)), 'validation', heatmapStep), 'heatmap', reportsIndexStep);
}
