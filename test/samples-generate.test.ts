// The sample network generator: byte-for-byte determinism, conformance of every class, property,
// enumeration and literal to the CGMES 3.0 vocabularies the headers declare (read from the RDFS),
// referential integrity within EQ and from GL to EQ, network structure, coordinates and file size.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLtdsError } from '../src/errors/index.js';
import { generateNetwork, type GenerateResult } from '../src/samples/index.js';

const RDFS_DIR = fileURLToPath(new URL('../../shared/profiles-src/cgmes3/rdfs/', import.meta.url));
const VOCABULARY_FILES = [
  '61970-600-2_Equipment-AP-Voc-RDFS2020.rdf',
  '61970-600-2_ShortCircuit-AP-Voc-RDFS2020.rdf',
  '61970-600-2_GeographicalLocation-AP-Voc-RDFS2020.rdf',
  '61970-600-2_SteadyStateHypothesis-AP-Voc-RDFS2020.rdf',
  '61970-600-2_Topology-AP-Voc-RDFS2020.rdf',
  '61970-600-2_StateVariables-AP-Voc-RDFS2020.rdf',
  '61970-600-2_DiagramLayout-AP-Voc-RDFS2020.rdf',
];
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const CIMS = 'http://iec.ch/TC57/1999/rdf-schema-extensions-19990926#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const MD = 'http://iec.ch/TC57/61970-552/ModelDescription/1#';
const CIM = 'http://iec.ch/TC57/CIM100#';
const VOCAB_BASE = 'http://iec.ch/TC57/CIM100';

// ---- vocabularies (RDFS) ----

interface VocProperty {
  domain: string;
  range?: string;
  dataType?: string;
  required: boolean;
  used: boolean;
}

interface Vocabulary {
  classes: Map<string, { sup?: string; concrete: boolean }>;
  properties: Map<string, VocProperty>;
  /** Enumeration member IRI → its enumeration class IRI. */
  members: Map<string, string>;
}

interface Description {
  about: string;
  values: Map<string, string[]>;
}

/** The rdf:Description blocks of an RDFS file: predicate IRI → resource IRIs or texts. */
function readDescriptions(file: string): Description[] {
  const out: Description[] = [];
  let current: Description | undefined;
  let predicate: string | undefined;
  let text = '';
  const resolve = (iri: string): string => (iri.startsWith('#') ? VOCAB_BASE + iri : iri);
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    if (tag.uri === RDF && tag.local === 'Description') {
      current = { about: resolve(tag.attributes['rdf:about']?.value ?? ''), values: new Map() };
      out.push(current);
    } else if (current !== undefined) {
      predicate = tag.uri + tag.local;
      text = '';
      const resource = tag.attributes['rdf:resource']?.value;
      if (resource !== undefined) add(current, predicate, resolve(resource));
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.uri === RDF && tag.local === 'Description') current = undefined;
    else if (current !== undefined && predicate !== undefined && text.trim() !== '') add(current, predicate, text.trim());
    predicate = undefined;
  });
  parser.write(fs.readFileSync(path.join(RDFS_DIR, file), 'utf8')).close();
  return out;
}

function add(d: Description, predicate: string, value: string): void {
  const list = d.values.get(predicate) ?? [];
  list.push(value);
  d.values.set(predicate, list);
}

