// The heatmap computation in SQL: the tables it reads, the query that turns them into one row per
// substation and year, and the published field list. README "## Capacity heatmaps" states the same
// formulas in words; keep the two together.

import type { CapacityRecord } from './load.js';
import type { ColumnSpec, HeatmapDb } from './duck.js';
import type { Thresholds } from './thresholds.js';
import type { FaultRow, ResolvedNetwork, SubstationRow, SwitchgearRow, TransformerRow } from './topology.js';

export const SUBSTATION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'mrid', kind: 'VARCHAR' }, { name: 'name', kind: 'VARCHAR' }, { name: 'short_code', kind: 'VARCHAR' },
  { name: 'type', kind: 'VARCHAR' }, { name: 'voltages', kind: 'DOUBLE[]' }, { name: 'latitude', kind: 'DOUBLE' },
  { name: 'longitude', kind: 'DOUBLE' }, { name: 'gsp', kind: 'VARCHAR' }, { name: 'bsp', kind: 'VARCHAR' }, { name: 'ord', kind: 'INTEGER' },
];
export const CAPACITY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'mrid', kind: 'VARCHAR' }, { name: 'year', kind: 'INTEGER' },
  { name: 'firm', kind: 'DOUBLE' }, { name: 'max_demand', kind: 'DOUBLE' }, { name: 'min_demand', kind: 'DOUBLE' },
  { name: 'conn_demand', kind: 'DOUBLE' }, { name: 'contr_demand', kind: 'DOUBLE' }, { name: 'conn_gen', kind: 'DOUBLE' },
  { name: 'contr_gen', kind: 'DOUBLE' }, { name: 'gen_firm', kind: 'DOUBLE' }, { name: 'reverse_cap', kind: 'DOUBLE' },
  { name: 'limiting', kind: 'VARCHAR' },
];
export const FAULT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sub', kind: 'VARCHAR' }, { name: 'vl', kind: 'VARCHAR' }, { name: 'kv', kind: 'DOUBLE' },
  { name: 'ik3', kind: 'DOUBLE' }, { name: 'ik1', kind: 'DOUBLE' }, { name: 'ip', kind: 'DOUBLE' }, { name: 'ib', kind: 'DOUBLE' },
];
export const SWITCHGEAR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sub', kind: 'VARCHAR' }, { name: 'vl', kind: 'VARCHAR' }, { name: 'kv', kind: 'DOUBLE' },
  { name: 'breaking', kind: 'DOUBLE' }, { name: 'making', kind: 'DOUBLE' },
];
export const TRANSFORMER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sub', kind: 'VARCHAR' }, { name: 'mrid', kind: 'VARCHAR' }, { name: 'rated_s', kind: 'DOUBLE' },
];

/** Column arrays of the input tables, as DuckDB loads them. */
export interface HeatmapTables {
  substation: unknown[][];
  capacity: unknown[][];
  fault: unknown[][];
  switchgear: unknown[][];
  transformer: unknown[][];
}

function columnsOf<T>(rows: readonly T[], getters: readonly ((r: T) => unknown)[]): unknown[][] {
  return getters.map((g) => rows.map(g));
}

/** The resolved network as column arrays. */
export function tablesOf(n: Pick<ResolvedNetwork, 'substations' | 'capacities' | 'faults' | 'switchgear' | 'transformers'>): HeatmapTables {
  return {
    substation: columnsOf<SubstationRow>(n.substations, [(r) => r.mrid, (r) => r.name, (r) => r.shortCode, (r) => r.type, (r) => r.voltages, (r) => r.latitude, (r) => r.longitude, (r) => r.gsp, (r) => r.bsp, (r) => r.ord]),
    capacity: columnsOf<CapacityRecord>(n.capacities, [
      (r) => r.substation, (r) => r.yearOffset, (r) => r.firmCapacity, (r) => r.maximumDemand, (r) => r.minimumDemand, (r) => r.connectedDemand,
      (r) => r.contractedDemand, (r) => r.connectedGeneration, (r) => r.contractedGeneration, (r) => r.generationFirmCapacity,
      (r) => r.reversePowerCapability, (r) => r.limitingFactor ?? null,
    ]),
    fault: columnsOf<FaultRow>(n.faults, [(r) => r.substation, (r) => r.voltageLevel, (r) => r.kv, (r) => r.ik3, (r) => r.ik1, (r) => r.ip, (r) => r.ib]),
    switchgear: columnsOf<SwitchgearRow>(n.switchgear, [(r) => r.substation, (r) => r.voltageLevel, (r) => r.kv, (r) => r.breaking, (r) => r.making]),
    transformer: columnsOf<TransformerRow>(n.transformers, [(r) => r.substation, (r) => r.mrid, (r) => r.ratedS]),
  };
}

