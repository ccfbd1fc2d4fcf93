// JSON, GeoJSON, CSV and Parquet carry the same rows; Parquet and CSV are read back with DuckDB.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeHeatmap, HeatmapDb, HEATMAP_FIELDS, writeHeatmap, writeHeatmapPage, type HeatmapResult, type WrittenFile } from '../src/heatmap/index.js';
import { HEATMAP_FIXTURE } from './helpers/heatmap.js';

let dir: string;
let result: HeatmapResult;
let files: WrittenFile[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ltds-heatmap-formats-'));
  result = await computeHeatmap({ inputs: [HEATMAP_FIXTURE] });
  files = await writeHeatmap(dir, result.datasets);
  files.push(writeHeatmapPage(dir, result.datasets));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, unknown>;
const FIELDS = HEATMAP_FIELDS.map((f) => f.name);
/** One canonical form for comparing rows across formats (numbers as numbers, lists as 'a/b'). */
function canon(r: Row): Row {
  return Object.fromEntries(
    FIELDS.map((k) => {
      const v = r[k];
      if (Array.isArray(v)) return [k, v.map(Number).join('/')];
      if (k === 'voltages') return [k, String(v)];
      if (typeof v === 'bigint') return [k, Number(v)];
      return [k, v === undefined ? null : v];
    }),
  );
}

describe('heatmap formats', () => {
  it('writes heatmap-<year>.{json,geojson,csv,parquet} and index.html under heatmap/, with manifest entries', () => {
    const names = readdirSync(join(dir, 'heatmap')).sort();
    const expected = ['index.html'];
    for (const y of ['1', '2', 'existing']) for (const f of ['csv', 'geojson', 'json', 'parquet']) expected.push(`heatmap-${y}.${f}`);
    expect(names).toEqual(expected.sort()); // nothing else: no temporary files left behind
    for (const f of files) {
      const bytes = readFileSync(join(dir, f.path));
      expect(f.size).toBe(bytes.length);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('JSON has the DNO dataset shape: metadata, then Substations[] with every field', () => {
    const j = JSON.parse(readFileSync(join(dir, 'heatmap/heatmap-existing.json'), 'utf8')) as Row & { Substations: Row[] };
    for (const k of ['title', 'description', 'publisher', 'creator', 'coverage', 'identifier', 'issued', 'valid', 'rights', 'format']) expect(j[k], k).toBeDefined();
    expect(Object.keys(j.Substations[0]!)).toEqual(FIELDS);
    expect(j.Substations.length).toBe(6);
  });

  it('JSON, GeoJSON, CSV and Parquet carry the same rows for every year', async () => {
    const db = await HeatmapDb.open();
    try {
      for (const ds of result.datasets) {
        const base = join(dir, 'heatmap', `heatmap-${ds.year}`);
        const json = (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { Substations: Row[] }).Substations.map(canon);
        const geo = JSON.parse(readFileSync(`${base}.geojson`, 'utf8')) as { type: string; features: { geometry: { type: string; coordinates: number[] } | null; properties: Row }[] };
        expect(geo.type).toBe('FeatureCollection');
        for (const f of geo.features) expect(f.geometry?.coordinates).toEqual([f.properties.longitude, f.properties.latitude]);
        const parquet = (await db.rows(`SELECT * FROM read_parquet('${base}.parquet')`)).map(canon);
        const csv = (await db.rows(`SELECT * FROM read_csv('${base}.csv', header = true, all_varchar = true)`)).map((r) =>
          canon(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : k === 'voltages' || typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v) || ['mRID', 'name', 'shortCode'].includes(k) ? v : Number(v)]))),
        );
        expect(json.length).toBe(ds.rows.length);
        expect(geo.features.map((f) => canon(f.properties))).toEqual(json);
        expect(parquet).toEqual(json);
        expect(csv).toEqual(json);
        expect(json).toEqual(ds.rows.map((r) => canon(r as unknown as Row)));
      }
    } finally {
      db.close();
    }
  });

  it('the Parquet schema has typed columns (DOUBLE, VARCHAR, DOUBLE[])', async () => {
    const db = await HeatmapDb.open();
    try {
      const schema = await db.rows(`DESCRIBE SELECT * FROM read_parquet('${join(dir, 'heatmap/heatmap-existing.parquet')}')`);
      const type = (n: string): unknown => schema.find((s) => s.column_name === n)?.column_type;
      expect(type('demandAvailableCapacity')).toBe('DOUBLE');
      expect(type('voltages')).toBe('DOUBLE[]');
      expect(type('demandConstraint')).toBe('VARCHAR');
    } finally {
      db.close();
    }
  });

  it('a failed write leaves no temporary file behind', async () => {
    // heatmap-existing.parquet is a folder that is not empty: the rename into place must fail.
    const d = mkdtempSync(join(tmpdir(), 'ltds-heatmap-fail-'));
    try {
      mkdirSync(join(d, 'heatmap', 'heatmap-existing.parquet'), { recursive: true });
      writeFileSync(join(d, 'heatmap', 'heatmap-existing.parquet', 'keep'), 'x');
      await expect(writeHeatmap(d, result.datasets.slice(0, 1), ['parquet'])).rejects.toMatchObject({ code: 'OUTPUT_WRITE' });
      expect(readdirSync(join(d, 'heatmap'))).toEqual(['heatmap-existing.parquet']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
