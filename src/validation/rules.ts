// The rule ids of validation (defined with every other rule id in src/findings/rules.ts; README's
// "Rule ids" table lists them, a test keeps them in sync); SARIF output carries them as the tool's
// rules. And which SHACL constraint component reports under which rule.

import { VALIDATION_RULES, type ValidationRuleId } from '../findings/index.js';

/** The rule ids of validation (src/findings/rules.ts holds every rule id of the toolkit). */
export const RULES = VALIDATION_RULES;

export type RuleId = ValidationRuleId;

/** SHACL constraint component → rule id. */
export const SHACL_RULE = {
  'sh:MinCountConstraintComponent': 'shacl-min-count',
  'sh:MaxCountConstraintComponent': 'shacl-max-count',
  'sh:DatatypeConstraintComponent': 'shacl-datatype',
  'sh:NodeKindConstraintComponent': 'shacl-node-kind',
  'sh:ClassConstraintComponent': 'shacl-class',
  'sh:InConstraintComponent': 'shacl-in',
  'sh:PatternConstraintComponent': 'shacl-pattern',
  'sh:MinInclusiveConstraintComponent': 'shacl-range',
  'sh:MaxInclusiveConstraintComponent': 'shacl-range',
  'sh:MinExclusiveConstraintComponent': 'shacl-range',
  'sh:MaxExclusiveConstraintComponent': 'shacl-range',
  'sh:MinLengthConstraintComponent': 'shacl-length',
  'sh:MaxLengthConstraintComponent': 'shacl-length',
  'sh:ClosedConstraintComponent': 'shacl-closed',
  'sh:OrConstraintComponent': 'shacl-or',
  'sh:AndConstraintComponent': 'shacl-and',
  'sh:XoneConstraintComponent': 'shacl-xone',
  'sh:NotConstraintComponent': 'shacl-not',
  'sh:NodeConstraintComponent': 'shacl-node',
  'sh:HasValueConstraintComponent': 'shacl-has-value',
  'sh:QualifiedMinCountConstraintComponent': 'shacl-qualified',
  'sh:QualifiedMaxCountConstraintComponent': 'shacl-qualified',
} as const satisfies Readonly<Record<string, RuleId>>;

/** A SHACL constraint component the validator reports (each has its rule id). */
export type ShaclComponent = keyof typeof SHACL_RULE;
