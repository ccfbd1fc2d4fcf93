// The zip naming convention `LTDS_<area>_<year>-<period>_<case>_v<version>.zip`: formatting and
// parsing, with errors that name the part that is wrong and what it should be.

import { LtdsError } from '../errors/index.js';
import { isPeriod, type Period } from '../publication/index.js';
import { caseDefinition, RESERVED_TOKENS, type CaseDefinition } from './catalog.js';

/** Every field of a case zip name. */
export interface CaseName {
  area: string;
  year: number;
  /** `01` (May) or `02` (November). */
  period: Period;
  /** The case token: `FaultLevel`, `SystemCapacity_Year3`, `GBMaximum_20260121T1730Z`, a project id. */
  case: string;
  version: number;
}

/** A case token resolved against the catalog. */
export interface ResolvedCase {
  definition: CaseDefinition;
  /** For GBMaximum/GBMinimum: the demand date-time `YYYYMMDDTHHMMZ`. */
  dateTime?: string;
  /** For a Development Project: its id. */
  projectId?: string;
}

const AREA = /^[A-Za-z0-9]{1,16}$/;
const PROJECT_ID = /^[A-Za-z0-9-]{1,24}$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/;

function bad(part: string, found: string, expected: string, name?: string): LtdsError {
  const where = name === undefined ? '' : ` in '${name}'`;
  return new LtdsError('CASE_NAME', `bad ${part} '${found}'${where}: expected ${expected}`, { part, found, expected, ...(name === undefined ? {} : { name }) });
}

/** Checks a `YYYYMMDDTHHMMZ` date-time (a real calendar date and time). */
export function isCaseDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  // All five groups of DATE_TIME always participate in a match.
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60;
}

/** `2026-01-21T17:30:00Z` → `20260121T1730Z` (seconds dropped). */
export function caseDateTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) throw bad('date-time', iso, 'an ISO-8601 date-time such as 2026-01-21T17:30:00Z');
  return `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}Z`;
}

/** Resolves a case token (`FaultLevel`, `GBMaximum_20260121T1730Z`, `DEMO-P1`) against the catalog. */
export function resolveCaseToken(token: string, name?: string): ResolvedCase {
  const fixed = caseDefinition(token);
  if (fixed && fixed.token === 'fixed') return { definition: fixed };
  const m = /^(GBMaximum|GBMinimum)(?:_(.*))?$/.exec(token);
  if (m) {
    const def = caseDefinition(m[1]!) as CaseDefinition;
    if (m[2] === undefined || !isCaseDateTime(m[2])) {
      throw bad('case', token, `${m[1]}_<YYYYMMDDTHHMMZ>, the date-time of the demand ${m[1] === 'GBMaximum' ? 'peak' : 'trough'} (e.g. ${m[1]}_20260121T1730Z)`, name);
    }
    return { definition: def, dateTime: m[2] };
  }
  checkProjectId(token, name);
  return { definition: caseDefinition('Project') as CaseDefinition, projectId: token };
}

/** Refuses a project id that is too long, has other characters, or is (or starts like) a reserved token. */
export function checkProjectId(id: string, name?: string): void {
  const reserved = RESERVED_TOKENS.find((r) => id.toLowerCase() === r.toLowerCase());
  if (reserved !== undefined) {
    throw bad('case', id, `a full case token (FaultLevel, SystemCapacity_Existing, SystemCapacity_Year1..5, GBMaximum_<YYYYMMDDTHHMMZ>, GBMinimum_<YYYYMMDDTHHMMZ>) or a Development Project id that is not the reserved word '${reserved}'`, name);
  }
  if (!PROJECT_ID.test(id)) {
    throw bad('case', id, "a case token (FaultLevel, SystemCapacity_Existing, SystemCapacity_Year1..5, GBMaximum_<YYYYMMDDTHHMMZ>, GBMinimum_<YYYYMMDDTHHMMZ>) or a Development Project id of 1-24 characters from A-Z a-z 0-9 and '-'", name);
  }
}

/** Formats a zip name; every field is checked, so a name that formats also parses. */
export function formatCaseName(n: CaseName): string {
  if (!AREA.test(n.area)) throw bad('area', n.area, 'a licence area code of 1-16 letters or digits (e.g. EPN, SWEST, DEMO)');
  if (!Number.isInteger(n.year) || n.year < 2000 || n.year > 2999) throw bad('year', String(n.year), 'a 4-digit publication year');
  if (!isPeriod(n.period)) throw bad('period', String(n.period), "'01' (May) or '02' (November)");
  if (!Number.isInteger(n.version) || n.version < 1) throw bad('version', String(n.version), 'a whole number of at least 1');
  resolveCaseToken(n.case);
  return `LTDS_${n.area}_${n.year}-${n.period}_${n.case}_v${n.version}.zip`;
}

/** Parses a zip name (a path is allowed; only its last part is read) into its fields. */
export function parseCaseName(fileName: string): CaseName & ResolvedCase {
  const name = fileName.replace(/^.*[\\/]/, '');
  if (!name.startsWith('LTDS_')) throw bad('prefix', name.slice(0, 5), "'LTDS_' (names are LTDS_<area>_<year>-<period>_<case>_v<version>.zip)", name);
  if (!name.endsWith('.zip')) throw bad('extension', name.replace(/^[^.]*/, '') || '(none)', "'.zip'", name);
  const body = name.slice(5, -4);
  const first = body.indexOf('_');
  if (first < 0) throw bad('name', name, 'LTDS_<area>_<year>-<period>_<case>_v<version>.zip', name);
  const area = body.slice(0, first);
  if (!AREA.test(area)) throw bad('area', area, 'a licence area code of 1-16 letters or digits (e.g. EPN, SWEST, DEMO)', name);
  const rest = body.slice(first + 1);
  const second = rest.indexOf('_');
  const cycle = second < 0 ? rest : rest.slice(0, second);
  const cm = /^(\d{4})-(\d{2})$/.exec(cycle);
  if (!cm) throw bad('year-period', cycle, '<year>-<period> such as 2026-01', name);
  const year = Number(cm[1]);
  if (year < 2000) throw bad('year', cm[1]!, 'a 4-digit publication year from 2000', name);
  if (!isPeriod(cm[2]!)) throw bad('period', cm[2]!, "'01' (May) or '02' (November)", name);
  if (second < 0) throw bad('case', '(none)', 'a case token after the period', name);
  const tail = rest.slice(second + 1);
  const vm = /^(.*)_v([^_]*)$/.exec(tail);
  if (!vm) throw bad('version', '(none)', "a final '_v<version>' such as _v1", name);
  if (!/^[1-9]\d*$/.test(vm[2]!)) throw bad('version', vm[2]!, 'a whole number of at least 1 without leading zeros', name);
  const token = vm[1]!;
  if (token === '') throw bad('case', '(empty)', 'a case token', name);
  const resolved = resolveCaseToken(token, name);
  return { area, year, period: cm[2], case: token, version: Number(vm[2]), ...resolved };
}
