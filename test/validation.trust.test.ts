// Issue 15: validation a DNO can trust. Every real conformity set gives no error that is not a true
// defect (each remaining one listed with its reason); findings do not depend on the order of the
// inputs; one fixture per fault seen, made from the real files with small edits.

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatText, RULES, validateInputs, type Finding, type ValidationReport } from '../src/validation/index.js';
import { Prng } from '../src/samples/prng.js';
import { runLtds } from './helpers/cli.js';
import { DATA_DIR } from './helpers/real-data.js';

const C30 = join(DATA_DIR, 'cgmes30-microgrid');
const EQ30 = join(C30, '20210209T1930Z_1D_BE_EQ_9.xml');
const SSH30 = join(C30, '20210209T1930Z_1D_BE_SSH_9.xml');
const BD30 = join(C30, '20171002T0930Z_ENTSO-E_EQ_BD_2.xml');
const GL30 = join(C30, '20210209T1930Z_1D_BE_GL_9.xml');
const M2415 = join(DATA_DIR, 'cgmes2415-microgrid');
const BC = join(M2415, 'BaseCase_BC');
const BE = join(BC, 'BE_v2');
const BD2415 = join(BC, 'BD_v2');
const EQ2415 = join(BE, 'MicroGridTestConfiguration_BC_BE_EQ_V2.xml');
const SSH2415 = join(BE, 'MicroGridTestConfiguration_BC_BE_SSH_V2.xml');
const EQBD2415 = join(BD2415, 'MicroGridTestConfiguration_EQ_BD.xml');
const T1 = join(M2415, 'Type1_T1');

