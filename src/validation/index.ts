// Validation against the LTDS profiles: the library surface (docs/contracts.md §3).

export type { Finding, FileSummary, Progress, ValidateOptions, ValidationReport, Severity, SkippedConstraint } from './types.js';
export { validateInputs, prepareProfiles, ruleMatches } from './engine.js';
export { validateEach } from './parallel.js';
export { formatText, formatJson, formatSarif, formatSummary, type TextOptions } from './report.js';
export { RULES, SHACL_RULE, type RuleId } from './rules.js';
export { Hierarchy, ProfileSet } from './profile-set.js';
export { nodeIri, idOfIri, pathLabel, prefixed, failingComponents, type ValueTerm } from './shacl-eval.js';
export { isLexicallyValid, XSD } from './xsd.js';
