// Compiles set-scoped shape files (registry `setShapes`) into shape trees: the general SHACL Core
// subset (logical components, sh:hasValue, sh:node, sh:qualifiedValueShape, sequence paths of
// predicates and inverse predicates), evaluated by src/validation/set-shapes.ts over the merged data
// graph of a set. A component outside the subset makes the file invalid (PROFILE_INVALID): these are
// our own rule files, and a rule that would be silently half-evaluated is worse than none.

import { readFileSync } from 'node:fs';
import { Parser, Store, type Term } from 'n3';
import { RDF_NS as RDF, SH_NS as SH } from '../cim-xml/namespaces.js';
import { LtdsError } from '../errors/index.js';
import { graphReader, severityOf, termOf } from './shape-graph.js';
import type { SetShapeRule, TreeShape } from './types.js';

const DCTERMS_SOURCE = 'http://purl.org/dc/terms/source';

/** Predicates of a shape that carry no constraint, or that the compiler reads as structure. */
const STRUCTURE = new Set(
  ['name', 'description', 'message', 'severity', 'deactivated', 'path', 'targetClass', 'group', 'order', 'qualifiedMinCount', 'qualifiedMaxCount', 'qualifiedValueShapesDisjoint', 'flags'].map((l) => SH + l),
);
const SUPPORTED = new Set(
  ['minCount', 'maxCount', 'hasValue', 'in', 'class', 'datatype', 'nodeKind', 'pattern', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'minLength', 'maxLength', 'and', 'or', 'xone', 'not', 'node', 'property', 'qualifiedValueShape'].map(
    (l) => SH + l,
  ),
);

/** Compiles the node shapes (those with sh:targetClass) of set-scoped shape files. */
export function compileSetShapes(paths: readonly string[]): SetShapeRule[] {
  const out: SetShapeRule[] = [];
  for (const path of paths) {
    let store: Store;
    try {
      store = new Store(new Parser({ baseIRI: `file://${path}` }).parse(readFileSync(path, 'utf8')));
    } catch (err) {
      throw new LtdsError('PROFILE_INVALID', `cannot read the shapes ${path}: ${(err as Error).message}`, { path }, { file: path }, err);
    }
    out.push(...compileStore(store, path));
  }
  return out;
}

function compileStore(store: Store, file: string): SetShapeRule[] {
  const { one, all, list } = graphReader(store);
  const invalid = (shape: string, what: string): never => {
    throw new LtdsError('PROFILE_INVALID', `set-scoped shapes ${file}: shape ${shape}: ${what}`, { path: file }, { file });
  };
  const name = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

  const pathOf = (t: Term, shape: string): { p: string; inv: boolean }[] => {
    const step = (s: Term): { p: string; inv: boolean } => {
      if (s.termType === 'NamedNode') return { p: s.value, inv: false };
      const inv = one(s, SH + 'inversePath');
      if (inv?.termType === 'NamedNode') return { p: inv.value, inv: true };
      return invalid(shape, 'only predicates, inverse predicates and sequences of them are supported as sh:path');
    };
    if (t.termType !== 'NamedNode' && one(t, RDF + 'first')) return list(t).map(step);
    return [step(t)];
  };

  const seen = new Map<string, TreeShape>();
  const open = new Set<string>();
  const tree = (t: Term, depth: number): TreeShape => {
    const id = name(t);
    if (open.has(id)) return invalid(id, 'the shape refers to itself (recursive shapes are undefined in SHACL Core)');
    const known = seen.get(id);
    if (known) return known;
    if (depth > 64) return invalid(id, 'shapes nested too deeply');
    const s: TreeShape = { id };
    for (const q of store.getQuads(t, null, null, null)) {
      const p = q.predicate.value;
      if (!p.startsWith(SH) || STRUCTURE.has(p)) continue;
      if (!SUPPORTED.has(p)) invalid(id, `sh:${p.slice(SH.length)} is not supported in set-scoped shapes`);
    }
    const pathTerm = one(t, SH + 'path');
    if (pathTerm) s.path = pathOf(pathTerm, id);
    const int = (p: string): number | undefined => {
      const v = one(t, SH + p);
      return v ? Number(v.value) : undefined;
    };
    for (const k of ['minCount', 'maxCount', 'minLength', 'maxLength'] as const) {
      const v = int(k);
      if (v !== undefined) s[k] = v;
    }
    const hv = all(t, SH + 'hasValue');
    if (hv.length > 0) s.hasValue = hv.map(termOf);
    const inList = one(t, SH + 'in');
    if (inList) s.in = list(inList).map(termOf);
    const classes = all(t, SH + 'class').map((x) => x.value);
    if (classes.length > 0) s.classes = classes;
    const dt = one(t, SH + 'datatype');
    if (dt) s.datatype = dt.value;
    const nk = one(t, SH + 'nodeKind');
    if (nk) s.nodeKind = nk.value;
    const pattern = one(t, SH + 'pattern');
    if (pattern) s.pattern = { source: pattern.value, flags: one(t, SH + 'flags')?.value ?? '' };
    for (const k of ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const) {
      const v = one(t, SH + k);
      if (v) s[k] = termOf(v);
    }
    open.add(id);
    for (const k of ['and', 'or', 'xone'] as const) {
      const lists = all(t, SH + k).map((head) => list(head).map((m) => tree(m, depth + 1)));
      if (lists.length > 0) s[k] = lists;
    }
    const not = all(t, SH + 'not').map((m) => tree(m, depth + 1));
    if (not.length > 0) s.not = not;
    const node = all(t, SH + 'node').map((m) => tree(m, depth + 1));
    if (node.length > 0) s.node = node;
    const property = all(t, SH + 'property').map((m) => tree(m, depth + 1));
    if (property.length > 0) s.property = property;
    const qvs = all(t, SH + 'qualifiedValueShape');
    if (qvs.length > 0) {
      if (!s.path) invalid(id, 'sh:qualifiedValueShape needs sh:path');
      const min = int('qualifiedMinCount');
      const max = int('qualifiedMaxCount');
      s.qualified = qvs.map((m) => ({ shape: tree(m, depth + 1), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }));
    }
    open.delete(id);
    seen.set(id, s);
    return s;
  };

  const rules: SetShapeRule[] = [];
  const targeted = new Set(store.getQuads(null, SH + 'targetClass', null, null).map((q) => q.subject));
  for (const t of targeted) {
    if (one(t, SH + 'deactivated')?.value === 'true') continue;
    if (one(t, SH + 'path')) invalid(name(t), 'a set-scoped shape with a target must be a node shape');
    const rule: SetShapeRule = {
      shape: name(t),
      severity: severityOf(one(t, SH + 'severity')?.value),
      targetClasses: all(t, SH + 'targetClass').map((x) => x.value),
      root: tree(t, 0),
    };
    const nm = one(t, SH + 'name');
    if (nm) rule.name = nm.value;
    const msg = one(t, SH + 'message');
    if (msg) rule.message = msg.value;
    const src = one(t, DCTERMS_SOURCE);
    if (src) rule.source = src.value;
    rules.push(rule);
  }
  return rules;
}
