// The JSON projection of a model, for API clients that ask for application/json:
// {header, objects:[{id, class, section, attributes, references}]}.

import { headerFields } from './header.js';
import { normaliseId, isLocalReference } from './identity.js';
import type { CimModel, CimObject, ModelHeader } from './model.js';
import { STANDARD_PREFIXES } from './namespaces.js';

/** One object in the JSON projection; multi-valued properties become arrays. */
export interface JsonObject {
  id: string;
  class: string | null;
  section?: string;
  attributes: Record<string, string | string[]>;
  references: Record<string, string | string[]>;
}

/** The JSON projection of a whole model. */
export interface JsonModel {
  header: Omit<ModelHeader, 'object'> | null;
  namespaces: Record<string, string>;
  objects: JsonObject[];
}

/** A namespace → prefix function: the document's own declarations first, then standard prefixes. */
export function prefixerFor(namespaces: Iterable<[string, string]>): (ns: string) => string {
  const byNs = new Map<string, string>();
  for (const [prefix, ns] of namespaces) if (!byNs.has(ns) && prefix !== '') byNs.set(ns, prefix);
  for (const [ns, prefix] of STANDARD_PREFIXES) if (!byNs.has(ns)) byNs.set(ns, prefix);
  return (ns) => byNs.get(ns) ?? ns;
}

function add(record: Record<string, string | string[]>, key: string, value: string): void {
  const existing = record[key];
  if (existing === undefined) record[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else record[key] = [existing, value];
}

/** One object in the projection; `prefix` names namespaces. */
export function objectToJson(o: CimObject, prefix: (ns: string) => string): JsonObject {
  const j: JsonObject = { id: o.id, class: o.ns === '' ? null : `${prefix(o.ns)}:${o.local}`, attributes: {}, references: {} };
  if (o.section !== 'model') j.section = o.section;
  for (const p of o.properties) {
    const key = `${prefix(p.ns)}:${p.local}`;
    if (p.ref) add(j.references, key, isLocalReference(p.value) ? normaliseId(p.value) : p.value);
    else add(j.attributes, key, p.value);
  }
  return j;
}

/** The JSON projection of a model. */
export function modelToJson(model: CimModel): JsonModel {
  const prefix = prefixerFor(model.namespaces);
  const header = model.header ? headerFields(model.header) : null;
  const namespaces: Record<string, string> = {};
  for (const [p, ns] of model.namespaces) namespaces[p] = ns;
  return { header, namespaces, objects: model.objects.map((o) => objectToJson(o, prefix)) };
}
