// Normalises the two header styles (md:FullModel / dm:DifferenceModel, and the dcat-style header
// of IEC 61970-552 Ed.2) into one ModelHeader.

import { normaliseId } from './identity.js';
import type { CimObject, ModelHeader } from './model.js';
import { DCAT_NS, DCTERMS_NS, DM_NS, MD_NS } from './namespaces.js';

/** Header field a property fills, keyed by `namespace + local`. */
type Field = 'created' | 'scenarioTime' | 'description' | 'modelingAuthoritySet' | 'version' | 'profiles' | 'dependentOn' | 'supersedes';

const FIELDS: ReadonlyMap<string, Field> = new Map([
  [MD_NS + 'Model.created', 'created'],
  [MD_NS + 'Model.scenarioTime', 'scenarioTime'],
  [MD_NS + 'Model.description', 'description'],
  [MD_NS + 'Model.modelingAuthoritySet', 'modelingAuthoritySet'],
  [MD_NS + 'Model.version', 'version'],
  [MD_NS + 'Model.profile', 'profiles'],
  [MD_NS + 'Model.DependentOn', 'dependentOn'],
  [MD_NS + 'Model.Supersedes', 'supersedes'],
  [DCTERMS_NS + 'issued', 'created'],
  [DCAT_NS + 'startDate', 'scenarioTime'],
  [DCTERMS_NS + 'description', 'description'],
  [DCTERMS_NS + 'publisher', 'modelingAuthoritySet'],
  [DCAT_NS + 'version', 'version'],
  [DCTERMS_NS + 'conformsTo', 'profiles'],
  [DCTERMS_NS + 'requires', 'dependentOn'],
  [DCTERMS_NS + 'replaces', 'supersedes'],
]);

/** True when a class names a model header. */
export function isHeaderClass(ns: string, local: string): boolean {
  return (ns === MD_NS && local === 'FullModel') || (ns === DM_NS && local === 'DifferenceModel') || (ns === DCAT_NS && local === 'Dataset');
}

/** Builds the normalised header from the header object as read. */
export function headerFromObject(o: CimObject): ModelHeader {
  const h: ModelHeader = {
    kind: o.local === 'DifferenceModel' ? 'DifferenceModel' : 'FullModel',
    style: o.ns === DCAT_NS ? 'dcat' : 'md',
    id: normaliseId(o.rawId),
    profiles: [],
    dependentOn: [],
    supersedes: [],
    object: o,
  };
  for (const p of o.properties) {
    const field = FIELDS.get(p.ns + p.local);
    if (field === undefined) {
      if (p.ns === DCTERMS_NS && p.local === 'identifier' && h.id === '') h.id = normaliseId(p.value);
      continue;
    }
    if (field === 'profiles') h.profiles.push(p.value);
    else if (field === 'dependentOn' || field === 'supersedes') h[field].push(normaliseId(p.value));
    else h[field] = p.value;
  }
  return h;
}

/** Section names of a Difference Model header property (`dm:forwardDifferences` or `dm:DifferenceModel.forwardDifferences`). */
export function sectionOf(ns: string, local: string): 'preconditions' | 'forwardDifferences' | 'reverseDifferences' | undefined {
  if (ns !== DM_NS) return undefined;
  const name = local.startsWith('DifferenceModel.') ? local.slice('DifferenceModel.'.length) : local;
  return name === 'preconditions' || name === 'forwardDifferences' || name === 'reverseDifferences' ? name : undefined;
}

/** The normalised header fields without the raw header object (for JSON output). */
export function headerFields(h: ModelHeader): Omit<ModelHeader, 'object'> {
  const { object: _object, ...fields } = h;
  return fields;
}