const tmp = mkdtempSync(join(tmpdir(), 'ltds-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of a real file with an edit; the edit must change it. */
function variant(from: string, name: string, edit: (text: string) => string): string {
  const original = readFileSync(from, 'utf8');
  const text = edit(original);
  expect(text, `${name}: the edit changed nothing`).not.toBe(original);
  const dir = join(tmp, name.replace(/\W+/g, '-'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, from.split('/').pop() as string);
  writeFileSync(path, text);
  return path;
}

function filesOf(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((n) => join(dir, n));
}

const errors = (r: ValidationReport): Finding[] => r.findings.filter((f) => f.severity === 'error');
const base = (file: string): string => file.split('/').pop() as string;

/** A finding as a comparable line (file by its base name: the same file whatever path named it). */
function key(f: Finding): string {
  return JSON.stringify({ ...f, file: base(f.file), message: f.message.split(tmp).join('') });
}

/** Each remaining error of a real set, with the reason it is a true defect of the file. */
interface Expected {
  file: string;
  rule: string;
  subject?: string;
  why: string;
}

const REAL_SETS: { name: string; inputs: string[]; errors: Expected[] }[] = [
  { name: 'CGMES 2.4.15 MicroGrid BaseCase BE with its boundary set', inputs: [BE, BD2415], errors: [] },
  { name: 'CGMES 2.4.15 MicroGrid Type1 T1 BE complete with the boundary set', inputs: [join(T1, 'BE_Complete_v2'), BD2415], errors: [] },
  {
    name: 'CGMES 2.4.15 MicroGrid Type1 T1 BE Difference Models with the BaseCase they supersede',
    inputs: [join(T1, 'BE_Difference_v2'), BC],
    // The 2.4.15 header shape fh:Model.scenarioTime-datatype (FileHeaderProfile.ttl) requires an
    // xsd:dateTime on a dm:DifferenceModel; these seven write an empty <md:Model.scenarioTime/>.
    errors: ['EQ_DIFF1', 'EQ_DIFF2', 'EQ_DIFF3', 'EQ_DIFF4', 'EQ_DIFF5', 'TP_DIFF1', 'TP_DIFF4'].map((d) => ({
      file: `MicroGridTestConfiguration_T1_BE_${d}_V2.xml`,
      rule: 'header-scenario-time',
      why: 'empty Model.scenarioTime: fh:Model.scenarioTime-datatype requires xsd:dateTime',
    })),
  },
  {
    name: 'CGMES 3.0 MicroGrid (BE, NL, assembled TP/SV/DL, boundary)',
    inputs: [C30],
    errors: [
      {
        file: '20210209T2323Z_1D_ASSEMBLED_TP_9.xml',
        rule: 'shacl-min-count',
        subject: '1098b1c9-dc85-40ce-b65c-39ae02a3afaa',
        // tpi:TopologicalNode.Terminal-cardinality (61970-600-2 Topology InverseAssociation shapes):
        // a TopologicalNode has at least one Terminal. 'Border_HVDC-AC' groups only the boundary
        // ConnectivityNode of the HVDC border point, to which no Terminal of BE or NL connects.
        why: 'TopologicalNode Border_HVDC-AC has no Terminal (tpi:TopologicalNode.Terminal-cardinality)',
      },
    ],
  },
];

describe('real conformity sets: no error that is not a true defect', () => {
  it.each(REAL_SETS)('$name', async ({ inputs, errors: expected }) => {
    const r = await validateInputs(inputs);
    const got = errors(r).map((f) => ({ file: base(f.file), rule: f.rule, ...(f.subject !== undefined && expected.some((e) => e.subject) ? { subject: f.subject } : {}) }));
    expect(got.sort((a, b) => a.file.localeCompare(b.file))).toEqual(expected.map(({ file, rule, subject }) => ({ file, rule, ...(subject !== undefined ? { subject } : {}) })).sort((a, b) => a.file.localeCompare(b.file)));
  }, 60_000);
});

describe("README's table of what each real conformity set gives, measured", () => {
  // The rows of README "Results a publication team can trust" in REAL_SETS order: files, errors, warnings.
  const README_ROWS = ['CGMES 2.4.15 MicroGrid BaseCase BE', 'CGMES 2.4.15 MicroGrid Type1 T1 BE complete', 'CGMES 2.4.15 MicroGrid Type1 T1 BE Difference Models', 'CGMES 3.0 MicroGrid'];
  it('each row holds the files, errors and warnings the validator gives now', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const measured: string[] = [];
    const written: string[] = [];
    for (const [i, set] of REAL_SETS.entries()) {
      const r = await validateInputs(set.inputs);
      const row = `${README_ROWS[i]!}: ${r.files.length} files, ${r.counts.error} errors, ${r.counts.warning} warnings`;
      measured.push(row);
      const line = readme.split('\n').find((l) => l.startsWith(`| ${README_ROWS[i]!}`));
      const cells = line?.split('|').map((c) => c.trim());
      written.push(`${README_ROWS[i]!}: ${cells?.[2]} files, ${cells?.[3]} errors, ${cells?.[4]} warnings`);
    }
    // Printed, so the table can be re-measured by running this test.
    process.stdout.write(`${measured.join('\n')}\n`);
    expect(written).toEqual(measured);
  }, 120_000);
});

describe('findings do not depend on the order of the inputs (item 1)', () => {
  const orders = (files: string[]): string[][] => {
    const rng = new Prng(15, 'permutations');
    const out = [files, [...files].reverse(), [...files.slice(3), ...files.slice(0, 3)]];
    for (let n = 0; n < 2; n++) {
      const p = [...files];
      for (let i = p.length - 1; i > 0; i--) {
        const j = Math.floor(rng.float() * (i + 1));
        [p[i], p[j]] = [p[j]!, p[i]!];
      }
      out.push(p);
    }
    return out;
  };
  // The real CGMES 3.0 BE SSH describes every PowerTransformer as `<cim:Equipment rdf:about=...>` (a
  // superclass) to give it Equipment.inService; read before the EQ, it used to type them as Equipment.
  const superclassSsh = (): string => {
    expect(readFileSync(SSH30, 'utf8')).toContain('<cim:Equipment rdf:about="#_b94318f6-6d24-4f56-96b9-df2531ad6543">');
    return SSH30;
  };

  it.each([
    ['CGMES 2.4.15 BaseCase BE + boundary', (): string[] => [...filesOf(BE), ...filesOf(BD2415)]],
    ['CGMES 3.0 MicroGrid', (): string[] => filesOf(C30)],
    ['an SSH describing an EQ PowerTransformer as cim:Equipment (superclass)', (): string[] => [superclassSsh(), EQ30, BD30]],
  ])('%s', async (_name, files) => {
    const list = files();
    let first: string[] | undefined;
    for (const order of orders(list)) {
      const r = await validateInputs(order);
      const keys = r.findings.map(key).sort();
      if (first === undefined) first = keys;
      else expect(keys).toEqual(first);
      expect(r.findings.filter((f) => f.rule === 'ref-class')).toEqual([]);
    }
  }, 120_000);

  it('the superclass-typed description is checked with the declared class (SSH read first: no ref-class)', async () => {
    const r = await validateInputs([superclassSsh(), EQ30, BD30]);
    expect(r.findings.filter((f) => f.subject === 'b94318f6-6d24-4f56-96b9-df2531ad6543' && f.severity === 'error')).toEqual([]);
  });
});

describe('a description of an object its declaring file lacks is an error naming both (item 2)', () => {
  it('a Terminal deleted from the 2.4.15 EQ, still described in SSH', async () => {
    const ssh = readFileSync(SSH2415, 'utf8');
    const id = /<cim:Terminal rdf:about="#_([^"]+)"/.exec(ssh)![1]!;
    const eq = variant(EQ2415, 'terminal deleted', (t) => t.replace(new RegExp(`<cim:Terminal rdf:ID="_${id}">[\\s\\S]*?</cim:Terminal>`), ''));
    const r = await validateInputs([SSH2415, eq, EQBD2415]);
    const found = r.findings.filter((f) => f.rule === 'desc-undeclared' && f.subject === id);
    expect(found.map((f) => [base(f.file), f.severity])).toEqual([['MicroGridTestConfiguration_BC_BE_SSH_V2.xml', 'error']]);
    expect(found[0]?.message).toContain('MicroGridTestConfiguration_BC_BE_EQ_V2.xml');
    // With the EQ it depends on not given, the description cannot be judged: no such error.
    const alone = await validateInputs([SSH2415]);
    expect(alone.findings.filter((f) => f.rule === 'desc-undeclared')).toEqual([]);
  });
});

