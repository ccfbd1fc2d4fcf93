// The three renderings of a validation report: human text (grouped by file and rule, summary line,
// coloured on a terminal), JSON, and SARIF 2.1.0 for CI systems and editors.

import { pathToFileURL } from 'node:url';
import { RULES } from './rules.js';
import type { Finding, ValidationReport } from './types.js';

/** Text options: ANSI colours (default off); how many findings of one rule in one file are listed (default 5, the rest counted). */
export interface TextOptions {
  color?: boolean;
  perRule?: number;
}

const COLOURS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Human text: per file, per rule, one line per finding `file:line:col severity rule message`, then a summary. */
export function formatText(report: ValidationReport, options: TextOptions = {}): string {
  const c = (k: keyof typeof COLOURS, s: string): string => (options.color ? `${COLOURS[k]}${s}${COLOURS.reset}` : s);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file))?.push(f);
  for (const file of report.files) {
    const list = byFile.get(file.file) ?? [];
    const kw = file.kind === 'Catalog' ? `manifest, ${file.objects} datasets` : `${file.keywords.length > 0 ? file.keywords.join('+') : 'no known profile'}, ${file.objects} objects`;
    lines.push(c('bold', `${file.file}`) + c('dim', ` (${kw})`) + (list.length === 0 ? ' ok' : ''));
    for (const d of file.datasets ?? []) lines.push(c('dim', `  dataset ${d.id} ${d.keywords.join('+')} ${d.files.join(', ')}`));
    const byRule = new Map<string, Finding[]>();
    for (const f of list) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule))?.push(f);
    const perRule = options.perRule ?? 5;
    for (const [rule, fs] of byRule) {
      lines.push(`  ${c('bold', rule)} (${fs.length})`);
      for (const f of fs.slice(0, perRule)) {
        const where = `${f.file}:${f.line ?? 1}:${f.column ?? 1}`;
        lines.push(`    ${where} ${c(f.severity, f.severity)} ${f.message}${f.shape ? c('dim', ` [shape ${f.shape}]`) : ''}`);
      }
      if (fs.length > perRule) lines.push(c('dim', `    … ${fs.length - perRule} more ${rule} in this file (--rule ${rule} lists them all; --format json has every finding)`));
    }
    byFile.delete(file.file);
  }
  for (const [file, list] of byFile) {
    lines.push(c('bold', file));
    for (const f of list) lines.push(`    ${f.file}:${f.line ?? 1}:${f.column ?? 1} ${c(f.severity, f.severity)} ${f.rule} ${f.message}`);
  }
  if (report.skipped.length > 0) {
    const byComponent = new Map<string, number>();
    for (const s of report.skipped) byComponent.set(s.component, (byComponent.get(s.component) ?? 0) + 1);
    lines.push(c('dim', `skipped SHACL constraints (not evaluated): ${[...byComponent].map(([k, n]) => `${k} ×${n}`).join(', ')} — listed in --format json`));
  }
  if (report.truncated) lines.push(c('dim', `--max-findings: ${report.findings.length} of ${report.truncated.total} findings shown`));
  const { error, warning, info } = report.counts;
  const summary = `${plural(report.files.length, 'file')} checked: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info${report.skipped.length > 0 ? `, ${report.skipped.length} SHACL constraints skipped` : ''}`;
  lines.push(error > 0 ? c('error', summary) : summary);
  return lines.join('\n') + '\n';
}

/** Counts only: per file, the number of findings of each rule; then the totals line. */
export function formatSummary(report: ValidationReport): string {
  const lines: string[] = [];
  const byFile = new Map<string, Map<string, { severity: string; n: number }>>();
  for (const f of report.findings) {
    const rules = byFile.get(f.file) ?? byFile.set(f.file, new Map()).get(f.file) as Map<string, { severity: string; n: number }>;
    const r = rules.get(f.rule) ?? rules.set(f.rule, { severity: f.severity, n: 0 }).get(f.rule) as { severity: string; n: number };
    r.n++;
  }
  for (const file of report.files) {
    const { error, warning, info } = file.counts;
    lines.push(`${file.file}: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info${file.readError !== undefined ? ' (could not be read)' : ''}`);
    for (const [rule, { severity, n }] of byFile.get(file.file) ?? []) lines.push(`  ${String(n).padStart(6)} ${severity.padEnd(7)} ${rule}`);
  }
  const { error, warning, info } = report.counts;
  lines.push(`${plural(report.files.length, 'file')} checked: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info`);
  return lines.join('\n') + '\n';
}

/** The report as JSON. */
export function formatJson(report: ValidationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function artifactUri(file: string): string {
  // `archive.zip:entry.xml` → the archive path with the entry as a fragment-free suffix.
  if (/^[a-z]+:\/\//i.test(file)) return file;
  return file.startsWith('/') ? pathToFileURL(file).href : file.split('\\').join('/');
}

/** SARIF 2.1.0: one run, the rule table, one result per finding, skipped constraints as notifications. */
export function formatSarif(report: ValidationReport): string {
  const ruleIds = Object.keys(RULES);
  const index = new Map(ruleIds.map((r, i) => [r, i]));
  const level = (s: Finding['severity']): 'error' | 'warning' | 'note' => (s === 'info' ? 'note' : s);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ltds validate',
            informationUri: 'https://ltds-toolkit.invalid/docs/validation',
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: RULES[id as keyof typeof RULES] } })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({
              level: 'note' as const,
              message: { text: `SHACL ${s.component} of shape ${s.shape} was not evaluated: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.file) } } }],
            })),
          },
        ],
        artifacts: report.files.map((f) => ({ location: { uri: artifactUri(f.file) }, length: f.bytes })),
        results: report.findings.map((f) => {
          const result: Record<string, unknown> = {
            ruleId: f.rule,
            level: level(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(f.file) },
                  region: { startLine: Math.max(1, f.line ?? 1), startColumn: Math.max(1, f.column ?? 1) },
                },
                ...(f.subject !== undefined ? { logicalLocations: [{ name: f.subject, fullyQualifiedName: `${f.className ?? ''}#${f.subject}`, kind: 'object' }] } : {}),
              },
            ],
            properties: { ...(f.className ? { className: f.className } : {}), ...(f.property ? { property: f.property } : {}), ...(f.shape ? { shape: f.shape } : {}), ...(f.component ? { component: f.component } : {}) },
          };
          const ri = index.get(f.rule);
          if (ri !== undefined) result.ruleIndex = ri;
          return result;
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
