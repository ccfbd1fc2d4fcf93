// `ltds package`: checks a case's files and writes its deterministic zip under the naming convention.

import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createProgress } from '../progress.js';
import { positiveInt } from '../options.js';
import { isPeriod, type Period } from '../../publication/period.js';

interface PackageOpts {
  case: string;
  area: string;
  year: number;
  period: Period;
  version: number;
  output: string;
  authority?: string;
  json?: boolean;
}

function period(v: string): Period {
  if (!isPeriod(v)) throw new InvalidArgumentError(`--period must be 01 (May) or 02 (November), got '${v}'`);
  return v;
}

/** Registers `package`. */
export function registerPackage(program: Command): void {
  program
    .command('package')
    .description('check a case\'s files (exact file set, profile vs name, one authority and scenarioTime, DependentOn within the case) and write its deterministic zip')
    .argument('<files...>', 'the case\'s CIM files; each one\'s name says its profile (EQ.xml, DEMO_SC.xml, SYSCAP_Year1.xml) and goes into the zip as <PROFILE>.xml')
    .requiredOption('--case <case>', 'case token: FaultLevel, SystemCapacity_Existing, SystemCapacity_Year1..5, GBMaximum_<YYYYMMDDTHHMMZ>, GBMinimum_<YYYYMMDDTHHMMZ>, or a project id')
    .requiredOption('--area <code>', 'licence area code (e.g. EPN, DEMO)')
    .requiredOption('--year <yyyy>', 'publication year', positiveInt('--year'))
    .requiredOption('--period <pp>', '01 (May) or 02 (November)', period)
    .option('--version <n>', 'the zip\'s version within the cycle', positiveInt('--version'), 1)
    .option('--authority <uri>', 'the modelingAuthoritySet every file must carry (default: a URI ending in /<area>)')
    .requiredOption('-o, --output <dir>', 'folder the zip is written into (created if missing)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
The files are renamed <PROFILE>.xml inside the zip, by the profile their header declares (which
must agree with the file's own name). The same inputs always give a byte-identical zip.

Examples:
  $ ltds package --case FaultLevel --area DEMO --year 2026 --period 01 \\
      samples/DEMO/network/EQ.xml samples/DEMO/network/SC.xml samples/DEMO/network/SCR.xml -o out/tmp
  $ ltds package --case SystemCapacity_Year1 --area DEMO --year 2026 --period 01 EQ.xml SYSCAP_Year1.xml -o dist

Exit status: 0 packaged, 1 a check failed (every failure listed), 2 an input could not be read.`)
    .action(async (files: string[], opts: PackageOpts) => {
      const { formatFindingsText, packageCase } = await import('../../cases/index.js');
      mkdirSync(opts.output, { recursive: true });
      const names = files.map((f) => ({ path: f }));
      let progress: ReturnType<typeof createProgress> | undefined;
      const result = await packageCase({
        case: opts.case, area: opts.area, year: opts.year, period: opts.period, version: opts.version,
        files: names, outDir: opts.output, ...(opts.authority === undefined ? {} : { authority: opts.authority }),
        onBytes: (done, total) => {
          progress ??= createProgress('zipping', total);
          progress.update(done);
        },
      });
      progress?.done();
      if (opts.json) {
        process.stdout.write(JSON.stringify({
          zip: result.path, size: result.size, sha256: result.sha256, case: result.case, kind: result.resolved.definition.kind,
          files: result.files.map((f) => ({ name: f.name, source: f.path, profile: f.profile, profiles: f.header?.profiles ?? [], modelId: f.header?.id, size: f.size, sha256: f.sha256 })),
          findings: result.findings,
        }, null, 2) + '\n');
      } else {
        process.stdout.write(`${result.path}  ${result.size} bytes  sha256 ${result.sha256}\n`);
        for (const f of result.files) process.stdout.write(`  ${f.name.padEnd(11)} ${f.profile ?? '?'}  ${f.header?.id ?? ''}  ${f.size} bytes  from ${f.path}\n`);
        if (result.findings.length > 0) process.stdout.write(formatFindingsText(result.findings));
      }
    });
}
