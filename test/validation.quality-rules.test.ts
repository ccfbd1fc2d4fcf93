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
const EQ = join(BE, 'MicroGridTestConfiguration_BC_BE_EQ_V2.xml');
const EQBD = join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC', 'BD_v2', 'MicroGridTestConfiguration_EQ_BD.xml');

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

describe('set-scoped rules (qocdc-cgmes2415-set.ttl): conditions across objects and files', () => {
  const ours = (r: Awaited<ReturnType<typeof validateInputs>>, shape: string): [string, string | undefined, string | undefined, string][] =>
    r.findings.filter((f) => f.shape === `${RULES_NS}${shape}`).map((f) => [f.severity, f.subject, f.component, f.file.split('/').pop() as string]);

  it('RatioTapChanger.tculControlMode reactive under a TapChangerControl in voltage mode (2.4.15 EQ)', async () => {
    const shape = 'RatioTapChanger-controlModeConsistency';
    const tc = '955d9cd0-4a10-4031-b008-60c0dc340a07';
    const edit = (from: string, to: string): string =>
      variant(EQ, `tcul-${to}`, /(<cim:RatioTapChanger rdf:ID="_955d9cd0-4a10-4031-b008-60c0dc340a07">[\s\S]*?TransformerControlMode\.)volt"/, `$1${to}"`);
    expect(ours(await validateInputs([EQ, EQBD]), shape)).toEqual([]);
    const broken = await validateInputs([edit('volt', 'reactive'), EQBD]);
    expect(ours(broken, shape)).toEqual([['error', tc, 'sh:AndConstraintComponent', 'tcul-reactive.xml']]);
    expect(broken.findings.find((f) => f.shape === `${RULES_NS}${shape}`)?.rule).toBe('shacl-and');
    // Its TapChangerControl switched to reactivePower as well: consistent again.
    const both = variant(edit('volt', 'reactive'), 'tcul-and-mode', /(<cim:TapChangerControl rdf:ID="_ee42c6c2-39e7-43c2-9bdd-d397c5dc980b">[\s\S]*?RegulatingControlModeKind\.)voltage"/, '$1reactivePower"');
    expect(ours(await validateInputs([both, EQBD]), shape)).toEqual([]);
  });

  it('a ShuntCompensator with controlEnabled=true (SSH) and no RegulatingControl (EQ): needs both files', async () => {
    const shape = 'ShuntCompensator-controlEnabledNeedsRegulatingControl';
    const shunt = 'd771118f-36e9-4115-a128-cc3d9ce3e3da';
    const ssh = variant(SSH, 'shunt-enabled', /(<cim:LinearShuntCompensator rdf:about="#_d771118f-36e9-4115-a128-cc3d9ce3e3da">[\s\S]*?<cim:RegulatingCondEq.controlEnabled>)false</, '$1true<');
    const eq = variant(EQ, 'shunt-no-control', '<cim:RegulatingCondEq.RegulatingControl rdf:resource="#_4d50f86d-0d12-4ca3-9430-56bb05f9eee6"/>', '');
    expect(ours(await validateInputs([EQ, SSH, EQBD]), shape)).toEqual([]);
    // Each edit alone is a consistent model: enabled with its control, or no control and not enabled.
    expect(ours(await validateInputs([EQ, ssh, EQBD]), shape)).toEqual([]);
    expect(ours(await validateInputs([eq, SSH, EQBD]), shape)).toEqual([]);
    // Both: an error at the compensator's declaration, whichever order the files come in.
    for (const order of [[eq, ssh, EQBD], [ssh, EQBD, eq]]) {
      const r = await validateInputs(order);
      expect(ours(r, shape)).toEqual([['error', shunt, 'sh:OrConstraintComponent', 'shunt-no-control.xml']]);
    }
    // Without the EQ that declares it, the compensator is not judged on half its statements.
    expect(ours(await validateInputs([ssh]), shape)).toEqual([]);
  });

  it('the same rule for CGMES 3.0 (qocdc-cgmes3-set.ttl): the real BE shunt is enabled; its EQ without its RegulatingControl', async () => {
    const shape = 'ShuntCompensator-controlEnabledNeedsRegulatingControl-3';
    const c30 = join(DATA_DIR, 'cgmes30-microgrid');
    const eq30 = join(c30, '20210209T1930Z_1D_BE_EQ_9.xml');
    const bd30 = join(c30, '20171002T0930Z_ENTSO-E_EQ_BD_2.xml');
    expect(readFileSync(SSH30, 'utf8')).toMatch(/<cim:LinearShuntCompensator rdf:about="#_d771118f-36e9-4115-a128-cc3d9ce3e3da">\s*<cim:Equipment.inService>true<\/cim:Equipment.inService>\s*<cim:RegulatingCondEq.controlEnabled>true</);
    expect(ours(await validateInputs([eq30, SSH30, bd30]), shape)).toEqual([]);
    const eq = variant(eq30, 'shunt-no-control-30', '<cim:RegulatingCondEq.RegulatingControl rdf:resource="#_4d50f86d-0d12-4ca3-9430-56bb05f9eee6" />', '');
    expect(ours(await validateInputs([eq, SSH30, bd30]), shape)).toEqual([['error', 'd771118f-36e9-4115-a128-cc3d9ce3e3da', 'sh:OrConstraintComponent', 'shunt-no-control-30.xml']]);
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
  it.each([['qocdc-cgmes2415.ttl'], ['qocdc-header.ttl'], ['qocdc-cgmes2415-set.ttl'], ['qocdc-cgmes3-set.ttl']])('%s: every rule has a dcterms:source', (file) => {
    const text = readFileSync(join(PROFILES, file), 'utf8');
    const rule = file.endsWith('-set.ttl') ? /a\s+sh:NodeShape/ : /a\s+sh:PropertyShape/;
    const shapes = text.split(/\n(?=ltdsr:)/).filter((block) => rule.test(block));
    expect(shapes.length).toBeGreaterThan(0);
    for (const s of shapes) expect(s).toMatch(/dcterms:source\s+"ENTSO-E QoCDC [^"]+"/);
  });
});
