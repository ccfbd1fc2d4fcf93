// The rule files of ours (profiles/ltds-rules/qocdc-*.ttl, SHACL loaded like any profile's shapes):
// each rule fires on its broken MicroGrid variant, made by a small edit of the real file, and is
// silent on every real conformity set; every rule cites its source.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateInputs } from '../src/validation/index.js';
import { DATA_DIR } from './helpers/real-data.js';

const RULES_NS = 'http://ltds-toolkit.invalid/ns/rules#';
const PROFILES = join(import.meta.dirname, '..', 'profiles', 'ltds-rules');
const BE = join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC', 'BE_v2');
const SSH = join(BE, 'MicroGridTestConfiguration_BC_BE_SSH_V2.xml');
const SV = join(BE, 'MicroGridTestConfiguration_BC_BE_SV_V2.xml');
const SSH30 = join(DATA_DIR, 'cgmes30-microgrid', '20210209T1930Z_1D_BE_SSH_9.xml');

const tmp = mkdtempSync(join(tmpdir(), 'ltds-quality-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function variant(from: string, name: string, find: string | RegExp, replace: string): string {
  const original = readFileSync(from, 'utf8');
  const text = original.replace(find, replace);
  expect(text).not.toBe(original);
  const path = join(tmp, `${name}.xml`);
  writeFileSync(path, text);
  return path;
}

describe('each rule fires on its broken variant', () => {
  it.each([
    ['negative RegulatingControl.targetDeadband (2.4.15 SSH)', SSH, '<cim:RegulatingControl.targetDeadband>0.500000<', '<cim:RegulatingControl.targetDeadband>-0.5<', `${RULES_NS}RegulatingControl.targetDeadband-valueRange`],
    ['SvVoltage.v = 0 (2.4.15 SV)', SV, '<cim:SvVoltage.v>412.989001<', '<cim:SvVoltage.v>0<', `${RULES_NS}SvVoltage.v-valueRange`],
    ['Model.modelingAuthoritySet not a URI (2.4.15 SSH)', SSH, '<md:Model.modelingAuthoritySet>http://elia.be/CGMES/2.4.15<', '<md:Model.modelingAuthoritySet>MAS1<', `${RULES_NS}Model.modelingAuthoritySet-uri`],
    ['Model.version not an integer (2.4.15 SV)', SV, /<md:Model.version>\d+</, '<md:Model.version>v2<', `${RULES_NS}Model.version-integer`],
    ['Model.modelingAuthoritySet not a URI (3.0 SSH)', SSH30, '<md:Model.modelingAuthoritySet>http://elia.be/CGMES<', '<md:Model.modelingAuthoritySet>MAS1<', `${RULES_NS}Model.modelingAuthoritySet-uri`],
    // In CGMES 3.0 the same deadband rule is ENTSO-E's own (C:301), already registered.
    ['negative RegulatingControl.targetDeadband (3.0 SSH)', SSH30, '<cim:RegulatingControl.targetDeadband>0.5<', '<cim:RegulatingControl.targetDeadband>-0.5<', 'RegulatingControl.targetDeadband-valueRange'],
  ])('%s', async (name, file, find, replace, shape) => {
    const original = await validateInputs([file]);
    const broken = await validateInputs([variant(file, name.replace(/\W+/g, '-'), find, replace)]);
    const before = new Set(original.findings.map((f) => `${f.shape ?? ''}|${f.subject ?? ''}`));
    const added = broken.findings.filter((f) => !before.has(`${f.shape ?? ''}|${f.subject ?? ''}`));
    expect(added.map((f) => [f.severity, f.shape?.endsWith(shape)])).toEqual([['error', true]]);
  });
});

describe('the rules are silent on the real conformity sets', () => {
  it.each([
    [[BE, join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC', 'BD_v2')]],
    [[join(DATA_DIR, 'cgmes2415-microgrid', 'Type1_T1', 'BE_Complete_v2'), join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC', 'BD_v2')]],
    [[join(DATA_DIR, 'cgmes2415-microgrid', 'Type1_T1', 'BE_Difference_v2')]],
    [[join(DATA_DIR, 'cgmes30-microgrid')]],
  ])('%s', async (inputs) => {
    const r = await validateInputs(inputs);
    expect(r.findings.filter((f) => f.shape?.startsWith(RULES_NS) && !f.shape.includes('IdentifiedObject-valueType') && !f.shape.includes('RegulatingControl-RegulatingEquipment'))).toEqual([]);
  });
});

describe('the rule files cite their sources', () => {
  it.each([['qocdc-cgmes2415.ttl'], ['qocdc-header.ttl']])('%s: every property shape has a dcterms:source', (file) => {
    const text = readFileSync(join(PROFILES, file), 'utf8');
    const shapes = text.split(/\n(?=ltdsr:)/).filter((block) => block.includes('a                sh:PropertyShape'));
    expect(shapes.length).toBeGreaterThan(0);
    for (const s of shapes) expect(s).toMatch(/dcterms:source\s+"ENTSO-E QoCDC [^"]+"/);
  });
});