describe('a file gets the shapes of exactly the profiles its header declares (item 3)', () => {
  it('2.4.15 Core+ShortCircuit EQ (bus-branch): no Operation Terminal.ConnectivityNode 1..1', async () => {
    const r = await validateInputs([EQ2415, EQBD2415]);
    expect(r.findings.filter((f) => f.shape?.includes('Terminal.ConnectivityNode'))).toEqual([]);
    expect(errors(r)).toEqual([]);
  });
  it('the same file declaring EquipmentOperation too gets them (node-breaker needs ConnectivityNodes)', async () => {
    const op = variant(EQ2415, 'declares Operation', (t) =>
      t.replace('<md:Model.profile>http://entsoe.eu/CIM/EquipmentCore/3/1</md:Model.profile>', '<md:Model.profile>http://entsoe.eu/CIM/EquipmentCore/3/1</md:Model.profile>\n    <md:Model.profile>http://entsoe.eu/CIM/EquipmentOperation/3/1</md:Model.profile>'),
    );
    const r = await validateInputs([op, EQBD2415]);
    expect(r.findings.filter((f) => f.shape?.endsWith('#Terminal.ConnectivityNode-cardinality')).length).toBeGreaterThan(0);
  });
});

describe('no shape applied wider than written (item 4)', () => {
  it('452 RegulatingControl-RegulatingEquipment is not applied to TapChangerControl', async () => {
    const r = await validateInputs([EQ30, BD30]);
    expect(r.findings.filter((f) => f.shape?.includes('RegulatingControl-RegulatingEquipment'))).toEqual([]);
  });
  it('a plain RegulatingControl left without equipment is still an error', async () => {
    const eq = variant(EQ30, 'regulating control orphaned', (t) => t.replace('<cim:RegulatingCondEq.RegulatingControl rdf:resource="#_4d50f86d-0d12-4ca3-9430-56bb05f9eee6" />', ''));
    const r = await validateInputs([eq, BD30]);
    const found = r.findings.filter((f) => f.shape?.endsWith('#RegulatingControl-RegulatingEquipment'));
    expect(found.map((f) => [f.rule, f.subject, f.component])).toEqual([['shacl-or', '4d50f86d-0d12-4ca3-9430-56bb05f9eee6', 'sh:OrConstraintComponent']]);
  });
});

