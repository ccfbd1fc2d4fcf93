// Evaluation of the value-level SHACL Core components on one value node, as the SHACL
// specification defines them (https://www.w3.org/TR/shacl/#core-components-value-type and following).

import { SH_NS as SH } from '../cim-xml/namespaces.js';
import { LTDSP_NS } from '../profiles/provisional.js';
import type { PropertyConstraint, ShapePath, ShapeTerm } from '../profiles/types.js';
import { compareLiterals, isLexicallyValid, RDF_LANG_STRING } from './xsd.js';
import type { ShaclComponent } from './rules.js';

/** A value node: an IRI or a literal with its datatype (and language). */
export type ValueTerm = { iri: string } | { literal: string; datatype: string; lang?: string };

/** The IRI a CIM identity stands for in the RDF graph: absolute IRIs stay, others become `urn:uuid:`. */
export function nodeIri(id: string): string {
  return id.includes(':') ? id : `urn:uuid:${id}`;
}

/** The identity back from a node IRI. */
export function idOfIri(iri: string): string {
  return iri.startsWith('urn:uuid:') ? iri.slice(9) : iri;
}

export function termEquals(a: ValueTerm, b: ShapeTerm): boolean {
  if ('iri' in a) return 'iri' in b && a.iri === b.iri;
  if ('iri' in b) return false;
  return a.literal === b.literal && a.datatype === b.datatype && (a.lang ?? '') === (b.lang ?? '');
}

function lexical(t: ValueTerm): string {
  return 'iri' in t ? t.iri : t.literal;
}

const regexCache = new Map<string, RegExp | null>();
/** A compiled sh:pattern (null when the pattern is not a valid regular expression), cached. */
export function regexOf(source: string, flags: string): RegExp | null {
  const key = `${flags}/${source}`;
  let r = regexCache.get(key);
  if (r === undefined) {
    try {
      r = new RegExp(source, flags.replace(/[^imsux]/g, '').replace('x', ''));
    } catch {
      r = null;
    }
    regexCache.set(key, r);
  }
  return r;
}

/** The value-level constraint parameters of a shape (a compiled property shape or a shape tree node). */
export type ValueConstraints = Pick<PropertyConstraint, 'datatype' | 'nodeKind' | 'in' | 'pattern' | 'minInclusive' | 'maxInclusive' | 'minExclusive' | 'maxExclusive' | 'minLength' | 'maxLength'>;

/** The failing value-level components of a constraint for one value (empty when it conforms). */
export function failingComponents(c: ValueConstraints, v: ValueTerm): ShaclComponent[] {
  const out: ShaclComponent[] = [];
  const isIri = 'iri' in v;
  if (c.datatype !== undefined) {
    const ok = !isIri && v.datatype === c.datatype && (v.datatype === RDF_LANG_STRING || isLexicallyValid(v.datatype, v.literal));
    if (!ok) out.push('sh:DatatypeConstraintComponent');
  }
  if (c.nodeKind !== undefined) {
    const k = c.nodeKind.slice(SH.length);
    const ok = isIri ? k === 'IRI' || k === 'BlankNodeOrIRI' || k === 'IRIOrLiteral' : k === 'Literal' || k === 'BlankNodeOrLiteral' || k === 'IRIOrLiteral';
    if (!ok) out.push('sh:NodeKindConstraintComponent');
  }
  if (c.in !== undefined && !c.in.some((t) => termEquals(v, t))) out.push('sh:InConstraintComponent');
  if (c.pattern !== undefined) {
    const r = regexOf(c.pattern.source, c.pattern.flags);
    if (r === null || !r.test(lexical(v))) out.push('sh:PatternConstraintComponent');
  }
  const range = (bound: ShapeTerm | undefined, component: ShaclComponent, ok: (cmp: number) => boolean): void => {
    if (bound === undefined) return;
    if (isIri || 'iri' in bound) {
      out.push(component);
      return;
    }
    const cmp = compareLiterals({ value: v.literal, datatype: v.datatype }, { value: bound.literal, datatype: bound.datatype });
    if (cmp === undefined || !ok(cmp)) out.push(component);
  };
  range(c.minInclusive, 'sh:MinInclusiveConstraintComponent', (x) => x >= 0);
  range(c.maxInclusive, 'sh:MaxInclusiveConstraintComponent', (x) => x <= 0);
  range(c.minExclusive, 'sh:MinExclusiveConstraintComponent', (x) => x > 0);
  range(c.maxExclusive, 'sh:MaxExclusiveConstraintComponent', (x) => x < 0);
  if (c.minLength !== undefined && [...lexical(v)].length < c.minLength) out.push('sh:MinLengthConstraintComponent');
  if (c.maxLength !== undefined && [...lexical(v)].length > c.maxLength) out.push('sh:MaxLengthConstraintComponent');
  return out;
}

/** A prefixed IRI for messages (`cim:ACLineSegment.r`). */
export function prefixed(iri: string): string {
  for (const [ns, p] of PREFIXES) if (iri.startsWith(ns)) return `${p}:${iri.slice(ns.length)}`;
  return iri;
}

const PREFIXES: [string, string][] = [
  ['http://iec.ch/TC57/CIM100#', 'cim'],
  ['http://iec.ch/TC57/2013/CIM-schema-cim16#', 'cim'],
  ['http://iec.ch/TC57/CIM100-European#', 'eu'],
  ['http://entsoe.eu/CIM/SchemaExtension/3/1#', 'entsoe'],
  ['http://ofgem.gov.uk/ns/CIM/LTDS/Extensions#', 'gb'],
  [LTDSP_NS, 'ltdsp'],
  ['http://iec.ch/TC57/61970-552/ModelDescription/1#', 'md'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
  ['http://www.w3.org/2001/XMLSchema#', 'xsd'],
];

/** A path as findings name it: `cim:A.b`, `^cim:A.b`, `cim:A.b/rdf:type`. */
export function pathLabel(path: ShapePath): string {
  if (path.kind === 'pred') return prefixed(path.p);
  if (path.kind === 'inv') return `^${prefixed(path.p)}`;
  return path.steps.map((s) => (s.inv ? '^' : '') + prefixed(s.p)).join('/');
}
