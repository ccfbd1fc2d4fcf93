// `ltds validate <file|zip|folder>...`: header, vocabulary, SHACL and cross-file checks, reported
// like a compiler (text, JSON or SARIF); exit 0 clean, 1 errors, 2 unreadable input.

import type { Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import type { Finding, Severity } from '../../validation/index.js';
import { EXIT_FAILURE, EXIT_UNREADABLE, terminalSafe } from '../failure.js';
import { createProgress } from '../progress.js';

interface ValidateOpts {
  format: string;
  profiles?: string;
  severity: string;
  json?: boolean;
  rule?: string[];
  excludeRule?: string[];
  maxFindings?: string;
  summary?: boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((s) => s.trim()).filter((s) => s !== '')];

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check CIM files against their declared LTDS/CGMES profiles: header, vocabulary, SHACL shapes, references across files')
    .argument('<inputs...>', 'CIM XML files, zip archives (every .xml entry, read in place), folders, or archive.zip:entry')
    .option('--format <format>', 'report format: text, json or sarif', 'text')
    .option('--json', 'same as --format json')
    .option('--profiles <dir>', 'a folder of profile files (a registry.json, or official RDFS + SHACL files found by their headers); its profiles take precedence over the built-in ones')
    .option('--severity <level>', 'lowest severity reported: error, warning or info', 'info')
    .option('--rule <ids>', 'report only these rule ids (comma-separated, repeatable; shacl-* matches a prefix)', collect)
    .option('--exclude-rule <ids>', 'leave out these rule ids (comma-separated, repeatable; shacl-* matches a prefix)', collect)
    .option('--max-findings <n>', 'report at most n findings (counts and exit status still count them all)')
    .option('--summary', 'print only the count of findings per file and rule')
    .addHelpText(
      'after',
      `
Examples:
  $ ltds validate LTDS_DEMO_2026-02_FaultLevel_v1.zip
  $ ltds validate EQ.xml SC.xml SCR.xml --format sarif > validation.sarif
  $ ltds validate EQ.xml --profiles ./ltds-v2-profiles --severity error
  $ ltds validate ../shared/data/cgmes30-microgrid --summary
  $ ltds validate EQ.xml SSH.xml --exclude-rule vocab-property-domain,header-created --max-findings 50

Exit status: 0 when there is no error, 1 when there are errors, 2 when an input could not be read.`,
    )
    .action(async (inputs: string[], opts: ValidateOpts) => {
      const format = opts.json ? 'json' : opts.format;
      if (!['text', 'json', 'sarif'].includes(format)) throw new LtdsError('USAGE', `--format must be text, json or sarif, not '${format}'`, { format });
      if (!['error', 'warning', 'info'].includes(opts.severity)) throw new LtdsError('USAGE', `--severity must be error, warning or info, not '${opts.severity}'`, { severity: opts.severity });
      // Loaded here, not at start-up, so other commands and --help do not pay for the validator.
      let maxFindings: number | undefined;
      if (opts.maxFindings !== undefined) {
        maxFindings = Number(opts.maxFindings);
        if (!Number.isInteger(maxFindings) || maxFindings < 0) throw new LtdsError('USAGE', `--max-findings must be a whole number, not '${opts.maxFindings}'`, { maxFindings: opts.maxFindings });
      }
      const { formatJson, formatSarif, formatSummary, formatText, RULES, validateInputs } = await import('../../validation/index.js');
      for (const id of [...(opts.rule ?? []), ...(opts.excludeRule ?? [])]) {
        const known = Object.keys(RULES).some((r) => (id.endsWith('*') ? r.startsWith(id.slice(0, -1)) : r === id));
        if (!known) throw new LtdsError('USAGE', `--rule/--exclude-rule: '${id}' matches no rule id (see README "Rule ids")`, { rule: id });
      }
      let progress: ReturnType<typeof createProgress> | undefined;
      const report = await validateInputs(inputs, {
        ...(opts.profiles !== undefined ? { profilesDir: opts.profiles } : {}),
        severity: opts.severity as Severity,
        ...(opts.rule ? { rules: opts.rule } : {}),
        ...(opts.excludeRule ? { excludeRules: opts.excludeRule } : {}),
        ...(maxFindings !== undefined ? { maxFindings } : {}),
        onProgress: (p) => {
          progress ??= createProgress('validating', p.totalBytes);
          progress.update(p.bytes);
        },
      });
      (progress as ReturnType<typeof createProgress> | undefined)?.done();
      const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
      const out = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : opts.summary ? formatSummary(report) : formatText(report, { color, ...(opts.rule ? { perRule: Infinity } : {}) });
      process.stdout.write(out);
      for (const f of report.findings) if (f.rule === 'input-unreadable') process.stderr.write(unreadableLine(f));
      // The whole report is written first; an input that could not be read makes the exit status 2.
      if ((report.unreadable ?? 0) > 0) process.exitCode = EXIT_UNREADABLE;
      else if (report.counts.error > 0) process.exitCode = EXIT_FAILURE;
    });
}

/**
 * The stderr line of an input that could not be read, in the house failure format
 * (`ltds: error CODE: message (file, line L, column C)`), saying that the other inputs were checked.
 */
function unreadableLine(f: Finding): string {
  const code = f.cause?.code ?? 'INPUT_UNREADABLE';
  const reason = f.cause?.message ?? f.message;
  return `ltds: error ${code}: ${terminalSafe(reason)} (${f.file}, line ${f.line ?? 1}, column ${f.column ?? 1}); the other files were still checked\n`;
}