/** Reads the RDFS files whose owl:versionIRI is one of `profiles`, merged into one vocabulary. */
function vocabularyFor(profiles: readonly string[]): Vocabulary {
  const voc: Vocabulary = { classes: new Map(), properties: new Map(), members: new Map() };
  let matched = 0;
  for (const file of VOCABULARY_FILES) {
    const descriptions = readDescriptions(file);
    const version = descriptions.find((d) => d.values.has(OWL + 'versionIRI'))?.values.get(OWL + 'versionIRI')?.[0];
    if (version === undefined || !profiles.includes(version)) continue;
    matched++;
    for (const d of descriptions) {
      const first = (p: string): string | undefined => d.values.get(p)?.[0];
      const types = d.values.get(RDF + 'type') ?? [];
      const stereotypes = d.values.get(CIMS + 'stereotype') ?? [];
      if (types.includes(RDFS + 'Class')) {
        const old = voc.classes.get(d.about);
        voc.classes.set(d.about, {
          sup: first(RDFS + 'subClassOf') ?? old?.sup,
          concrete: (old?.concrete ?? false) || stereotypes.includes('http://iec.ch/TC57/NonStandard/UML#concrete'),
        });
      } else if (types.includes(RDF + 'Property')) {
        const multiplicity = first(CIMS + 'multiplicity') ?? '';
        voc.properties.set(d.about, {
          domain: first(RDFS + 'domain') ?? '',
          range: first(RDFS + 'range'),
          dataType: first(CIMS + 'dataType'),
          required: multiplicity.endsWith('#M:1..1') || multiplicity.endsWith('#M:1'),
          used: first(CIMS + 'AssociationUsed') !== 'No',
        });
      } else if (stereotypes.includes('enum') && types.length === 1) {
        voc.members.set(d.about, types[0]!);
      }
    }
  }
  expect(matched, `vocabularies for ${profiles.join(', ')}`).toBe(profiles.length);
  return voc;
}

function superChain(voc: Vocabulary, cls: string): string[] {
  const chain: string[] = [];
  for (let c: string | undefined = cls; c !== undefined; c = voc.classes.get(c)?.sup) chain.push(c);
  return chain;
}

/** The primitive behind a dataType: a CIMDatatype's `.value` type, or the primitive itself. */
function primitiveOf(voc: Vocabulary, dataType: string): string {
  const value = voc.properties.get(dataType + '.value');
  return (value?.dataType ?? dataType).slice(VOCAB_BASE.length + 1);
}

const LEXICAL: Readonly<Record<string, RegExp>> = {
  Float: /^-?\d+(\.\d+)?$/,
  Decimal: /^-?\d+(\.\d+)?$/,
  Integer: /^-?\d+$/,
  Boolean: /^(true|false)$/,
  String: /\S/,
};

// ---- instance files ----

interface Obj {
  cls: string;
  id: string;
  props: { iri: string; value: string; ref: boolean }[];
}

interface Parsed {
  header: Obj;
  objects: Obj[];
  byId: Map<string, Obj>;
}

function readModel(file: string): Parsed {
  const objects: Obj[] = [];
  let depth = 0;
  let current: Obj | undefined;
  let prop: { iri: string; value: string; ref: boolean } | undefined;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 2) {
      const id = tag.attributes['rdf:ID']?.value ?? tag.attributes['rdf:about']?.value ?? '';
      current = { cls: tag.uri + tag.local, id: id.replace(/^(urn:uuid:|_)/, ''), props: [] };
      objects.push(current);
    } else if (depth === 3 && current !== undefined) {
      const resource = tag.attributes['rdf:resource']?.value;
      prop = { iri: tag.uri + tag.local, value: resource ?? '', ref: resource !== undefined };
      current.props.push(prop);
    } else if (depth > 3) {
      throw new Error(`nested element ${tag.name}`);
    }
  });
  parser.on('text', (t) => {
    if (prop !== undefined && !prop.ref) prop.value += t;
  });
  parser.on('closetag', () => {
    if (depth === 3) prop = undefined;
    depth--;
  });
  parser.write(fs.readFileSync(file, 'utf8')).close();
  const [header, ...rest] = objects;
  if (header === undefined) throw new Error('the file has no objects');
  expect(header.cls).toBe(MD + 'FullModel');
  return { header, objects: rest, byId: new Map(rest.map((o) => [o.id, o])) };
}