describe('the DL amendment (profiles/ltds-rules/cgmes2415-DL-amendments.ttl): TopologicalNode allowed, nothing wider', () => {
  const DL = join(BE, 'MicroGridTestConfiguration_BC_BE_DL_V2.xml');
  const SHAPE = 'http://ltds-toolkit.invalid/ns/rules#DiagramObject.IdentifiedObject-valueType';
  const dlFindings = (r: ValidationReport): string[][] => r.findings.filter((f) => f.shape?.includes('DiagramObject.IdentifiedObject-valueType')).map((f) => [f.shape ?? '', f.component ?? '', f.value ?? '']);
  it('a DiagramObject drawing a TopologicalNode of the TP it depends on passes; one drawing an SvVoltage fails', async () => {
    const tp = readFileSync(join(BE, 'MicroGridTestConfiguration_BC_BE_TP_V2.xml'), 'utf8');
    const nodes = [...tp.matchAll(/<cim:TopologicalNode rdf:ID="_([^"]+)"/g)].map((m) => m[1]!);
    const dl = readFileSync(DL, 'utf8');
    const drawn = nodes.filter((id) => dl.includes(`<cim:DiagramObject.IdentifiedObject rdf:resource="#_${id}"/>`));
    expect(drawn.length).toBeGreaterThan(0);
    const others = filesOf(BE).filter((f) => f !== DL);
    expect(dlFindings(await validateInputs([...others, DL, BD2415]))).toEqual([]);
    const sv = readFileSync(join(BE, 'MicroGridTestConfiguration_BC_BE_SV_V2.xml'), 'utf8');
    const voltage = /<cim:SvVoltage rdf:ID="_([^"]+)"/.exec(sv)![1]!;
    const broken = variant(DL, 'DL draws an SvVoltage', (t) => t.replace(`<cim:DiagramObject.IdentifiedObject rdf:resource="#_${drawn[0]!}"/>`, `<cim:DiagramObject.IdentifiedObject rdf:resource="#_${voltage}"/>`));
    expect(dlFindings(await validateInputs([...others, broken, BD2415]))).toEqual([[SHAPE, 'sh:InConstraintComponent', 'http://iec.ch/TC57/2013/CIM-schema-cim16#SvVoltage']]);
  }, 60_000);
});

