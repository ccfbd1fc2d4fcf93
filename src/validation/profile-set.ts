// The profiles a file declares, merged, and the per-class rule tables built from them on first use:
// for each class, the property rules keyed by predicate and the shape constraints that target it.
// The per-object cost depends only on the rules of the object's own class.

import { mergeVocabularies } from '../profiles/rdfs.js';
import type { Property } from '../cim-xml/model.js';
import type { CompiledProfile, CompiledVocabulary, NodeShapeRule, PropertyConstraint, VocabProperty } from '../profiles/types.js';
import { ValueCheck } from './fast-check.js';
import { lexicalChecker, XSD } from './xsd.js';

const NO_PREDICATES: string[] = [];

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The class hierarchy of every vocabulary in use: class → itself and all its superclasses. */
export class Hierarchy {
  private readonly supers = new Map<string, string[]>();
  private readonly cache = new Map<string, ReadonlySet<string>>();

  add(vocab: CompiledVocabulary): void {
    for (const [iri, c] of Object.entries(vocab.classes)) {
      const prev = this.supers.get(iri);
      if (!prev) this.supers.set(iri, [...c.supers]);
      else for (const s of c.supers) if (!prev.includes(s)) prev.push(s);
    }
    this.cache.clear();
  }

  /** The class and all its superclasses. */
  ancestors(cls: string): ReadonlySet<string> {
    let a = this.cache.get(cls);
    if (a) return a;
    const out = new Set<string>();
    const stack = [cls];
    while (stack.length > 0) {
      const c = stack.pop() as string;
      if (out.has(c)) continue;
      out.add(c);
      for (const s of this.supers.get(c) ?? []) stack.push(s);
    }
    a = out;
    this.cache.set(cls, a);
    return a;
  }

  /** Every direct subClassOf edge (for the oracle's data graph). */
  edges(): [string, string][] {
    const out: [string, string][] = [];
    for (const [c, ss] of this.supers) for (const s of ss) out.push([c, s]);
    return out;
  }
}

/** Vocabulary state of a predicate on a class. */
export const VOCAB_OK = 0;
export const VOCAB_UNKNOWN = 1;
export const VOCAB_DOMAIN = 2;

/** The rules for one predicate on one class. */
export interface PropRule {
  iri: string;
  vocabState: number;
  vocab: VocabProperty | undefined;
  /** The datatype a literal of this predicate carries in the RDF graph (from the vocabulary, else xsd:string). */
  datatype: string;
  /** Constraints (indices into the set's constraints) with a simple path on this predicate. */
  valueChecks: number[];
  /** Slot in the per-object count array, or -1. */
  countSlot: number;
  /** Closed node shapes that do not allow this predicate. */
  notAllowedBy: NodeShapeRule[];
  /** The compiled value tests of `valueChecks` (same order). */
  checks: ValueCheck[];
  /** For enumerations: the members. */
  enumMembers: ReadonlySet<string> | undefined;
  /** For literals with a datatype: its lexical-space test. */
  lexical: ((value: string) => boolean) | undefined;
  /** True when a deferred constraint of the class reads this predicate's values. */
  deferred: boolean;
  /** True when an inverse path uses this predicate (its references are indexed). */
  inverse: boolean;
  /** True when any SHACL work is needed for this predicate's values (value checks, closed shapes, deferred). */
  shaclValue: boolean;
  /** True when a set-scoped shape reads this predicate (its statements are kept for the end). */
  keepForSet: boolean;
}

/** The rules for one class. */
export interface ClassRules {
  cls: string;
  /** True when a declared profile defines the class. */
  known: boolean;
  props: Map<string, Map<string, PropRule>>;
  /** Count constraints on simple paths: slot → constraint. */
  countChecks: { slot: number; c: number }[];
  nSlots: number;
  /** Closed shapes that do not allow rdf:type. */
  typeNotAllowedBy: NodeShapeRule[];
  closed: NodeShapeRule[];
  /** Constraints needing other objects (inverse or sequence paths, sh:class). */
  deferred: number[];
  /** Every constraint that applies (for oracle-comparable listing). */
  constraints: number[];
  /** Predicates (first steps of simple and sequence paths) the deferred constraints read. */
  deferredPreds: Set<string>;
  /** True when a deferred constraint has an inverse path (it waits for every file). */
  hasInverse: boolean;
}

