// Identity normalisation: `rdf:ID="_x"`, `rdf:about="#_x"`, `rdf:about="urn:uuid:x"` and the same
// forms in `rdf:resource` all name the object whose identity is `x`.

const URN_UUID = 'urn:uuid:';

/** The normalised identity of an id or reference as written (`_x`, `#_x`, `urn:uuid:x` → `x`). */
export function normaliseId(raw: string): string {
  let s = raw;
  if (s.charCodeAt(0) === 0x23 /* # */) s = s.slice(1);
  else if (s.startsWith(URN_UUID)) s = s.slice(URN_UUID.length);
  else if (s.includes(':')) return s; // any other absolute IRI is its own identity
  if (s.charCodeAt(0) === 0x5f /* _ */) s = s.slice(1);
  return s;
}

/** The normalised form of a `cim:IdentifiedObject.mRID` value (with or without `urn:uuid:`). */
export function normaliseMrid(value: string): string {
  const s = value.trim();
  return s.startsWith(URN_UUID) ? s.slice(URN_UUID.length) : s;
}

/** True when a reference as written points into the same document (`#x`) or at a urn:uuid. */
export function isLocalReference(raw: string): boolean {
  return raw.charCodeAt(0) === 0x23 || raw.startsWith(URN_UUID);
}
