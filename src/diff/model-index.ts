// The model index shared by diff, apply and (later) validation: objects looked up by normalised
// identity, each object's statements keyed so that set operations are cheap.

import { isLocalReference, normaliseId } from '../cim-xml/identity.js';
import type { CimModel, CimObject, Property } from '../cim-xml/model.js';
import { RDF_NS } from '../cim-xml/namespaces.js';

/** Numbers as CIM files spell them: `1`, `1.0`, `-0.5`, `1e+003`, `.5`. */
const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** How literal values compare: exactly as written, or numerically equal numbers as equal. */
export type Equality = 'exact' | 'numeric';

/** The comparison key of a literal value. */
export function literalKey(value: string, equality: Equality): string {
  if (equality === 'numeric' && NUMERIC.test(value)) return String(Number(value));
  return value;
}

/** The comparison key of one property statement (the subject is the entry it belongs to). */
export function propertyKey(p: Property, equality: Equality): string {
  if (p.ref) return `${p.ns}${p.local}\u0001R${isLocalReference(p.value) ? normaliseId(p.value) : p.value}`;
  return `${p.ns}${p.local}\u0001L${literalKey(p.value, equality)}\u0001${p.lang ?? ''}\u0001${p.datatype ?? ''}`;
}

/** The comparison key of an object's class statement. */
export function classKey(ns: string, local: string): string {
  return `${RDF_NS}type\u0001R${ns}${local}`;
}

/** The `rdf:type` of a typed object written as a property, for untyped descriptions in a diff. */
export function typeProperty(ns: string, local: string): Property {
  return { ns: RDF_NS, local: 'type', ref: true, value: ns + local, line: 0, column: 0 };
}

/** One object of a model, merged over every element that describes the same identity. */
export interface IndexEntry {
  id: string;
  /** The element that typed it (or the first that described it): its spelling and position. */
  first: CimObject;
  /** Class namespace and name; empty when no element typed it. */
  ns: string;
  local: string;
  /** Every property statement, in source order. */
  properties: Property[];
}

/** Objects by normalised identity, in first-seen order. */
export class ModelIndex {
  readonly entries: IndexEntry[] = [];
  private readonly byId = new Map<string, number>();

  constructor(objects: Iterable<CimObject> = []) {
    for (const o of objects) this.add(o);
  }

  /** Builds the index of a model's objects (the header is not part of it). */
  static of(model: CimModel): ModelIndex {
    return new ModelIndex(model.objects);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Adds an object, merging it into an existing entry with the same identity. */
  add(o: CimObject): IndexEntry {
    const at = this.byId.get(o.id);
    if (at === undefined) {
      // The object's own array is shared until a second element for the same identity arrives.
      const entry: IndexEntry = { id: o.id, first: o, ns: o.ns, local: o.local, properties: o.properties };
      this.byId.set(o.id, this.entries.length);
      this.entries.push(entry);
      return entry;
    }
    const entry = this.entries[at]!;
    if (entry.properties === entry.first.properties) entry.properties = [...entry.properties];
    if (entry.ns === '' && o.ns !== '') {
      entry.ns = o.ns;
      entry.local = o.local;
      entry.first = o;
    } else if (o.ns !== '' && (o.ns !== entry.ns || o.local !== entry.local)) {
      // A second class for the same identity stays a statement of its own.
      entry.properties.push(typeProperty(o.ns, o.local));
    }
    for (const p of o.properties) entry.properties.push(p);
    return entry;
  }

  get(id: string): IndexEntry | undefined {
    const at = this.byId.get(id);
    return at === undefined ? undefined : this.entries[at];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}

/** The statement keys of an entry: class first (if typed), then properties (set semantics). */
export function entryKeys(entry: IndexEntry, equality: Equality): Set<string> {
  const keys = new Set<string>();
  if (entry.ns !== '') keys.add(classKey(entry.ns, entry.local));
  for (const p of entry.properties) keys.add(propertyKey(p, equality));
  return keys;
}
