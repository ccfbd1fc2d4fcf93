// The case catalog: every Stage 2 and Stage 3 case of the LTDS CIM programme as data (spec
// cases.md), so a change in the regulator's letters is a change here and nowhere else.

import type { Stage } from '../publication/index.js';
import type { ProfileKeyword } from './profiles.js';

export type { Stage };

/** Full Models or Difference Models. */
export type ModelKind = 'Full' | 'Difference';

/** One kind of case. */
export interface CaseDefinition {
  /** The family: the case token, or its fixed part for GBMaximum/GBMinimum, or `Project`. */
  family: string;
  title: string;
  /** Stages the case belongs to. */
  stages: readonly Stage[];
  /** The exact file set, as profile keywords (entry `<PROFILE>.xml`), in zip order. */
  files: readonly ProfileKeyword[];
  kind: ModelKind;
  /** How the token is made: fixed, `<family>_<YYYYMMDDTHHMMZ>` from the scenario time, or the project id. */
  token: 'fixed' | 'dateTime' | 'projectId';
  /** Whether a publication of that stage must hold it (Development Projects are 0..n). */
  required: boolean;
  /** SYSCAP year offset (0 existing, k future year k), for System Capacity cases. */
  yearOffset?: number;
}

const syscap = (k: number, stages: readonly Stage[]): CaseDefinition => ({
  family: k === 0 ? 'SystemCapacity_Existing' : `SystemCapacity_Year${k}`,
  title: k === 0 ? 'Existing System Capacity (outturn non-coincident load, firm capacity)' : `Future Year ${k} System Capacity (forecast non-coincident load)`,
  stages, files: ['EQ', 'SYSCAP'], kind: 'Full', token: 'fixed', required: true, yearOffset: k,
});

/** The catalog, in publication order. */
export const CASE_CATALOG: readonly CaseDefinition[] = [
  { family: 'FaultLevel', title: 'Existing Fault Level', stages: [2, 3], files: ['EQ', 'SC', 'SCR'], kind: 'Full', token: 'fixed', required: true },
  syscap(0, [2, 3]),
  syscap(1, [2, 3]),
  syscap(2, [3]),
  syscap(3, [3]),
  syscap(4, [3]),
  syscap(5, [3]),
  { family: 'GBMaximum', title: 'NETS Maximum Demand solved case', stages: [3], files: ['EQ', 'SC', 'GL', 'DL', 'SSH', 'TP', 'SV'], kind: 'Full', token: 'dateTime', required: true },
  { family: 'GBMinimum', title: 'NETS Minimum Demand solved case', stages: [3], files: ['EQ', 'SC', 'GL', 'DL', 'SSH', 'TP', 'SV'], kind: 'Full', token: 'dateTime', required: true },
  { family: 'Project', title: 'firm grid Development Project', stages: [3], files: ['EQ', 'SC', 'GL'], kind: 'Difference', token: 'projectId', required: false },
];

/** Case tokens (and token prefixes) a project id may never be, compared without regard to case. */
export const RESERVED_TOKENS: readonly string[] = ['FaultLevel', 'SystemCapacity', 'GBMaximum', 'GBMinimum', 'Project'];

/** The catalog entry of a family name. */
export function caseDefinition(family: string): CaseDefinition | undefined {
  return CASE_CATALOG.find((c) => c.family === family);
}

/** The cases a stage holds. */
export function casesOfStage(stage: Stage): CaseDefinition[] {
  return CASE_CATALOG.filter((c) => c.stages.includes(stage));
}

/** The entry names a case's zip holds, in zip order. */
export function entryNames(def: CaseDefinition): string[] {
  return def.files.map((p) => `${p}.xml`);
}