/** Bulk-loads the input tables and the requested year offsets. */
export async function loadTables(db: HeatmapDb, t: HeatmapTables, years: readonly number[]): Promise<void> {
  await db.load('substation', SUBSTATION_COLUMNS, t.substation);
  await db.load('capacity', CAPACITY_COLUMNS, t.capacity);
  await db.load('fault', FAULT_COLUMNS, t.fault);
  await db.load('switchgear', SWITCHGEAR_COLUMNS, t.switchgear);
  await db.load('transformer', TRANSFORMER_COLUMNS, t.transformer);
  await db.load('years', [{ name: 'year', kind: 'INTEGER' }], [[...years]]);
}

/**
 * One row per substation and requested year. Rounding: every computed MW and kA figure is rounded
 * to 3 decimals (1 kW, 1 A) and the RAG is decided on the rounded figure, so anyone can check it
 * from the published numbers. Ranks: 0 GREEN, 1 AMBER, 2 RED.
 */
export const COMPUTE_SQL = `
CREATE OR REPLACE TABLE heatmap AS
WITH fl AS (
  SELECT sub, vl, any_value(kv) AS kv, max(ib) AS ib, max(ip) AS ip, max(ik3) AS ik3, max(ik1) AS ik1
  FROM fault GROUP BY sub, vl
), sg AS (
  SELECT sub, vl, min(breaking) AS brk, min(making) AS mk FROM switchgear GROUP BY sub, vl
), fh AS (
  SELECT fl.sub, fl.kv AS f_kv, fl.ib, fl.ip, fl.ik3, fl.ik1, sg.brk, sg.mk, round(sg.brk - fl.ib, 3) AS headroom
  FROM fl JOIN sg ON fl.sub = sg.sub AND fl.vl = sg.vl
  QUALIFY row_number() OVER (PARTITION BY fl.sub ORDER BY sg.brk - fl.ib, fl.kv DESC NULLS LAST, fl.vl) = 1
), tx AS (
  SELECT sub, count(*) AS tx_count, sum(rated_s) AS tx_mva FROM transformer GROUP BY sub
), base AS (
  SELECT s.mrid, s.name, s.short_code, s.type, s.voltages, s.latitude, s.longitude, s.gsp, s.bsp, s.ord, y.year,
    c.firm, c.max_demand, c.min_demand, c.conn_demand, c.contr_demand, c.conn_gen, c.contr_gen, c.gen_firm, c.reverse_cap, c.limiting,
    fh.f_kv, fh.ib, fh.ip, fh.ik3, fh.ik1, fh.brk, fh.mk, fh.headroom, tx.tx_count, tx.tx_mva,
    round(c.firm - c.max_demand - c.contr_demand, 3) AS d_avail,
    least(c.reverse_cap, c.gen_firm) AS g_cap,
    round(least(c.reverse_cap, c.gen_firm) + c.min_demand - c.conn_gen - c.contr_gen, 3) AS g_avail,
    round(c.reverse_cap + c.min_demand - c.conn_gen - c.contr_gen, 3) AS r_avail
  FROM substation s CROSS JOIN years y
  LEFT JOIN capacity c ON c.mrid = s.mrid AND c.year = y.year
  LEFT JOIN fh ON fh.sub = s.mrid
  LEFT JOIN tx ON tx.sub = s.mrid
), rag AS (
  SELECT *,
    CASE WHEN d_avail IS NULL THEN NULL WHEN d_avail <= 0 THEN 2 WHEN d_avail < $demandAmber * firm THEN 1 ELSE 0 END AS d_rag,
    CASE WHEN g_avail IS NULL THEN NULL WHEN g_avail <= 0 THEN 2 WHEN g_avail < $generationAmber * g_cap THEN 1 ELSE 0 END AS g_rag,
    CASE WHEN headroom IS NULL THEN NULL WHEN headroom <= 0 THEN 2 WHEN headroom < $faultAmber * brk THEN 1 ELSE 0 END AS f_rag,
    d_avail / nullif(firm, 0) AS d_share,
    g_avail / nullif(g_cap, 0) AS g_share,
    headroom / nullif(brk, 0) AS f_share,
    CASE limiting WHEN 'voltage' THEN 'Voltage' WHEN 'faultLevel' THEN 'FaultLevel' ELSE 'Thermal' END AS cap_factor
  FROM base
), judged AS (
  SELECT *,
    CASE WHEN g_rag IS NULL THEN NULL WHEN f_rag IS NULL THEN g_rag ELSE greatest(g_rag, f_rag) END AS gen_rank,
    CASE
      WHEN g_rag IS NULL THEN NULL
      WHEN f_rag IS NULL OR g_rag > f_rag THEN cap_factor
      WHEN f_rag > g_rag THEN 'FaultLevel'
      WHEN f_share < g_share THEN 'FaultLevel'
      ELSE cap_factor END AS gen_factor
  FROM rag
)
SELECT year, ord,
  mrid AS "mRID", name, short_code AS "shortCode", type, voltages, latitude, longitude, gsp AS "GSP", bsp AS "BSP",
  firm AS "demandFirmCapacity", max_demand AS "demandMaximum", min_demand AS "demandMinimum",
  conn_demand AS "demandConnectedCapacity", contr_demand AS "demandContractedCapacity",
  d_avail AS "demandAvailableCapacity",
  CASE d_rag WHEN 2 THEN 'RED' WHEN 1 THEN 'AMBER' WHEN 0 THEN 'GREEN' END AS "demandConstraint",
  CASE WHEN d_rag IS NULL THEN NULL ELSE cap_factor END AS "demandConstraintLimitingFactor",
  gen_firm AS "generationFirmCapacity", conn_gen AS "generationConnectedCapacity", contr_gen AS "generationContractedCapacity",
  g_avail AS "generationAvailableCapacity",
  CASE gen_rank WHEN 2 THEN 'RED' WHEN 1 THEN 'AMBER' WHEN 0 THEN 'GREEN' END AS "generationConstraint",
  gen_factor AS "generationConstraintLimitingFactor",
  reverse_cap AS "reversePowerFlowTotalCapacity", r_avail AS "reversePowerFlowAvailableCapacity",
  f_kv AS "faultLevelVoltage", ik3 AS "threePhaseInitialFaultLevel", ib AS "threePhaseBreakFaultLevel",
  ip AS "threePhasePeakFaultLevel", ik1 AS "singlePhaseFaultLevel",
  brk AS "switchgearBreakingRating", mk AS "switchgearMakingRating", headroom AS "faultLevelHeadroom",
  CASE f_rag WHEN 2 THEN 'RED' WHEN 1 THEN 'AMBER' WHEN 0 THEN 'GREEN' END AS "faultLevelConstraint",
  coalesce(tx_count, 0)::INTEGER AS "transformerCount", round(tx_mva, 3) AS "transformerCapacity"
FROM judged
`;

