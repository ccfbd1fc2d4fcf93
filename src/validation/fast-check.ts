// The per-value SHACL test the streaming phase runs, compiled once per property shape: answers
// "does this value conform?" without building RDF terms, arrays or closures per value. Only when a
// value fails is the full evaluation (`failingComponents`) run, to name the failing components.

import { SH_NS as SH } from '../cim-xml/namespaces.js';
import type { PropertyConstraint, ShapeTerm } from '../profiles/types.js';
import { nodeIri, regexOf } from './shacl-eval.js';
import { compareLiterals, lexicalChecker, RDF_LANG_STRING, XSD } from './xsd.js';

const NUMERIC = new Set(['float', 'double', 'decimal', 'integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedInt', 'unsignedLong']);

/** A range bound, pre-parsed when it is a number. */
interface Bound {
  term: ShapeTerm;
  num: number | undefined;
}

/** One property shape's value-level components, ready to evaluate. */
export class ValueCheck {
  private readonly datatype: string | undefined;
  private readonly iriOk: boolean;
  private readonly literalOk: boolean;
  private readonly inIris: Set<string> | undefined;
  private readonly inLiterals: Set<string> | undefined;
  private readonly pattern: RegExp | null | undefined;
  private readonly bounds: { b: Bound; kind: number }[] = [];
  private readonly minLength: number | undefined;
  private readonly maxLength: number | undefined;
  /** True when the check reads the IRI text of a reference (sh:in, sh:pattern, lengths). */
  private readonly needsIri: boolean;

  constructor(c: PropertyConstraint) {
    this.datatype = c.datatype;
    let iriOk = true;
    let literalOk = true;
    if (c.nodeKind !== undefined) {
      const k = c.nodeKind.slice(SH.length);
      iriOk = k === 'IRI' || k === 'BlankNodeOrIRI' || k === 'IRIOrLiteral';
      literalOk = k === 'Literal' || k === 'BlankNodeOrLiteral' || k === 'IRIOrLiteral';
    }
    this.iriOk = iriOk;
    this.literalOk = literalOk;
    if (c.in !== undefined) {
      this.inIris = new Set();
      this.inLiterals = new Set();
      for (const t of c.in) {
        if ('iri' in t) this.inIris.add(t.iri);
        else this.inLiterals.add(`${t.literal}\u0000${t.datatype}\u0000${t.lang ?? ''}`);
      }
    }
    if (c.pattern !== undefined) this.pattern = regexOf(c.pattern.source, c.pattern.flags);
    const bound = (t: ShapeTerm | undefined, kind: number): void => {
      if (t === undefined) return;
      let num: number | undefined;
      if (!('iri' in t) && t.datatype.startsWith(XSD) && NUMERIC.has(t.datatype.slice(XSD.length)) && lexicalChecker(t.datatype)(t.literal)) {
        const n = Number(t.literal.replace(/INF$/, 'Infinity'));
        if (!Number.isNaN(n)) num = n;
      }
      this.bounds.push({ b: { term: t, num }, kind });
    };
    bound(c.minInclusive, 0);
    bound(c.maxInclusive, 1);
    bound(c.minExclusive, 2);
    bound(c.maxExclusive, 3);
    this.minLength = c.minLength;
    this.maxLength = c.maxLength;
    this.needsIri = c.in !== undefined || c.pattern !== undefined || c.minLength !== undefined || c.maxLength !== undefined;
  }

  /**
   * True when the value conforms to every value-level component. `v` is the normalised identity
   * for a reference (`ref`), else the literal; `dt` the literal's datatype (rdf:langString with
   * `lang`); `lexOk` whether the literal is in the lexical space of `dt` (undefined: not computed).
   */
  conforms(ref: boolean, v: string, dt: string, lang: string | undefined, lexOk: boolean | undefined): boolean {
    if (ref) {
      if (this.datatype !== undefined || !this.iriOk || this.bounds.length > 0) return false;
      if (!this.needsIri) return true;
      const iri = nodeIri(v);
      if (this.inIris !== undefined && !this.inIris.has(iri)) return false;
      return this.textOk(iri);
    }
    if (!this.literalOk) return false;
    if (this.datatype !== undefined) {
      if (dt !== this.datatype) return false;
      if (dt !== RDF_LANG_STRING && !(lexOk ?? lexicalChecker(dt)(v))) return false;
    }
    if (this.inLiterals !== undefined && !this.inLiterals.has(`${v}\u0000${dt}\u0000${lang ?? ''}`)) return false;
    if (!this.textOk(v)) return false;
    for (const { b, kind } of this.bounds) {
      let cmp: number | undefined;
      if (b.num !== undefined && dt.startsWith(XSD) && NUMERIC.has(dt.slice(XSD.length))) {
        if (!(lexOk ?? lexicalChecker(dt)(v))) return false;
        const x = Number(v.endsWith('INF') ? v.replace(/INF$/, 'Infinity') : v);
        if (Number.isNaN(x)) return false;
        cmp = x < b.num ? -1 : x > b.num ? 1 : 0;
      } else {
        if ('iri' in b.term) return false;
        cmp = compareLiterals({ value: v, datatype: dt }, { value: b.term.literal, datatype: b.term.datatype });
        if (cmp === undefined) return false;
      }
      if (kind === 0 ? cmp < 0 : kind === 1 ? cmp > 0 : kind === 2 ? cmp <= 0 : cmp >= 0) return false;
    }
    return true;
  }

  private textOk(text: string): boolean {
    if (this.pattern !== undefined && (this.pattern === null || !this.pattern.test(text))) return false;
    if (this.minLength !== undefined || this.maxLength !== undefined) {
      let n = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0xdc00 || c > 0xdfff || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) n++;
      }
      if (this.minLength !== undefined && n < this.minLength) return false;
      if (this.maxLength !== undefined && n > this.maxLength) return false;
    }
    return true;
  }
}
