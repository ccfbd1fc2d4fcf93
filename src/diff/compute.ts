// Computing a Difference Model: the minimal forward and reverse statements that turn a base model
// into a new one (IEC 61970-552): new objects whole and typed, removed objects whole and typed,
// changed objects as rdf:Description holding only the changed statements.

import { derivedUuid } from '../cim-xml/derived-id.js';
import type { CimModel, CimObject, ModelHeader, Property, Section } from '../cim-xml/model.js';
import { DM_NS, MD_NS } from '../cim-xml/namespaces.js';
import { ModelIndex, classKey, entryKeys, propertyKey, typeProperty, type Equality, type IndexEntry } from './model-index.js';

/** Options of {@link diffModels}. */
export interface DiffOptions {
  /** Compare literals exactly as written (default: numerically equal numbers are equal). */
  exact?: boolean;
  /** Model id of the Difference Model (default: derived from the two models, so re-runs agree). */
  id?: string;
  /** Model.created (default: now, to the second). */
  created?: string;
}

function headerProperty(local: string, value: string, ref = false): Property {
  return { ns: MD_NS, local, ref, value, line: 0, column: 0 };
}

/** A UUID-shaped id derived from text, so the same inputs always name the same Difference Model (version digit 5). */
export { derivedUuid };

/** The header of a Difference Model that supersedes `base` (fields carried over from `next`). */
export function differenceHeader(id: string, created: string, base: ModelHeader | undefined, next: ModelHeader | undefined): ModelHeader {
  const props: Property[] = [headerProperty('Model.created', created)];
  if (next?.scenarioTime !== undefined) props.push(headerProperty('Model.scenarioTime', next.scenarioTime));
  if (next?.description !== undefined) props.push(headerProperty('Model.description', next.description));
  if (next?.modelingAuthoritySet !== undefined) props.push(headerProperty('Model.modelingAuthoritySet', next.modelingAuthoritySet));
  for (const p of next?.profiles ?? base?.profiles ?? []) props.push(headerProperty('Model.profile', p));
  if (next?.version !== undefined) props.push(headerProperty('Model.version', next.version));
  for (const d of next?.dependentOn ?? []) props.push(headerProperty('Model.DependentOn', `urn:uuid:${d}`, true));
  if (base) props.push(headerProperty('Model.Supersedes', `urn:uuid:${base.id}`, true));
  const object: CimObject = { ns: DM_NS, local: 'DifferenceModel', id, rawId: `urn:uuid:${id}`, idForm: 'about', section: 'model', properties: props, line: 0, column: 0 };
  return {
    kind: 'DifferenceModel',
    style: 'md',
    id,
    created,
    ...(next?.scenarioTime !== undefined ? { scenarioTime: next.scenarioTime } : {}),
    ...(next?.description !== undefined ? { description: next.description } : {}),
    ...(next?.modelingAuthoritySet !== undefined ? { modelingAuthoritySet: next.modelingAuthoritySet } : {}),
    ...(next?.version !== undefined ? { version: next.version } : {}),
    profiles: [...(next?.profiles ?? base?.profiles ?? [])],
    dependentOn: [...(next?.dependentOn ?? [])],
    supersedes: base ? [base.id] : [],
    object,
  };
}

/** The whole object as one element, typed when the entry has a class. */
export function wholeObject(e: IndexEntry, section: Section): CimObject {
  const f = e.first;
  const o: CimObject = { ns: e.ns, local: e.local, id: e.id, rawId: f.rawId, idForm: f.idForm, section, properties: e.properties, line: f.line, column: f.column };
  if (e.ns === '' || f.idForm !== 'ID') {
    // An untyped or rdf:about object keeps its about form.
    o.idForm = f.idForm === 'ID' ? 'about' : f.idForm;
    o.rawId = f.idForm === 'ID' ? `#${f.rawId}` : f.rawId;
  }
  if (f.base !== undefined) o.base = f.base;
  return o;
}

/** An rdf:Description of an existing object, holding some of its statements. */
export function description(e: IndexEntry, section: Section, properties: Property[]): CimObject {
  const f = e.first;
  const o: CimObject = {
    ns: '',
    local: '',
    id: e.id,
    rawId: f.idForm === 'ID' ? `#${f.rawId}` : f.rawId,
    idForm: f.idForm === 'ID' ? 'about' : f.idForm,
    section,
    properties,
    line: f.line,
    column: f.column,
  };
  if (f.base !== undefined) o.base = f.base;
  return o;
}

/** The statements of `e` whose keys are not in `other`, as properties (class as rdf:type). */
export function missingFrom(e: IndexEntry, other: Set<string>, equality: Equality): Property[] {
  const out: Property[] = [];
  const seen = new Set<string>();
  if (e.ns !== '') {
    const k = classKey(e.ns, e.local);
    if (!other.has(k)) out.push(typeProperty(e.ns, e.local));
    seen.add(k);
  }
  for (const p of e.properties) {
    const k = propertyKey(p, equality);
    if (seen.has(k)) continue;
    seen.add(k);
    if (!other.has(k)) out.push(p);
  }
  return out;
}

/** True when two entries hold the same statements in the same order (the common, cheap case). */
export function sameInOrder(a: IndexEntry, b: IndexEntry): boolean {
  if (a.ns !== b.ns || a.local !== b.local || a.properties.length !== b.properties.length) return false;
  for (let i = 0; i < a.properties.length; i++) {
    const p = a.properties[i]!;
    const q = b.properties[i]!;
    if (p.value !== q.value || p.local !== q.local || p.ns !== q.ns || p.ref !== q.ref || p.lang !== q.lang || p.datatype !== q.datatype) return false;
  }
  return true;
}

/** Computes the Difference Model that turns `base` into `next`. */
export function diffModels(base: CimModel, next: CimModel, options: DiffOptions = {}): CimModel {
  const equality: Equality = options.exact ? 'exact' : 'numeric';
  const b = ModelIndex.of(base);
  const n = ModelIndex.of(next);
  const forward: CimObject[] = [];
  const reverse: CimObject[] = [];
  const forwardChanged: CimObject[] = [];
  for (const ne of n.entries) {
    const be = b.get(ne.id);
    if (!be) {
      forward.push(wholeObject(ne, 'forwardDifferences'));
      continue;
    }
    if (sameInOrder(be, ne)) continue;
    const added = missingFrom(ne, entryKeys(be, equality), equality);
    const removed = missingFrom(be, entryKeys(ne, equality), equality);
    if (removed.length > 0) reverse.push(description(be, 'reverseDifferences', removed));
    if (added.length > 0) forwardChanged.push(description(ne, 'forwardDifferences', added));
  }
  const reverseRemoved: CimObject[] = [];
  for (const be of b.entries) if (!n.has(be.id)) reverseRemoved.push(wholeObject(be, 'reverseDifferences'));
  const created = options.created ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = options.id ?? derivedUuid(`ltds-diff\u0000${base.header?.id ?? ''}\u0000${next.header?.id ?? ''}\u0000${equality}`);
  return {
    header: differenceHeader(id, created, base.header, next.header),
    objects: [...reverseRemoved, ...reverse, ...forward, ...forwardChanged],
    namespaces: next.namespaces.size > 0 ? next.namespaces : base.namespaces,
    ...(next.base !== undefined ? { base: next.base } : {}),
  };
}
