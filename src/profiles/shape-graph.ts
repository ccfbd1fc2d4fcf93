// What both shape compilers (shacl.ts for the profiles' shapes, shape-tree.ts for set-scoped rule
// files) read off a parsed Turtle graph: objects of a subject's predicate, RDF lists, a shape's
// severity and a term as the compiled shapes keep it.

import type { Store, Term } from 'n3';
import { RDF_NS as RDF, SH_NS as SH } from '../cim-xml/namespaces.js';
import type { Severity, ShapeTerm } from './types.js';

/** sh:Warning and sh:Info by name; anything else (sh:Violation, absent) is an error. */
export function severityOf(iri: string | undefined): Severity {
  if (iri === SH + 'Warning') return 'warning';
  if (iri === SH + 'Info') return 'info';
  return 'error';
}

/** A literal (value, datatype, language) or an IRI/blank node (its value). */
export function termOf(t: Term): ShapeTerm {
  if (t.termType === 'Literal') {
    const lit = t as unknown as { value: string; language: string; datatype: { value: string } };
    const out: ShapeTerm = { literal: lit.value, datatype: lit.datatype.value };
    if (lit.language) out.lang = lit.language;
    return out;
  }
  return { iri: t.value };
}

/** Readers over one graph: the first object, every object, and the members of an RDF list (at most 100,000). */
export function graphReader(store: Store): {
  one: (s: Term, p: string) => Term | undefined;
  all: (s: Term, p: string) => Term[];
  list: (head: Term | undefined) => Term[];
} {
  const one = (s: Term, p: string): Term | undefined => store.getObjects(s, p, null)[0];
  const all = (s: Term, p: string): Term[] => store.getObjects(s, p, null);
  const list = (head: Term | undefined): Term[] => {
    const items: Term[] = [];
    let node = head;
    for (let guard = 0; node && node.value !== RDF + 'nil' && guard < 100000; guard++) {
      const first = one(node, RDF + 'first');
      if (first) items.push(first);
      node = one(node, RDF + 'rest');
    }
    return items;
  };
  return { one, all, list };
}