/** The merged profiles of one file. */
export class ProfileSet {
  readonly key: string;
  readonly keywords: string[];
  readonly vocab: CompiledVocabulary;
  readonly constraints: PropertyConstraint[] = [];
  readonly nodeShapes: NodeShapeRule[] = [];
  /** Predicates used by inverse paths (their references are indexed per file). */
  readonly inversePreds = new Set<string>();
  private readonly byClass = new Map<string, number[]>();
  private readonly bySubjectsOf = new Map<string, number[]>();
  private readonly rules = new Map<string, ClassRules>();
  private readonly subjectsOfRules = new Map<string, ClassRules>();
  private readonly valueCheckCache: (ValueCheck | undefined)[] = [];
  private subjectsOfList: string[] | undefined;
  private subjectsOfLocals: Set<string> | undefined;
  private readonly enumSets = new Map<string, ReadonlySet<string>>();

  constructor(
    profiles: readonly CompiledProfile[],
    readonly hierarchy: Hierarchy,
    /** The predicates the run's set-scoped shapes read (src/validation/set-shapes.ts). */
    private readonly setPredicates?: ReadonlySet<string>,
  ) {
    this.key = profiles.map((p) => p.id).join('+');
    this.keywords = [...new Set(profiles.map((p) => p.keyword))];
    this.vocab = mergeVocabularies(profiles.map((p) => p.vocabulary));
    const propIndex = new Map<string, number>();
    const shapeSeen = new Map<string, number>();
    for (const p of profiles) {
      const local: number[] = [];
      p.shapes.properties.forEach((c, i) => {
        let at = propIndex.get(c.shape);
        if (at === undefined) {
          at = this.constraints.length;
          this.constraints.push(c);
          propIndex.set(c.shape, at);
          if (c.path.kind === 'inv') this.inversePreds.add(c.path.p);
        }
        local[i] = at;
      });
      for (const ns of p.shapes.nodeShapes) {
        const props = ns.properties.map((i) => local[i]!);
        const seen = shapeSeen.get(ns.shape);
        if (seen !== undefined) {
          // The shapes graph is the union of its files: a node shape written in several files (the
          // per-profile parts of one shape file) has all their property shapes and allowed predicates.
          const rule = this.nodeShapes[seen]!;
          for (const i of props) if (!rule.properties.includes(i)) rule.properties.push(i);
          if (rule.closed && ns.closed) for (const a of ns.closed.allowed) if (!rule.closed.allowed.includes(a)) rule.closed.allowed.push(a);
          continue;
        }
        const rule: NodeShapeRule = { ...ns, properties: props, ...(ns.closed ? { closed: { allowed: [...ns.closed.allowed] } } : {}) };
        const n = this.nodeShapes.length;
        shapeSeen.set(ns.shape, n);
        this.nodeShapes.push(rule);
        for (const c of rule.targetClasses) (this.byClass.get(c) ?? this.byClass.set(c, []).get(c))?.push(n);
        for (const c of rule.targetSubjectsOf) (this.bySubjectsOf.get(c) ?? this.bySubjectsOf.set(c, []).get(c))?.push(n);
      }
    }
  }

  private namespaces: Map<string, number> | undefined;

