// The one finding model: README's rule tables and the one rule list (src/findings/rules.ts) stay in
// sync, and every producer — validation, the case checks, Difference Model application, the reader —
// reports records of that model with a rule id from the list.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describeCaseFile, checkCase, resolveCaseToken } from '../src/cases/index.js';
import { modelCollector, parseCimXml, readCimBuffer } from '../src/cim-xml/sources.js';
import { applyDifference } from '../src/diff/index.js';
import { CASE_RULES, DIFF_RULES, READER_RULES, RULES, VALIDATION_RULES, type Finding } from '../src/findings/index.js';
import { RULES as VALIDATION_RULES_EXPORT } from '../src/validation/index.js';
import { DATA_DIR, realFile } from './helpers/real-data.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const between = (from: string, to: string): string => readme.slice(readme.indexOf(from), readme.indexOf(to, readme.indexOf(from)));
const ids = (text: string): string[] => [...text.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!);
const tables = (section: string): string[][] => section.split(/\n\n(?=\| rule \|)/).slice(1).map((t) => ids(t.split('\n\n')[0]!));

test("README's rule tables list exactly the ids of the one rule list, each once", () => {
  const validation = ids(between('#### Rule ids', '#### Profiles and official LTDS files'));
  expect([...validation].sort()).toEqual(Object.keys(VALIDATION_RULES).sort());
  const [cases, diff, reader] = tables(between('## Finding rules', '## Error codes'));
  expect(cases).toEqual(Object.keys(CASE_RULES));
  expect(diff).toEqual(Object.keys(DIFF_RULES));
  expect(reader).toEqual(Object.keys(READER_RULES));
  const all = [...validation, ...cases!, ...diff!, ...reader!];
  expect(new Set(all).size).toBe(all.length);
  expect(all.sort()).toEqual(Object.keys(RULES).sort());
  // Validation's own list (SARIF's tool rules) is that group of the one list, not a copy.
  expect(VALIDATION_RULES_EXPORT).toBe(VALIDATION_RULES);
});

/** The fields of the finding model, and nothing that contradicts it. */
function expectFinding(f: Finding): void {
  expect(['error', 'warning', 'info']).toContain(f.severity);
  expect(Object.keys(RULES)).toContain(f.rule);
  expect(typeof f.message).toBe('string');
}

test('case checks, Difference Model mismatches and reader warnings are findings of the one model', async () => {
  // Case checks on real files: an SSH file named SC.xml in a FaultLevel case.
  const m30 = (f: string) => join(DATA_DIR, 'cgmes30-microgrid', f);
  const files = [await describeCaseFile(m30('20210209T1930Z_1D_BE_EQ_9.xml'), 'EQ.xml'), await describeCaseFile(m30('20210209T1930Z_1D_BE_SSH_9.xml'), 'SC.xml')];
  const caseFindings = checkCase(resolveCaseToken('FaultLevel'), files, { area: 'BE', token: 'FaultLevel' });
  expect(caseFindings.map((f) => f.rule)).toContain('case-profile-name');
  expect(caseFindings.map((f) => f.rule)).toContain('case-file-missing');
  for (const f of caseFindings) expectFinding(f);

  // A real Difference Model applied to the wrong base.
  const { mismatches } = applyDifference(parseCimXml(readFileSync(realFile('BC_BE_TP_V2'))), parseCimXml(readFileSync(realFile('T1_BE_EQ_DIFF2_V2'))));
  expect(mismatches[0]).toMatchObject({ severity: 'error', rule: 'diff-wrong-base', kind: 'wrong-base' });
  const reverse = mismatches.filter((m) => m.rule === 'diff-reverse-not-in-base');
  expect(reverse).toHaveLength(4);
  for (const m of mismatches) {
    expectFinding(m);
    expect(m.subject).toBe(m.id);
    expect(m.params).toEqual({ id: m.id, predicate: m.predicate, value: m.value });
  }

  // The reader's warning about a real file whose profile IRIs run together.
  const c = modelCollector();
  readCimBuffer(readFileSync(realFile('T1_BE_EQ_DIFF2_V2')), c.handler);
  expect(c.warnings).toHaveLength(1);
  const w = c.warnings[0]!;
  expectFinding(w);
  expect(w).toMatchObject({ severity: 'warning', rule: 'reader-profile-joined', code: 'CIM_PROFILE_JOINED' });
  expect(`${w.params?.first}${w.params?.second}`).toBe(w.params?.value);
});
