// Findings of the case checks, and their text and JSON reports.

import type { CaseRuleId, Finding } from '../findings/index.js';

/** One finding of a case check: the toolkit's finding (src/findings) with the case it is about. */
export interface CaseFinding extends Finding<CaseRuleId> {
  severity: 'error' | 'warning';
  /** The case token the finding is about. */
  case: string;
}

/** Counts by severity. */
export function countFindings(findings: readonly CaseFinding[]): { error: number; warning: number } {
  let error = 0;
  let warning = 0;
  for (const f of findings) {
    if (f.severity === 'error') error++;
    else warning++;
  }
  return { error, warning };
}

/** One line per finding, then the counts. */
export function formatFindingsText(findings: readonly CaseFinding[]): string {
  const lines = findings.map((f) => `${f.severity}: [${f.rule}] ${f.case}: ${f.message}${f.file ? ` (${f.file})` : ''}`);
  const c = countFindings(findings);
  lines.push(`${c.error} error(s), ${c.warning} warning(s)`);
  return lines.join('\n') + '\n';
}
