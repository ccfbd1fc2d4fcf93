// Broken variants of the real files are reported with the right rule at the right object and line;
// the unbroken files are not. Reports: text summary, JSON, SARIF 2.1.0 against its schema; CLI exit codes.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import archiver from 'archiver';
import { createWriteStream } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSarif, formatText, RULES, validateInputs, type ValidationReport } from '../src/validation/index.js';
import { runLtds as runCli } from './helpers/cli.js';
import { DATA_DIR } from './helpers/real-data.js';

const C30 = join(DATA_DIR, 'cgmes30-microgrid');
const EQ = join(C30, '20210209T1930Z_1D_BE_EQ_9.xml');
const BD = join(C30, '20171002T0930Z_ENTSO-E_EQ_BD_2.xml');
const C2415 = join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC');
const tmp = mkdtempSync(join(tmpdir(), 'ltds-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const original = readFileSync(EQ, 'utf8');
const lines = original.split('\n');

function lineOf(needle: string): number {
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`not in the file: ${needle}`);
  return i + 1;
}

function variant(name: string, edit: (text: string) => string): string {
  const path = join(tmp, name);
  const text = edit(original);
  expect(text).not.toBe(original);
  writeFileSync(path, text);
  return path;
}

function withRule(r: ValidationReport, rule: string): ValidationReport['findings'] {
  return r.findings.filter((f) => f.rule === rule);
}

const VOCAB_ERRORS = ['vocab-unknown-class', 'vocab-unknown-property', 'vocab-datatype', 'vocab-value-kind', 'vocab-enum'];

describe('real files', () => {
  it.each([
    ['CGMES 3.0 MicroGrid', [C30]],
    ['CGMES 2.4.15 MicroGrid with its boundary set', [C2415]],
  ])('%s: no vocabulary errors under the declared profiles', async (_n, inputs) => {
    const r = await validateInputs(inputs);
    expect(r.files.length).toBeGreaterThan(7);
    expect(r.findings.filter((f) => VOCAB_ERRORS.includes(f.rule))).toEqual([]);
    expect(r.findings.filter((f) => f.rule === 'dup-id' || f.rule === 'ref-class')).toEqual([]);
  }, 60_000);

  it('the unbroken EQ with its boundary set has none of the errors the broken variants have', async () => {
    const r = await validateInputs([EQ, BD]);
    for (const rule of [...VOCAB_ERRORS, 'ref-unresolved', 'ref-class', 'dup-id', 'header-no-profile', 'header-created', 'header-profile-unknown']) expect(withRule(r, rule)).toEqual([]);
  });
});

describe('broken variants are reported with the right rule, object and line', () => {
  it('wrong datatype: a float that is not a number', async () => {
    const at = lineOf('<cim:ACLineSegment.r>');
    const p = variant('datatype.xml', (t) => t.replace(/(<cim:ACLineSegment\.r>)[^<]*</, '$1abc<'));
    const r = await validateInputs([p, BD]);
    const f = withRule(r, 'vocab-datatype');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: at, property: 'cim:ACLineSegment.r', className: 'cim:ACLineSegment', value: 'abc', severity: 'error' });
    expect(withRule(r, 'shacl-datatype').map((x) => x.line)).toEqual([at]);
  });

  it('missing required property', async () => {
    const at = lineOf('<cim:ACLineSegment.x>');
    const p = variant('missing.xml', (t) => t.replace(/\s*<cim:ACLineSegment\.x>[^<]*<\/cim:ACLineSegment\.x>/, ''));
    const r = await validateInputs([p, BD]);
    const f = withRule(r, 'shacl-min-count').filter((x) => x.property === 'cim:ACLineSegment.x');
    expect(f).toHaveLength(1);
    // Reported at the object that lacks it (the element opening before the removed line).
    const objectLine = lines.slice(0, at).map((l, i) => ({ l, i })).filter(({ l }) => /<cim:ACLineSegment /.test(l)).pop()?.i;
    expect(f[0]?.line).toBe((objectLine as number) + 1);
  });

  it('dangling reference and reference to the wrong class', async () => {
    const at = lineOf('<cim:ConductingEquipment.BaseVoltage');
    const busbar = `#${/<cim:BusbarSection rdf:ID="([^"]+)"/.exec(original)![1]!}`;
    // Without Model.DependentOn every reference must resolve in the files given: an error.
    const p1 = variant('dangling.xml', (t) => t.replace(/(<cim:ConductingEquipment\.BaseVoltage rdf:resource=")[^"]+"/, '$1#_no-such-object"').replace(/<md:Model\.DependentOn[^>]*\/>/g, ''));
    const r1 = await validateInputs([p1, BD]);
    expect(withRule(r1, 'ref-unresolved')).toMatchObject([{ line: at, value: 'no-such-object', severity: 'error' }]);
    const p2 = variant('wrongclass.xml', (t) => t.replace(/(<cim:ConductingEquipment\.BaseVoltage rdf:resource=")[^"]+"/, `$1${busbar}"`));
    const r2 = await validateInputs([p2, BD]);
    expect(withRule(r2, 'ref-class')).toMatchObject([{ line: at, property: 'cim:ConductingEquipment.BaseVoltage' }]);
  });

  it('duplicate id within a file', async () => {
    const m = /(\n\s*<cim:Breaker rdf:ID="[^"]+">[\s\S]*?<\/cim:Breaker>)/.exec(original) as RegExpExecArray;
    const p = variant('dup.xml', (t) => t.replace('</rdf:RDF>', `${m[1]}\n</rdf:RDF>`));
    const r = await validateInputs([p, BD]);
    const f = withRule(r, 'dup-id');
    expect(f).toHaveLength(1);
    // The copy starts on the line after where </rdf:RDF> was.
    expect(f[0]?.line).toBe(lineOf('</rdf:RDF>') + 1);
  });

  it('bad enumeration member', async () => {
    const at = lineOf('<cim:PowerTransformerEnd.connectionKind');
    const p = variant('enum.xml', (t) => t.replace(/(<cim:PowerTransformerEnd\.connectionKind rdf:resource="[^"]*WindingConnection\.)[A-Za-z]+"/, '$1Q"'));
    const r = await validateInputs([p, BD]);
    expect(withRule(r, 'vocab-enum')).toMatchObject([{ line: at, property: 'cim:PowerTransformerEnd.connectionKind' }]);
  });

  it('header without profile, created not a timestamp, unknown profile IRI', async () => {
    const p1 = variant('noprofile.xml', (t) => t.replace(/\s*<md:Model\.profile>[^<]*<\/md:Model\.profile>/g, ''));
    expect(withRule(await validateInputs([p1]), 'header-no-profile')).toHaveLength(1);
    const created = lineOf('<md:Model.created>');
    const p2 = variant('created.xml', (t) => t.replace(/(<md:Model\.created>)[^<]*</, '$1yesterday<'));
    expect(withRule(await validateInputs([p2, BD]), 'header-created')).toMatchObject([{ line: created, severity: 'error' }]);
    const prof = lineOf('ShortCircuit-EU/3.0');
    const p3 = variant('unknownprofile.xml', (t) => t.replace('ShortCircuit-EU/3.0', 'NoSuchProfile-EU/9.9'));
    expect(withRule(await validateInputs([p3, BD]), 'header-profile-unknown')).toMatchObject([{ line: prof, value: 'http://iec.ch/TC57/ns/CIM/NoSuchProfile-EU/9.9' }]);
  });

  it('a zip is read in place and references are checked across its entries', async () => {
    const zip = join(tmp, 'case.zip');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(zip);
      const a = archiver('zip');
      out.on('close', () => resolve());
      a.on('error', reject);
      a.pipe(out);
      a.append(readFileSync(EQ), { name: 'EQ.xml' });
      a.append(readFileSync(join(C30, '20210209T1930Z_1D_BE_SSH_9.xml')), { name: 'SSH.xml' });
      a.append(readFileSync(BD), { name: 'BD.xml' });
      void a.finalize();
    });
    const r = await validateInputs([zip]);
    expect(r.files.map((f) => f.file)).toEqual([`${zip}:EQ.xml`, `${zip}:SSH.xml`, `${zip}:BD.xml`]);
    expect(withRule(r, 'ref-unresolved')).toEqual([]);
    const alone = await validateInputs([`${zip}:EQ.xml`]);
    expect(withRule(alone, 'ref-unresolved').length).toBeGreaterThan(10);
  });
});

describe('reports', () => {
  it('SARIF 2.1.0 output validates against the published schema; text has a summary line', async () => {
    const r = await validateInputs([C30]);
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
    const ajv = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] | null } })({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(formatSarif(r)) as { runs: { results: unknown[] }[] };
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.runs[0]?.results).toHaveLength(r.findings.length);
    expect(formatText(r).trim().split('\n').pop()).toMatch(/^10 files checked: \d+ errors?, \d+ warnings?, \d+ info/);
    expect(r.skipped.length).toBeGreaterThan(0);
    expect(new Set(r.findings.map((f) => f.rule)).size).toBeGreaterThan(1);
    for (const f of r.findings) expect(Object.keys(RULES)).toContain(f.rule);
  }, 60_000);

  it('CLI: exit 0 clean, 1 with errors, 2 unreadable; JSON output', async () => {
    const ok = await runCli(['validate', BD, '--severity', 'error']);
    expect(ok.code).toBe(0);
    const bad = await runCli(['validate', join(tmp, 'datatype.xml'), BD, '--format', 'json']);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.stdout) as ValidationReport).counts.error).toBeGreaterThan(0);
    const broken = join(tmp, 'broken.xml');
    writeFileSync(broken, '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><oops');
    const unreadable = await runCli(['validate', broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/XML_/);
  }, 60_000);
});
