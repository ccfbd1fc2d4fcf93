// `ltds package`: checks a case's files and writes its deterministic zip under the naming convention.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
import type { Period } from '../publication/index.js';
import { describeCaseFile, type CaseFile } from './case-file.js';
import { entryNames } from './catalog.js';
import { checkCase } from './checks.js';
import { countFindings, type CaseFinding } from './findings.js';
import { formatCaseName, resolveCaseToken, type ResolvedCase } from './naming.js';
import { profileOfName } from './profiles.js';
import { writeDeterministicZip, type WrittenZip } from './zip-writer.js';

/** One input of a case: a file, and optionally the name it has in the case (default: its file name). */
export interface CaseInput {
  path: string;
  name?: string;
}

/** What to package. */
export interface PackageOptions {
  /** Case token: `FaultLevel`, `SystemCapacity_Year2`, `GBMaximum_20260121T1730Z`, a project id. */
  case: string;
  area: string;
  year: number;
  period: Period;
  version: number;
  files: readonly CaseInput[];
  outDir: string;
  /** The modelingAuthoritySet the files must carry (default: a URI naming the area). */
  authority?: string;
  /** Called with bytes read during checking and zipping, and the total. */
  onBytes?: (done: number, total: number) => void;
}

/** The packaged case. */
export interface PackagedCase extends WrittenZip {
  /** The zip's file name. */
  zip: string;
  case: string;
  resolved: ResolvedCase;
  /** Files in zip order. */
  files: CaseFile[];
  findings: CaseFinding[];
}

/**
 * The entry name a file has in a case when none is given: `<PROFILE>.xml` for the profile its own
 * name claims (`SYSCAP_Year1.xml` → `SYSCAP.xml`), else its file name.
 */
export function defaultEntryName(path: string): string {
  const claimed = profileOfName(path);
  return claimed === undefined ? path.replace(/^.*[\\/]/, '') : `${claimed}.xml`;
}

/** Reads and checks every file of a case; returns the files and the findings. */
export async function checkCaseFiles(
  token: string, area: string, files: readonly CaseInput[], authority?: string, onBytes?: (n: number) => void,
): Promise<{ resolved: ResolvedCase; files: CaseFile[]; findings: CaseFinding[] }> {
  const resolved = resolveCaseToken(token);
  const described: CaseFile[] = [];
  let base = 0;
  for (const f of files) {
    const d = await describeCaseFile(f.path, f.name ?? defaultEntryName(f.path), onBytes ? (n) => onBytes(base + n) : undefined);
    base += d.size;
    described.push(d);
  }
  const order = entryNames(resolved.definition);
  described.sort((a, b) => rank(order, a.name) - rank(order, b.name) || a.name.localeCompare(b.name));
  const findings = checkCase(resolved, described, { area, token, ...(authority === undefined ? {} : { authority }) });
  return { resolved, files: described, findings };
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** The one-line message of a failed case check. */
export function caseCheckError(token: string, findings: readonly CaseFinding[]): LtdsError {
  const errors = findings.filter((f) => f.severity === 'error');
  return new LtdsError('CASE_CHECK', `the ${token} case failed ${errors.length} check(s): ${errors.map((f) => f.message).join('; ')}`, { case: token, findings: errors });
}

/** Checks the case, then writes `LTDS_<area>_<year>-<period>_<case>_v<version>.zip` into `outDir`. */
export async function packageCase(o: PackageOptions): Promise<PackagedCase> {
  const zipName = formatCaseName({ area: o.area, year: o.year, period: o.period, case: o.case, version: o.version });
  const checked = await checkCaseFiles(o.case, o.area, o.files, o.authority);
  if (countFindings(checked.findings).error > 0) throw caseCheckError(o.case, checked.findings);
  const bytes = checked.files.reduce((a, f) => a + f.size, 0);
  mkdirSync(o.outDir, { recursive: true });
  const scenario = checked.files[0]?.header?.scenarioTime;
  const date = scenario !== undefined && !Number.isNaN(Date.parse(scenario)) ? new Date(Date.parse(scenario)) : undefined;
  const written = await writeDeterministicZip(
    join(o.outDir, zipName),
    checked.files.map((f) => ({ name: f.name, path: f.path })),
    { ...(date ? { date } : {}), ...(o.onBytes ? { onBytes: (n: number) => o.onBytes?.(n, bytes) } : {}) },
  );
  return { ...written, zip: zipName, case: o.case, resolved: checked.resolved, files: checked.files, findings: checked.findings };
}