describe('profile IRIs: aliases, joined IRIs, unknown profiles (item 8)', () => {
  it('a Difference Model profile run together with its marker is understood', async () => {
    const r = await validateInputs([join(T1, 'BE_Difference_v2', 'MicroGridTestConfiguration_T1_BE_TP_DIFF1_V2.xml')]);
    expect(r.findings.filter((f) => f.rule === 'header-profile-unknown')).toEqual([]);
    expect(r.files[0]?.keywords).toEqual(['TP']);
  });
  it('the 61970-600 European draft IRI of the LTDS pilot is an alias of CGMES 3.0 GL', async () => {
    const gl = variant(GL30, 'draft GL IRI', (t) => t.replace('http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0', 'http://iec.ch/TC57/61970-600/GeographicalLocation-European/3/0'));
    const r = await validateInputs([gl, EQ30]);
    expect(r.files.find((f) => f.file === gl)?.keywords).toEqual(['GL']);
    expect(r.findings.filter((f) => f.rule === 'header-profile-unknown')).toEqual([]);
  });
  it('a truly unknown profile is a warning, and the classes are still checked against the vocabularies', async () => {
    const gl = variant(GL30, 'unknown profile', (t) =>
      t.replace('http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0', 'http://entsoe.eu/ns/CIM/NetworkCode-EU/1.0').replace('</md:FullModel>', '</md:FullModel>\n  <cim:NoSuchClass rdf:ID="_nosuch"/>'),
    );
    const r = await validateInputs([gl]);
    expect(r.findings.filter((f) => f.rule === 'header-profile-unknown').map((f) => f.severity)).toEqual(['warning']);
    expect(r.findings.filter((f) => f.rule === 'vocab-unknown-class').map((f) => f.subject)).toEqual(['nosuch']);
  });
});

describe('inputs are de-duplicated by real path (item 10)', () => {
  it('a folder and a file inside it: each file read once, no dup-id', async () => {
    const r = await validateInputs([C30, EQ30, join(C30, '..', 'cgmes30-microgrid', base(EQ30))]);
    expect(r.files.length).toBe(filesOf(C30).length);
    expect(r.findings.filter((f) => f.rule === 'dup-id')).toEqual([]);
  });
});

