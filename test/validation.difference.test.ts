// Check 5: Difference Models must fit the base they claim to supersede, when that base is given
// (rule diff-base-mismatch), on the real CGMES 2.4.15 MicroGrid Type1 Difference Models.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateInputs } from '../src/validation/index.js';
import { DATA_DIR } from './helpers/real-data.js';

const MG = join(DATA_DIR, 'cgmes2415-microgrid');
const EQ_BASE = join(MG, 'BaseCase_BC', 'BE_v2', 'MicroGridTestConfiguration_BC_BE_EQ_V2.xml');
const TP_BASE = join(MG, 'BaseCase_BC', 'BE_v2', 'MicroGridTestConfiguration_BC_BE_TP_V2.xml');
const diffFile = (name: string): string => join(MG, 'Type1_T1', 'BE_Difference_v2', `MicroGridTestConfiguration_${name}.xml`);

const tmp = mkdtempSync(join(tmpdir(), 'ltds-diffcheck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Difference Models against the base they supersede', () => {
  it.each([
    ['T1_BE_EQ_DIFF1_V2', EQ_BASE],
    ['T1_BE_EQ_DIFF2_V2', EQ_BASE],
    ['T1_BE_EQ_DIFF3_V2', EQ_BASE],
    ['T1_BE_EQ_DIFF4_V2', EQ_BASE],
    ['T1_BE_EQ_DIFF5_V2', EQ_BASE],
    ['T1_BE_TP_DIFF1_V2', TP_BASE],
    ['T1_BE_TP_DIFF4_V2', TP_BASE],
  ])('%s applies cleanly to its base: no diff-base-mismatch', async (name, base) => {
    const report = await validateInputs([base, diffFile(name)]);
    expect(report.files[1]?.kind).toBe('DifferenceModel');
    expect(report.findings.filter((f) => f.rule === 'diff-base-mismatch')).toEqual([]);
  }, 60_000);

  it('a Difference Model claiming the wrong base gets one finding per statement that does not fit, naming object, property and line', async () => {
    // DIFF2 really supersedes the BE EQ; make it claim the BE TP model instead, and give that one.
    const tpId = 'f2f43818-09c8-4252-9611-7af80c398d20';
    const text = readFileSync(diffFile('T1_BE_EQ_DIFF2_V2'), 'utf8');
    expect(text).toContain('urn:uuid:d400c631-75a0-4c30-8aed-832b0d282e73');
    const wrong = join(tmp, 'DIFF2_claims_TP.xml');
    writeFileSync(wrong, text.replace('urn:uuid:d400c631-75a0-4c30-8aed-832b0d282e73', `urn:uuid:${tpId}`));
    const report = await validateInputs([TP_BASE, wrong]);
    const found = report.findings.filter((f) => f.rule === 'diff-base-mismatch');
    expect(found).toHaveLength(4);
    for (const f of found) {
      expect(f.severity).toBe('error');
      expect(f.file).toBe(wrong);
      expect(f.line).toBeGreaterThan(10);
      expect(f.message).toContain(tpId);
    }
    const phases = found.find((f) => f.property === 'cim:Terminal.phases');
    expect(phases).toMatchObject({ subject: 'ab7ece75-d726-48c8-a924-b0a9325e6d51', className: 'cim:Terminal', value: 'http://iec.ch/TC57/2013/CIM-schema-cim16#PhaseCode.ABC' });
    expect(phases?.message).toContain('reverse difference');
    // The same Difference Model with its real base given fits it.
    const ok = await validateInputs([EQ_BASE, diffFile('T1_BE_EQ_DIFF2_V2')]);
    expect(ok.findings.filter((f) => f.rule === 'diff-base-mismatch')).toEqual([]);
  }, 60_000);

  it('without the base given, nothing is claimed', async () => {
    const report = await validateInputs([diffFile('T1_BE_EQ_DIFF1_V2')]);
    expect(report.findings.filter((f) => f.rule === 'diff-base-mismatch')).toEqual([]);
  }, 60_000);
});
