// RAG thresholds: the defaults, and reading a thresholds file (JSON, checked with zod).

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LtdsError } from '../errors/index.js';

/** Shares (0..1) below which a positive headroom is AMBER rather than GREEN. */
export interface Thresholds {
  /** Demand: AMBER when 0 < demandAvailableCapacity < share × demandFirmCapacity. */
  demandAmberShare: number;
  /** Generation: AMBER when 0 < generationAvailableCapacity < share × min(reverse power capability, generation firm capacity). */
  generationAmberShare: number;
  /** Fault level: AMBER when 0 < faultLevelHeadroom < share × switchgearBreakingRating. */
  faultLevelAmberShare: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  demandAmberShare: 0.1,
  generationAmberShare: 0.1,
  faultLevelAmberShare: 0.1,
});

const share = z.number().min(0).max(1);
export const thresholdsSchema = z
  .object({ demandAmberShare: share, generationAmberShare: share, faultLevelAmberShare: share })
  .partial()
  .strict();

/** Defaults overridden by whatever `partial` gives; refuses unknown keys and shares outside 0..1. */
export function parseThresholds(value: unknown, source = 'thresholds'): Thresholds {
  const r = thresholdsSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new LtdsError('HEATMAP_THRESHOLDS', `bad thresholds in ${source}: ${issues} (allowed keys: demandAmberShare, generationAmberShare, faultLevelAmberShare, each a number 0..1)`, { source }, { file: source });
  }
  return { ...DEFAULT_THRESHOLDS, ...r.data };
}

/** Reads a thresholds JSON file. */
export function readThresholdsFile(path: string): Thresholds {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new LtdsError('INPUT_NOT_FOUND', `cannot read thresholds file ${path}: ${(err as Error).message}`, { path }, { file: path }, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new LtdsError('HEATMAP_THRESHOLDS', `thresholds file is not JSON: ${(err as Error).message}`, { path }, { file: path }, err);
  }
  return parseThresholds(value, path);
}
