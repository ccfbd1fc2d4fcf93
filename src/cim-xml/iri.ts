// IRI resolution the way RDF/XML defines it: `rdf:ID` and `#fragment` against the base,
// other relative references by RFC 3986 (through WHATWG URL for the rare general case).

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The base without its fragment. */
export function stripFragment(base: string): string {
  const i = base.indexOf('#');
  return i === -1 ? base : base.slice(0, i);
}

/** Resolves a reference as written against a base IRI. */
export function resolveIri(ref: string, base: string): string {
  if (ref.charCodeAt(0) === 0x23 /* # */) return stripFragment(base) + ref;
  if (SCHEME.test(ref)) return ref;
  if (ref === '') return stripFragment(base);
  try {
    return new URL(ref, base).href;
  } catch {
    return stripFragment(base) + ref;
  }
}

/** The subject IRI of an `rdf:ID`. */
export function iriOfId(id: string, base: string): string {
  return `${stripFragment(base)}#${id}`;
}
