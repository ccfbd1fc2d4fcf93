// `ltds diff`, `ltds apply`, `ltds invert` as a user runs them, and the streaming diff against
// the in-memory one.

import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import archiver from 'archiver';
import { describe, expect, test } from 'vitest';
import { expandInputs } from '../src/cim-xml/inputs.js';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import { diffCimInputs, diffModels } from '../src/diff/index.js';
import { modelStatements, statementToNt } from '../src/cim-xml/statements.js';
import { runLtds } from './helpers/cli.js';
import { realFile } from './helpers/real-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-diff-'));

function objectStatements(path: string): string[] {
  const m = parseCimXml(readFileSync(path));
  return [...new Set([...modelStatements({ objects: m.objects, namespaces: m.namespaces }, 'http://x/m')].map((s) => statementToNt(s, true)))].sort();
}

describe('the streaming diff gives exactly the in-memory diff', () => {
  test.each([
    ['BC_BE_EQ_V2', 'T1_BE_EQ_V2'],
    ['BC_BE_SSH_V2', 'T1_BE_SSH_V2.xml'],
    ['BC_BE_TP_V2', 'T1_BE_TP_V2'],
    ['T1_BE_EQ_V2', 'BC_BE_EQ_V2'],
    ['T1_BE_EQ_DIFF1_V2', 'T1_BE_EQ_DIFF3_V2'],
  ])('%s → %s', async (a, b) => {
    const base = (await expandInputs([realFile(a)]))[0]!;
    const next = (await expandInputs([realFile(b)]))[0]!;
    for (const exact of [false, true]) {
      const streamed = await diffCimInputs(base, next, { exact, created: '2026-01-01T00:00:00Z' });
      const inMemory = diffModels(parseCimXml(readFileSync(base.path)), parseCimXml(readFileSync(next.path)), { exact, created: '2026-01-01T00:00:00Z' });
      expect(writeCimModelToString(streamed.diff)).toBe(writeCimModelToString(inMemory));
    }
  });
});

describe('ltds diff / apply / invert', () => {
  const base = realFile('BC_BE_EQ_V2');
  const next = realFile('T1_BE_EQ_V2');

  test('diff → apply gives the new model; invert → apply gives the base back', async () => {
    const d = join(tmp, 'EQ_DIFF.xml');
    const r = await runLtds(['diff', base, next, '-o', d, '--created', '2026-01-01T00:00:00Z']);
    expect(r.code).toBe(0);
    const dm = parseCimXml(readFileSync(d));
    expect(dm.header?.kind).toBe('DifferenceModel');
    expect(dm.header?.supersedes).toEqual(['d400c631-75a0-4c30-8aed-832b0d282e73']);
    expect(dm.header?.created).toBe('2026-01-01T00:00:00Z');
    // Re-running gives the same bytes (the id is derived from the two models).
    await runLtds(['diff', base, next, '-o', join(tmp, 'again.xml'), '--created', '2026-01-01T00:00:00Z']);
    expect(readFileSync(join(tmp, 'again.xml'))).toEqual(readFileSync(d));
    const applied = join(tmp, 'applied.xml');
    expect((await runLtds(['apply', base, d, '-o', applied])).code).toBe(0);
    // Exact diff for statement equality (the default treats re-spelled numbers as equal).
    const exactDiff = join(tmp, 'EQ_DIFF_exact.xml');
    await runLtds(['diff', base, next, '-o', exactDiff, '--exact']);
    const appliedExact = join(tmp, 'applied-exact.xml');
    expect((await runLtds(['apply', base, exactDiff, '-o', appliedExact])).code).toBe(0);
    expect(objectStatements(appliedExact)).toEqual(objectStatements(next));
    const inverse = join(tmp, 'EQ_UNDO.xml');
    expect((await runLtds(['invert', exactDiff, '-o', inverse])).code).toBe(0);
    const back = join(tmp, 'back.xml');
    expect((await runLtds(['apply', appliedExact, inverse, '-o', back])).code).toBe(0);
    expect(objectStatements(back)).toEqual(objectStatements(base));
  });

  test('--summary and --json describe the change', async () => {
    const text = await runLtds(['diff', base, next, '--summary']);
    expect(text.stdout).toMatch(/objects added: 69/);
    expect(text.stdout).toMatch(/cim:PetersenCoil\s+1/);
    expect(text.stdout).toMatch(/TransformerEnd\.rground: 0e\+000 → 100\.000000/);
    const json = await runLtds(['diff', base, next, '--json']);
    const r = JSON.parse(json.stdout) as { summary: { removed: Record<string, number>; changes: unknown[]; moreChanges: number } };
    expect(r.summary.removed['cim:SynchronousMachine']).toBe(1);
    expect(r.summary.changes).toHaveLength(20);
    expect(r.summary.moreChanges).toBeGreaterThan(0);
  });

  test('apply against the wrong base exits 1, lists every mismatch and writes nothing', async () => {
    const out = join(tmp, 'wrong.xml');
    const r = await runLtds(['apply', realFile('BC_BE_TP_V2'), realFile('T1_BE_EQ_DIFF2_V2'), '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/error reverse-not-in-base/g)).toHaveLength(4);
    expect(r.stderr).toMatch(/error wrong-base/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('wrong'))).toEqual([]);
    const forced = await runLtds(['apply', realFile('BC_BE_TP_V2'), realFile('T1_BE_EQ_DIFF2_V2'), '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  test('a folder or zip on each side: one Difference Model per profile file', async () => {
    const a = join(tmp, 'case-a');
    const b = join(tmp, 'case-b');
    mkdirSync(a);
    mkdirSync(b);
    copyFileSync(realFile('BC_BE_EQ_V2'), join(a, 'EQ.xml'));
    copyFileSync(realFile('BC_BE_TP_V2'), join(a, 'TP.xml'));
    const zip = join(tmp, 'case-b.zip');
    const out = createWriteStream(zip);
    const z = archiver('zip');
    z.pipe(out);
    z.append(readFileSync(realFile('T1_BE_TP_V2')), { name: 'TP.xml' });
    z.append(readFileSync(realFile('T1_BE_EQ_V2')), { name: 'EQ.xml' });
    await z.finalize();
    await new Promise<void>((r) => out.on('close', () => r()));
    const r = await runLtds(['diff', a, zip, '-o', b, '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(b).sort()).toEqual(['EQ_DIFF.xml', 'TP_DIFF.xml']);
    const tp = parseCimXml(readFileSync(join(b, 'TP_DIFF.xml')));
    expect(tp.header?.supersedes).toEqual(['f2f43818-09c8-4252-9611-7af80c398d20']);
  });

  test('apply refuses a Full Model given as the difference', async () => {
    const r = await runLtds(['apply', base, next]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/USAGE: .* is not a Difference Model/);
  });
});
