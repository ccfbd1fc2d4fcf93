// The finding model: one record type for every problem found, and the one list of rule ids.

export { countBySeverity, type Finding, type FindingParams, type Severity } from './finding.js';
export {
  RULES, VALIDATION_RULES, CASE_RULES, DIFF_RULES, READER_RULES,
  type RuleId, type ValidationRuleId, type CaseRuleId, type DiffRuleId, type ReaderRuleId,
} from './rules.js';
