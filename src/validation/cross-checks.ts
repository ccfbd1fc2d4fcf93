// The cross-object phase, when every file has been read: descriptions of objects declared later
// (checked now with the declared class, whatever the reading order), untyped descriptions, deferred
// constraints, references, set-scoped shapes, header dependencies and case consistency.

import { normaliseId } from '../cim-xml/identity.js';
import type { CimObject, ModelHeader } from '../cim-xml/model.js';
import { deferredChecks } from './deferred-checks.js';
import type { ObjectChecks } from './object-checks.js';
import { isExternalIri, nameOf, objectLabel, type Closure, type FileState, type RunState } from './run-state.js';
import { prefixed } from './shacl-eval.js';

/** The cross-object phase: untyped descriptions, deferred constraints, references, headers, cases. */
export function finish(run: RunState, checks: ObjectChecks): void {
  const deps = dependencyClosures(run);
  for (const f of run.files) {
    for (const o of f.described) {
      const k = run.ids.find(o.id);
      const written = run.classIri(o.ns, o.local);
      if (!run.ids.isDeclared(k)) undeclared(run, o, written, f, deps[f.index]!);
      checks.check(o, run.effectiveClass(run.ids.cls[k]!, written), f, written);
    }
    f.described = [];
  }
  for (const f of run.files) {
    for (const o of f.untyped) {
      const d = run.ids.typed(o.id);
      if (d < 0) {
        run.findings.push({
          severity: 'warning',
          rule: 'desc-untyped',
          message: `rdf:Description ${o.id} describes an object that no file given declares with a class; its properties were not checked`,
          file: f.input.name,
          line: o.line,
          column: o.column,
          subject: o.id,
        });
        for (const p of o.properties) if (p.ref && !isExternalIri(p.value)) run.refs.push(f.index, o.id, '', p.ns + p.local, normaliseId(p.value), undefined, p.line, p.column);
        continue;
      }
      checks.check(o, run.ids.cls[d]!, f);
    }
    f.untyped = [];
  }
  for (const f of run.files) deferredChecks(run, f);
  resolveReferences(run);
  run.setGraph.evaluate(
    run.ids,
    run.hierarchy,
    (k) => ({ file: (run.files[run.ids.file(k)]!).input.name, line: run.ids.line(k), column: run.ids.column(k), name: undefined }),
    (finding) => run.findings.push(finding),
  );
  headerLinks(run);
  for (const f of run.files) {
    for (const { count, finding } of f.foreignNamespaces.values()) finding.message += `: ${count} class and property name${count === 1 ? '' : 's'} in it were not checked against a vocabulary`;
  }
}

/**
 * For each file: the files given that it depends on (Model.DependentOn, followed through the files
 * given), and whether every model of that chain was given.
 */
