// Writes a publication folder exactly as docs/contracts.md §4 lays it out — deterministic case
// zips, manifest.json with real sizes and SHA-256s, index.json and index.html — from CIM files on
// disk. Used by the server tests (test/helpers/publication.ts) and the serving benchmark.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import archiver from 'archiver';
import { readCimFile } from '../src/cim-xml/sources.js';
import type { ModelHeader } from '../src/cim-xml/model.js';
import type { Manifest } from '../src/pipeline/manifest.js';

/** One file of a case: its name in the zip (`EQ.xml`) and the CIM file it is copied from. */
export interface FixtureFile {
  name: string;
  source: string;
}

export interface FixtureCase {
  case: string;
  kind: 'Full' | 'Difference';
  projectId?: string;
  files: FixtureFile[];
  /** Store entries uncompressed (for a zip as big as its files). */
  store?: boolean;
}

export interface FixturePublication {
  area: string;
  year: number;
  period: '01' | '02';
  version: number;
  stage: 2 | 3;
  created: string;
  cases: FixtureCase[];
  /** Other published files (heatmap datasets, pages, reports) by relative path. */
  extra?: Record<string, string | Buffer>;
}

/** manifest.json as contracts.md §4 defines it (the pipeline's own type). */
export type FixtureManifest = Manifest;

const ZIP_DATE = new Date('2026-01-01T00:00:00Z');

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

/** The header of a CIM file. */
async function headerOf(path: string): Promise<ModelHeader | undefined> {
  let header: ModelHeader | undefined;
  await readCimFile(path, {
    header: (h) => {
      header ??= h;
    },
  });
  return header;
}

async function writeZip(path: string, files: FixtureFile[], store: boolean): Promise<void> {
  const archive = archiver('zip', { zlib: { level: 6 }, store });
  const out = createWriteStream(path);
  const done = pipeline(archive, out);
  for (const f of files) archive.append(createReadStream(f.source), { name: f.name, date: ZIP_DATE, mode: 0o644 });
  await archive.finalize();
  await done;
}

/** Writes `<outDir>/<area>/<year>-<period>/v<n>/` with its zips, extra files and manifest.json. */
export async function writePublication(outDir: string, spec: FixturePublication): Promise<FixtureManifest> {
  const rel = `${spec.area}/${spec.year}-${spec.period}/v${spec.version}`;
  const dir = join(outDir, rel);
  mkdirSync(dir, { recursive: true });
  const manifest: FixtureManifest = { area: spec.area, year: spec.year, period: spec.period, version: spec.version, stage: spec.stage, created: spec.created, cases: [], files: [] };
  for (const c of spec.cases) {
    const zip = `LTDS_${spec.area}_${spec.year}-${spec.period}_${c.case}_v${spec.version}.zip`;
    await writeZip(join(dir, zip), c.files, c.store ?? false);
    const files = [];
    for (const f of c.files) {
      const header = await headerOf(f.source);
      files.push({ name: f.name, profile: f.name.replace(/\.xml$/, ''), profiles: header?.profiles ?? [], modelId: header ? `urn:uuid:${header.id}` : null, size: statSync(f.source).size, sha256: await sha256File(f.source) });
    }
    manifest.cases.push({ case: c.case, kind: c.kind, zip, projectId: c.projectId ?? null, files });
    manifest.files.push({ path: zip, size: statSync(join(dir, zip)).size, sha256: await sha256File(join(dir, zip)), case: c.case });
  }
  for (const [path, content] of Object.entries(spec.extra ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
    manifest.files.push({ path, size: statSync(join(dir, path)).size, sha256: await sha256File(join(dir, path)), case: null });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Writes out/index.json (sorted by area, year, period, version) and a plain out/index.html. */
export function writeCatalog(outDir: string, manifests: FixtureManifest[]): void {
  const sorted = [...manifests].sort((a, b) => a.area.localeCompare(b.area) || a.year - b.year || a.period.localeCompare(b.period) || a.version - b.version);
  const publications = sorted.map((m) => {
    const path = `${m.area}/${m.year}-${m.period}/v${m.version}`;
    return { area: m.area, year: m.year, period: m.period, version: m.version, stage: m.stage, path, manifestSha256: createHash('sha256').update(readFileSync(join(outDir, path, 'manifest.json'))).digest('hex'), cases: m.cases.map((c) => c.case) };
  });
  writeFileSync(join(outDir, 'index.json'), JSON.stringify({ publications }, null, 2) + '\n');
  const rows = publications.map((p) => `<li><a href="${p.path}/">${p.area} ${p.year}-${p.period} v${p.version}</a> (Stage ${p.stage}): ${p.cases.join(', ')}</li>`).join('\n');
  writeFileSync(join(outDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LTDS publications</title></head><body><h1>LTDS publications</h1><ul>\n${rows}\n</ul></body></html>\n`);
}
