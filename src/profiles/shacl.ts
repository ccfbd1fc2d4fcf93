// Reads SHACL shapes (Turtle, through n3) and compiles the supported Core subset into node-shape
// and property-shape tables. Every constraint outside that subset is listed as skipped, once per
// shape and component, never silently dropped.

import { RDF_NS as RDF, SH_NS as SH, XSD_NS as XSD } from '../cim-xml/namespaces.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Parser, Store, type Quad, type Term } from 'n3';
import { LtdsError } from '../errors/index.js';
import { graphReader, severityOf, termOf } from './shape-graph.js';
import type { CompiledShapes, NodeShapeRule, PropertyConstraint, ShapePath, SkippedConstraint } from './types.js';

/** Shape files written for one profile's file alone (CGMES 3.0 `...-AP-Con-Simple-SHACL.ttl`). */
const SINGLE_PROFILE_FILE = /-Simple-/i;


/** Shape-level predicates that carry no constraint (documentation, grouping, ordering). */
const NON_VALIDATING = new Set(
  ['description', 'group', 'order', 'name', 'message', 'severity', 'deactivated', 'path', 'property', 'targetClass', 'targetNode', 'targetSubjectsOf', 'closed', 'ignoredProperties', 'defaultValue', 'prefixes', 'declare', 'flags'].map((l) => SH + l),
);
/** Constraint parameters evaluated on property shapes. */
const PROPERTY_PARAMS = new Set(
  ['minCount', 'maxCount', 'datatype', 'class', 'in', 'pattern', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'minLength', 'maxLength', 'nodeKind'].map((l) => SH + l),
);
/** Component names of SHACL parameters we do not evaluate (reported as skipped). */
const COMPONENT_OF: Record<string, string> = {
  sparql: 'sh:SPARQLConstraintComponent',
  target: 'sh:target (SPARQL-based target)',
  targetObjectsOf: 'sh:targetObjectsOf',
  and: 'sh:AndConstraintComponent',
  or: 'sh:OrConstraintComponent',
  not: 'sh:NotConstraintComponent',
  xone: 'sh:XoneConstraintComponent',
  node: 'sh:NodeConstraintComponent',
  qualifiedValueShape: 'sh:QualifiedValueShapeConstraintComponent',
  lessThan: 'sh:LessThanConstraintComponent',
  lessThanOrEquals: 'sh:LessThanOrEqualsConstraintComponent',
  equals: 'sh:EqualsConstraintComponent',
  disjoint: 'sh:DisjointConstraintComponent',
  uniqueLang: 'sh:UniqueLangConstraintComponent',
  languageIn: 'sh:LanguageInConstraintComponent',
  hasValue: 'sh:HasValueConstraintComponent',
};

/** Compiles the shapes of several Turtle files into one table. */
export class ShapeCompiler {
  readonly out: CompiledShapes = { nodeShapes: [], properties: [], skipped: [] };
  private readonly propertyIndex = new Map<string, number>();
  private readonly skippedKeys = new Set<string>();

  /**
   * Shapes deactivated by any file of the set (`<shape> sh:deactivated true`): the shapes graph is the
   * union of its files, so a rule file of ours can switch off an upstream shape it replaces.
   */
  private readonly deactivated = new Set<string>();

  /** Parses and compiles one Turtle file. */
  addFile(path: string): void {
    this.addFiles([path]);
  }

  /** Parses several Turtle files, then compiles them as one shapes graph (deactivations apply across them). */
  addFiles(paths: readonly string[]): void {
    const stores = paths.map((path) => {
      let quads: Quad[];
      try {
        quads = new Parser({ baseIRI: `file://${path}` }).parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new LtdsError('PROFILE_INVALID', `cannot read the shapes ${path}: ${(err as Error).message}`, { path }, { file: path }, err);
      }
      const store = new Store(quads);
      for (const q of store.getQuads(null, SH + 'deactivated', null, null)) if (q.subject.termType === 'NamedNode' && q.object.value === 'true') this.deactivated.add(q.subject.value);
      return { store, path };
    });
    for (const { store, path } of stores) this.addStore(store, path);
  }

  private skip(shape: string, component: string, reason: string, file: string): void {
    const key = `${shape}\u0000${component}`;
    if (this.skippedKeys.has(key)) return;
    this.skippedKeys.add(key);
    const s: SkippedConstraint = { shape, component, reason, file };
    this.out.skipped.push(s);
  }

