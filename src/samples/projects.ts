// Development Projects for the sample: the target model of a firm grid reinforcement, made from a
// base network written by `generateNetwork` in profiles mode (EQ.xml, SC.xml, GL.xml). Two kinds:
// a second primary transformer at a single-transformer primary substation (N-1 security), and an
// uprated 33 kV circuit (re-conductored as cable on a new route). The pipeline diffs base and
// target into the Difference Models a Development Project case publishes.

import { derivedUuid } from '../cim-xml/derived-id.js';
import fs from 'node:fs';
import path from 'node:path';
import { loadCimFile } from '../cim-xml/sources.js';
import type { CimModel, CimObject, Property } from '../cim-xml/model.js';
import { CIM100_NS } from '../cim-xml/namespaces.js';
import { writeCimModel } from '../cim-xml/writer.js';
import { LtdsError } from '../errors/index.js';
import { writeAtomically } from '../io/atomic-file.js';
import { decimal, fullModelHeader } from './model-file.js';

/** What a project does. */
export type ProjectKind = 'new-transformer' | 'uprate-circuit';

/** One Development Project of the sample. */
export interface ProjectSpec {
  /** Project id (the zip's case token): at most 24 of [A-Za-z0-9-]. */
  id: string;
  kind: ProjectKind;
  /** Model.scenarioTime of the target (the project's completion). */
  scenarioTime: string;
  /** Model.created of the target (when the model was made). */
  created: string;
}

/** What was written and changed. */
export interface ProjectResult {
  dir: string;
  /** Human summary of the reinforcement. */
  summary: string;
  files: string[];
}

/** A project model id derived from text (version digit 4, as published in samples/DEMO). */
function uuidFrom(...parts: string[]): string {
  return derivedUuid(parts.join('\u0000'), 4);
}

const idOfRef = (v: string): string => v.replace(/^#?_?/, '').replace(/^urn:uuid:/, '');
const prop = (o: CimObject, local: string): Property | undefined => o.properties.find((p) => p.local === local);
const refTo = (o: CimObject, local: string): string | undefined => {
  const p = prop(o, local);
  return p?.ref ? idOfRef(p.value) : undefined;
};

/** Writes the target EQ, SC and GL of `spec` from the base files in `baseDir` into `outDir`. */
export async function writeProjectTarget(baseDir: string, outDir: string, spec: ProjectSpec): Promise<ProjectResult> {
  const eq = await loadCimFile(path.join(baseDir, 'EQ.xml'));
  const sc = await loadCimFile(path.join(baseDir, 'SC.xml'));
  const gl = await loadCimFile(path.join(baseDir, 'GL.xml'));
  const summary = spec.kind === 'new-transformer' ? addTransformer(spec, eq, sc, gl) : uprateCircuit(spec, eq, sc, gl);

  const eqId = uuidFrom(spec.id, 'EQ');
  const retitle = (m: CimModel, profile: string, deps: string[]): void => {
    const h = m.header;
    if (!h) throw new LtdsError('USAGE', `the base ${profile} file has no header`, { baseDir });
    m.header = fullModelHeader({
      id: profile === 'EQ' ? eqId : uuidFrom(spec.id, profile), created: spec.created, scenarioTime: spec.scenarioTime,
      description: `${h.description ?? ''} With Development Project ${spec.id}: ${summary}`.trim(),
      modelingAuthoritySet: h.modelingAuthoritySet ?? '', profiles: h.profiles, version: '1',
      ...(deps.length > 0 ? { dependentOn: deps[0] } : {}),
    });
  };
  retitle(eq, 'EQ', []);
  retitle(sc, 'SC', [eqId]);
  retitle(gl, 'GL', [eqId]);

  fs.mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const [name, model] of [['EQ.xml', eq], ['SC.xml', sc], ['GL.xml', gl]] as const) {
    const target = path.join(outDir, name);
    writeAtomically(target, (write) => writeCimModel(model, write));
    files.push(target);
  }
  return { dir: outDir, summary, files };
}

/** Copies objects with new ids (derived from the project), remapping references between them. */
function cloneGroup(spec: ProjectSpec, objects: readonly CimObject[], rename: (name: string) => string): { clones: CimObject[]; map: Map<string, string> } {
  const map = new Map(objects.map((o) => [o.id, uuidFrom(spec.id, o.id)]));
  const clones = objects.map((o) => cloneWith(o, map, rename));
  return { clones, map };
}