describe('a manifest is read as a catalogue; an unreadable file hides nothing (item 5)', () => {
  const MANIFEST = join(import.meta.dirname, 'fixtures', 'validation', 'manifest.xml');
  /** A folder with the manifest fixture and links to the real files it names (never copies). */
  function folder(name: string, manifestText = readFileSync(MANIFEST, 'utf8'), without: string[] = []): string {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.xml'), manifestText);
    for (const f of [EQ30, SSH30, GL30, BD30]) if (!without.includes(f)) symlinkSync(f, join(dir, base(f)));
    return dir;
  }

  it('a folder with its manifest validates fully; the manifest is listed with its datasets', async () => {
    const r = await validateInputs([folder('with-manifest')]);
    const m = r.files.find((f) => f.kind === 'Catalog');
    expect(m?.datasets?.map((d) => [d.id, d.keywords.join('+'), d.files.join()])).toEqual([
      ['9e7050a8-960b-4e1a-8e34-7f56bc2b2a7b', 'EQ', '20210209T1930Z_1D_BE_EQ_9.xml'],
      ['3a2a0416-c6a8-49a9-9f23-b8ec7cb29bae', 'SSH', '20210209T1930Z_1D_BE_SSH_9.xml'],
      ['9375a8a1-96a2-43c0-acb4-9b53fb436b36', 'GL', '20210209T1930Z_1D_BE_GL_9.xml'],
    ]);
    expect(r.files.filter((f) => f.kind !== 'Catalog').map((f) => f.keywords.join('+')).sort()).toEqual(['EQ+OP+SC', 'EQBD', 'GL', 'SSH']);
    expect(errors(r)).toEqual([]);
    expect(r.unreadable).toBe(0);
  });

  it('a file the manifest names is missing, or declares another model id', async () => {
    const missing = await validateInputs([folder('manifest-missing-file', undefined, [GL30])]);
    expect(missing.findings.filter((f) => f.rule === 'manifest-file-missing').map((f) => f.value)).toEqual(['20210209T1930Z_1D_BE_GL_9.xml']);
    const wrongId = readFileSync(MANIFEST, 'utf8').replace('<dcterms:identifier>3a2a0416-c6a8-49a9-9f23-b8ec7cb29bae</dcterms:identifier>', '<dcterms:identifier>3a2a0416-0000-0000-0000-000000000000</dcterms:identifier>');
    const r = await validateInputs([folder('manifest-wrong-id', wrongId)]);
    expect(r.findings.filter((f) => f.rule === 'manifest-id-mismatch').map((f) => f.value)).toEqual(['3a2a0416-c6a8-49a9-9f23-b8ec7cb29bae']);
  });

  it('a file that cannot be read is reported, the others are still checked, the CLI exits 2 after writing the whole report', async () => {
    const dir = folder('with-broken-file');
    writeFileSync(join(dir, 'broken.xml'), '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><oops');
    const r = await validateInputs([dir]);
    expect(r.unreadable).toBe(1);
    expect(r.findings.filter((f) => f.rule === 'input-unreadable').map((f) => base(f.file))).toEqual(['broken.xml']);
    expect(r.files.filter((f) => f.readError === undefined && f.kind !== 'Catalog').length).toBe(4);
    const cli = await runLtds(['validate', dir, '--format', 'json']);
    expect(cli.code).toBe(2);
    const report = JSON.parse(cli.stdout) as ValidationReport;
    expect(report.files.length).toBe(6);
    expect(report.findings.some((f) => f.rule === 'input-unreadable')).toBe(true);
  }, 60_000);

  it('convert skips and names the manifest of a folder, and converts its one model', async () => {
    const dir = join(tmp, 'convert-with-manifest');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.xml'), readFileSync(MANIFEST, 'utf8'));
    symlinkSync(GL30, join(dir, base(GL30)));
    const cli = await runLtds(['convert', dir, '--to', 'nt']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/skipped \S*manifest\.xml: a dataset manifest \(dcat:Catalog of 3 datasets\), not a CIM model/);
    const direct = await runLtds(['convert', GL30, '--to', 'nt']);
    expect(cli.stdout.split('\n').length).toBe(direct.stdout.split('\n').length);
    expect(cli.stdout.length).toBeGreaterThan(1000);
    // The manifest alone holds no model: a usage error that says what it is.
    const alone = await runLtds(['convert', MANIFEST, '--to', 'nt']);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toMatch(/holds 0 besides \S*manifest\.xml \(a dataset manifest, dcat:Catalog of 3 datasets\), which is not converted/);
  }, 30_000);

  it('inspect lists the manifest as a catalogue', async () => {
    const cli = await runLtds(['inspect', MANIFEST, '--json']);
    expect(cli.code).toBe(0);
    const [m] = JSON.parse(cli.stdout) as { kind: string; datasets: { id: string }[] }[];
    expect(m?.kind).toBe('Catalog');
    expect(m?.datasets.map((d) => d.id)).toEqual(['9e7050a8-960b-4e1a-8e34-7f56bc2b2a7b', '3a2a0416-c6a8-49a9-9f23-b8ec7cb29bae', '9375a8a1-96a2-43c0-acb4-9b53fb436b36']);
  }, 30_000);
});

