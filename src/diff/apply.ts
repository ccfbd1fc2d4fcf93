// Applying a Difference Model to its base: (B − R) ∪ F, refusing — with every mismatch listed —
// when a reverse statement is not in the base or a forward statement is already there.

import type { CimModel, CimObject, ModelHeader, Property } from '../cim-xml/model.js';
import { MD_NS, RDF_NS } from '../cim-xml/namespaces.js';
import { LtdsError } from '../errors/index.js';
import type { DiffRuleId, Finding } from '../findings/index.js';
import { ModelIndex, classKey, propertyKey, type IndexEntry } from './model-index.js';

/** One way a Difference Model does not fit its base: a finding (src/findings) of rule `diff-<kind>`. */
export interface Mismatch extends Finding<DiffRuleId> {
  kind: 'reverse-not-in-base' | 'forward-already-present' | 'wrong-base';
  /** Object identity (normalised); also the finding's `subject`. */
  id: string;
  /** Predicate IRI and value as written in the Difference Model. */
  predicate: string;
  value: string;
  line: number;
  column: number;
  message: string;
}

/** A mismatch record: an error of rule `diff-<kind>` about object `id`, its parameters named. */
function mismatch(kind: Mismatch['kind'], id: string, predicate: string, value: string, at: { line: number; column: number }, message: string): Mismatch {
  return { kind, id, predicate, value, line: at.line, column: at.column, message, severity: 'error', rule: `diff-${kind}`, subject: id, params: { id, predicate, value } };
}

/** The result of {@link applyDifference}: the new model, and the mismatches found (empty when it fits). */
export interface ApplyResult {
  model: CimModel;
  mismatches: Mismatch[];
}

interface Working {
  entry: IndexEntry;
  /** Keys of the statements still present: -1 the class, -2 added, else a property index. */
  keys: Map<string, number>;
  /** The key of each base property, computed once. */
  propKeys: string[];
  removedClass: boolean;
  removed: Set<number>;
  added: Property[];
  isNew: boolean;
  ns: string;
  local: string;
}

function statementsOf(o: CimObject): Property[] {
  const out: Property[] = [];
  if (o.ns !== '') out.push({ ns: RDF_NS, local: 'type', ref: true, value: o.ns + o.local, line: o.line, column: o.column });
  for (const p of o.properties) out.push(p);
  return out;
}

function isType(p: Property): boolean {
  return p.ns === RDF_NS && p.local === 'type' && p.ref;
}

/** Applies `diff` to `base`. Mismatches are listed; the model is still built (as with --force). */
export function applyDifference(base: CimModel, diff: CimModel): ApplyResult {
  const mismatches: Mismatch[] = [];
  if (diff.header?.kind !== 'DifferenceModel') {
    throw new LtdsError('DIFF_NOT_DIFFERENCE', `the model to apply is not a Difference Model (its header is ${diff.header?.kind ?? 'missing'})`, { kind: diff.header?.kind ?? null });
  }
  if (base.header && diff.header.supersedes.length > 0 && !diff.header.supersedes.includes(base.header.id)) {
    mismatches.push(mismatch('wrong-base', diff.header.id, `${MD_NS}Model.Supersedes`, diff.header.supersedes.join(' '), diff.header.object, `the Difference Model supersedes ${diff.header.supersedes.join(', ')}, not the base model ${base.header.id}`));
  }
  const index = ModelIndex.of(base);
  const work = new Map<string, Working>();
  const order: Working[] = [];
  const workOf = (id: string, create: CimObject | undefined): Working | undefined => {
    let w = work.get(id);
    if (w) return w;
    const entry = index.get(id);
    if (!entry && !create) return undefined;
    const e: IndexEntry = entry ?? { id, first: create as CimObject, ns: '', local: '', properties: [] };
    const keys = new Map<string, number>();
    if (e.ns !== '') keys.set(classKey(e.ns, e.local), -1);
    const propKeys = e.properties.map((p) => propertyKey(p, 'numeric'));
    propKeys.forEach((k, i) => keys.set(k, i));
    w = { entry: e, keys, propKeys, removedClass: false, removed: new Set(), added: [], isNew: !entry, ns: e.ns, local: e.local };
    work.set(id, w);
    if (!entry) order.push(w);
    return w;
  };

  // A section is a set of statements: a statement written twice counts once.
  const seenReverse = new Set<string>();
  const seenForward = new Set<string>();
  for (const o of diff.objects) {
    if (o.section !== 'reverseDifferences') continue;
    const w = workOf(o.id, undefined);
    for (const p of statementsOf(o)) {
      const key = isType(p) ? classKey('', p.value) : propertyKey(p, 'numeric');
      if (seenReverse.has(`${o.id}\u0002${key}`)) continue;
      seenReverse.add(`${o.id}\u0002${key}`);
      const at = w?.keys.get(key);
      if (w === undefined || at === undefined) {
        mismatches.push(mismatch('reverse-not-in-base', o.id, p.ns + p.local, p.value, p, `reverse statement not in the base: ${o.id} ${p.local} ${p.value}`));
        continue;
      }
      w.keys.delete(key);
      if (at === -1) w.removedClass = true;
      else {
        // Set semantics: drop every copy of the statement.
        w.propKeys.forEach((k, i) => {
          if (k === key) w.removed.add(i);
        });
      }
    }
  }
  for (const o of diff.objects) {
    if (o.section !== 'forwardDifferences') continue;
    const w = workOf(o.id, o) as Working;
    for (const p of statementsOf(o)) {
      const key = isType(p) ? classKey('', p.value) : propertyKey(p, 'numeric');
      if (seenForward.has(`${o.id}\u0002${key}`)) continue;
      seenForward.add(`${o.id}\u0002${key}`);
      if (w.keys.has(key)) {
        mismatches.push(mismatch('forward-already-present', o.id, p.ns + p.local, p.value, p, `forward statement already in the base: ${o.id} ${p.local} ${p.value}`));
        continue;
      }
      w.keys.set(key, -2);
      w.added.push(p);
    }
  }

  const objects: CimObject[] = [];
  const emit = (w: Working | undefined, e: IndexEntry): void => {
    if (!w) {
      objects.push(materialise(e, e.ns, e.local, e.properties));
      return;
    }
    let ns = w.removedClass ? '' : e.ns;
    let local = w.removedClass ? '' : e.local;
    const props: Property[] = [];
    e.properties.forEach((p, i) => {
      if (!w.removed.has(i)) props.push(p);
    });
    for (const p of w.added) {
      if (isType(p) && ns === '') {
        const split = splitIri(p.value);
        ns = split.ns;
        local = split.local;
      } else props.push(p);
    }
    if (ns === '' && props.length === 0) return;
    objects.push(materialise(e, ns, local, props));
  };
  for (const e of index.entries) emit(work.get(e.id), e);
  for (const w of order) emit(w, w.entry);
  return { model: { header: appliedHeader(base.header, diff.header), objects, namespaces: base.namespaces, ...(base.base !== undefined ? { base: base.base } : {}) }, mismatches };
}

