// Decoding objects read in span mode: the bytes of their elements are read again inside a root
// element that declares what the source's root declared, and the positions are mapped back to the
// source, so the records are the ones the normal mode gives.

import { escapeAttr } from './escape.js';
import type { CimObject } from './model.js';
import { RDF_NS } from './namespaces.js';
import { CimXmlReader, type RootContext } from './reader.js';

/** An object read in span mode: its element's bytes, and its identity and position. */
export interface SpanBytes {
  /** The element, from its `<` to the end of its end tag (`CimXmlReader.spanBytes`). */
  bytes: Buffer;
  /** The object's identity as the span pass gave it (kept for blank nodes' generated ids). */
  id: string;
  line: number;
  column: number;
}

/** The root start tag and end tag that give the elements inside it the context `root`. */
function wrapper(root: RootContext): { open: string; close: string } {
  let rdf: string | undefined;
  for (const [prefix, iri] of root.namespaces) if (iri === RDF_NS && (rdf === undefined || prefix !== '')) rdf = prefix;
  let extra = '';
  if (rdf === undefined) {
    rdf = 'rdf';
    for (let i = 0; root.namespaces.has(rdf); i++) rdf = `rdf${i}`;
    extra = ` xmlns:${rdf}="${RDF_NS}"`;
  }
  const name = rdf === '' ? 'RDF' : `${rdf}:RDF`;
  let open = `<${name}${extra}`;
  for (const [prefix, iri] of root.namespaces) open += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttr(iri)}"`;
  if (root.base !== undefined) open += ` xml:base="${escapeAttr(root.base)}"`;
  if (root.lang !== undefined) open += ` xml:lang="${escapeAttr(root.lang)}"`;
  return { open: `${open}>\n`, close: `</${name}>\n` };
}

/**
 * Decodes objects of the model section (direct children of the root) from the bytes of their
 * elements, given the root context of the input they were read from. Gives the records the normal
 * mode would have given: identity, positions and properties.
 */
export function decodeSpans(spans: readonly SpanBytes[], root: RootContext): CimObject[] {
  if (spans.length === 0) return [];
  const w = wrapper(root);
  const parts: Buffer[] = [Buffer.from(w.open, 'utf8')];
  for (const s of spans) parts.push(s.bytes, NEWLINE);
  parts.push(Buffer.from(w.close, 'utf8'));
  const decoded: CimObject[] = [];
  const reader = new CimXmlReader({ object: (o) => decoded.push(o) });
  reader.write(Buffer.concat(parts));
  reader.end();
  // A span that is not one object of the model section (a header, a section's content) cannot be
  // read this way: a caller error, not an input error.
  if (decoded.length !== spans.length) throw new Error(`decodeSpans: ${spans.length} spans gave ${decoded.length} objects`);
  for (let i = 0; i < decoded.length; i++) relocate(decoded[i]!, spans[i]!);
  return decoded;
}

const NEWLINE = Buffer.from('\n');

/** Moves a decoded object's positions (and generated blank identity) back to the source's. */
function relocate(d: CimObject, at: SpanBytes): void {
  const line = d.line;
  const shift = at.column - d.column;
  for (const p of d.properties) {
    if (p.line === line) p.column += shift;
    p.line += at.line - line;
  }
  d.id = at.id;
  d.line = at.line;
  d.column = at.column;
}
