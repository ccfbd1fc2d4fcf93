// Set-scoped shapes (registry `setShapes`, compiled by src/profiles/shape-tree.ts): evaluated once,
// after every file is read, over the data graph of the whole set — the statements of every file
// given for the predicates the shapes' paths name, merged by subject, and the declared class of each
// object. So a rule can join a value written in SSH (RegulatingCondEq.controlEnabled) with a
// reference written in EQ (RegulatingCondEq.RegulatingControl). Focus nodes are the objects of the
// target classes declared (rdf:ID) in a file given: an object whose declaration is missing is left to
// the reference checks, never judged on half its statements.
//
// Semantics are SHACL Core's (https://www.w3.org/TR/shacl/#core-components-logical and following);
// value nodes compare as RDF terms (a literal's datatype comes from the vocabulary, as elsewhere).

import type { SetShapeRule, ShapeTerm, TreeShape } from '../profiles/types.js';
import type { Identities } from './identities.js';
import type { Hierarchy } from './profile-set.js';
import { RDF_TYPE } from './profile-set.js';
import { SHACL_RULE, type ShaclComponent } from './rules.js';
import { failingComponents, idOfIri, nodeIri, prefixed, termEquals, type ValueTerm } from './shacl-eval.js';
import type { Finding } from './types.js';

/** One failing constraint component on a focus node. */
interface Failure {
  component: ShaclComponent;
  path?: string;
  value?: ValueTerm;
}

function keyOf(t: ValueTerm): string {
  return 'iri' in t ? `I${t.iri}` : `L${t.literal}\u0000${t.datatype}\u0000${t.lang ?? ''}`;
}

