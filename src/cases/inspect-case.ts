// What `ltds inspect` adds for a case zip: the fields of its name, the case it is, and whether its
// entries are exactly that case's files.

import { listZipEntries } from '../cim-xml/zip.js';
import { entryNames } from './catalog.js';
import { parseCaseName, type CaseName, type ResolvedCase } from './naming.js';

/** The case view of a zip. */
export interface CaseZipInfo {
  zip: string;
  name: CaseName;
  family: string;
  title: string;
  kind: string;
  expected: string[];
  entries: string[];
  missing: string[];
  extra: string[];
  dateTime?: string;
  projectId?: string;
}

/** True when a path looks like a case zip (its name starts with `LTDS_`). */
export function isCaseZipName(path: string): boolean {
  return /^LTDS_/.test(path.replace(/^.*[\\/]/, '')) && /\.zip$/i.test(path);
}

/** Parses the zip's name (CASE_NAME error naming the bad part) and compares its entries with the case. */
export async function inspectCaseZip(zipPath: string): Promise<CaseZipInfo> {
  const parsed: CaseName & ResolvedCase = parseCaseName(zipPath);
  const entries = (await listZipEntries(zipPath)).map((e) => e.name);
  const expected = entryNames(parsed.definition);
  const info: CaseZipInfo = {
    zip: zipPath,
    name: { area: parsed.area, year: parsed.year, period: parsed.period, case: parsed.case, version: parsed.version },
    family: parsed.definition.family,
    title: parsed.definition.title,
    kind: parsed.definition.kind,
    expected,
    entries,
    missing: expected.filter((e) => !entries.includes(e)),
    extra: entries.filter((e) => !expected.includes(e)),
  };
  if (parsed.dateTime !== undefined) info.dateTime = parsed.dateTime;
  if (parsed.projectId !== undefined) info.projectId = parsed.projectId;
  return info;
}
