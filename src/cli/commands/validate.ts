// `ltds validate <file|zip|folder>...`: header, vocabulary, SHACL and cross-file checks, reported
// like a compiler (text, JSON or SARIF); exit 0 clean, 1 errors, 2 unreadable input.

import type { Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import type { Severity } from '../../validation/index.js';
import { EXIT_FAILURE, EXIT_UNREADABLE } from '../failure.js';
import { createProgress } from '../progress.js';

interface ValidateOpts {
  format: string;
  profiles?: string;
  severity: string;
  json?: boolean;
}

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
    .addHelpText(
      'after',
      `
Examples:
  $ ltds validate LTDS_DEMO_2026-02_FaultLevel_v1.zip
  $ ltds validate EQ.xml SC.xml SCR.xml --format sarif > validation.sarif
  $ ltds validate EQ.xml --profiles ./ltds-v2-profiles --severity error

Exit status: 0 when there is no error, 1 when there are errors, 2 when an input could not be read.`,
    )
    .action(async (inputs: string[], opts: ValidateOpts) => {
      const format = opts.json ? 'json' : opts.format;
      if (!['text', 'json', 'sarif'].includes(format)) throw new LtdsError('USAGE', `--format must be text, json or sarif, not '${format}'`, { format });
      if (!['error', 'warning', 'info'].includes(opts.severity)) throw new LtdsError('USAGE', `--severity must be error, warning or info, not '${opts.severity}'`, { severity: opts.severity });
      // Loaded here, not at start-up, so other commands and --help do not pay for the validator.
      const { formatJson, formatSarif, formatText, validateInputs } = await import('../../validation/index.js');
      let progress: ReturnType<typeof createProgress> | undefined;
      const report = await validateInputs(inputs, {
        ...(opts.profiles !== undefined ? { profilesDir: opts.profiles } : {}),
        severity: opts.severity as Severity,
        onProgress: (p) => {
          progress ??= createProgress('validating', p.totalBytes);
          progress.update(p.bytes);
        },
      });
      (progress as ReturnType<typeof createProgress> | undefined)?.done();
      const out = format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report) : formatText(report, { color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined });
      process.stdout.write(out);
      // The whole report is written first; an input that could not be read makes the exit status 2.
      if ((report.unreadable ?? 0) > 0) process.exitCode = EXIT_UNREADABLE;
      else if (report.counts.error > 0) process.exitCode = EXIT_FAILURE;
    });
}
