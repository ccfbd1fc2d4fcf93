// Cases: the catalog, the naming convention, packaging (checks and deterministic zips), inspect of a
// case zip, and safe unpacking of hostile archives. Inputs are the committed DEMO sample.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CASE_CATALOG, casesOfStage, formatCaseName, packageCase, parseCaseName, profileOfName, mainProfile, type CaseName,
} from '../src/cases/index.js';
import { listZipEntries } from '../src/cim-xml/zip.js';
import { caught, caughtAsync } from './helpers/errors.js';
import { runLtds } from './helpers/cli.js';
import { writeRawZip } from './helpers/raw-zip.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'samples', 'DEMO');
const NET = join(DEMO, 'network');
const tmp = mkdtempSync(join(tmpdir(), 'ltds-cases-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('the case catalog', () => {
  test('holds the spec table: Stage 2 is three Full cases, Stage 3 adds years 2-5, the NETS cases and projects', () => {
    expect(casesOfStage(2).map((c) => c.family)).toEqual(['FaultLevel', 'SystemCapacity_Existing', 'SystemCapacity_Year1']);
    expect(casesOfStage(3).map((c) => c.family)).toEqual([
      'FaultLevel', 'SystemCapacity_Existing', 'SystemCapacity_Year1', 'SystemCapacity_Year2', 'SystemCapacity_Year3',
      'SystemCapacity_Year4', 'SystemCapacity_Year5', 'GBMaximum', 'GBMinimum', 'Project',
    ]);
    const files = Object.fromEntries(CASE_CATALOG.map((c) => [c.family, c.files.join(' ')]));
    expect(files.FaultLevel).toBe('EQ SC SCR');
    expect(files.SystemCapacity_Year3).toBe('EQ SYSCAP');
    expect(files.GBMaximum).toBe('EQ SC GL DL SSH TP SV');
    expect(files.Project).toBe('EQ SC GL');
    expect(CASE_CATALOG.filter((c) => c.kind === 'Difference').map((c) => c.family)).toEqual(['Project']);
  });

  test('profiles come from header IRIs (EQ wins over SC and Operation), names claim one profile', () => {
    expect(mainProfile(['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0', 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0'])).toBe('EQ');
    expect(mainProfile(['http://entsoe.eu/CIM/EquipmentCore/3/1', 'http://entsoe.eu/CIM/EquipmentOperation/3/1'])).toBe('EQ');
    expect(mainProfile(['http://ltds-toolkit.invalid/ns/CIM/provisional/SystemCapacity/0.1'])).toBe('SYSCAP');
    expect(mainProfile(['http://ofgem.gov.uk/ns/CIM/LTDS/ShortCircuitResults/1.0'])).toBe('SCR');
    expect(mainProfile(['http://example.org/unknown'])).toBeUndefined();
    expect(profileOfName('SYSCAP_Year1.xml')).toBe('SYSCAP');
    expect(profileOfName('DEMO_EQ.xml')).toBe('EQ');
    expect(profileOfName('network.xml')).toBeUndefined();
  });
});

describe('the naming convention', () => {
  const tokens = ['FaultLevel', 'SystemCapacity_Existing', 'SystemCapacity_Year1', 'SystemCapacity_Year5', 'GBMaximum_20260121T1730Z', 'GBMinimum_20260705T1330Z', 'DEMO-P1', 'A'.repeat(24)];
  test.each(tokens)('%s formats and parses back to every field', (token) => {
    const n: CaseName = { area: 'EPN', year: 2026, period: '02', case: token, version: 3 };
    const name = formatCaseName(n);
    expect(name).toBe(`LTDS_EPN_2026-02_${token}_v3.zip`);
    const back = parseCaseName(`/some/folder/${name}`);
    expect({ area: back.area, year: back.year, period: back.period, case: back.case, version: back.version }).toEqual(n);
  });

  test('parsing resolves the case against the catalog', () => {
    const gb = parseCaseName('LTDS_DEMO_2026-02_GBMaximum_20260121T1730Z_v1.zip');
    expect(gb.definition.family).toBe('GBMaximum');
    expect(gb.dateTime).toBe('20260121T1730Z');
    const p = parseCaseName('LTDS_DEMO_2026-02_DEMO-P1_v2.zip');
    expect(p.definition.kind).toBe('Difference');
    expect(p.projectId).toBe('DEMO-P1');
  });

  test.each([
    ['LTDX_DEMO_2026-01_FaultLevel_v1.zip', 'prefix'],
    ['LTDS_DEMO_2026-01_FaultLevel_v1.zap', 'extension'],
    ['LTDS_DE-MO_2026-01_FaultLevel_v1.zip', 'area'],
    ['LTDS_DEMO_26-01_FaultLevel_v1.zip', 'year-period'],
    ['LTDS_DEMO_2026-03_FaultLevel_v1.zip', 'period'],
    ['LTDS_DEMO_2026-01_FaultLevel_v0.zip', 'version'],
    ['LTDS_DEMO_2026-01_FaultLevel_vA.zip', 'version'],
    ['LTDS_DEMO_2026-01_FaultLevel.zip', 'version'],
    ['LTDS_DEMO_2026-01_GBMaximum_20261321T1730Z_v1.zip', 'case'],
    ['LTDS_DEMO_2026-01_GBMinimum_v1.zip', 'case'],
    ['LTDS_DEMO_2026-01_SystemCapacity_Year6_v1.zip', 'case'],
    ['LTDS_DEMO_2026-01_faultlevel_v1.zip', 'case'],
    ['LTDS_DEMO_2026-01_ABCDEFGHIJKLMNOPQRSTUVWXY_v1.zip', 'case'],
  ])('%s is refused naming its %s', (name, part) => {
    const err = caught(() => parseCaseName(name));
    expect(err.code).toBe('CASE_NAME');
    expect(err.params.part).toBe(part);
    expect(err.message).toContain(`bad ${part} `);
    expect(err.message).toMatch(/expected /);
  });

  test('formatting refuses bad fields too', () => {
    expect(caught(() => formatCaseName({ area: 'EPN', year: 2026, period: '03' as '01', case: 'FaultLevel', version: 1 })).params.part).toBe('period');
    expect(caught(() => formatCaseName({ area: 'EPN', year: 2026, period: '01', case: 'Project', version: 1 })).message).toMatch(/reserved word 'Project'/);
    expect(caught(() => formatCaseName({ area: 'EPN', year: 2026, period: '01', case: 'a_b', version: 1 })).params.part).toBe('case');
  });
});

describe('packaging', () => {
  const faultLevel = [join(NET, 'EQ.xml'), join(NET, 'SC.xml'), join(NET, 'SCR.xml')];
  const common = { case: 'FaultLevel', area: 'DEMO', year: 2026, period: '01' as const, version: 1 };

  test('writes exactly the case files, in catalog order, named <PROFILE>.xml, with the scenario time as timestamp', async () => {
    const out = join(tmp, 'pkg1');
    const r = await packageCase({ ...common, files: [faultLevel[2]!, faultLevel[0]!, faultLevel[1]!].map((path) => ({ path })), outDir: out });
    expect(r.zip).toBe('LTDS_DEMO_2026-01_FaultLevel_v1.zip');
    expect((await listZipEntries(r.path)).map((e) => e.name)).toEqual(['EQ.xml', 'SC.xml', 'SCR.xml']);
    expect(r.sha256).toBe(sha(r.path));
    expect(r.files.map((f) => f.sha256)).toEqual(faultLevel.map(sha));
    // The DOS date of every entry is the case's scenarioTime (2026-04-01 00:00).
    const bytes = readFileSync(r.path);
    const dosDate = ((2026 - 1980) << 9) | (4 << 5) | 1;
    expect(bytes.readUInt16LE(12)).toBe(dosDate);
    expect(readdirSync(out)).toEqual([r.zip]);
  });

  test('is deterministic: the same inputs give the same bytes, whatever the time zone or the run', async () => {
    const a = await runLtds(['package', '--case', 'FaultLevel', '--area', 'DEMO', '--year', '2026', '--period', '01', ...faultLevel, '-o', join(tmp, 'det-a')], { env: { TZ: 'UTC' } });
    const b = await runLtds(['package', '--case', 'FaultLevel', '--area', 'DEMO', '--year', '2026', '--period', '01', ...faultLevel, '-o', join(tmp, 'det-b'), '--json'], { env: { TZ: 'Pacific/Auckland' } });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const name = 'LTDS_DEMO_2026-01_FaultLevel_v1.zip';
    expect(sha(join(tmp, 'det-a', name))).toBe(sha(join(tmp, 'det-b', name)));
    expect(JSON.parse(b.stdout).sha256).toBe(sha(join(tmp, 'det-b', name)));
  });

  test('a missing or extra file is refused, listing every problem, and no zip is written', async () => {
    const out = join(tmp, 'pkg-bad');
    const missing = await caughtAsync(() => packageCase({ ...common, files: faultLevel.slice(0, 2).map((path) => ({ path })), outDir: out }));
    expect(missing.code).toBe('CASE_CHECK');
    expect(missing.message).toMatch(/SCR\.xml is missing: the Existing Fault Level case holds exactly EQ\.xml, SC\.xml, SCR\.xml/);
    const extra = await caughtAsync(() => packageCase({ ...common, files: [...faultLevel, join(NET, 'GL.xml')].map((path) => ({ path })), outDir: out }));
    expect(extra.message).toMatch(/GL\.xml is not part of the Existing Fault Level case/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  test('the declared profile must match the name; headers must agree on scenarioTime; DependentOn must resolve in the case', async () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(NET, 'SC.xml'), join(dir, 'SCR.xml')); // an SC file posing as SCR
    const wrongProfile = await caughtAsync(() => packageCase({ ...common, files: [faultLevel[0]!, faultLevel[1]!, join(dir, 'SCR.xml')].map((path) => ({ path })), outDir: join(tmp, 'x') }));
    expect(wrongProfile.message).toMatch(/SCR\.xml is named as SCR but its header declares the SC profile/);
    // SC of the winter-peak case: another scenarioTime, and it depends on that case's EQ model.
    const other = await caughtAsync(() => packageCase({ ...common, files: [faultLevel[0]!, join(DEMO, 'gb-maximum', 'SC.xml'), faultLevel[2]!].map((path) => ({ path })), outDir: join(tmp, 'x') }));
    expect(other.message).toMatch(/the files disagree on scenarioTime: .*SC\.xml: 2026-01-21T17:30:00Z/);
    expect(other.message).toMatch(/SC\.xml depends on model [0-9a-f-]{36}, which is not in the case/);
    const authority = await caughtAsync(() => packageCase({ ...common, authority: 'http://dno.example/EPN', files: faultLevel.map((path) => ({ path })), outDir: join(tmp, 'x') }));
    expect(authority.message).toMatch(/modelingAuthoritySet http:\/\/ltds-toolkit\.example\/samples\/DEMO of EQ\.xml, SC\.xml, SCR\.xml is not http:\/\/dno\.example\/EPN/);
    const year = await caughtAsync(() => packageCase({ ...common, case: 'SystemCapacity_Year1', files: [join(NET, 'EQ.xml'), join(NET, 'SYSCAP_Year2.xml')].map((path) => ({ path })), outDir: join(tmp, 'x') }));
    expect(year.message).toMatch(/SubstationCapacity\.yearOffset 2; the SystemCapacity_Year1 case is year offset 1/);
  });

  test('ltds package exits 1 with the failures; a bad case token exits 1 naming the part', async () => {
    const r = await runLtds(['package', '--case', 'FaultLevel', '--area', 'DEMO', '--year', '2026', '--period', '01', faultLevel[0]!, faultLevel[1]!, '-o', join(tmp, 'cli-bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ltds: error CASE_CHECK: the FaultLevel case failed 1 check\(s\): SCR\.xml is missing/);
    const t = await runLtds(['package', '--case', 'GBMaximum_2026', '--area', 'DEMO', '--year', '2026', '--period', '01', ...faultLevel, '-o', join(tmp, 'cli-bad')]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/CASE_NAME: bad case 'GBMaximum_2026': expected GBMaximum_<YYYYMMDDTHHMMZ>/);
    expect(existsSync(join(tmp, 'cli-bad')) ? readdirSync(join(tmp, 'cli-bad')) : []).toEqual([]);
  });
});

describe('ltds inspect of a case zip', () => {
  test('shows the case and checks its name and files', async () => {
    const out = join(tmp, 'insp');
    const r = await packageCase({ case: 'SystemCapacity_Year1', area: 'DEMO', year: 2026, period: '01', version: 2, files: [join(NET, 'EQ.xml'), join(NET, 'SYSCAP_Year1.xml')].map((path) => ({ path })), outDir: out });
    const ok = await runLtds(['inspect', r.path]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('case                  SystemCapacity_Year1 (Future Year 1 System Capacity');
    expect(ok.stdout).toContain('files                 EQ.xml, SYSCAP.xml (exactly the case\'s files)');
    const json = await runLtds(['inspect', r.path, '--json']);
    const parsed = JSON.parse(json.stdout) as { case: { name: CaseName; problems: string[] } }[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]!.case.name).toEqual({ area: 'DEMO', year: 2026, period: '01', case: 'SystemCapacity_Year1', version: 2 });
    expect(parsed[0]!.case.problems).toEqual([]);

    const misnamed = join(out, 'LTDS_DEMO_2026-03_SystemCapacity_Year1_v2.zip');
    copyFileSync(r.path, misnamed);
    const bad = await runLtds(['inspect', misnamed]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/CASE_NAME: bad period '03' in 'LTDS_DEMO_2026-03_SystemCapacity_Year1_v2\.zip': expected '01' \(May\) or '02' \(November\)/);

    const wrongCase = join(out, 'LTDS_DEMO_2026-01_FaultLevel_v2.zip');
    copyFileSync(r.path, wrongCase);
    const wrong = await runLtds(['inspect', wrongCase]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/is not a valid FaultLevel case: SC\.xml is missing; SCR\.xml is missing; SYSCAP\.xml is not part of the case/);
  });
});

describe('ltds unpack, inspect and validate refuse hostile archives, writing nothing outside the target', () => {
  const hostile: [string, () => string, RegExp][] = [
    ['zip-slip name', () => zip('slip', [{ name: 'EQ.xml', data: '<a/>' }, { name: '../evil.xml', data: '<evil/>' }]), /evil\.xml|relative path|\.\./],
    ['nested zip-slip name', () => zip('slip2', [{ name: 'a/../../evil.xml', data: '<evil/>' }]), /\.\.|relative path|invalid/],
    ['absolute path', () => zip('abs', [{ name: '/tmp/evil.xml', data: '<evil/>' }]), /absolute path/],
    ['drive letter', () => zip('drive', [{ name: 'C:/evil.xml', data: '<evil/>' }]), /absolute path|invalid/],
    ['backslash', () => zip('bs', [{ name: '..\\evil.xml', data: '<evil/>' }]), /backslash|invalid/],
    ['symbolic link', () => zip('link', [{ name: 'EQ.xml', data: '/etc/passwd', mode: 0o120777 }]), /symbolic link/],
    ['duplicate names', () => zip('dup', [{ name: 'EQ.xml', data: '<a/>' }, { name: 'EQ.xml', data: '<b/>' }]), /appears twice/],
    ['names differing only in case', () => zip('case', [{ name: 'EQ.xml', data: '<a/>' }, { name: 'eq.xml', data: '<b/>' }]), /differ only in letter case/],
    ['high-ratio bomb', () => zip('bomb', [{ name: 'EQ.xml', data: Buffer.alloc(48 << 20), deflate: true }]), /compression ratio of \d+:1, over the limit/],
    ['corrupt zip', () => {
      const p = join(tmp, 'corrupt.zip');
      const good = writeRawZip(p, [{ name: 'EQ.xml', data: '<a/>' }]);
      writeFileSync(p, good.subarray(0, good.length - 30)); // central directory cut off
      return p;
    }, /corrupt|cannot read the zip|end of central directory/i],
  ];

  function zip(name: string, entries: Parameters<typeof writeRawZip>[1]): string {
    const p = join(tmp, `${name}.zip`);
    writeRawZip(p, entries);
    return p;
  }

  test.each(hostile)('%s', async (_label, make, message) => {
    const path = make();
    const area = join(tmp, `unpack-${_label.replace(/\W+/g, '-')}`);
    const target = join(area, 'deep', 'target');
    const r = await runLtds(['unpack', path, '-o', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ltds: error ZIP_READ: /);
    expect(r.stderr).toMatch(message);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(tmp, 'evil.xml')) || existsSync(join(area, 'evil.xml')) || existsSync('/tmp/evil.xml')).toBe(false);
    // Nothing at all was left in the area (no temporary folder either).
    expect(existsSync(area) ? readdirSync(join(area, 'deep')) : []).toEqual([]);
    // Reading in place is safe with names that differ only in case; everything else inspect refuses too.
    if (_label === 'names differing only in case') return;
    const i = await runLtds(['inspect', path]);
    expect(i.code).toBe(2);
    expect(i.stderr).toMatch(/ZIP_READ/);
    const v = await runLtds(['validate', path]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/ZIP_READ/);
    expect(v.stderr).toMatch(message);
  });

  test('a sound case zip unpacks completely into a new folder; a non-empty target is refused', async () => {
    const r = await packageCase({ case: 'FaultLevel', area: 'DEMO', year: 2026, period: '01', version: 1, files: ['EQ.xml', 'SC.xml', 'SCR.xml'].map((f) => ({ path: join(NET, f) })), outDir: join(tmp, 'sound') });
    const target = join(tmp, 'sound-out');
    const u = await runLtds(['unpack', r.path, '-o', target, '--json']);
    expect(u.code).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['EQ.xml', 'SC.xml', 'SCR.xml']);
    for (const f of ['EQ.xml', 'SC.xml', 'SCR.xml']) expect(sha(join(target, f))).toBe(sha(join(NET, f)));
    const again = await runLtds(['unpack', r.path, '-o', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/UNPACK_TARGET: the target folder .* is not empty/);
  });
});

describe('help', () => {
  test.each([['package'], ['unpack'], ['pipeline', 'run'], ['pipeline', 'schema'], ['samples', 'demo']])('ltds %s --help', async (...cmd) => {
    const r = await runLtds([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: ltds ${cmd.join(' ')} `));
  });
});
