// Statement sets for comparing our reader with independent RDF/XML parsers.

import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { Quad, Term as RdfTerm } from '@rdfjs/types';
import { modelStatements, statementToNt, termToNt, type Term } from '../../src/cim-xml/statements.js';
import type { CimModel } from '../../src/cim-xml/model.js';

/** Our statements as a set of N-Quads lines. */
export function ourStatements(model: CimModel, base: string): Set<string> {
  const out = new Set<string>();
  for (const s of modelStatements(model, base)) out.add(statementToNt(s, true));
  return out;
}

function toTerm(t: RdfTerm): Term {
  if (t.termType === 'NamedNode') return { kind: 'iri', value: t.value };
  if (t.termType === 'BlankNode') return { kind: 'blank', value: t.value };
  if (t.termType === 'Literal') {
    const term: Term = { kind: 'literal', value: t.value };
    if (t.language) term.lang = t.language;
    else term.datatype = t.datatype.value;
    return term;
  }
  throw new Error(`unexpected term type ${t.termType}`);
}

/** rdfxml-streaming-parser's statements for the same document, as N-Triples lines. */
export async function rdfxmlStatements(text: string, base: string): Promise<Set<string>> {
  const parser = new RdfXmlParser({ baseIRI: base });
  const out = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (q: Quad) => {
      out.add(`${termToNt(toTerm(q.subject))} ${termToNt(toTerm(q.predicate))} ${termToNt(toTerm(q.object))} .`);
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    parser.end();
  });
  return out;
}
