// The RDF statements a model stands for, and their N-Triples / N-Quads form.
// Difference Model sections become named graphs (see `sectionGraph`), the header stays in the default graph.

import { iriOfId, resolveIri } from './iri.js';
import type { CimModel, CimObject, Property, Section } from './model.js';
import { DM_NS, RDF_NS, XSD_NS } from './namespaces.js';

/** An RDF term in plain form. */
export type Term =
  | { kind: 'iri'; value: string }
  | { kind: 'blank'; value: string }
  | { kind: 'literal'; value: string; lang?: string; datatype?: string };

/** One statement; `graph` is set for statements inside a Difference Model section. */
export interface Statement {
  subject: Term;
  predicate: string;
  object: Term;
  graph?: string;
}

const RDF_TYPE = RDF_NS + 'type';
const XSD_STRING = XSD_NS + 'string';

/** The named graph that holds a Difference Model section's statements: `dm:<section>`. */
export function sectionGraph(section: Section): string | undefined {
  return section === 'model' ? undefined : DM_NS + section;
}

/** The subject term of an object against a base IRI. */
export function subjectOf(o: CimObject, base: string): Term {
  const b = o.base ?? base;
  switch (o.idForm) {
    case 'ID':
      return { kind: 'iri', value: iriOfId(o.rawId, b) };
    case 'about':
      return { kind: 'iri', value: resolveIri(o.rawId, b) };
    default:
      return { kind: 'blank', value: o.id.startsWith('_:') ? o.id.slice(2) : o.id };
  }
}

/** The object term of a property against a base IRI. */
export function valueOf(p: Property, base: string): Term {
  if (p.ref) {
    if (p.value.startsWith('_:')) return { kind: 'blank', value: p.value.slice(2) };
    return { kind: 'iri', value: resolveIri(p.value, base) };
  }
  const t: Term = { kind: 'literal', value: p.value };
  if (p.lang !== undefined) t.lang = p.lang;
  else if (p.datatype !== undefined && p.datatype !== XSD_STRING) t.datatype = p.datatype;
  return t;
}

/** Statements of one object, in property order (the class statement first). */
export function* objectStatements(o: CimObject, base: string): Generator<Statement> {
  const subject = subjectOf(o, base);
  const graph = sectionGraph(o.section);
  const b = o.base ?? base;
  if (o.ns !== '') yield withGraph({ subject, predicate: RDF_TYPE, object: { kind: 'iri', value: o.ns + o.local } }, graph);
  for (const p of o.properties) yield withGraph({ subject, predicate: p.ns + p.local, object: valueOf(p, b) }, graph);
}

function withGraph(s: Statement, graph: string | undefined): Statement {
  if (graph !== undefined) s.graph = graph;
  return s;
}

/** Every statement of a model: the header's, then each object's. */
export function* modelStatements(model: CimModel, base: string): Generator<Statement> {
  const b = model.base ?? base;
  if (model.header) yield* objectStatements(model.header.object, b);
  for (const o of model.objects) yield* objectStatements(o, b);
}

// N-Triples IRIREF excludes controls, space and <>"{}|^`\ — written as \u escapes.
// eslint-disable-next-line no-control-regex
const IRI_UNSAFE = /[\u0000-\u0020<>"{}|^`\\]/;
// eslint-disable-next-line no-control-regex
const IRI_UNSAFE_ALL = /[\u0000-\u0020<>"{}|^`\\]/g;

function escapeIri(iri: string): string {
  return IRI_UNSAFE.test(iri)
    ? iri.replace(IRI_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    : iri;
}

function escapeLiteral(s: string): string {
  return /["\\\n\r]/.test(s) ? s.replace(/["\\\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`)) : s;
}

/** A term in N-Triples syntax. */
export function termToNt(t: Term): string {
  if (t.kind === 'iri') return `<${escapeIri(t.value)}>`;
  if (t.kind === 'blank') return `_:${t.value}`;
  let s = `"${escapeLiteral(t.value)}"`;
  if (t.lang !== undefined) s += `@${t.lang}`;
  else if (t.datatype !== undefined && t.datatype !== XSD_STRING) s += `^^<${escapeIri(t.datatype)}>`;
  return s;
}

/** One statement as an N-Triples line (N-Quads when `quads` and the statement has a graph), without newline. */
export function statementToNt(s: Statement, quads = false): string {
  const g = quads && s.graph !== undefined ? ` <${escapeIri(s.graph)}>` : '';
  return `${termToNt(s.subject)} <${escapeIri(s.predicate)}> ${termToNt(s.object)}${g} .`;
}