  private addStore(store: Store, file: string): void {
    const { one, all, list } = graphReader(store);
    /**
     * The one form of `sh:or` we evaluate: `sh:or ( [ sh:class C ]... <property shape> )` on a node
     * shape, "the focus node is a C, or it satisfies the property shape". It is how a shape is
     * narrowed to the instances of a class that are not of some subclass (IEC 61970-452's
     * "a RegulatingControl that is not a TapChangerControl ..."), exactly, without SPARQL.
     */
    const unlessClassOr = (t: Term): { classes: string[]; property: Term } | undefined => {
      const head = one(t, SH + 'or');
      if (!head) return undefined;
      const classes: string[] = [];
      let property: Term | undefined;
      for (const m of list(head)) {
        const preds = store.getQuads(m, null, null, null).map((q) => q.predicate.value);
        const cls = one(m, SH + 'class');
        if (cls && preds.every((p) => p === SH + 'class')) classes.push(cls.value);
        else if (one(m, SH + 'path') && property === undefined) property = m;
        else return undefined;
      }
      return property !== undefined && classes.length > 0 ? { classes, property } : undefined;
    };
    const fileTag = basename(file);
    const name = (t: Term): string => (t.termType === 'BlankNode' ? `_:${fileTag}:${t.value}` : t.value);

    const nodeShapes = new Map<string, Term>();
    for (const q of store.getQuads(null, RDF + 'type', SH + 'NodeShape', null)) nodeShapes.set(name(q.subject), q.subject);
    for (const p of ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'target']) {
      for (const q of store.getQuads(null, SH + p, null, null)) {
        if (store.getQuads(q.subject, SH + 'path', null, null).length === 0) nodeShapes.set(name(q.subject), q.subject);
      }
    }

    const pathOf = (t: Term, shape: string): ShapePath | undefined => {
      if (t.termType === 'NamedNode') return { kind: 'pred', p: t.value };
      const inv = one(t, SH + 'inversePath');
      if (inv) {
        if (inv.termType === 'NamedNode') return { kind: 'inv', p: inv.value };
        this.skip(shape, 'sh:inversePath of a complex path', 'only inverse paths of a single predicate are supported', file);
        return undefined;
      }
      if (one(t, RDF + 'first')) {
        const steps: { p: string; inv: boolean }[] = [];
        for (const item of list(t)) {
          if (item.termType === 'NamedNode') steps.push({ p: item.value, inv: false });
          else {
            const ip = one(item, SH + 'inversePath');
            if (ip && ip.termType === 'NamedNode') steps.push({ p: ip.value, inv: true });
            else {
              this.skip(shape, 'sh:path (sequence with complex steps)', 'sequence steps must be predicates or inverse predicates', file);
              return undefined;
            }
          }
        }
        // Supported: a predicate (or inverse) followed by rdf:type steps, the shape CGMES uses for value types.
        if (steps.length < 2 || steps.slice(1).some((st) => st.inv || st.p !== RDF + 'type')) {
          this.skip(shape, 'sh:path (sequence)', 'only sequence paths of the form ( p rdf:type ) are supported', file);
          return undefined;
        }
        return { kind: 'seq', steps };
      }
      for (const k of ['alternativePath', 'zeroOrMorePath', 'oneOrMorePath', 'zeroOrOnePath']) {
        if (one(t, SH + k)) {
          this.skip(shape, `sh:${k}`, 'this kind of property path is not supported', file);
          return undefined;
        }
      }
      this.skip(shape, 'sh:path', 'unrecognised property path', file);
      return undefined;
    };

    const reportUnsupported = (t: Term, shape: string, orSupported = false): void => {
      for (const q of store.getQuads(t, null, null, null)) {
        const p = q.predicate.value;
        if (!p.startsWith(SH) || NON_VALIDATING.has(p) || PROPERTY_PARAMS.has(p)) continue;
        if (orSupported && p === SH + 'or') continue;
        const local = p.slice(SH.length);
        if (local === 'select' || local === 'ask') continue;
        this.skip(shape, COMPONENT_OF[local] ?? `sh:${local}`, local === 'sparql' || local === 'target' ? 'SPARQL-based constraints and targets are not evaluated' : 'this constraint component is not supported', file);
      }
    };

