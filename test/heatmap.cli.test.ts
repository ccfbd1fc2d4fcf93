// `ltds heatmap` as a user runs it: help, outputs, --year/--format/--thresholds, --json, failures.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLtds } from './helpers/cli.js';
import { HEATMAP_FIXTURE } from './helpers/heatmap.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ltds-heatmap-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ltds heatmap', () => {
  it('has --help naming the options and the output layout', async () => {
    const r = await runLtds(['heatmap', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--format', '--year', '--thresholds', '-o, --output', '--json', 'heatmap-<year>']) expect(r.stdout).toContain(s);
  });

  it('writes the chosen year and formats and reports them as JSON', async () => {
    const out = join(dir, 'one');
    const r = await runLtds(['heatmap', HEATMAP_FIXTURE, '-o', out, '--year', 'existing', '--format', 'json,csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { substations: number; years: string[]; files: { path: string }[]; timings: { computeMs: number } };
    expect(report.substations).toBe(6);
    expect(report.years).toEqual(['existing']);
    expect(report.files.map((f) => f.path).sort()).toEqual(['heatmap/heatmap-existing.csv', 'heatmap/heatmap-existing.json', 'heatmap/index.html']);
    expect(readdirSync(join(out, 'heatmap')).sort()).toEqual(['heatmap-existing.csv', 'heatmap-existing.json', 'index.html']);
    expect(report.timings.computeMs).toBeGreaterThan(0);
  });

  it('applies a thresholds file', async () => {
    const th = join(dir, 'th.json');
    writeFileSync(th, JSON.stringify({ demandAmberShare: 0.5 }));
    const out = join(dir, 'th');
    const r = await runLtds(['heatmap', HEATMAP_FIXTURE, '-o', out, '--year', 'existing', '--format', 'json', '--thresholds', th]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(join(out, 'heatmap/heatmap-existing.json'), 'utf8')) as { Substations: { name: string; demandConstraint: string }[]; thresholds: { demandAmberShare: number } };
    expect(j.thresholds.demandAmberShare).toBe(0.5);
    expect(j.Substations.find((s) => s.name === 'Northfield')?.demandConstraint).toBe('AMBER');
  });

  it('refuses a bad thresholds file, a bad --year and a bad --format, writing nothing', async () => {
    const th = join(dir, 'bad.json');
    writeFileSync(th, JSON.stringify({ demandAmberShare: 2, colour: 'red' }));
    const out = join(dir, 'bad');
    const r = await runLtds(['heatmap', HEATMAP_FIXTURE, '-o', out, '--thresholds', th]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error HEATMAP_THRESHOLDS: .*demandAmberShare/);
    expect(existsSync(out)).toBe(false);
    expect((await runLtds(['heatmap', HEATMAP_FIXTURE, '--year', '7'])).stderr).toMatch(/--year must be existing, 1\.\.5 or all/);
    expect((await runLtds(['heatmap', HEATMAP_FIXTURE, '--format', 'xlsx'])).code).toBe(1);
  });

  it('fails with exit status 1 and one coded line on a dangling SCR reference, and writes nothing', async () => {
    const bad = join(dir, 'in');
    const { cpSync } = await import('node:fs');
    cpSync(HEATMAP_FIXTURE, bad, { recursive: true });
    const scr = join(bad, 'SCR.xml');
    writeFileSync(scr, readFileSync(scr, 'utf8').replace('#_cb-dunmore-11-f1"', '#_cb-gone"'));
    const out = join(dir, 'dangling');
    const r = await runLtds(['heatmap', bad, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/error HEATMAP_REFERENCE: SwitchgearRating refers to Switch cb-gone, which is not in the EQ \(.*SCR\.xml, line \d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on input that cannot be read', async () => {
    const r = await runLtds(['heatmap', join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INPUT_NOT_FOUND/);
  });
});
