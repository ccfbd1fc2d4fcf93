// The independent SHACL engine (shacl-engine) run on the same data graph and shapes as ours, for
// comparing violations: per file, the data graph is the file's statements (literals typed from the
// vocabulary), the rdf:type of every object of the set it mentions, and the vocabularies'
// rdfs:subClassOf edges; the shapes are the Turtle files of the profiles the file declares. Shapes of
// single-profile shape files (`-Simple-`) run on a second graph where only the objects the file
// itself declares (and its focus nodes) carry their class, as the validator's semantics say.
// Results are keyed `focus|path|component` and kept only for the supported subset.
// Set-scoped shape files (registry `setShapes`) run once, on one data graph merging the statements of
// every file of the set, with the classes of the objects declared (rdf:ID) in them; their results are
// keyed by the file that declares the focus node, as the validator reports them.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import rdf from '@zazuko/env';
import { Parser } from 'n3';
import { Validator } from 'shacl-engine';
import { expandInputs, loadCimInput } from '../src/cim-xml/inputs.js';
import { normaliseId } from '../src/cim-xml/identity.js';
import { isHeaderClass } from '../src/cim-xml/header.js';
import type { CimModel } from '../src/cim-xml/model.js';
import { prepareProfiles, ProfileSet, nodeIri, idOfIri, isLexicallyValid, prefixed, XSD, type ValidationReport } from '../src/validation/index.js';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** Components our engine evaluates (the oracle's other results are out of the compared subset). */
const SUPPORTED = new Set(
  ['MinCount', 'MaxCount', 'Datatype', 'NodeKind', 'Class', 'In', 'Pattern', 'MinInclusive', 'MaxInclusive', 'MinExclusive', 'MaxExclusive', 'MinLength', 'MaxLength', 'Closed', 'Or'].map(
    (c) => `sh:${c}ConstraintComponent`,
  ),
);

/** Components only set-scoped shapes produce (the profiles' shape files list them as skipped). */
const SET_ONLY = new Set(['And', 'Xone', 'Not', 'Node', 'HasValue', 'QualifiedMinCount', 'QualifiedMaxCount'].map((c) => `sh:${c}ConstraintComponent`));

type Term = ReturnType<typeof rdf.namedNode> | ReturnType<typeof rdf.literal> | ReturnType<typeof rdf.blankNode>;

function pathLabelOf(dataset: ReturnType<typeof rdf.dataset>, node: Term): string {
  if (node.termType === 'NamedNode') return prefixed(node.value);
  const inv = [...dataset.match(node, rdf.namedNode(SH + 'inversePath'))][0];
  if (inv) return `^${prefixed(inv.object.value)}`;
  const steps: string[] = [];
  let cur: Term | undefined = node;
  while (cur && cur.value !== 'http://www.w3.org/1999/02/22-rdf-syntax-ns#nil') {
    const first = [...dataset.match(cur, rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#first'))][0];
    if (!first) break;
    steps.push(pathLabelOf(dataset, first.object as Term));
    cur = [...dataset.match(cur, rdf.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#rest'))][0]?.object as Term | undefined;
  }
  return steps.join('/');
}

const RANGE = new Set(['MinInclusive', 'MaxInclusive', 'MinExclusive', 'MaxExclusive'].map((c) => `sh:${c}ConstraintComponent`));

/**
 * A known, documented divergence: shacl-engine compares a numeric literal by what JavaScript's
 * parseFloat makes of it (through rdf-literal), so an ill-formed value with a numeric prefix
 * ('1705.808 copy'^^xsd:float) passes its range check. The SHACL specification makes a value that
 * cannot be compared a violation, and so do we. Both engines report the sh:datatype violation on such
 * values; their range results are left out of the comparison (a value parseFloat rejects entirely,
 * such as 'abc', is still compared).
 */
function parseFloatLenient(value: string): boolean {
  return !isLexicallyValid(`${XSD}double`, value) && !isLexicallyValid(`${XSD}dateTime`, value) && !isLexicallyValid(`${XSD}date`, value) && !Number.isNaN(Number.parseFloat(value));
}

/** The keys of our SHACL findings, for comparison. */
export function ourKeys(report: ValidationReport): Set<string> {
  const keys = new Set<string>();
  for (const f of report.findings) {
    if (f.component === undefined || !(SUPPORTED.has(f.component) || SET_ONLY.has(f.component))) continue;
    if (RANGE.has(f.component) && f.value !== undefined && parseFloatLenient(f.value)) continue;
    keys.add(`${f.file}|${f.subject ?? ''}|${f.property ?? ''}|${f.component}`);
  }
  return keys;
}

/**
 * The shacl-engine validator of a set of shape files, built once per set (parsing and compiling the
 * shapes is most of the oracle's cost on small files; the tests compare many mutated files).
 */
const validators = new Map<string, InstanceType<typeof Validator>>();
function validatorFor(files: string[], skippedShapes: ReadonlySet<string>, edges: [string, string][]): InstanceType<typeof Validator> {
  const key = `${files.join('\u0000')}\u0001${[...skippedShapes].sort().join('\u0000')}\u0001${edges.length}`;
  let v = validators.get(key);
  if (v) return v;
  // The class hierarchy goes in the shapes graph too: shacl-engine resolves sh:targetClass
  // subclasses there (the SHACL specification reads them from the data graph; we have both).
  const shapes = rdf.dataset();
  for (const [c, sup] of edges) shapes.add(rdf.quad(rdf.namedNode(c), rdf.namedNode(SUBCLASS), rdf.namedNode(sup)));
  // Each shape file once: CGMES 2.4.15 EQ, SC and OP share one file, and parsing it twice would give
  // every blank-node path two sh:path values (shacl-engine then fails in parsePath).
  for (const f of files) {
    for (const q of new Parser({ baseIRI: `file://${f}` }).parse(readFileSync(f, 'utf8'))) {
      // Shapes with paths we do not evaluate (e.g. sh:alternativePath) are left out of the compared subset.
      if (skippedShapes.has(q.subject.value) || skippedShapes.has(q.object.value)) continue;
      shapes.add(q as never);
    }
  }
  v = new Validator(shapes, { factory: rdf });
  validators.set(key, v);
  return v;
}

/** Runs the oracle over the inputs; returns the keys of its violations in the supported subset. */
export async function oracleKeys(inputs: string[]): Promise<Set<string>> {
  const sources = await expandInputs(inputs);
  const { registry, compiled, hierarchy } = await prepareProfiles();
  const models: { name: string; model: CimModel }[] = [];
  for (const s of sources) models.push({ name: s.name, model: await loadCimInput(s) });
  const decl = new Map<string, string>();
  for (const { model } of models) {
    for (const o of model.objects) {
      if (o.section !== 'model' || o.local === '' || isHeaderClass(o.ns, o.local)) continue;
      if (!decl.has(o.id)) decl.set(o.id, o.ns + o.local);
    }
  }
  const keys = new Set<string>();
  // The merged graph of the set-scoped shapes: every statement, and the class of each declaration.
  const merged = rdf.dataset();
  const declaredIn = new Map<string, string>();
  const setFiles = new Set<string>();
  for (const { name, model } of models) {
    for (const o of model.objects) {
      if (o.section !== 'model' || o.local === '' || o.idForm !== 'ID' || isHeaderClass(o.ns, o.local) || declaredIn.has(o.id)) continue;
      declaredIn.set(o.id, name);
      merged.add(rdf.quad(rdf.namedNode(nodeIri(o.id)), rdf.namedNode(RDF_TYPE), rdf.namedNode(o.ns + o.local)) as unknown as Parameters<typeof merged.add>[0]);
    }
  }
  for (const { name, model } of models) {
    const entries = (model.header?.profiles ?? []).map((p) => registry.match(p)).filter((e, i, a): e is NonNullable<typeof e> => e !== undefined && a.indexOf(e) === i);
    if (entries.length === 0 || model.header?.kind === 'DifferenceModel') continue;
    const set = new ProfileSet(entries.map((e) => compiled.get(e)!), hierarchy);
    for (const e of entries) for (const f of e.setShapes) setFiles.add(f);
    const skippedShapes = new Set<string>();
    // sh:or is evaluated only in the form `( [ sh:class C ] <property shape> )`; other sh:or shapes are skipped.
    const skippedOr = new Set<string>();
    for (const e of entries) {
      for (const s of compiled.get(e)!.shapes.skipped) {
        if (/path|inversePath/i.test(s.component)) skippedShapes.add(s.shape);
        if (s.component === 'sh:OrConstraintComponent') skippedOr.add(s.shape);
      }
    }

    // Two data graphs, as the validator's semantics say (README "Validation"): shapes of single-profile
    // shape files (`-Simple-`) see the classes of the objects this file declares; the others see the
    // classes of every object of the set the file mentions. Focus nodes keep their class in both.
    const data = rdf.dataset();
    const own = rdf.dataset();
    const subjects = new Set<string>();
    const declaredHere = new Set<string>();
    for (const o of model.objects) {
      if (o.section === 'model' && o.local !== '' && !isHeaderClass(o.ns, o.local) && decl.get(o.id) === o.ns + o.local) declaredHere.add(o.id);
    }
    const typed = new Set<string>();
    const typedOwn = new Set<string>();
    type DataQuad = Parameters<typeof data.add>[0];
    const typeQuad = (id: string, cls: string): DataQuad => rdf.quad(rdf.namedNode(nodeIri(id)), rdf.namedNode(RDF_TYPE), rdf.namedNode(cls)) as DataQuad;
    const addType = (id: string, focus: boolean): void => {
      const cls = decl.get(id);
      if (cls === undefined) return;
      if (!typed.has(id)) {
        typed.add(id);
        data.add(typeQuad(id, cls));
      }
      if ((focus || declaredHere.has(id)) && !typedOwn.has(id)) {
        typedOwn.add(id);
        own.add(typeQuad(id, cls));
      }
    };
    const add = (quad: unknown): void => {
      const q = quad as DataQuad;
      data.add(q);
      own.add(q);
      if (q.predicate.value !== RDF_TYPE && q.predicate.value !== SUBCLASS) merged.add(q);
    };
    for (const o of model.objects) {
      if (o.section !== 'model' || isHeaderClass(o.ns, o.local)) continue;
      subjects.add(o.id);
      const s = rdf.namedNode(nodeIri(o.id));
      if (o.local !== '') add(rdf.quad(s, rdf.namedNode(RDF_TYPE), rdf.namedNode(o.ns + o.local)));
      addType(o.id, true);
      for (const p of o.properties) {
        const pred = rdf.namedNode(p.ns + p.local);
        if (p.ref) {
          const id = normaliseId(p.value);
          add(rdf.quad(s, pred, rdf.namedNode(nodeIri(id))));
          addType(id, false);
        } else {
          const lit =
            p.lang !== undefined && p.datatype === undefined
              ? rdf.literal(p.value, p.lang)
              : rdf.literal(p.value, rdf.namedNode(p.datatype ?? set.literalDatatype(p.ns + p.local)));
          if (lit.datatype.value === LANG_STRING && p.lang === undefined) continue;
          add(rdf.quad(s, pred, lit));
        }
      }
    }
    for (const [c, sup] of hierarchy.edges()) add(rdf.quad(rdf.namedNode(c), rdf.namedNode(SUBCLASS), rdf.namedNode(sup)));

    const shapeFiles = [...new Set(entries.flatMap((e) => e.shapes))];
    const single = shapeFiles.filter((f) => /-Simple-/i.test(basename(f)));
    const cross = shapeFiles.filter((f) => !/-Simple-/i.test(basename(f)));
    const reports = [];
    if (single.length > 0) reports.push(await validatorFor(single, skippedShapes, hierarchy.edges()).validate({ dataset: own }));
    if (cross.length > 0) reports.push(await validatorFor(cross, skippedShapes, hierarchy.edges()).validate({ dataset: data }));
    for (const report of reports) {
      const rds = report.dataset;
      for (const r of rds.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(SH + 'ValidationResult'))) {
        const one = (p: string): Term | undefined => [...rds.match(r.subject, rdf.namedNode(SH + p))][0]?.object as Term | undefined;
        const focus = one('focusNode');
        const component = one('sourceConstraintComponent');
        const shape = one('sourceShape');
        const path = one('resultPath');
        if (!focus || !component) continue;
        const comp = prefixed(component.value).replace(/^http:\/\/www\.w3\.org\/ns\/shacl#/, 'sh:');
        const compName = component.value.startsWith(SH) ? `sh:${component.value.slice(SH.length)}` : comp;
        if (!SUPPORTED.has(compName)) continue;
        const id = idOfIri(focus.value);
        if (!subjects.has(id)) continue;
        if (shape && skippedShapes.has(shape.value)) continue;
        if (compName === 'sh:OrConstraintComponent' && (!shape || skippedOr.has(shape.value))) continue;
        const pathLabel = path ? pathLabelOf(rds as never, path) : '';
        keys.add(`${name}|${id}|${pathLabel}|${compName}`);
      }
    }
  }
  if (setFiles.size > 0) {
    const edges = hierarchy.edges();
    for (const [c, sup] of edges) merged.add(rdf.quad(rdf.namedNode(c), rdf.namedNode(SUBCLASS), rdf.namedNode(sup)) as unknown as Parameters<typeof merged.add>[0]);
    const report = await validatorFor([...setFiles].sort(), new Set(), edges).validate({ dataset: merged });
    const rds = report.dataset;
    for (const r of rds.match(null, rdf.namedNode(RDF_TYPE), rdf.namedNode(SH + 'ValidationResult'))) {
      const one = (p: string): Term | undefined => [...rds.match(r.subject, rdf.namedNode(SH + p))][0]?.object as Term | undefined;
      const focus = one('focusNode');
      const component = one('sourceConstraintComponent');
      if (!focus || !component) continue;
      const id = idOfIri(focus.value);
      const file = declaredIn.get(id);
      if (file === undefined) continue;
      const path = one('resultPath');
      keys.add(`${file}|${id}|${path ? pathLabelOf(rds as never, path) : ''}|sh:${component.value.slice(SH.length)}`);
    }
  }
  return keys;
}