function dependencyClosures(run: RunState): Closure[] {
  const byModel = new Map<string, number>();
  for (const f of run.files) if (f.header) byModel.set(f.header.id, f.index);
  return run.files.map((f) => {
    const files = new Set<number>();
    let complete = true;
    const stack = [...(f.header?.dependentOn ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const m = stack.pop() as string;
      if (seen.has(m)) continue;
      seen.add(m);
      const i = byModel.get(m);
      if (i === undefined) {
        complete = false;
        continue;
      }
      files.add(i);
      stack.push(...((run.files[i]!).header?.dependentOn ?? []));
    }
    return { files: [...files].sort((a, b) => a - b), complete };
  });
}

/**
 * A typed rdf:about description of an object no file declares with rdf:ID: an error when every model
 * the file depends on was given and one of them declares objects (so the declaration is missing,
 * not merely out of reach), naming the files that should have declared it.
 */
function undeclared(run: RunState, o: CimObject, written: string, f: FileState, deps: Closure): void {
  if (!deps.complete || deps.files.length === 0) return;
  const declaring = deps.files.map((i) => run.files[i]!).filter((d) => d.declares);
  if (declaring.length === 0) return;
  run.findings.push({
    severity: 'error',
    rule: 'desc-undeclared',
    message: `${objectLabel(written, o.id, nameOf(o))} is described here (rdf:about) but declared in none of the models this file depends on: ${declaring.map((d) => d.input.name).join(', ')}`,
    file: f.input.name,
    line: o.line,
    column: o.column,
    subject: o.id,
    className: prefixed(written),
  });
}

function resolveReferences(run: RunState): void {
  const modelIds = new Set(run.files.map((f) => f.header?.id).filter((x): x is string => x !== undefined));
  const r = run.refs;
  const ids = run.ids;
  const n = r.length;
  for (let i = 0; i < n; i++) {
    const target = r.target[i]!;
    const e = ids.find(target);
    const d = e >= 0 && ids.cls[e] !== '' ? e : -1;
    if (d >= 0) {
      const range = r.range[i];
      const dc = ids.cls[d]!;
      if (run.fits(dc, range)) continue;
    } else if (e >= 0) continue;
    const f = run.files[r.file[i]!]!;
    const subject = r.subject[i]!;
    const cls = r.cls[i]!;
    const at = { file: f.input.name, line: r.line[i]!, column: r.column[i]!, subject, property: prefixed(r.pred[i]!), value: target };
    const who = `${cls ? prefixed(cls) : 'rdf:Description'} ${subject}`;
    if (d >= 0) {
      const range = r.range[i]!;
      const df = ids.file(d);
      const where = df === f.index ? '' : ` (in ${(run.files[df]!).input.name})`;
      run.findings.push({
        severity: 'error',
        rule: 'ref-class',
        message: `${who}: ${prefixed(r.pred[i]!)} points at ${prefixed(ids.cls[d]!)} ${target}${where}, expected a ${prefixed(range)}`,
        ...at,
        ...(cls ? { className: prefixed(cls) } : {}),
      });
      continue;
    }
    const missing = (f.header?.dependentOn ?? []).filter((m) => !modelIds.has(m));
    run.findings.push({
      severity: missing.length > 0 ? 'warning' : 'error',
      rule: 'ref-unresolved',
      message: `${who}: ${prefixed(r.pred[i]!)} points at ${target}, which no file given declares${missing.length > 0 ? ` (it may be in ${missing.join(', ')}, which this file depends on but was not given)` : ''}`,
      ...at,
      ...(cls ? { className: prefixed(cls) } : {}),
    });
  }
}

function headerLinks(run: RunState): void {
  const modelIds = new Set(run.files.map((f) => f.header?.id).filter((x): x is string => x !== undefined));
  for (const f of run.files) {
    const h = f.header;
    if (!h) continue;
    const deps = h.object.properties.filter((p) => p.local === 'Model.DependentOn' || p.local === 'requires');
    h.dependentOn.forEach((m, i) => {
      if (modelIds.has(m)) return;
      const p = deps[i];
      run.findings.push({
        severity: 'warning',
        rule: 'header-dependency-missing',
        message: `the model depends on ${m}, which is not among the files given; references into it cannot be checked`,
        file: f.input.name,
        line: p?.line ?? h.object.line,
        column: p?.column ?? h.object.column,
        property: 'md:Model.DependentOn',
        value: m,
      });
    });
  }
  // Case consistency: the files of one zip (a case) agree on authority and scenario time.
  const byZip = new Map<string, FileState[]>();
  for (const f of run.files) {
    if (f.input.entry === undefined || !f.header || f.entries.some((e) => e.boundary)) continue;
    (byZip.get(f.input.path) ?? byZip.set(f.input.path, []).get(f.input.path))?.push(f);
  }
  for (const group of byZip.values()) {
    const first = group[0]!;
    for (const f of group.slice(1)) {
      const h = f.header as ModelHeader;
      const h0 = first.header as ModelHeader;
      if (h.modelingAuthoritySet !== h0.modelingAuthoritySet) {
        run.findings.push({
          severity: 'error',
          rule: 'case-mas-mismatch',
          message: `Model.modelingAuthoritySet '${h.modelingAuthoritySet ?? ''}' differs from '${h0.modelingAuthoritySet ?? ''}' in ${first.input.name} (same case)`,
          file: f.input.name,
          line: h.object.line,
          column: h.object.column,
          property: 'md:Model.modelingAuthoritySet',
        });
      }
      if (h.scenarioTime !== h0.scenarioTime) {
        run.findings.push({
          severity: 'error',
          rule: 'case-scenario-mismatch',
          message: `Model.scenarioTime '${h.scenarioTime ?? ''}' differs from '${h0.scenarioTime ?? ''}' in ${first.input.name} (same case)`,
          file: f.input.name,
          line: h.object.line,
          column: h.object.column,
          property: 'md:Model.scenarioTime',
        });
      }
    }
  }
}
