// Reads an RDFS vocabulary (RDF/XML, the RDFS2020 / "Augmented" style ENTSO-E and Ofgem publish)
// into the compiled vocabulary tables: classes with superclasses, properties with domain, value kind,
// XSD datatype or range class, and enumeration members.
//
// RDFS files are general RDF/XML (rdf:parseType="Literal" comments, xml:base, rdf:Description), so
// they are read with a full RDF/XML parser, not the CIM XML reader. The result is cached (cache.ts).

import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CIMS_NS as CIMS, RDF_NS as RDF, RDFS_NS as RDFS, XSD_NS as XSD } from '../cim-xml/namespaces.js';
import { LtdsError } from '../errors/index.js';
import type { CompiledVocabulary, VocabClass } from './types.js';

const UML = 'http://iec.ch/TC57/NonStandard/UML#';
export { XSD };

/** CIM primitive class local name → the XSD datatype of its values (IEC 61970-501 / CGMES conventions). */
const PRIMITIVES: ReadonlyMap<string, string> = new Map([
  ['Float', 'float'],
  ['Double', 'double'],
  ['Integer', 'integer'],
  ['Decimal', 'decimal'],
  ['Boolean', 'boolean'],
  ['String', 'string'],
  ['DateTime', 'dateTime'],
  ['Date', 'date'],
  ['Time', 'time'],
  ['Duration', 'duration'],
  ['MonthDay', 'gMonthDay'],
  ['URI', 'anyURI'],
  ['IRI', 'anyURI'],
  ['UUID', 'string'],
]);

function localOf(iri: string): string {
  const i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return iri.slice(i + 1);
}

/** One triple with the object's term type. */
interface Triple {
  s: string;
  p: string;
  o: string;
  literal: boolean;
}

/** Parses an RDF/XML file into triples (blank nodes as `_:` labels). */
export async function readRdfXmlTriples(path: string): Promise<Triple[]> {
  const triples: Triple[] = [];
  // Loaded on first use: only a cache miss needs the RDF/XML parser (start-up stays cheap).
  const { RdfXmlParser } = await import('rdfxml-streaming-parser');
  const parser = new RdfXmlParser({ baseIRI: pathToFileURL(path).href });
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error): void => {
      reject(new LtdsError('PROFILE_INVALID', `cannot read the vocabulary ${path}: ${err.message}`, { path }, { file: path }, err));
    };
    parser.on('data', (q: { subject: { termType: string; value: string }; predicate: { value: string }; object: { termType: string; value: string } }) => {
      const s = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
      const o = q.object.termType === 'BlankNode' ? `_:${q.object.value}` : q.object.value;
      triples.push({ s, p: q.predicate.value, o, literal: q.object.termType === 'Literal' });
    });
    parser.on('error', fail);
    parser.on('end', () => resolve());
    const input = createReadStream(path);
    input.on('error', fail);
    input.pipe(parser);
  });
  return triples;
}

/** Compiles RDFS triples into vocabulary tables. */
export function compileVocabulary(triples: readonly Triple[]): CompiledVocabulary {
  const types = new Map<string, Set<string>>();
  const by = new Map<string, Map<string, string[]>>();
  for (const t of triples) {
    let m = by.get(t.s);
    if (!m) by.set(t.s, (m = new Map()));
    const list = m.get(t.p);
    if (list) list.push(t.o);
    else m.set(t.p, [t.o]);
    if (t.p === RDF + 'type') {
      let ts = types.get(t.s);
      if (!ts) types.set(t.s, (ts = new Set()));
      ts.add(t.o);
    }
  }
  const get = (s: string, p: string): string[] => by.get(s)?.get(p) ?? [];
  const stereotypes = (s: string): string[] => get(s, CIMS + 'stereotype');

  const vocab: CompiledVocabulary = { classes: {}, properties: {}, enums: {} };
  for (const [s, ts] of types) {
    if (!ts.has(RDFS + 'Class')) continue;
    const st = stereotypes(s);
    const cls: VocabClass = { supers: get(s, RDFS + 'subClassOf') };
    if (st.includes(UML + 'enumeration') || st.includes('enumeration')) cls.enumeration = true;
    if (st.includes('Primitive') || st.includes('CIMDatatype') || st.includes('Compound')) cls.datatype = true;
    vocab.classes[s] = cls;
  }
  // Enumeration members: resources typed with an enumeration class.
  for (const [s, ts] of types) {
    for (const t of ts) {
      if (vocab.classes[t]?.enumeration) (vocab.enums[t] ??= []).push(s);
    }
  }
  for (const members of Object.values(vocab.enums)) members.sort();

  const primitiveOf = (cls: string, depth = 0): string | undefined => {
    const c = vocab.classes[cls];
    const st = stereotypes(cls);
    if (st.includes('Primitive') || (!c && PRIMITIVES.has(localOf(cls)))) return XSD + (PRIMITIVES.get(localOf(cls)) ?? 'string');
    if (depth > 4) return undefined;
    // A CIMDatatype: the datatype of its `.value` attribute.
    const value = `${cls}.value`;
    const dt = get(value, CIMS + 'dataType')[0];
    if (dt !== undefined) return primitiveOf(dt, depth + 1);
    return undefined;
  };

  for (const [s, ts] of types) {
    if (!ts.has(RDF + 'Property')) continue;
    const domain = get(s, RDFS + 'domain')[0];
    if (domain === undefined) continue;
    if (vocab.classes[domain]?.datatype) continue; // attributes of CIM datatypes (value, unit, multiplier)
    const used = get(s, CIMS + 'AssociationUsed')[0];
    if (used !== undefined && used.toLowerCase() === 'no') continue;
    const dataType = get(s, CIMS + 'dataType')[0];
    const range = get(s, RDFS + 'range')[0];
    if (dataType !== undefined) {
      vocab.properties[s] = { domain, kind: 'literal', datatype: primitiveOf(dataType) ?? XSD + 'string' };
    } else if (range !== undefined) {
      const enumeration = vocab.classes[range]?.enumeration === true;
      vocab.properties[s] = { domain, kind: enumeration ? 'enum' : 'ref', range };
    } else {
      vocab.properties[s] = { domain, kind: 'literal', datatype: XSD + 'string' };
    }
  }
  return vocab;
}

/** Reads and compiles one RDFS file. */
export async function loadVocabulary(path: string): Promise<CompiledVocabulary> {
  return compileVocabulary(await readRdfXmlTriples(path));
}

/** Merges vocabularies: classes and properties by IRI (later files add superclasses and members). */
export function mergeVocabularies(list: readonly CompiledVocabulary[]): CompiledVocabulary {
  const out: CompiledVocabulary = { classes: {}, properties: {}, enums: {} };
  for (const v of list) {
    for (const [iri, c] of Object.entries(v.classes)) {
      const prev = out.classes[iri];
      if (!prev) out.classes[iri] = { ...c, supers: [...c.supers] };
      else {
        for (const s of c.supers) if (!prev.supers.includes(s)) prev.supers.push(s);
        if (c.enumeration) prev.enumeration = true;
        if (c.datatype) prev.datatype = true;
      }
    }
    for (const [iri, p] of Object.entries(v.properties)) out.properties[iri] ??= p;
    for (const [iri, members] of Object.entries(v.enums)) {
      const prev = out.enums[iri];
      if (!prev) out.enums[iri] = [...members];
      else for (const m of members) if (!prev.includes(m)) prev.push(m);
    }
  }
  return out;
}
