// The main job end to end, as `npm start` runs it: the DEMO pipeline with every step (case checks,
// Difference Models, packaging, profile validation, heatmap), then what a consumer checks on the
// published output: every zip validates with no error, the reports are there and in the manifest,
// the heatmap follows the README's formulas, and a re-run changes nothing.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateInputs } from '../src/validation/index.js';
import { runLtds } from './helpers/cli.js';
import { expectHeatmapFollowsFormulas } from './helpers/heatmap.js';

let out: string;
let first: { code: number; stdout: string; stderr: string };

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const zipsOf = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.zip')).sort().map((f) => join(dir, f));

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'ltds-publication-'));
  first = await runLtds(['start', '--no-serve', '--out', out]);
}, 180_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('ltds start --no-serve: the DEMO publication with every step', () => {
  test('both publications are published', () => {
    // Not a terminal: progress goes to stderr as JSON lines, and nothing else does.
    for (const line of first.stderr.split('\n').filter((l) => l !== '')) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/DEMO 2026-01 v1: published/);
    expect(first.stdout).toMatch(/DEMO 2026-02 v1: published/);
  });

  test.each([['2026-01', 3], ['2026-02', 11]])('every zip of %s passes ltds validate with no error', async (cycle, count) => {
    const zips = zipsOf(join(out, 'DEMO', cycle, 'v1'));
    expect(zips).toHaveLength(count);
    for (const zip of zips) {
      const report = await validateInputs([zip]);
      expect(report.files.length, zip).toBeGreaterThanOrEqual(2);
      expect(report.findings.filter((f) => f.severity === 'error'), zip).toEqual([]);
    }
    // The command line agrees on one of them (each zip is a case on its own: the same EQ is in several).
    const cli = await runLtds(['validate', zips[0]!]);
    expect(cli.stdout).toMatch(/ 0 errors/);
    expect(cli.code).toBe(0);
  }, 120_000);

  test('validation reports are published and listed in the manifest with their SHA-256', () => {
    const dir = join(out, 'DEMO', '2026-02', 'v1');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    for (const f of ['reports/validation.txt', 'reports/validation.json', 'reports/validation.sarif', 'heatmap/index.html', 'heatmap/heatmap-existing.parquet']) {
      const entry = manifest.files.find((m) => m.path === f);
      expect(entry, f).toBeDefined();
      expect(entry?.sha256).toBe(sha(join(dir, f)));
    }
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8')) as { counts: { error: number }; files: { file: string }[] };
    expect(report.counts.error).toBe(0);
    // 11 zips: FaultLevel 3 + SystemCapacity 6 × 2 + NETS 2 × 7 + projects 2 × 3 files.
    expect(report.files).toHaveLength(3 + 12 + 14 + 6);
    expect(report.files.every((f) => /^LTDS_DEMO_2026-02_.*_v1\.zip:[A-Z]+\.xml$/.test(f.file))).toBe(true);
  });

  test('the DEMO heatmap follows the README formulas for every substation and year', async () => {
    const result = await expectHeatmapFollowsFormulas(['samples/DEMO/network']);
    expect(result.datasets.map((d) => String(d.year))).toEqual(['existing', '1', '2', '3', '4', '5']);
    expect(result.datasets[0]?.rows.length).toBeGreaterThanOrEqual(15);
    const published = JSON.parse(readFileSync(join(out, 'DEMO', '2026-02', 'v1', 'heatmap', 'heatmap-existing.json'), 'utf8')) as { Substations: { mRID: string }[] };
    expect(published.Substations.map((s) => s.mRID).sort()).toEqual((result.datasets[0]?.rows ?? []).map((r) => r.mRID).sort());
  }, 120_000);

  test('a second run publishes nothing new and leaves every byte as it was', async () => {
    const before = new Map(zipsOf(join(out, 'DEMO', '2026-02', 'v1')).map((z) => [z, sha(z)]));
    const manifest = sha(join(out, 'DEMO', '2026-02', 'v1', 'manifest.json'));
    const again = await runLtds(['start', '--no-serve', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/: published/);
    for (const [z, h] of before) expect(sha(z)).toBe(h);
    expect(sha(join(out, 'DEMO', '2026-02', 'v1', 'manifest.json'))).toBe(manifest);
  }, 120_000);
});