const values = (o: Obj, local: string): string[] => o.props.filter((p) => p.iri === CIM + local).map((p) => p.value);
const one = (o: Obj, local: string): string => {
  const v = values(o, local);
  expect(v, `${o.cls} ${o.id} ${local}`).toHaveLength(1);
  return v[0]!;
};
const target = (value: string): string => value.replace(/^#_/, '');
const ofClass = (m: Parsed, local: string): Obj[] => m.objects.filter((o) => o.cls === CIM + local);

/** Problems of one file against its vocabulary; `external` resolves references to another file. */
function conformanceProblems(m: Parsed, voc: Vocabulary, external?: Parsed): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const enumerations = new Set(voc.members.values());
  const report = (key: string, message: string): void => {
    if (!seen.has(key)) problems.push(message);
    seen.add(key);
  };
  for (const o of m.objects) {
    const info = voc.classes.get(o.cls);
    if (info === undefined || !info.concrete) {
      report(`class ${o.cls}`, `unknown or abstract class ${o.cls}`);
      continue;
    }
    const chain = superChain(voc, o.cls);
    const present = new Set(o.props.map((p) => p.iri));
    for (const [iri, def] of voc.properties) {
      if (def.required && def.used && chain.includes(def.domain) && !present.has(iri)) {
        report(`missing ${o.cls} ${iri}`, `${o.cls} lacks required ${iri}`);
      }
    }
    for (const p of o.props) {
      const def = voc.properties.get(p.iri);
      if (def === undefined || !def.used || !chain.includes(def.domain)) {
        report(`prop ${o.cls} ${p.iri}`, `${p.iri} is not a property of ${o.cls}`);
        continue;
      }
      if (def.range !== undefined && enumerations.has(def.range)) {
        if (!p.ref || voc.members.get(p.value) !== def.range) report(`enum ${p.iri} ${p.value}`, `${p.value} is not a ${def.range}`);
      } else if (def.range !== undefined) {
        const to = p.ref ? (m.byId.get(target(p.value)) ?? external?.byId.get(target(p.value))) : undefined;
        if (to === undefined) report(`dangling ${p.iri}`, `${o.cls} ${o.id} ${p.iri} → ${p.value} does not resolve`);
        else if (!superChain(voc, to.cls).includes(def.range)) report(`range ${p.iri} ${to.cls}`, `${p.iri} points to a ${to.cls}`);
      } else if (def.dataType !== undefined) {
        const primitive = primitiveOf(voc, def.dataType);
        const pattern = LEXICAL[primitive];
        if (p.ref || pattern === undefined || !pattern.test(p.value)) {
          report(`literal ${p.iri}`, `${p.iri} = "${p.value}" is not a valid ${primitive}`);
        }
      }
    }
  }
  return problems;
}

