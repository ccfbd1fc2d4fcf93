// The one shape of "a problem found": validation findings, case check results, Difference Model
// mismatches and reader warnings all are (or extend) this record. Findings are collected, never
// thrown; failures are LtdsErrors (src/errors).

import type { RuleId } from './rules.js';

/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

/** The values a message was built from, by name (for tools that render or translate messages). */
export type FindingParams = Readonly<Record<string, string | number | boolean | null>>;

/** One finding, located like a compiler message. */
export interface Finding<R extends RuleId = RuleId> {
  severity: Severity;
  /** Stable rule id from the one list (src/findings/rules.ts, README's rule tables). */
  rule: R;
  /** The message, readable on its own. */
  message: string;
  /** Named parameters of the message, where its producer gives them. */
  params?: FindingParams;
  /** The file it is about (input path as given, or relative to the report). */
  file?: string;
  line?: number;
  column?: number;
  /** The object it is about: its normalised identity (no `_`, `#` or `urn:uuid:`). */
  subject?: string;
}

/** Counts by severity. */
export function countBySeverity(findings: readonly { severity: Severity }[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
