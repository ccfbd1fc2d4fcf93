// The report of a run: findings filtered (severity, rule patterns) and sorted by file, line and
// column, counted per file, the constraints skipped, and the cap of --max-findings.

import type { CompiledProfile, Severity, SkippedConstraint } from '../profiles/types.js';
import type { RunState } from './run-state.js';
import type { FileSummary, ValidateOptions, ValidationReport } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** True when a rule id matches one of the patterns (exact, or a prefix ending in `*`). */
export function ruleMatches(rule: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? rule.startsWith(p.slice(0, -1)) : rule === p));
}

export function buildReport(run: RunState, options: ValidateOptions, catalogs: FileSummary[], unreadable: number): ValidationReport {
  const severity = options.severity ?? 'info';
  const only = options.rules !== undefined && options.rules.length > 0 ? options.rules : undefined;
  const except = options.excludeRules ?? [];
  const order = new Map(run.files.map((f) => [f.input.name, f.index]));
  catalogs.forEach((c, i) => order.set(c.file, -catalogs.length + i));
  const findings = run.findings
    .filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity] && (only === undefined || ruleMatches(f.rule, only)) && !ruleMatches(f.rule, except))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (order.get(a.f.file) ?? 0) - (order.get(b.f.file) ?? 0) || (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i)
    .map((x) => x.f);
  const counts = { error: 0, warning: 0, info: 0 };
  const summaries = [...catalogs, ...run.files.map((f) => f.summary), ...run.unreadableFiles];
  const byFile = new Map(summaries.map((s) => [s.file, s]));
  for (const f of findings) {
    counts[f.severity]++;
    const s = byFile.get(f.file);
    if (s) s.counts[f.severity]++;
  }
  const skipped: SkippedConstraint[] = [];
  const seen = new Set<string>();
  for (const f of run.files) {
    for (const e of f.entries) {
      for (const s of (run.compiled.get(e) as CompiledProfile).shapes.skipped) {
        const key = `${s.shape}\u0000${s.component}`;
        if (seen.has(key)) continue;
        seen.add(key);
        skipped.push(s);
      }
    }
  }
  const max = options.maxFindings;
  if (max !== undefined && findings.length > max) return { findings: findings.slice(0, max), files: summaries, counts, skipped, unreadable, truncated: { total: findings.length } };
  return { findings, files: summaries, counts, skipped, unreadable };
}
