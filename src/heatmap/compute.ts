// computeHeatmap: read the CIM inputs, resolve the network, load DuckDB, compute, and hand back one
// dataset per year.

import type { CimInput, ModelHeader } from '../cim-xml/index.js';
import { LtdsError } from '../errors/index.js';
import { HeatmapDb } from './duck.js';
import { loadHeatmapInputs } from './load.js';
import { computeHeatmapTable, loadTables, tablesOf, YEAR_ROWS_SQL } from './sql.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';
import { resolveNetwork } from './topology.js';
import { yearKey, type DatasetMetadata, type HeatmapDataset, type HeatmapMetadataInput, type HeatmapRow } from './types.js';

export interface ComputeHeatmapOptions {
  /** Files, folders, zips, `a.zip:entry` — what expandInputs accepts. */
  inputs: readonly string[];
  /** Year offsets (0 = existing, 1..5); default every year the SYSCAP files give. */
  years?: readonly number[] | 'all';
  thresholds?: Partial<Thresholds>;
  metadata?: HeatmapMetadataInput;
  /** Reading progress in bytes (uncompressed, over all inputs). */
  onProgress?: (bytesDone: number, bytesTotal: number, input: CimInput) => void;
}

/** Milliseconds per stage, and bytes read. */
export interface HeatmapTimings {
  readMs: number;
  bytes: number;
  resolveMs: number;
  loadMs: number;
  computeMs: number;
  extractMs: number;
}

export interface HeatmapResult {
  datasets: HeatmapDataset[];
  warnings: string[];
  timings: HeatmapTimings;
  substations: number;
}

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

function isEquipment(h: ModelHeader | undefined): boolean {
  return h !== undefined && h.profiles.some((p) => /CoreEquipment|\/Equipment|EquipmentCore/i.test(p));
}

/** Builds the dataset metadata for one year. */
export function datasetMetadata(offset: number, thresholds: Thresholds, meta: HeatmapMetadataInput, eq: ModelHeader | undefined): DatasetMetadata {
  const area = meta.area ?? 'DEMO';
  const issued = meta.issued ?? eq?.created ?? eq?.scenarioTime ?? '1970-01-01T00:00:00Z';
  const base = (meta.validFrom ?? eq?.scenarioTime ?? issued).slice(0, 10);
  const key = yearKey(offset);
  const pub = meta.publicationYear !== undefined ? `_${meta.publicationYear}-${meta.period ?? '01'}${meta.version !== undefined ? `_v${meta.version}` : ''}` : '';
  const which = offset === 0 ? 'existing network' : `year ${offset} (forecast)`;
  return {
    title: meta.title ?? `${area} network capacity heatmap — ${which}`,
    description: meta.description ?? `Demand and generation capacity available at each grid, bulk and primary substation of licence area ${area}, for the ${which}, with RAG ratings and limiting factors, computed from the LTDS CIM data (EQ, SYSCAP, SCR, GL).`,
    publisher: meta.publisher ?? area,
    creator: meta.creator ?? 'LTDS toolkit',
    coverage: area,
    identifier: `LTDS_${area}${pub}_heatmap_${key}`,
    issued,
    valid: { from: addYears(base, offset), to: addYears(base, offset + 1) },
    rights: meta.rights ?? 'Open data; see the publisher for licence terms',
    format: 'application/json',
    year: key,
    yearOffset: offset,
    thresholds,
  };
}

/** Reads the inputs and computes one heatmap dataset per year. */
export async function computeHeatmap(options: ComputeHeatmapOptions): Promise<HeatmapResult> {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const data = await loadHeatmapInputs(options.inputs, options.onProgress);
  const t0 = performance.now();
  const network = resolveNetwork(data);
  const resolveMs = performance.now() - t0;
  if (network.substations.length === 0) {
    throw new LtdsError('HEATMAP_NO_DATA', `no GSP, BSP or primary substation in ${options.inputs.join(', ')} (an EQ file with Substations and VoltageLevels is needed)`, { inputs: options.inputs });
  }
  const available = [...new Set(network.capacities.map((c) => c.yearOffset))].sort((a, b) => a - b);
  if (available.length === 0) {
    throw new LtdsError('HEATMAP_NO_DATA', `no SYSCAP SubstationCapacity records in ${options.inputs.join(', ')}`, { inputs: options.inputs });
  }
  const years = options.years === undefined || options.years === 'all' ? available : [...new Set(options.years)].sort((a, b) => a - b);
  for (const y of years) {
    if (!available.includes(y)) {
      throw new LtdsError('HEATMAP_NO_DATA', `no SYSCAP figures for year ${yearKey(y)}; the inputs give ${available.map(yearKey).join(', ')}`, { year: y });
    }
  }
  const eq = data.headers.find((h) => isEquipment(h.header))?.header;
  const db = await HeatmapDb.open();
  try {
    const t1 = performance.now();
    await loadTables(db, tablesOf(network), years);
    const loadMs = performance.now() - t1;
    const computeMs = await computeHeatmapTable(db, thresholds);
    const t2 = performance.now();
    const datasets: HeatmapDataset[] = [];
    for (const y of years) {
      datasets.push({
        year: yearKey(y),
        metadata: datasetMetadata(y, thresholds, options.metadata ?? {}, eq),
        rows: (await db.rows(YEAR_ROWS_SQL, { year: y })) as unknown as HeatmapRow[],
      });
    }
    const extractMs = performance.now() - t2;
    return {
      datasets,
      warnings: network.warnings,
      timings: { readMs: data.ms, bytes: data.bytes, resolveMs, loadMs, computeMs, extractMs },
      substations: network.substations.length,
    };
  } finally {
    db.close();
  }
}
