// Writing the heatmap datasets: JSON (the shape GB DNOs publish), GeoJSON, and CSV and Parquet
// straight from DuckDB. Every file is written under a temporary name and renamed into place.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LtdsError } from '../errors/index.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import { HeatmapDb, sqlString, type ColumnSpec } from './duck.js';
import { HEATMAP_FIELDS } from './sql.js';
import type { HeatmapDataset, HeatmapRow } from './types.js';

import { HEATMAP_FORMATS, type HeatmapFormat } from './types.js';

export { HEATMAP_FORMATS, type HeatmapFormat };

/** A file written, as the publication manifest lists it (path relative to the publication folder). */
export interface WrittenFile {
  path: string;
  size: number;
  sha256: string;
}

const STRING_FIELDS = new Set(['mRID', 'name', 'shortCode', 'type', 'GSP', 'BSP', 'demandConstraint', 'demandConstraintLimitingFactor', 'generationConstraint', 'generationConstraintLimitingFactor', 'faultLevelConstraint']);

/** DuckDB column types of the published fields. */
export function fieldColumns(): ColumnSpec[] {
  return HEATMAP_FIELDS.map((f) => ({
    name: f.name,
    kind: f.name === 'voltages' ? 'DOUBLE[]' : f.name === 'transformerCount' ? 'INTEGER' : STRING_FIELDS.has(f.name) ? 'VARCHAR' : 'DOUBLE',
  }));
}

function describe(path: string): WrittenFile {
  const bytes = readFileSync(path);
  return { path: `heatmap/${basename(path)}`, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The JSON document of one dataset: metadata fields, then `Substations`. */
export function datasetJson(ds: HeatmapDataset): string {
  return JSON.stringify({ ...ds.metadata, Substations: ds.rows }, null, 1) + '\n';
}

/** The GeoJSON FeatureCollection of one dataset (points; substations without coordinates have a null geometry). */
export function datasetGeoJson(ds: HeatmapDataset): string {
  const features = ds.rows.map((r: HeatmapRow) => ({
    type: 'Feature',
    id: r.mRID,
    geometry: r.latitude === null || r.longitude === null ? null : { type: 'Point', coordinates: [r.longitude, r.latitude] },
    properties: r,
  }));
  return JSON.stringify({ type: 'FeatureCollection', metadata: ds.metadata, features }) + '\n';
}

function writeText(path: string, text: string): void {
  writeFileAtomic(path, text);
}

/**
 * Writes `<outDir>/heatmap/heatmap-<year>.<format>` for every dataset and format. Returns the files
 * written (paths relative to `outDir`, sizes, SHA-256) for a publication manifest.
 */
export async function writeHeatmap(outDir: string, datasets: readonly HeatmapDataset[], formats: readonly HeatmapFormat[] = HEATMAP_FORMATS): Promise<WrittenFile[]> {
  const dir = join(outDir, 'heatmap');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new LtdsError('OUTPUT_WRITE', `cannot create ${dir}: ${(err as Error).message}`, { path: dir }, {}, err);
  }
  const written: string[] = [];
  for (const ds of datasets) {
    if (formats.includes('json')) {
      const p = join(dir, `heatmap-${ds.year}.json`);
      writeText(p, datasetJson(ds));
      written.push(p);
    }
    if (formats.includes('geojson')) {
      const p = join(dir, `heatmap-${ds.year}.geojson`);
      writeText(p, datasetGeoJson(ds));
      written.push(p);
    }
  }
  if (formats.includes('csv') || formats.includes('parquet')) {
    written.push(...(await writeFromDuckDb(dir, datasets, formats)));
  }
  return written.map((p) => describe(p));
}

async function writeFromDuckDb(dir: string, datasets: readonly HeatmapDataset[], formats: readonly HeatmapFormat[]): Promise<string[]> {
  const cols = fieldColumns();
  const db = await HeatmapDb.open();
  const out: string[] = [];
  try {
    for (const ds of datasets) {
      await db.load('ds', cols, cols.map((c) => ds.rows.map((r) => (r as unknown as Record<string, unknown>)[c.name] ?? null)));
      const names = cols.map((c) => `"${c.name}"`);
      for (const format of ['csv', 'parquet'] as const) {
        if (!formats.includes(format)) continue;
        const path = join(dir, `heatmap-${ds.year}.${format}`);
        const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
        // CSV has no lists: voltages are written '132/33'.
        const select = format === 'csv'
          ? names.map((n) => (n === '"voltages"' ? `array_to_string(list_transform(voltages, v -> regexp_replace(CAST(v AS VARCHAR), '\\.0$', '')), '/') AS voltages` : n)).join(', ')
          : names.join(', ');
        const options = format === 'csv' ? "FORMAT csv, HEADER true" : 'FORMAT parquet, COMPRESSION zstd';
        try {
          await db.run(`COPY (SELECT ${select} FROM ds ORDER BY rowid) TO ${sqlString(tmp)} (${options})`);
          renameSync(tmp, path);
        } catch (err) {
          rmSync(tmp, { force: true });
          throw new LtdsError('OUTPUT_WRITE', `cannot write ${path}: ${(err as Error).message}`, { path }, {}, err);
        }
        out.push(path);
      }
    }
  } finally {
    db.close();
  }
  return out;
}
