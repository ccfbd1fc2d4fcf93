// Writes publication folders with the pipeline itself — its package step (deterministic zips),
// its manifest step and its catalog writer (index.json, index.html), renamed into place by its
// runner — from CIM files on disk chosen freely (a case's files are described, not checked, so a
// test can put any real file under any entry name). Used by the server tests
// (test/helpers/publication.ts) and the serving benchmark.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeCaseFile, formatCaseName, resolveCaseToken, writeDeterministicZip } from '../src/cases/index.js';
import { packageStep, runPipelines, type PipelineStep, type PublicationJob } from '../src/pipeline/index.js';
import { manifestSchema, publicationPath, type Manifest, type PublicationId } from '../src/publication/index.js';

/** One file of a case: its name in the zip (`EQ.xml`) and the CIM file it is copied from. */
export interface FixtureFile {
  name: string;
  source: string;
}

export interface FixtureCase {
  /** The case token; its kind (Full, or Difference for a Development Project) follows from it. */
  case: string;
  files: FixtureFile[];
  /** Store entries uncompressed (for a zip as big as its files). */
  store?: boolean;
}

export interface FixturePublication extends PublicationId {
  cases: FixtureCase[];
  /** Other published files (heatmap datasets, pages, reports) by relative path. */
  extra?: Record<string, string | Buffer>;
}

/** manifest.json as contracts.md §4 defines it. */
export type FixtureManifest = Manifest;

const key = (p: { area: string; year: number; period: string; version: number }): string => publicationPath(p);

/** The given cases as the pipeline's case step would prepare them, without the case checks. */
function casesStep(specs: ReadonlyMap<string, FixturePublication>): PipelineStep {
  return {
    name: 'fixture-cases',
    async run(ctx) {
      for (const c of specs.get(key(ctx.job))?.cases ?? []) {
        const resolved = resolveCaseToken(c.case);
        const files = [];
        for (const f of c.files) files.push(await describeCaseFile(f.source, f.name));
        ctx.cases.push({ token: c.case, definition: resolved.definition, files, projectId: resolved.projectId ?? null });
      }
    },
  };
}

/** The extra files, and the stored (uncompressed) zips of `store` cases, written with the pipeline's zip writer. */
function extrasStep(specs: ReadonlyMap<string, FixturePublication>): PipelineStep {
  return {
    name: 'fixture-extras',
    async run(ctx) {
      const spec = specs.get(key(ctx.job));
      for (const c of spec?.cases ?? []) {
        if (!c.store) continue;
        const zip = formatCaseName({ ...ctx.job, case: c.case });
        const prepared = ctx.cases.find((p) => p.token === c.case);
        const scenario = prepared?.files[0]?.header?.scenarioTime;
        const written = await writeDeterministicZip(join(ctx.staging, zip), c.files.map((f) => ({ name: f.name, path: f.source })), {
          level: 0,
          ...(scenario ? { date: new Date(scenario) } : {}),
        });
        ctx.addFile(zip, c.case, written);
      }
      for (const [path, content] of Object.entries(spec?.extra ?? {})) {
        mkdirSync(dirname(join(ctx.staging, path)), { recursive: true });
        writeFileSync(join(ctx.staging, path), content);
        ctx.addFile(path, null);
      }
    },
  };
}

/**
 * Publishes every spec under `outDir` through the pipeline's runner (package → manifest → atomic
 * rename → catalog) and returns their manifests, in the order given.
 */
export async function writePublications(outDir: string, specs: readonly FixturePublication[]): Promise<FixtureManifest[]> {
  const byKey = new Map(specs.map((s) => [key(s), s]));
  const base = dirname(outDir);
  const publications: PublicationJob[] = specs.map((s) => ({
    area: s.area, year: s.year, period: s.period, version: s.version, stage: s.stage,
    cases: [], projects: [], definitionFile: join(base, 'fixture.json'), baseDir: base,
  }));
  const results = await runPipelines(
    [...new Set(specs.map((s) => s.area))].map((area) => ({ file: join(base, 'fixture.json'), area, publications: publications.filter((p) => p.area === area) })),
    { out: outDir, steps: [casesStep(byKey), packageStep, extrasStep(byKey)], concurrency: 1 },
  );
  const failed = results.filter((r) => r.status !== 'published');
  if (failed.length > 0) throw new Error(`fixture publications not published: ${failed.map((r) => `${r.path} ${r.status} ${r.message ?? r.report ?? ''}`).join('; ')}`);
  return specs.map((s) => manifestSchema.parse(JSON.parse(readFileSync(join(outDir, publicationPath(s), 'manifest.json'), 'utf8'))));
}