  /** Namespace → how many classes and properties of the vocabularies are in it. */
  private namespaceCounts(): Map<string, number> {
    if (this.namespaces) return this.namespaces;
    const m = new Map<string, number>();
    for (const iri of [...Object.keys(this.vocab.classes), ...Object.keys(this.vocab.properties)]) {
      const ns = iri.slice(0, Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
      m.set(ns, (m.get(ns) ?? 0) + 1);
    }
    return (this.namespaces = m);
  }

  /** True when some class or property of the vocabularies is in the namespace. */
  usesNamespace(ns: string): boolean {
    return this.namespaceCounts().has(ns);
  }

  /** The namespace most of the vocabularies' names are in (the CIM namespace). */
  mainNamespace(): string | undefined {
    let best: string | undefined;
    let n = 0;
    for (const [ns, c] of this.namespaceCounts()) if (c > n) [best, n] = [ns, c];
    return best;
  }

  /** True when one of the profiles defines the class as instantiable (not a datatype or enumeration). */
  definesClass(cls: string): boolean {
    const c = this.vocab.classes[cls];
    return c !== undefined && !c.datatype && !c.enumeration;
  }

  /** Node shapes (indices) whose targetClass is the class or one of its superclasses. */
  private shapesFor(cls: string): number[] {
    const out = new Set<number>();
    for (const a of this.hierarchy.ancestors(cls)) for (const n of this.byClass.get(a) ?? []) out.add(n);
    return [...out].sort((a, b) => a - b);
  }

  /** Predicates that make a subject a focus node (sh:targetSubjectsOf). */
  subjectsOfPredicates(): string[] {
    return (this.subjectsOfList ??= [...this.bySubjectsOf.keys()]);
  }

  /**
   * The `sh:targetSubjectsOf` predicates among an object's properties, in the order of
   * {@link subjectsOfPredicates}. One pass over the properties; an IRI is built only for a property
   * whose local name is one of those predicates' (this runs for every object).
   */
  subjectsOfPresent(props: readonly Property[]): string[] {
    const locals = (this.subjectsOfLocals ??= new Set(this.subjectsOfPredicates().map((iri) => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1))));
    let hits: Set<string> | undefined;
    for (const p of props) if (locals.has(p.local) && this.bySubjectsOf.has(p.ns + p.local)) (hits ??= new Set()).add(p.ns + p.local);
    return hits === undefined ? NO_PREDICATES : this.subjectsOfPredicates().filter((sp) => (hits as Set<string>).has(sp));
  }

  /** The compiled value test of constraint `i` (built once). */
  valueCheck(i: number): ValueCheck {
    let v = this.valueCheckCache[i];
    if (v === undefined) this.valueCheckCache[i] = v = new ValueCheck(this.constraints[i]!);
    return v;
  }

  /** The rules of a class (built on first use). */
  classRules(cls: string): ClassRules {
    let r = this.rules.get(cls);
    if (!r) {
      r = this.build(cls, this.shapesFor(cls));
      this.rules.set(cls, r);
    }
    return r;
  }

  /** Rules for a class plus the node shapes of sh:targetSubjectsOf predicates the object has. */
  classRulesWithSubjectsOf(cls: string, preds: readonly string[]): ClassRules {
    if (preds.length === 0) return this.classRules(cls);
    const key = `${cls}\u0000${preds.join('\u0000')}`;
    let r = this.subjectsOfRules.get(key);
    if (!r) {
      const shapes = new Set(this.shapesFor(cls));
      for (const p of preds) for (const n of this.bySubjectsOf.get(p) ?? []) shapes.add(n);
      r = this.build(cls, [...shapes].sort((a, b) => a - b));
      this.subjectsOfRules.set(key, r);
    }
    return r;
  }