    const propertyShape = (t: Term): number | undefined => {
      const id = name(t);
      const known = this.propertyIndex.get(id);
      if (known !== undefined) return known;
      if (one(t, SH + 'deactivated')?.value === 'true' || this.deactivated.has(id)) return undefined;
      const pathTerm = one(t, SH + 'path');
      if (!pathTerm) return undefined;
      reportUnsupported(t, id);
      const path = pathOf(pathTerm, id);
      if (!path) return undefined;
      const c: PropertyConstraint = { shape: id, path, severity: severityOf(one(t, SH + 'severity')?.value) };
      if (path.kind === 'seq' && SINGLE_PROFILE_FILE.test(fileTag)) c.fileScoped = true;
      const nm = one(t, SH + 'name');
      if (nm) c.name = nm.value;
      const msg = one(t, SH + 'message');
      if (msg) c.message = msg.value;
      const int = (p: string): number | undefined => {
        const v = one(t, SH + p);
        return v ? Number(v.value) : undefined;
      };
      const minCount = int('minCount');
      if (minCount !== undefined) c.minCount = minCount;
      const maxCount = int('maxCount');
      if (maxCount !== undefined) c.maxCount = maxCount;
      const minLength = int('minLength');
      if (minLength !== undefined) c.minLength = minLength;
      const maxLength = int('maxLength');
      if (maxLength !== undefined) c.maxLength = maxLength;
      const dt = one(t, SH + 'datatype');
      if (dt) c.datatype = dt.value;
      const classes = all(t, SH + 'class').map((x) => x.value);
      if (classes.length > 0) c.classes = classes;
      const inList = one(t, SH + 'in');
      if (inList) c.in = list(inList).map(termOf);
      const pattern = one(t, SH + 'pattern');
      if (pattern) c.pattern = { source: pattern.value, flags: one(t, SH + 'flags')?.value ?? '' };
      for (const k of ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const) {
        const v = one(t, SH + k);
        if (v) c[k] = termOf(v);
      }
      const nk = one(t, SH + 'nodeKind');
      if (nk) c.nodeKind = nk.value;
      const index = this.out.properties.length;
      this.out.properties.push(c);
      this.propertyIndex.set(id, index);
      return index;
    };

    for (const [id, t] of nodeShapes) {
      if (one(t, SH + 'deactivated')?.value === 'true' || this.deactivated.has(id)) continue;
      const orAlternative = unlessClassOr(t);
      reportUnsupported(t, id, orAlternative !== undefined);
      for (const p of PROPERTY_PARAMS) {
        if (store.getQuads(t, p, null, null).length > 0) this.skip(id, `sh:${p.slice(SH.length)} on a node shape`, 'node-level value constraints are not supported', file);
      }
      const rule: NodeShapeRule = {
        shape: id,
        severity: severityOf(one(t, SH + 'severity')?.value),
        targetClasses: all(t, SH + 'targetClass').map((x) => x.value),
        targetNodes: all(t, SH + 'targetNode').map((x) => x.value),
        targetSubjectsOf: all(t, SH + 'targetSubjectsOf').map((x) => x.value),
        properties: [],
      };
      const msg = one(t, SH + 'message');
      if (msg) rule.message = msg.value;
      for (const p of all(t, SH + 'property')) {
        const i = propertyShape(p);
        if (i !== undefined && !rule.properties.includes(i)) rule.properties.push(i);
      }
      if (orAlternative) {
        const i = propertyShape(orAlternative.property);
        if (i !== undefined) {
          const c = this.out.properties[i]!;
          // Reported as the node shape's sh:or (what a SHACL engine reports), with its severity and message.
          c.orOf = { shape: id, unlessClasses: orAlternative.classes };
          c.severity = rule.severity;
          if (rule.message !== undefined) c.message = rule.message;
          rule.properties.push(i);
        }
      }
      if (one(t, SH + 'closed')?.value === 'true') {
        rule.closed = { allowed: list(one(t, SH + 'ignoredProperties')).map((x) => x.value) };
        // A closed shape allows the predicates of its property shapes, including those without constraints.
        for (const p of all(t, SH + 'property')) {
          const path = one(p, SH + 'path');
          if (path?.termType === 'NamedNode' && !rule.closed.allowed.includes(path.value)) rule.closed.allowed.push(path.value);
        }
      }
      const hasTarget = rule.targetClasses.length + rule.targetNodes.length + rule.targetSubjectsOf.length > 0;
      if (!hasTarget && store.getQuads(t, SH + 'target', null, null).length === 0) continue; // reached only through other shapes
      if (!hasTarget) continue; // SPARQL target only: reported as skipped above
      this.out.nodeShapes.push(rule);
    }
  }
}

/** The XSD namespace (re-exported for the engine). */
export const XSD_NS = XSD;

/** Compiles a list of Turtle files. */
export function compileShapes(paths: readonly string[]): CompiledShapes {
  const c = new ShapeCompiler();
  c.addFiles(paths);
  return c.out;
}