function splitIri(iri: string): { ns: string; local: string } {
  const i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return { ns: iri.slice(0, i + 1), local: iri.slice(i + 1) };
}

function materialise(e: IndexEntry, ns: string, local: string, properties: Property[]): CimObject {
  const f = e.first;
  const o: CimObject = { ns, local, id: e.id, rawId: f.rawId, idForm: f.idForm, section: 'model', properties, line: f.line, column: f.column };
  if (ns === '' && o.idForm === 'ID') {
    o.idForm = 'about';
    o.rawId = `#${f.rawId}`;
  }
  if (f.base !== undefined) o.base = f.base;
  return o;
}

/** The marker IRI of a Difference Model, which some exporters write among (or run into) its profiles. */
const DIFFERENCE_MODEL_MARKER = /^http:\/\/iec\.ch\/TC57\/61970-552\/DifferenceModel\/\d+$/;

/** The profiles a Difference Model declares for the model it makes: joined IRIs split, its own marker left out. */
function resultProfiles(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const parts = v.trim().split(/(?=https?:\/\/)/);
    for (const p of parts) if (p !== '' && !DIFFERENCE_MODEL_MARKER.test(p) && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The header of the applied model. IEC 61970-552: a Difference Model's header describes the model that
 * results from it, so its id, Model.created, profiles, modelingAuthoritySet, scenarioTime, version and
 * DependentOn are the result's, where the Difference Model gives them (an empty value keeps the
 * base's); the result supersedes the base.
 */
function appliedHeader(base: ModelHeader | undefined, diff: ModelHeader): ModelHeader | undefined {
  if (!base) return undefined;
  const md = (local: string, value: string, ref = false): Property => ({ ns: MD_NS, local, ref, value, line: 0, column: 0 });
  const profiles = resultProfiles(diff.profiles);
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  const replaced = new Set(['Model.created', 'Model.Supersedes']);
  const added: Property[] = [];
  if (profiles.length > 0) {
    replaced.add('Model.profile');
    added.push(...profiles.map((p) => md('Model.profile', p)));
  }
  const scalar: [string, string | undefined][] = [
    ['Model.modelingAuthoritySet', diff.modelingAuthoritySet],
    ['Model.scenarioTime', diff.scenarioTime],
    ['Model.version', diff.version],
  ];
  for (const [local, v] of scalar) {
    if (!given(v)) continue;
    replaced.add(local);
    added.push(md(local, v));
  }
  if (diff.dependentOn.length > 0) {
    replaced.add('Model.DependentOn');
    added.push(...diff.dependentOn.map((m) => md('Model.DependentOn', `urn:uuid:${m}`, true)));
  }
  const keep = base.object.properties.filter((p) => !(p.ns === MD_NS && replaced.has(p.local)));
  const created = diff.created ?? base.created;
  const props: Property[] = [];
  if (created !== undefined) props.push(md('Model.created', created));
  props.push(...keep, ...added, md('Model.Supersedes', `urn:uuid:${base.id}`, true));
  const object: CimObject = { ...base.object, id: diff.id, rawId: `urn:uuid:${diff.id}`, idForm: 'about', properties: props };
  return {
    ...base,
    id: diff.id,
    ...(created !== undefined ? { created } : {}),
    ...(profiles.length > 0 ? { profiles } : {}),
    ...(given(diff.modelingAuthoritySet) ? { modelingAuthoritySet: diff.modelingAuthoritySet } : {}),
    ...(given(diff.scenarioTime) ? { scenarioTime: diff.scenarioTime } : {}),
    ...(given(diff.version) ? { version: diff.version } : {}),
    ...(diff.dependentOn.length > 0 ? { dependentOn: [...diff.dependentOn] } : {}),
    supersedes: [base.id],
    object,
  };
}