  private build(cls: string, shapeIdx: number[]): ClassRules {
    const constraints = new Set<number>();
    const closed: NodeShapeRule[] = [];
    const ancestors = this.hierarchy.ancestors(cls);
    for (const n of shapeIdx) {
      const ns = this.nodeShapes[n]!;
      for (const c of ns.properties) {
        // `sh:or ( [ sh:class C ] <shape> )`: satisfied outright by an instance of C.
        const unless = (this.constraints[c]!).orOf?.unlessClasses;
        if (unless !== undefined && unless.some((u) => ancestors.has(u))) continue;
        constraints.add(c);
      }
      if (ns.closed) closed.push(ns);
    }
    const list = [...constraints].sort((a, b) => a - b);
    const slots = new Map<string, number>();
    const countChecks: { slot: number; c: number }[] = [];
    const deferred: number[] = [];
    const deferredPreds = new Set<string>();
    for (const i of list) {
      const c = this.constraints[i]!;
      if (c.path.kind !== 'pred') {
        deferred.push(i);
        if (c.path.kind === 'seq' && !c.path.steps[0]?.inv) deferredPreds.add(c.path.steps[0]?.p ?? '');
        continue;
      }
      if (c.classes) {
        deferred.push(i);
        deferredPreds.add(c.path.p);
      }
      if (c.minCount !== undefined || c.maxCount !== undefined) {
        let slot = slots.get(c.path.p);
        if (slot === undefined) slots.set(c.path.p, (slot = slots.size));
        countChecks.push({ slot, c: i });
      }
    }
    const rules: ClassRules = {
      cls,
      known: this.definesClass(cls),
      props: new Map(),
      countChecks,
      nSlots: slots.size,
      typeNotAllowedBy: closed.filter((s) => !s.closed?.allowed.includes(RDF_TYPE)),
      closed,
      deferred,
      constraints: list,
      deferredPreds,
      hasInverse: deferred.some((i) => this.constraints[i]?.path.kind === 'inv'),
    };
    (rules as ClassRules & { slots: Map<string, number> }).slots = slots;
    return rules;
  }

  /** The rule of a predicate on a class (built on first use). */
  propRule(rules: ClassRules, ns: string, local: string): PropRule {
    let byNs = rules.props.get(ns);
    if (!byNs) rules.props.set(ns, (byNs = new Map()));
    let r = byNs.get(local);
    if (r) return r;
    const iri = ns + local;
    const vocab = this.vocab.properties[iri];
    let vocabState = VOCAB_OK;
    if (!vocab) vocabState = VOCAB_UNKNOWN;
    else if (!this.hierarchy.ancestors(rules.cls).has(vocab.domain)) vocabState = VOCAB_DOMAIN;
    const valueChecks: number[] = [];
    for (const i of rules.constraints) {
      const c = this.constraints[i]!;
      if (c.path.kind === 'pred' && c.path.p === iri && hasValueComponent(c)) valueChecks.push(i);
    }
    const slots = (rules as ClassRules & { slots: Map<string, number> }).slots;
    const notAllowedBy = rules.closed.filter((s) => !s.closed?.allowed.includes(iri));
    const deferred = rules.deferredPreds.has(iri);
    r = {
      iri,
      vocabState,
      vocab,
      datatype: this.literalDatatype(iri),
      valueChecks,
      countSlot: slots.get(iri) ?? -1,
      notAllowedBy,
      checks: valueChecks.map((i) => this.valueCheck(i)),
      enumMembers: vocab?.kind === 'enum' ? this.enumSet(vocab.range ?? '') : undefined,
      lexical: vocab?.kind === 'literal' && vocab.datatype !== undefined ? lexicalChecker(vocab.datatype) : undefined,
      deferred,
      inverse: this.inversePreds.has(iri),
      shaclValue: valueChecks.length > 0 || notAllowedBy.length > 0 || deferred,
      keepForSet: this.setPredicates?.has(iri) ?? false,
    };
    byNs.set(local, r);
    return r;
  }

  private enumSet(range: string): ReadonlySet<string> {
    let m = this.enumSets.get(range);
    if (!m) this.enumSets.set(range, (m = new Set(this.vocab.enums[range] ?? [])));
    return m;
  }

  /** The datatype of a literal of this predicate in the RDF graph: from the vocabulary, else xsd:string. */
  literalDatatype(iri: string): string {
    const v = this.vocab.properties[iri];
    return v?.kind === 'literal' && v.datatype !== undefined ? v.datatype : XSD + 'string';
  }
}

/** True when the constraint has a component evaluated on each value (not only counts or sh:class). */
export function hasValueComponent(c: PropertyConstraint): boolean {
  return (
    c.datatype !== undefined ||
    c.nodeKind !== undefined ||
    c.in !== undefined ||
    c.pattern !== undefined ||
    c.minInclusive !== undefined ||
    c.maxInclusive !== undefined ||
    c.minExclusive !== undefined ||
    c.maxExclusive !== undefined ||
    c.minLength !== undefined ||
    c.maxLength !== undefined
  );
}
