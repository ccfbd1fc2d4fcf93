// The findings of SHACL constraints, made in one place: a constraint, the component that failed,
// the object it failed on (one ObjectPlace: identity, class, name, file, line, column) and the value.

import type { NodeShapeRule, PropertyConstraint } from '../profiles/types.js';
import { objectLabel } from './run-state.js';
import { SHACL_RULE, type ShaclComponent } from './rules.js';
import { idOfIri, pathLabel, prefixed, type ValueTerm } from './shacl-eval.js';
import type { Finding } from './types.js';

/** Where a finding on an object is: the object (identity, class IRI, name) and the place in its file. */
export interface ObjectPlace {
  id: string;
  cls: string;
  name: string | undefined;
  file: string;
  line: number;
  column: number;
}

/** sh:minCount / sh:maxCount findings for `n` values. */
export function countFindings(findings: Finding[], c: PropertyConstraint, n: number, at: ObjectPlace): void {
  if (c.minCount !== undefined && n < c.minCount) shaclFinding(findings, c, 'sh:MinCountConstraintComponent', at, undefined, `has ${n} value(s), at least ${c.minCount} required`);
  if (c.maxCount !== undefined && n > c.maxCount) shaclFinding(findings, c, 'sh:MaxCountConstraintComponent', at, undefined, `has ${n} values, at most ${c.maxCount} allowed`);
}

/** One failed component of a property constraint (reported on the node shape for the sh:or form). */
export function shaclFinding(findings: Finding[], c: PropertyConstraint, component: ShaclComponent, at: ObjectPlace, value: ValueTerm | undefined, detail?: string): void {
  const path = pathLabel(c.path);
  const v = value === undefined ? undefined : 'iri' in value ? idOfIri(value.iri) : value.literal;
  const what = detail ?? (v !== undefined ? `value '${'iri' in (value as ValueTerm) ? prefixed(v) : v}' fails ${component.replace('ConstraintComponent', '')}` : component);
  const or = c.orOf;
  const f: Finding = {
    severity: c.severity,
    rule: or ? 'shacl-or' : SHACL_RULE[component],
    message: `${objectLabel(at.cls, at.id, at.name)}: ${path} ${what}${or ? ` (and it is not a ${or.unlessClasses.map(prefixed).join(' or ')})` : ''}${c.message ? ` — ${c.message}` : ''}`,
    file: at.file,
    line: at.line,
    column: at.column,
    subject: at.id,
    className: prefixed(at.cls),
    // A SHACL engine reports an sh:or on the node shape, without a path.
    ...(or ? {} : { property: path }),
    shape: or ? or.shape : c.shape,
    component: or ? 'sh:OrConstraintComponent' : component,
  };
  if (v !== undefined) f.value = v;
  findings.push(f);
}

/** A predicate a closed node shape does not allow. */
export function closedFinding(findings: Finding[], s: Pick<NodeShapeRule, 'shape' | 'severity' | 'message'>, pred: string, at: ObjectPlace, value: ValueTerm): void {
  const v = 'iri' in value ? idOfIri(value.iri) : value.literal;
  findings.push({
    severity: s.severity,
    rule: 'shacl-closed',
    message: `${objectLabel(at.cls, at.id, at.name)}: ${prefixed(pred)} is not allowed by the closed shape${s.message ? ` — ${s.message}` : ''}`,
    file: at.file,
    line: at.line,
    column: at.column,
    subject: at.id,
    className: prefixed(at.cls),
    property: prefixed(pred),
    shape: s.shape,
    component: 'sh:ClosedConstraintComponent',
    value: v,
  });
}