function cloneWith(o: CimObject, map: ReadonlyMap<string, string>, rename: (name: string) => string): CimObject {
  const id = map.get(o.id) ?? o.id;
  const properties = o.properties.map((p): Property => {
    if (p.ref) {
      const target = map.get(idOfRef(p.value));
      return target === undefined ? { ...p } : { ...p, value: `#_${target}` };
    }
    if (p.local === 'IdentifiedObject.mRID') return { ...p, value: id };
    if (p.local === 'IdentifiedObject.name') return { ...p, value: rename(p.value) };
    return { ...p };
  });
  return { ...o, id, rawId: o.idForm === 'ID' ? `_${id}` : `#_${id}`, properties };
}

/** A second 33/11 kV transformer, teed off the same 33 kV circuit, with its own 11 kV breaker. */
function addTransformer(spec: ProjectSpec, eq: CimModel, sc: CimModel, gl: CimModel): string {
  const byClass = (local: string): CimObject[] => eq.objects.filter((o) => o.local === local);
  const transformers = byClass('PowerTransformer');
  const perSubstation = new Map<string, CimObject[]>();
  for (const t of transformers) {
    const s = refTo(t, 'Equipment.EquipmentContainer') ?? '';
    perSubstation.set(s, [...(perSubstation.get(s) ?? []), t]);
  }
  const single = transformers.find((t) => /33\/11/.test(prop(t, 'IdentifiedObject.description')?.value ?? '')
    && perSubstation.get(refTo(t, 'Equipment.EquipmentContainer') ?? '')?.length === 1);
  if (!single) throw new LtdsError('USAGE', 'the base network has no primary substation with a single transformer to reinforce', {});
  const terminals = byClass('Terminal');
  const ends = byClass('PowerTransformerEnd').filter((e) => refTo(e, 'PowerTransformerEnd.PowerTransformer') === single.id);
  const tts = terminals.filter((t) => refTo(t, 'Terminal.ConductingEquipment') === single.id);
  const lvTerminal = tts.find((t) => prop(t, 'ACDCTerminal.sequenceNumber')?.value === '2');
  const lvNode = lvTerminal ? refTo(lvTerminal, 'Terminal.ConnectivityNode') : undefined;
  const node = eq.objects.find((o) => o.local === 'ConnectivityNode' && o.id === lvNode);
  const tapChanger = byClass('RatioTapChanger').find((t) => ends.some((e) => e.id === refTo(t, 'RatioTapChanger.TransformerEnd')));
  const breakerTerminal = terminals.find((t) => t !== lvTerminal && refTo(t, 'Terminal.ConnectivityNode') === lvNode);
  const breaker = breakerTerminal && eq.objects.find((o) => o.local === 'Breaker' && o.id === refTo(breakerTerminal, 'Terminal.ConductingEquipment'));
  if (!node || !tapChanger || !breaker) throw new LtdsError('USAGE', 'the base network\'s transformer bay is not complete', {});
  const breakerTerminals = terminals.filter((t) => refTo(t, 'Terminal.ConductingEquipment') === breaker.id);
  const group = [single, ...ends, ...tts, node, tapChanger, breaker, ...breakerTerminals];
  const rename = (n: string): string => n.replace(/\bT1\b/g, 'T2');
  const { clones, map } = cloneGroup(spec, group, rename);
  // The tee: the new transformer's HV terminal lands on the same 33 kV node; the breaker's bus side stays.
  eq.objects.push(...clones);
  const scClones = sc.objects.filter((o) => map.has(o.id)).map((o) => cloneWith(o, map, rename));
  sc.objects.push(...scClones);
  // GL: the new transformer at its substation's position.
  const substation = refTo(single, 'Equipment.EquipmentContainer') ?? '';
  const location = gl.objects.find((o) => o.local === 'Location' && refTo(o, 'Location.PowerSystemResources') === substation);
  const point = location && gl.objects.find((o) => o.local === 'PositionPoint' && refTo(o, 'PositionPoint.Location') === location.id);
  if (location && point) {
    const lmap = new Map([[location.id, uuidFrom(spec.id, location.id)], [point.id, uuidFrom(spec.id, point.id)], [substation, map.get(single.id) ?? single.id]]);
    const name = rename(prop(single, 'IdentifiedObject.name')?.value ?? 'T2');
    gl.objects.push(cloneWith(location, lmap, () => name), cloneWith(point, lmap, (n) => n));
  }
  const name = prop(single, 'IdentifiedObject.name')?.value ?? single.id;
  return `a second ${prop(single, 'IdentifiedObject.description')?.value ?? ''} transformer beside ${name} (N-1 security)`.replace(/\s+/g, ' ');
}