/** The published fields, in order, with units (README lists the same). */
export const HEATMAP_FIELDS: readonly { name: string; unit: string }[] = [
  { name: 'mRID', unit: '' }, { name: 'name', unit: '' }, { name: 'shortCode', unit: '' }, { name: 'type', unit: 'GSP | BSP | Primary' },
  { name: 'voltages', unit: 'kV' }, { name: 'latitude', unit: '° WGS84' }, { name: 'longitude', unit: '° WGS84' }, { name: 'GSP', unit: '' }, { name: 'BSP', unit: '' },
  { name: 'demandFirmCapacity', unit: 'MW' }, { name: 'demandMaximum', unit: 'MW' }, { name: 'demandMinimum', unit: 'MW' },
  { name: 'demandConnectedCapacity', unit: 'MW' }, { name: 'demandContractedCapacity', unit: 'MW' }, { name: 'demandAvailableCapacity', unit: 'MW' },
  { name: 'demandConstraint', unit: 'RAG' }, { name: 'demandConstraintLimitingFactor', unit: '' },
  { name: 'generationFirmCapacity', unit: 'MW' }, { name: 'generationConnectedCapacity', unit: 'MW' }, { name: 'generationContractedCapacity', unit: 'MW' },
  { name: 'generationAvailableCapacity', unit: 'MW' }, { name: 'generationConstraint', unit: 'RAG' }, { name: 'generationConstraintLimitingFactor', unit: '' },
  { name: 'reversePowerFlowTotalCapacity', unit: 'MW' }, { name: 'reversePowerFlowAvailableCapacity', unit: 'MW' },
  { name: 'faultLevelVoltage', unit: 'kV' }, { name: 'threePhaseInitialFaultLevel', unit: 'kA' }, { name: 'threePhaseBreakFaultLevel', unit: 'kA' },
  { name: 'threePhasePeakFaultLevel', unit: 'kA' }, { name: 'singlePhaseFaultLevel', unit: 'kA' }, { name: 'switchgearBreakingRating', unit: 'kA' },
  { name: 'switchgearMakingRating', unit: 'kA' }, { name: 'faultLevelHeadroom', unit: 'kA' }, { name: 'faultLevelConstraint', unit: 'RAG' },
  { name: 'transformerCount', unit: '' }, { name: 'transformerCapacity', unit: 'MVA' },
];

/** Runs the computation over the loaded tables; returns its wall time in ms. */
export async function computeHeatmapTable(db: HeatmapDb, th: Thresholds): Promise<number> {
  const t0 = performance.now();
  await db.run(COMPUTE_SQL, { demandAmber: th.demandAmberShare, generationAmber: th.generationAmberShare, faultAmber: th.faultLevelAmberShare });
  return performance.now() - t0;
}