function distinct(values: ValueTerm[]): ValueTerm[] {
  if (values.length < 2) return values;
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = keyOf(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pathText(path: readonly { p: string; inv: boolean }[]): string {
  return path.map((s) => (s.inv ? '^' : '') + prefixed(s.p)).join('/');
}

function collectPredicates(s: TreeShape, out: Set<string>, seen: Set<TreeShape>): void {
  if (seen.has(s)) return;
  seen.add(s);
  for (const st of s.path ?? []) if (st.p !== RDF_TYPE) out.add(st.p);
  for (const lists of [s.and, s.or, s.xone]) for (const l of lists ?? []) for (const m of l) collectPredicates(m, out, seen);
  for (const m of [...(s.not ?? []), ...(s.node ?? []), ...(s.property ?? [])]) collectPredicates(m, out, seen);
  for (const q of s.qualified ?? []) collectPredicates(q.shape, out, seen);
}

/** The statements of the set that the set-scoped shapes read, and their evaluation. */
export class SetGraph {
  /** Predicates the shapes' paths name: only their statements are kept. */
  readonly predicates: ReadonlySet<string>;
  private readonly rules: SetShapeRule[];
  private readonly bySubject = new Map<string, Map<string, ValueTerm[]>>();
  private readonly inverse = new Map<string, Map<string, ValueTerm[]>>();

  constructor(rules: readonly SetShapeRule[]) {
    const byShape = new Map<string, SetShapeRule>();
    for (const r of rules) if (!byShape.has(r.shape)) byShape.set(r.shape, r);
    this.rules = [...byShape.values()];
    const preds = new Set<string>();
    const seen = new Set<TreeShape>();
    for (const r of this.rules) collectPredicates(r.root, preds, seen);
    this.predicates = preds;
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Records one statement (subject: a normalised identity). */
  add(subject: string, pred: string, value: ValueTerm): void {
    let props = this.bySubject.get(subject);
    if (!props) this.bySubject.set(subject, (props = new Map()));
    const list = props.get(pred);
    if (list === undefined) props.set(pred, [value]);
    else list.push(value);
  }

  private inverseOf(pred: string): Map<string, ValueTerm[]> {
    let inv = this.inverse.get(pred);
    if (inv) return inv;
    inv = new Map();
    for (const [subject, props] of this.bySubject) {
      for (const v of props.get(pred) ?? []) {
        if (!('iri' in v)) continue;
        const list = inv.get(v.iri);
        const s = { iri: nodeIri(subject) };
        if (list === undefined) inv.set(v.iri, [s]);
        else list.push(s);
      }
    }
    this.inverse.set(pred, inv);
    return inv;
  }

  /**
   * Evaluates every set-scoped shape on its focus nodes; `place` gives where an identity is declared
   * (file name, line, column) and its class; findings go to `push`.
   */
  evaluate(ids: Identities, hierarchy: Hierarchy, place: (k: number) => { file: string; line: number; column: number; name: string | undefined }, push: (f: Finding) => void): void {
    if (this.rules.length === 0) return;
    const ev = new Evaluator(this, ids, hierarchy);
    // The rules that target each class, worked out once per class (a set has a few hundred classes
    // and can have millions of objects).
    const byClass = new Map<string, SetShapeRule[]>();
    const rulesOf = (cls: string): SetShapeRule[] => {
      let rules = byClass.get(cls);
      if (rules === undefined) {
        const ancestors = hierarchy.ancestors(cls);
        rules = this.rules.filter((rule) => rule.targetClasses.some((t) => ancestors.has(t)));
        byClass.set(cls, rules);
      }
      return rules;
    };
    for (const [id, k] of ids.entries()) {
      if (!ids.isDeclared(k)) continue;
      const cls = ids.cls[k]!;
      const rules = rulesOf(cls);
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r]!;
        const failures = ev.validate(rule.root, { iri: nodeIri(id) });
        if (failures.length === 0) continue;
        const at = place(k);
        for (const fl of failures) push(findingOf(rule, fl, id, cls, at));
      }
    }
  }

  /** The values of `pred` on the node (empty for literals). */
  objects(node: ValueTerm, pred: string, inv: boolean): ValueTerm[] {
    if (!('iri' in node)) return [];
    if (inv) return this.inverseOf(pred).get(node.iri) ?? [];
    return this.bySubject.get(idOfIri(node.iri))?.get(pred) ?? [];
  }
}

function findingOf(rule: SetShapeRule, fl: Failure, id: string, cls: string, at: { file: string; line: number; column: number; name: string | undefined }): Finding {
  const v = fl.value === undefined ? undefined : 'iri' in fl.value ? idOfIri(fl.value.iri) : fl.value.literal;
  const label = `${prefixed(cls)} ${at.name !== undefined ? `'${at.name}' ` : ''}(${id})`;
  const what = `${fl.path !== undefined ? `${fl.path} ` : ''}fails ${fl.component.replace('ConstraintComponent', '')}${v !== undefined ? ` (value '${fl.value && 'iri' in fl.value ? prefixed(v) : v}')` : ''}`;
  const f: Finding = {
    severity: rule.severity,
    rule: SHACL_RULE[fl.component],
    message: `${label}: ${rule.name ?? prefixed(rule.shape)}: ${what}${rule.message ? ` — ${rule.message}` : ''}`,
    file: at.file,
    line: at.line,
    column: at.column,
    subject: id,
    className: prefixed(cls),
    shape: rule.shape,
    component: fl.component,
  };
  if (fl.path !== undefined) f.property = fl.path;
  if (v !== undefined && v !== id) f.value = v;
  return f;
}

/** SHACL Core evaluation of shape trees over a {@link SetGraph}. */
class Evaluator {
  constructor(
    private readonly graph: SetGraph,
    private readonly ids: Identities,
    private readonly hierarchy: Hierarchy,
  ) {}

  private pathValues(focus: ValueTerm, path: readonly { p: string; inv: boolean }[]): ValueTerm[] {
    let nodes = [focus];
    for (const step of path) {
      const next: ValueTerm[] = [];
      for (const n of nodes) {
        if (step.p === RDF_TYPE && !step.inv) {
          if (!('iri' in n)) continue;
          const k = this.ids.typed(idOfIri(n.iri));
          if (k >= 0) next.push({ iri: this.ids.cls[k]! });
        } else next.push(...this.graph.objects(n, step.p, step.inv));
      }
      nodes = distinct(next);
    }
    return nodes;
  }

  private isInstance(v: ValueTerm, cls: string): boolean {
    if (!('iri' in v)) return false;
    const k = this.ids.typed(idOfIri(v.iri));
    return k >= 0 && this.hierarchy.ancestors(this.ids.cls[k]!).has(cls);
  }

  conforms(s: TreeShape, v: ValueTerm): boolean {
    return this.validate(s, v).length === 0;
  }

  /** The failures of focus node `v` against shape `s`. */
  validate(s: TreeShape, v: ValueTerm): Failure[] {
    if (s.path === undefined) return this.nodeFailures(s, v, undefined);
    const path = pathText(s.path);
    const values = this.pathValues(v, s.path);
    const out: Failure[] = [];
    if (s.minCount !== undefined && values.length < s.minCount) out.push({ component: 'sh:MinCountConstraintComponent', path });
    if (s.maxCount !== undefined && values.length > s.maxCount) out.push({ component: 'sh:MaxCountConstraintComponent', path });
    for (const hv of s.hasValue ?? []) {
      if (!values.some((x) => termEquals(x, hv))) out.push({ component: 'sh:HasValueConstraintComponent', path });
    }
    for (const q of s.qualified ?? []) {
      const n = values.filter((x) => this.conforms(q.shape, x)).length;
      if (q.min !== undefined && n < q.min) out.push({ component: 'sh:QualifiedMinCountConstraintComponent', path });
      if (q.max !== undefined && n > q.max) out.push({ component: 'sh:QualifiedMaxCountConstraintComponent', path });
    }
    for (const x of values) out.push(...this.nodeFailures(s, x, path));
    return out;
  }

  /** The value-level and logical components of `s` on one value node. */
  private nodeFailures(s: TreeShape, v: ValueTerm, path: string | undefined): Failure[] {
    const out: Failure[] = [];
    const at = (component: ShaclComponent): Failure => ({ component, ...(path !== undefined ? { path } : {}), value: v });
    for (const c of failingComponents(s, v)) out.push(at(c));
    if (path === undefined) for (const hv of s.hasValue ?? []) if (!termEquals(v, hv as ShapeTerm)) out.push(at('sh:HasValueConstraintComponent'));
    for (const cls of s.classes ?? []) if (!this.isInstance(v, cls)) out.push(at('sh:ClassConstraintComponent'));
    for (const members of s.and ?? []) if (!members.every((m) => this.conforms(m, v))) out.push(at('sh:AndConstraintComponent'));
    for (const members of s.or ?? []) if (!members.some((m) => this.conforms(m, v))) out.push(at('sh:OrConstraintComponent'));
    for (const members of s.xone ?? []) if (members.filter((m) => this.conforms(m, v)).length !== 1) out.push(at('sh:XoneConstraintComponent'));
    for (const m of s.not ?? []) if (this.conforms(m, v)) out.push(at('sh:NotConstraintComponent'));
    for (const m of s.node ?? []) if (!this.conforms(m, v)) out.push(at('sh:NodeConstraintComponent'));
    for (const p of s.property ?? []) out.push(...this.validate(p, v));
    return out;
  }
}