// ---- tests ----

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ltds-samples-'));
const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const run = (dir: string, seed?: number, substations = 200): GenerateResult =>
  generateNetwork({ substations, outDir: path.join(tmp, dir), seed });

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generateNetwork', () => {
  let result: GenerateResult;
  let eq: Parsed;
  let gl: Parsed;
  const progress: [number, number][] = [];

  beforeAll(() => {
    result = generateNetwork({ substations: 200, outDir: path.join(tmp, 'a'), onProgress: (d, t) => progress.push([d, t]) });
    eq = readModel(result.eq.path);
    gl = readModel(result.gl.path);
  });

  it('writes <area>_EQ.xml and <area>_GL.xml and leaves no temporary files', () => {
    expect(path.basename(result.eq.path)).toBe('DEMO_EQ.xml');
    expect(path.basename(result.gl.path)).toBe('DEMO_GL.xml');
    expect(fs.readdirSync(path.join(tmp, 'a')).sort()).toEqual(['DEMO_EQ.xml', 'DEMO_GL.xml']);
    expect(result.eq.bytes).toBe(fs.statSync(result.eq.path).size);
    expect(result.gl.bytes).toBe(fs.statSync(result.gl.path).size);
    expect(progress).toHaveLength(200);
    expect(progress.at(-1)).toEqual([200, 200]);
  });

  it('is deterministic: same options give the same bytes, another seed different ones', () => {
    const again = run('b');
    expect(sha256(again.eq.path)).toBe(sha256(result.eq.path));
    expect(sha256(again.gl.path)).toBe(sha256(result.gl.path));
    const other = run('c', 2);
    expect(sha256(other.eq.path)).not.toBe(sha256(result.eq.path));
    expect(sha256(other.gl.path)).not.toBe(sha256(result.gl.path));
  });

  it('declares the profiles it uses, and GL depends on EQ', () => {
    const profiles = (m: Parsed): string[] => m.header.props.filter((p) => p.iri === MD + 'Model.profile').map((p) => p.value);
    expect(profiles(eq)).toEqual(['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0', 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0']);
    expect(profiles(gl)).toEqual(['http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0']);
    const dependentOn = gl.header.props.find((p) => p.iri === MD + 'Model.DependentOn');
    expect(dependentOn?.value).toBe(`urn:uuid:${eq.header.id}`);
    const created = eq.header.props.find((p) => p.iri === MD + 'Model.created');
    expect(created?.value).toBe('2026-01-01T00:00:00Z');
  });

  it('writes only classes, properties, enumerations and literals of the declared vocabularies, with every required property', () => {
    const eqVoc = vocabularyFor(eq.header.props.filter((p) => p.iri === MD + 'Model.profile').map((p) => p.value));
    expect(conformanceProblems(eq, eqVoc)).toEqual([]);
    const glVoc = vocabularyFor(['http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0']);
    // GL's PowerSystemResource targets are EQ objects whose classes only the EQ vocabulary knows.
    for (const [iri, cls] of eqVoc.classes) if (!glVoc.classes.has(iri)) glVoc.classes.set(iri, cls);
    expect(conformanceProblems(gl, glVoc, eq)).toEqual([]);
  });

  it('has a conformance check that catches broken variants', () => {
    const voc = vocabularyFor(['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0', 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0']);
    const copy = (o: Obj): Obj => ({ ...o, props: o.props.map((p) => ({ ...p })) });
    const breaker = copy(ofClass(eq, 'Breaker')[0]!);
    breaker.props = breaker.props.filter((p) => p.iri !== CIM + 'Switch.normalOpen');
    breaker.props.push({ iri: CIM + 'Switch.open', value: 'false', ref: false });
    const end = copy(ofClass(eq, 'PowerTransformerEnd')[0]!);
    for (const p of end.props) {
      if (p.iri === CIM + 'PowerTransformerEnd.connectionKind') p.value = CIM + 'WindingConnection.Q';
      if (p.iri === CIM + 'PowerTransformerEnd.r') p.value = '1e-7';
      if (p.iri === CIM + 'PowerTransformerEnd.PowerTransformer') p.value = '#_missing';
    }
    const byId = new Map(eq.byId).set(breaker.id, breaker).set(end.id, end);
    const problems = conformanceProblems({ header: eq.header, objects: [breaker, end], byId }, voc);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/lacks required .*Switch\.normalOpen/);
    expect(problems.join('\n')).toMatch(/Switch\.open is not a property of/);
    expect(problems.join('\n')).toMatch(/WindingConnection\.Q is not a/);
    expect(problems.join('\n')).toMatch(/PowerTransformerEnd\.r = "1e-7"/);
    expect(problems.join('\n')).toMatch(/#_missing does not resolve/);
  });

  it('without the ShortCircuit profile writes pure CoreEquipment', () => {
    const plain = generateNetwork({ substations: 40, outDir: path.join(tmp, 'd'), shortCircuit: false });
    const m = readModel(plain.eq.path);
    const voc = vocabularyFor(['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0']);
    expect(conformanceProblems(m, voc)).toEqual([]);
  });

  it('keeps references inside EQ, and GL references on EQ resources', () => {
    const ids = new Set<string>();
    for (const o of eq.objects) {
      expect(ids.has(o.id), `duplicate ${o.id}`).toBe(false);
      ids.add(o.id);
      expect(one(o, 'IdentifiedObject.mRID')).toBe(o.id);
    }
    for (const o of eq.objects) for (const p of o.props) if (p.ref && p.value.startsWith('#')) expect(eq.byId.has(target(p.value))).toBe(true);
    for (const o of gl.objects) {
      expect(ids.has(o.id)).toBe(false);
      for (const p of o.props) {
        if (!p.ref) continue;
        const inEq = p.iri === CIM + 'Location.PowerSystemResources';
        expect((inEq ? eq : gl).byId.has(target(p.value)), `${p.iri} ${p.value}`).toBe(true);
      }
    }
  });

  it('has the GSP → BSP → primary structure, counts and voltages asked for', () => {
    const subs = ofClass(eq, 'Substation');
    expect(subs).toHaveLength(200);
    const kinds = result.substations;
    expect(kinds.gsp + kinds.bsp + kinds.primary + kinds.generation).toBe(200);
    expect(kinds.gsp).toBeGreaterThan(0);
    expect(kinds.primary).toBeGreaterThan(kinds.bsp);
    const counted = new Map<string, number>();
    for (const o of eq.objects) counted.set(o.cls.slice(CIM.length), (counted.get(o.cls.slice(CIM.length)) ?? 0) + 1);
    expect(result.eq.counts).toEqual(Object.fromEntries([...counted].sort(([a], [b]) => a.localeCompare(b))));

    for (const t of ofClass(eq, 'Terminal')) expect(eq.byId.has(target(one(t, 'Terminal.ConductingEquipment')))).toBe(true);
    const ends = new Map<string, string[]>();
    for (const e of ofClass(eq, 'PowerTransformerEnd')) {
      const tx = target(one(e, 'PowerTransformerEnd.PowerTransformer'));
      ends.set(tx, [...(ends.get(tx) ?? []), one(e, 'TransformerEnd.endNumber')]);
    }
    for (const tx of ofClass(eq, 'PowerTransformer')) expect(ends.get(tx.id)?.sort()).toEqual(['1', '2']);
    expect(ofClass(eq, 'RatioTapChanger')).toHaveLength(ofClass(eq, 'PowerTransformer').length);

    const nominal = (bv: string): number => Number(one(eq.byId.get(bv) as Obj, 'BaseVoltage.nominalVoltage'));
    const kvs = new Set(ofClass(eq, 'VoltageLevel').map((vl) => nominal(target(one(vl, 'VoltageLevel.BaseVoltage')))));
    expect([...kvs].sort((a, b) => a - b)).toEqual([11, 33, 132]);

    const ratings = ofClass(eq, 'PowerTransformerEnd').filter((e) => one(e, 'TransformerEnd.endNumber') === '1')
      .map((e) => [Number(one(e, 'PowerTransformerEnd.ratedU')), Number(one(e, 'PowerTransformerEnd.ratedS'))] as const);
    for (const [kv, mva] of ratings) {
      const [lo, hi] = kv === 132 ? [45, 90] : [7.5, 30];
      expect([33, 132]).toContain(kv);
      expect(mva >= lo && mva <= hi, `${mva} MVA at ${kv} kV`).toBe(true);
    }
    for (const line of ofClass(eq, 'ACLineSegment')) {
      const km = Number(one(line, 'Conductor.length'));
      const kv = nominal(target(one(line, 'ConductingEquipment.BaseVoltage')));
      const rPerKm = Number(one(line, 'ACLineSegment.r')) / km;
      const xPerKm = Number(one(line, 'ACLineSegment.x')) / km;
      expect(km).toBeGreaterThan(0);
      if (kv === 132) expect([rPerKm >= 0.05 && rPerKm <= 0.16, xPerKm >= 0.3 && xPerKm <= 0.42]).toEqual([true, true]);
    }
  });

  it('places every substation and circuit in GL, inside GB and clustered around one area', () => {
    const located = new Set(ofClass(gl, 'Location').map((l) => target(one(l, 'Location.PowerSystemResources'))));
    for (const s of ofClass(eq, 'Substation')) expect(located.has(s.id)).toBe(true);
    for (const s of ofClass(eq, 'ACLineSegment')) expect(located.has(s.id)).toBe(true);
    const points = ofClass(gl, 'PositionPoint').map((p) => ({
      lon: Number(one(p, 'PositionPoint.xPosition')), lat: Number(one(p, 'PositionPoint.yPosition')),
    }));
    expect(points.length).toBeGreaterThan(200);
    for (const { lon, lat } of points) {
      expect(lon >= -5.5 && lon <= 1.7 && lat >= 50 && lat <= 57.5, `${lon}, ${lat}`).toBe(true);
    }
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    // 200 km across at most: ~1.8° of latitude, ~3° of longitude at GB latitudes.
    expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(1.8);
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThan(3);
  });

  it('is about a tenth of 50 MB for 200 substations', () => {
    expect(result.eq.bytes).toBeGreaterThan(3.5e6);
    expect(result.eq.bytes).toBeLessThan(7e6);
  });

  it('refuses bad options with a USAGE error and writes nothing', () => {
    for (const bad of [{ substations: 0 }, { substations: 2.5 }, { substations: 5, area: '../x' }, { substations: 5, created: 'yesterday' }, { substations: 5, seed: 0.5 }]) {
      let caught: unknown;
      try {
        generateNetwork({ outDir: path.join(tmp, 'bad'), ...bad });
      } catch (err) {
        caught = err;
      }
      expect(isLtdsError(caught) && caught.code).toBe('USAGE');
    }
    expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false);
  });

  it('leaves no file behind when generation fails part-way', () => {
    const dir = path.join(tmp, 'aborted');
    const stop = new Error('stop');
    expect(() => generateNetwork({ substations: 50, outDir: dir, onProgress: (d) => {
      if (d === 25) throw stop;
    } })).toThrow(stop);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports an unwritable folder as OUTPUT_WRITE', () => {
    const file = path.join(tmp, 'not-a-folder');
    fs.writeFileSync(file, '');
    let caught: unknown;
    try {
      generateNetwork({ substations: 5, outDir: file });
    } catch (err) {
      caught = err;
    }
    expect(isLtdsError(caught) && caught.code).toBe('OUTPUT_WRITE');
  });

  it('handles the smallest networks', () => {
    for (const n of [1, 2, 3]) {
      const r = run(`small${n}`, 1, n);
      expect(r.substations.gsp + r.substations.bsp + r.substations.primary + r.substations.generation).toBe(n);
      expect(ofClass(readModel(r.eq.path), 'Substation')).toHaveLength(n);
    }
  });
});

describe('generateNetwork with every profile', () => {
  it('writes SC, SSH, TP, SV and DL with only classes, properties, enumerations and literals of their CGMES 3.0 vocabularies', () => {
    const dir = path.join(tmp, 'profiles');
    generateNetwork({ substations: 60, outDir: dir, profiles: ['SC', 'SSH', 'TP', 'SV', 'DL'] });
    const eq = readModel(path.join(dir, 'EQ.xml'));
    const eqVoc = vocabularyFor(['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0']);
    expect(conformanceProblems(eq, eqVoc)).toEqual([]);
    // Objects described in another file are typed rdf:about descriptions; references resolve into EQ and TP.
    const tp = readModel(path.join(dir, 'TP.xml'));
    const about = (m: Parsed): Parsed => {
      const objects = m.objects.map((o) => ({ ...o, id: o.id.replace(/^#_/, '') }));
      return { header: m.header, objects, byId: new Map(objects.map((o) => [o.id, o])) };
    };
    const external: Parsed = { header: eq.header, objects: [...eq.objects, ...tp.objects], byId: new Map([...eq.byId, ...about(tp).byId]) };
    for (const [file, iri] of [
      ['SC.xml', 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0'],
      ['SSH.xml', 'http://iec.ch/TC57/ns/CIM/SteadyStateHypothesis-EU/3.0'],
      ['TP.xml', 'http://iec.ch/TC57/ns/CIM/Topology-EU/3.0'],
      ['SV.xml', 'http://iec.ch/TC57/ns/CIM/StateVariables-EU/3.0'],
      ['DL.xml', 'http://iec.ch/TC57/ns/CIM/DiagramLayout-EU/3.0'],
    ] as const) {
      const voc = vocabularyFor([iri]);
      for (const [k, cls] of eqVoc.classes) if (!voc.classes.has(k)) voc.classes.set(k, cls);
      const model = about(readModel(path.join(dir, file)));
      expect(model.objects.length, file).toBeGreaterThan(0);
      expect(conformanceProblems(model, voc, external), file).toEqual([]);
    }
  });
});