describe('readable reports on real-world output (item 7)', () => {
  it('a file in the 2012 CIM namespace gets one finding, not one per object', async () => {
    const ssh = variant(SSH2415, 'cim16 2012 namespace', (t) => t.split('http://iec.ch/TC57/2013/CIM-schema-cim16#').join('http://iec.ch/TC57/2012/CIM-schema-cim16#'));
    const r = await validateInputs([ssh]);
    expect(r.findings.filter((f) => f.rule === 'vocab-unknown-class' || f.rule === 'vocab-unknown-property')).toEqual([]);
    const ns = r.findings.filter((f) => f.rule === 'vocab-namespace');
    expect(ns.map((f) => f.value)).toEqual(['http://iec.ch/TC57/2012/CIM-schema-cim16#']);
    expect(ns[0]?.message).toContain('http://iec.ch/TC57/2013/CIM-schema-cim16#');
  });

  it('text groups a rule (count + first 5), --rule / --exclude-rule / --max-findings filter, --summary counts', async () => {
    const r = await validateInputs([C30]);
    const text = formatText(r);
    expect(text).toContain('vocab-property-domain (110)');
    expect(text).toContain('… 105 more vocab-property-domain in this file');
    expect(text.split('\n').filter((l) => l.includes('warning cim:SvSwitch')).length).toBe(5);
    const only = await validateInputs([C30], { rules: ['header-*'] });
    expect(new Set(only.findings.map((f) => f.rule))).toEqual(new Set(['header-dependency-missing']));
    const except = await validateInputs([C30], { excludeRules: ['vocab-property-domain'] });
    expect(except.counts).toEqual({ error: 1, warning: 2, info: 0 });
    const capped = await validateInputs([C30], { maxFindings: 4 });
    expect([capped.findings.length, capped.truncated?.total, capped.counts.warning]).toEqual([4, 114, 113]);
    const cli = await runLtds(['validate', C30, '--summary', '--exclude-rule', 'vocab-property-domain']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('1 error   shacl-min-count');
    expect(cli.stdout.trim().split('\n').pop()).toBe('10 files checked: 1 error, 2 warnings, 0 info');
  }, 60_000);
});

describe('apply writes the header the Difference Model describes; diff refuses different profiles (item 9)', () => {
  it('ltds apply: the result declares the Difference Model profiles, authority, version and supersedes the base', async () => {
    const out = join(tmp, 'applied.xml');
    const diff1 = join(T1, 'BE_Difference_v2', 'MicroGridTestConfiguration_T1_BE_EQ_DIFF1_V2.xml');
    const cli = await runLtds(['apply', EQ2415, diff1, '-o', out]);
    expect(cli.code).toBe(0);
    const header = /<md:FullModel[\s\S]*?<\/md:FullModel>/.exec(readFileSync(out, 'utf8'))?.[0] ?? '';
    const all = (tag: string): string[] => [...header.matchAll(new RegExp(`<md:${tag}>([^<]*)<`, 'g'))].map((m) => m[1]!);
    // The base declares Core + ShortCircuit; DIFF1 (its first IRI run together with the DifferenceModel marker) adds Operation.
    expect(all('Model.profile')).toEqual(['http://entsoe.eu/CIM/EquipmentCore/3/1', 'http://entsoe.eu/CIM/EquipmentShortCircuit/3/1', 'http://entsoe.eu/CIM/EquipmentOperation/3/1']);
    expect(all('Model.modelingAuthoritySet')).toEqual(['http://elia.be/CGMES/2.4.15']);
    expect(all('Model.version')).toEqual(['2']);
    // DIFF1's scenarioTime is empty: the base's is kept.
    expect(all('Model.scenarioTime')).toEqual(['2014-06-01T10:30:00']);
    expect(header).toContain('rdf:about="urn:uuid:1fbbb385-f7cb-4229-bbd1-c8cb6156a616"');
    expect(header).toContain('<md:Model.Supersedes rdf:resource="urn:uuid:d400c631-75a0-4c30-8aed-832b0d282e73"/>');
    // DIFF2 (another authority, TenneT) supersedes the same base: the result is TenneT's.
    const out2 = join(tmp, 'applied2.xml');
    expect((await runLtds(['apply', EQ2415, join(T1, 'BE_Difference_v2', 'MicroGridTestConfiguration_T1_BE_EQ_DIFF2_V2.xml'), '-o', out2])).code).toBe(0);
    expect(/<md:Model.modelingAuthoritySet>([^<]*)</.exec(readFileSync(out2, 'utf8'))?.[1]).toBe('http://tennet.nl/CGMES/2.4.15');
  }, 30_000);

  it('ltds diff of an EQ against an SSH is refused (DIFF_PROFILE_MISMATCH), unless --force', async () => {
    const refused = await runLtds(['diff', EQ30, SSH30, '--summary']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DIFF_PROFILE_MISMATCH');
    const forced = await runLtds(['diff', EQ30, SSH30, '--summary', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('share no profile');
  }, 30_000);
});

describe('README', () => {
  it('the rule ids table lists exactly the rule ids', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Rule ids'), readme.indexOf('### Profiles and official LTDS files'));
    const ids = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(ids.sort()).toEqual(Object.keys(RULES).sort());
  });
});
