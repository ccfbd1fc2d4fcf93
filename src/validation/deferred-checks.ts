// The constraints of an object that need other objects: sh:class on references, `( p rdf:type )`
// paths and inverse paths. Value-based ones run while streaming as soon as every object an object
// refers to is declared (a declaration's class never changes); the rest, and every inverse path,
// when all files have been read (cross-checks.ts).

import type { ProfileSet } from './profile-set.js';
import { NO_IDS, termOfValue, type DeferredObject, type FileState, type RunState, type StoredValue } from './run-state.js';
import { failingComponents, nodeIri, prefixed } from './shacl-eval.js';
import { countFindings, shaclFinding } from './shacl-findings.js';

/** True when every referenced value is an object already declared with a class. */
export function allTyped(run: RunState, values: readonly StoredValue[]): boolean {
  for (const sv of values) if (sv.ref && run.ids.declaredEntry(sv.v) < 0) return false;
  return true;
}

export function deferredChecks(run: RunState, f: FileState): void {
  const set = f.set;
  if (!set) return;
  for (const d of f.deferred) deferredOne(run, f, set, d);
  f.deferred = [];
}

/**
 * The constraints of one object that need other objects: with `valuesOnly`, all but inverse paths
 * (while streaming); once `valuesDone`, only inverse paths.
 */
export function deferredOne(run: RunState, f: FileState, set: ProfileSet, d: DeferredObject, valuesOnly = false): void {
  const file = f.input.name;
  {
    for (const ci of d.rules.deferred) {
      const c = set.constraints[ci]!;
      const path = c.path;
      if (valuesOnly ? path.kind === 'inv' : d.valuesDone && path.kind !== 'inv') continue;
      if (path.kind === 'pred') {
        // Simple path with sh:class: only the class component is left (values and counts were checked while streaming).
        for (const sv of d.values) {
          if (sv.p !== path.p) continue;
          for (const cls of c.classes ?? []) {
            if (sv.ref && run.isInstanceId(sv.v, cls)) continue;
            const term = termOfValue(sv.ref, sv.v, sv.dt, sv.lang);
            shaclFinding(run.findings, c, 'sh:ClassConstraintComponent', { id: d.id, cls: d.cls, name: d.name, file, line: sv.line, column: sv.column }, term, `value '${sv.v}' is not a ${prefixed(cls)}`);
          }
        }
        continue;
      }
      // Value nodes are IRIs: subjects (inverse path) or classes (`p rdf:type`); identities, not IRIs, are kept.
      let values: readonly string[];
      let line = d.line;
      let column = d.column;
      if (path.kind === 'inv') {
        const list = f.inverse.get(path.p)?.get(d.id);
        values = list === undefined ? NO_IDS : list.length > 1 ? [...new Set(list)] : list;
      } else {
        const first = path.steps[0]!;
        let types: string[] | undefined;
        if (path.steps.length === 2) {
          for (const sv of d.values) {
            if (sv.p !== first.p || !sv.ref) continue;
            const at = run.ids.typed(sv.v);
            if (at >= 0 && !(c.fileScoped === true && run.ids.file(at) !== f.index)) {
              const tc = run.ids.cls[at]!;
              if (types === undefined) types = [tc];
              else if (!types.includes(tc)) types.push(tc);
              line = sv.line;
              column = sv.column;
            }
          }
        }
        values = types ?? NO_IDS;
      }
      if ((c.minCount !== undefined && values.length < c.minCount) || (c.maxCount !== undefined && values.length > c.maxCount)) {
        countFindings(run.findings, c, values.length, { id: d.id, cls: d.cls, name: d.name, file, line: d.line, column: d.column });
      }
      const vc = set.valueCheck(ci);
      for (const v of values) {
        if (!vc.conforms(true, v, '', undefined, undefined)) {
          const term = { iri: nodeIri(v) };
          for (const comp of failingComponents(c, term)) shaclFinding(run.findings, c, comp, { id: d.id, cls: d.cls, name: d.name, file, line: line, column: column }, term);
        }
        for (const cls of c.classes ?? []) if (!run.isInstanceId(v, cls)) shaclFinding(run.findings, c, 'sh:ClassConstraintComponent', { id: d.id, cls: d.cls, name: d.name, file, line: line, column: column }, { iri: nodeIri(v) });
      }
    }
  }
}