/** Re-conductors the weakest 33 kV circuit as 300 mm² Al XLPE cable on a slightly new route. */
function uprateCircuit(spec: ProjectSpec, eq: CimModel, sc: CimModel, gl: CimModel): string {
  const kv33 = eq.objects.find((o) => o.local === 'BaseVoltage' && Number(prop(o, 'BaseVoltage.nominalVoltage')?.value) === 33)?.id;
  const lines = eq.objects.filter((o) => o.local === 'ACLineSegment' && refTo(o, 'ConductingEquipment.BaseVoltage') === kv33);
  const terminals = eq.objects.filter((o) => o.local === 'Terminal');
  const sets = eq.objects.filter((o) => o.local === 'OperationalLimitSet');
  const limits = eq.objects.filter((o) => o.local === 'CurrentLimit');
  const patlOf = (line: CimObject): CimObject | undefined => {
    const ts = new Set(terminals.filter((t) => refTo(t, 'Terminal.ConductingEquipment') === line.id).map((t) => t.id));
    const set = sets.find((s) => ts.has(refTo(s, 'OperationalLimitSet.Terminal') ?? ''));
    return limits.find((l) => refTo(l, 'OperationalLimit.OperationalLimitSet') === set?.id && prop(l, 'IdentifiedObject.name')?.value === 'PATL');
  };
  const rating = (l: CimObject): number => Number(prop(patlOf(l) ?? l, 'CurrentLimit.normalValue')?.value ?? Infinity);
  const line = [...lines].sort((a, b) => rating(a) - rating(b) || a.id.localeCompare(b.id))[0];
  if (!line) throw new LtdsError('USAGE', 'the base network has no 33 kV circuit to uprate', {});
  const km = Number(prop(line, 'Conductor.length')?.value ?? 1) * 1.08; // the new route is a little longer
  const set = (o: CimObject, local: string, value: string): void => {
    const p = prop(o, local);
    if (p) p.value = value;
    else o.properties.push({ ns: CIM100_NS, local, ref: false, value, line: 0, column: 0 });
  };
  const before = prop(line, 'IdentifiedObject.description')?.value ?? '';
  set(line, 'IdentifiedObject.description', '300mm2 Al XLPE');
  set(line, 'Conductor.length', decimal(km, 3));
  set(line, 'ACLineSegment.r', decimal(0.13 * km, 5));
  set(line, 'ACLineSegment.x', decimal(0.11 * km, 5));
  set(line, 'ACLineSegment.bch', decimal(75e-6 * km, 10));
  const patl = patlOf(line);
  const oldAmps = patl ? prop(patl, 'CurrentLimit.normalValue')?.value : undefined;
  if (patl) set(patl, 'CurrentLimit.normalValue', '470');
  const scLine = sc.objects.find((o) => o.id === line.id);
  if (scLine) {
    set(scLine, 'ACLineSegment.r0', decimal(0.55 * km, 5));
    set(scLine, 'ACLineSegment.x0', decimal(0.09 * km, 5));
    set(scLine, 'ACLineSegment.b0ch', decimal(75e-6 * km, 10));
    set(scLine, 'ACLineSegment.shortCircuitEndTemperature', '250');
  }
  // GL: the cable route bends through a new mid point.
  const location = gl.objects.find((o) => o.local === 'Location' && refTo(o, 'Location.PowerSystemResources') === line.id);
  const points = location ? gl.objects.filter((o) => o.local === 'PositionPoint' && refTo(o, 'PositionPoint.Location') === location.id) : [];
  if (location && points.length >= 2) {
    const xy = (p: CimObject): [number, number] => [Number(prop(p, 'PositionPoint.xPosition')?.value), Number(prop(p, 'PositionPoint.yPosition')?.value)];
    const [a, b] = [xy(points[0]!), xy(points[points.length - 1]!)];
    set(points[points.length - 1]!, 'PositionPoint.sequenceNumber', String(points.length + 1));
    const mid = cloneWith(points[0]!, new Map([[points[0]!.id, uuidFrom(spec.id, 'route', line.id)]]), (n) => n);
    set(mid, 'PositionPoint.sequenceNumber', String(points.length));
    set(mid, 'PositionPoint.xPosition', decimal((a[0] + b[0]) / 2 + 0.004, 6));
    set(mid, 'PositionPoint.yPosition', decimal((a[1] + b[1]) / 2 - 0.003, 6));
    gl.objects.push(mid);
  }
  const name = prop(line, 'IdentifiedObject.name')?.value ?? line.id;
  return `${name} re-conductored from ${before} (${oldAmps ?? '?'} A) to 300mm2 Al XLPE cable (470 A)`;
}
