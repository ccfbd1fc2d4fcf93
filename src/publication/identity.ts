// The identity of a publication (docs/contracts.md §4): licence area, publication year, period,
// version and stage. The one definition of these fields, their schemas and their spellings in
// paths and names; cases, the pipeline, the serving host and the CLI take them from here.

import { z } from 'zod';
import { PERIODS, type Period, type Stage } from './period.js';

export { PERIODS, STAGES, isPeriod, type Period, type Stage } from './period.js';

export const periodSchema = z.enum(PERIODS);
export const stageSchema = z.union([z.literal(2), z.literal(3)]);
export const areaSchema = z.string().regex(/^[A-Za-z0-9]{1,16}$/);
export const yearSchema = z.number().int().min(1000).max(9999);
export const versionSchema = z.number().int().min(1);
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex');

/** What names one publication. */
export interface PublicationId {
  area: string;
  year: number;
  period: Period;
  version: number;
  stage: Stage;
}

/** `2026-02`: the cycle folder name. */
export function cycleOf(p: { year: number; period: string }): string {
  return `${p.year}-${p.period}`;
}

/** `DEMO/2026-02/v1`: the version folder relative to the publication root. */
export function publicationPath(p: { area: string; year: number; period: string; version: number }): string {
  return `${p.area}/${cycleOf(p)}/v${p.version}`;
}

/** `DEMO 2026-02 v1`. */
export function publicationLabel(p: { area: string; year: number; period: string; version: number }): string {
  return `${p.area} ${cycleOf(p)} v${p.version}`;
}

/** Catalog order: area, year, period, version. */
export function comparePublications(a: { area: string; year: number; period: string; version: number }, b: { area: string; year: number; period: string; version: number }): number {
  return a.area.localeCompare(b.area) || a.year - b.year || a.period.localeCompare(b.period) || a.version - b.version;
}
