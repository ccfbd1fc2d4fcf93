// The heatmap's published shapes: one row per substation, and one dataset per year.

import type { Thresholds } from './thresholds.js';

/** `existing` (year offset 0) or a future year 1..5. */
export type YearKey = 'existing' | '1' | '2' | '3' | '4' | '5';

export function yearKey(offset: number): YearKey {
  return (offset === 0 ? 'existing' : String(offset)) as YearKey;
}

export function yearOffset(key: string): number | undefined {
  if (key === 'existing' || key === '0') return 0;
  return /^[1-5]$/.test(key) ? Number(key) : undefined;
}

type Rag = 'GREEN' | 'AMBER' | 'RED' | null;

/** One substation in one year (README "Fields" gives units and formulas). */
export interface HeatmapRow {
  mRID: string;
  name: string;
  shortCode: string;
  type: 'GSP' | 'BSP' | 'Primary';
  voltages: number[];
  latitude: number | null;
  longitude: number | null;
  GSP: string | null;
  BSP: string | null;
  demandFirmCapacity: number | null;
  demandMaximum: number | null;
  demandMinimum: number | null;
  demandConnectedCapacity: number | null;
  demandContractedCapacity: number | null;
  demandAvailableCapacity: number | null;
  demandConstraint: Rag;
  demandConstraintLimitingFactor: string | null;
  generationFirmCapacity: number | null;
  generationConnectedCapacity: number | null;
  generationContractedCapacity: number | null;
  generationAvailableCapacity: number | null;
  generationConstraint: Rag;
  generationConstraintLimitingFactor: string | null;
  reversePowerFlowTotalCapacity: number | null;
  reversePowerFlowAvailableCapacity: number | null;
  faultLevelVoltage: number | null;
  threePhaseInitialFaultLevel: number | null;
  threePhaseBreakFaultLevel: number | null;
  threePhasePeakFaultLevel: number | null;
  singlePhaseFaultLevel: number | null;
  switchgearBreakingRating: number | null;
  switchgearMakingRating: number | null;
  faultLevelHeadroom: number | null;
  faultLevelConstraint: Rag;
  transformerCount: number;
  transformerCapacity: number | null;
}

/** Dataset metadata, in the shape GB DNOs publish with their heatmaps. */
export interface DatasetMetadata {
  title: string;
  description: string;
  publisher: string;
  creator: string;
  coverage: string;
  identifier: string;
  issued: string;
  valid: { from: string; to: string };
  rights: string;
  format: string;
  year: YearKey;
  yearOffset: number;
  thresholds: Thresholds;
}

/** One year's heatmap. */
export interface HeatmapDataset {
  year: YearKey;
  metadata: DatasetMetadata;
  rows: HeatmapRow[];
}

/** What the caller may say about the publication; everything has a default. */
export interface HeatmapMetadataInput {
  /** Licence area code (DEMO, EPN ...). */
  area?: string;
  title?: string;
  description?: string;
  publisher?: string;
  creator?: string;
  rights?: string;
  /** ISO timestamp; default the EQ's Model.created, so re-runs give the same bytes. */
  issued?: string;
  /** ISO date the existing year is valid from; default the EQ's Model.scenarioTime date. */
  validFrom?: string;
  /** Publication coordinates, used in the identifier when given. */
  publicationYear?: number;
  period?: string;
  version?: number;
}

/** The dataset formats `ltds heatmap` writes. */
export type HeatmapFormat = 'json' | 'geojson' | 'csv' | 'parquet';
export const HEATMAP_FORMATS: readonly HeatmapFormat[] = ['json', 'geojson', 'csv', 'parquet'];
