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
  { name: 'longitude', kind: 'DOUBLE' }, { name: 'gsp', kind: 'VARCHAR' }, { name: 'bsp', kind: 'VARCHAR' }, { name: 'sid', kind: 'INTEGER' },
];
export const CAPACITY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sid', kind: 'INTEGER' }, { name: 'year', kind: 'INTEGER' },
  { name: 'firm', kind: 'DOUBLE' }, { name: 'max_demand', kind: 'DOUBLE' }, { name: 'min_demand', kind: 'DOUBLE' },
  { name: 'conn_demand', kind: 'DOUBLE' }, { name: 'contr_demand', kind: 'DOUBLE' }, { name: 'conn_gen', kind: 'DOUBLE' },
  { name: 'contr_gen', kind: 'DOUBLE' }, { name: 'gen_firm', kind: 'DOUBLE' }, { name: 'reverse_cap', kind: 'DOUBLE' },
  { name: 'limiting', kind: 'VARCHAR' },
];
export const FAULT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sid', kind: 'INTEGER' }, { name: 'vl', kind: 'INTEGER' }, { name: 'kv', kind: 'DOUBLE' },
  { name: 'ik3', kind: 'DOUBLE' }, { name: 'ik1', kind: 'DOUBLE' }, { name: 'ip', kind: 'DOUBLE' }, { name: 'ib', kind: 'DOUBLE' },
];
export const SWITCHGEAR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sid', kind: 'INTEGER' }, { name: 'vl', kind: 'INTEGER' }, { name: 'kv', kind: 'DOUBLE' },
  { name: 'breaking', kind: 'DOUBLE' }, { name: 'making', kind: 'DOUBLE' },
];
export const TRANSFORMER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'sid', kind: 'INTEGER' }, { name: 'rated_s', kind: 'DOUBLE' },
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

/**
 * The resolved network as column arrays. Substations are numbered by their row order (`sid`), and
 * every other table refers to them (and to voltage levels) by number: joins on integers, strings
 * only in the substation table.
 */
export function tablesOf(n: Pick<ResolvedNetwork, 'substations' | 'capacities' | 'faults' | 'switchgear' | 'transformers'>): HeatmapTables {
  const sid = new Map<string, number>(n.substations.map((r) => [r.mrid, r.ord]));
  const vls = new Map<string, number>();
  const vl = (id: string): number => {
    let v = vls.get(id);
    if (v === undefined) vls.set(id, (v = vls.size));
    return v;
  };
  const of = (mrid: string): number => sid.get(mrid) as number;
  return {
    substation: columnsOf<SubstationRow>(n.substations, [(r) => r.mrid, (r) => r.name, (r) => r.shortCode, (r) => r.type, (r) => r.voltages, (r) => r.latitude, (r) => r.longitude, (r) => r.gsp, (r) => r.bsp, (r) => r.ord]),
    capacity: columnsOf<CapacityRecord>(n.capacities.filter((c) => sid.has(c.substation)), [
      (r) => of(r.substation), (r) => r.yearOffset, (r) => r.firmCapacity, (r) => r.maximumDemand, (r) => r.minimumDemand, (r) => r.connectedDemand,
      (r) => r.contractedDemand, (r) => r.connectedGeneration, (r) => r.contractedGeneration, (r) => r.generationFirmCapacity,
      (r) => r.reversePowerCapability, (r) => r.limitingFactor ?? null,
    ]),
    fault: columnsOf<FaultRow>(n.faults, [(r) => of(r.substation), (r) => vl(r.voltageLevel), (r) => r.kv, (r) => r.ik3, (r) => r.ik1, (r) => r.ip, (r) => r.ib]),
    switchgear: columnsOf<SwitchgearRow>(n.switchgear, [(r) => of(r.substation), (r) => vl(r.voltageLevel), (r) => r.kv, (r) => r.breaking, (r) => r.making]),
    transformer: columnsOf<TransformerRow>(n.transformers, [(r) => of(r.substation), (r) => r.ratedS]),
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
CREATE OR REPLACE TABLE substation_fault AS
WITH vl AS (
  -- Per voltage level: the highest fault currents at its nodes and the lowest ratings of its switches
  -- (one pass over both tables, no join).
  SELECT sid, vl, max(kv) AS kv, max(ib) AS ib, max(ip) AS ip, max(ik3) AS ik3, max(ik1) AS ik1, min(brk) AS brk, min(mk) AS mk
  FROM (
    SELECT sid, vl, kv, ib, ip, ik3, ik1, NULL::DOUBLE AS brk, NULL::DOUBLE AS mk FROM fault
    UNION ALL
    SELECT sid, vl, kv, NULL, NULL, NULL, NULL, breaking, making FROM switchgear
  ) GROUP BY sid, vl
), fh AS (
  -- The voltage level with the least breaking headroom (ties: the higher voltage) is the substation's.
  SELECT sid, arg_min({kv: kv, ib: ib, ip: ip, ik3: ik3, ik1: ik1, brk: brk, mk: mk}, (brk - ib, -coalesce(kv, 0), vl)) AS w
  FROM vl WHERE ib IS NOT NULL AND brk IS NOT NULL
  GROUP BY sid
), tx AS (
  SELECT sid, count(*) AS tx_count, sum(rated_s) AS tx_mva FROM transformer GROUP BY sid
), f AS (
  SELECT s.sid, fh.w.kv AS f_kv, fh.w.ib AS ib, fh.w.ip AS ip, fh.w.ik3 AS ik3, fh.w.ik1 AS ik1, fh.w.brk AS brk, fh.w.mk AS mk,
    round(fh.w.brk - fh.w.ib, 3) AS headroom, coalesce(tx.tx_count, 0)::INTEGER AS tx_count, round(tx.tx_mva, 3) AS tx_mva
  FROM substation s LEFT JOIN fh ON fh.sid = s.sid LEFT JOIN tx ON tx.sid = s.sid
)
SELECT *,
  CASE WHEN headroom IS NULL THEN NULL WHEN headroom <= 0 THEN 2 WHEN headroom < $faultAmber * brk THEN 1 ELSE 0 END::UTINYINT AS f_rag,
  headroom / nullif(brk, 0) AS f_share
FROM f;

CREATE OR REPLACE TABLE heatmap AS
WITH base AS (
  -- One row per SYSCAP record of a requested year; substations without one get no row here and
  -- null figures in the published rows.
  SELECT c.sid, c.year, f.f_rag, f.f_share, c.firm,
    round(c.firm - c.max_demand - c.contr_demand, 3) AS d_avail,
    least(c.reverse_cap, c.gen_firm) AS g_cap,
    round(least(c.reverse_cap, c.gen_firm) + c.min_demand - c.conn_gen - c.contr_gen, 3) AS g_avail,
    round(c.reverse_cap + c.min_demand - c.conn_gen - c.contr_gen, 3) AS r_avail,
    CASE c.limiting WHEN 'voltage' THEN 2 WHEN 'faultLevel' THEN 1 ELSE 0 END AS cap_factor
  FROM capacity c
  JOIN substation_fault f ON f.sid = c.sid
  WHERE c.year IN (SELECT year FROM years)
), rag AS (
  SELECT *,
    CASE WHEN d_avail IS NULL THEN NULL WHEN d_avail <= 0 THEN 2 WHEN d_avail < $demandAmber * firm THEN 1 ELSE 0 END AS d_rag,
    CASE WHEN g_avail IS NULL THEN NULL WHEN g_avail <= 0 THEN 2 WHEN g_avail < $generationAmber * g_cap THEN 1 ELSE 0 END AS g_rag
  FROM base
)
SELECT sid, year, d_avail, g_avail, r_avail,
  d_rag::UTINYINT AS d_rag,
  CASE WHEN d_rag IS NULL THEN NULL ELSE cap_factor END::UTINYINT AS d_factor,
  CASE WHEN g_rag IS NULL THEN NULL WHEN f_rag IS NULL THEN g_rag ELSE greatest(g_rag, f_rag) END::UTINYINT AS g_rank,
  CASE
    WHEN g_rag IS NULL THEN NULL
    WHEN f_rag IS NULL OR g_rag > f_rag THEN cap_factor
    WHEN f_rag > g_rag THEN 1
    WHEN f_share < g_avail / nullif(g_cap, 0) THEN 1
    ELSE cap_factor END::UTINYINT AS g_factor
FROM rag;
`;

/**
 * One year's published rows: the inputs, the computed figures, and the names and position.
 * Codes: RAG 0 GREEN, 1 AMBER, 2 RED; limiting factor 0 Thermal, 1 FaultLevel, 2 Voltage.
 */
export const YEAR_ROWS_SQL = `
SELECT s.mrid AS "mRID", s.name, s.short_code AS "shortCode", s.type, s.voltages, s.latitude, s.longitude, s.gsp AS "GSP", s.bsp AS "BSP",
  c.firm AS "demandFirmCapacity", c.max_demand AS "demandMaximum", c.min_demand AS "demandMinimum",
  c.conn_demand AS "demandConnectedCapacity", c.contr_demand AS "demandContractedCapacity",
  h.d_avail AS "demandAvailableCapacity",
  CASE h.d_rag WHEN 0 THEN 'GREEN' WHEN 1 THEN 'AMBER' WHEN 2 THEN 'RED' END AS "demandConstraint",
  CASE h.d_factor WHEN 0 THEN 'Thermal' WHEN 1 THEN 'FaultLevel' WHEN 2 THEN 'Voltage' END AS "demandConstraintLimitingFactor",
  c.gen_firm AS "generationFirmCapacity", c.conn_gen AS "generationConnectedCapacity", c.contr_gen AS "generationContractedCapacity",
  h.g_avail AS "generationAvailableCapacity",
  CASE h.g_rank WHEN 0 THEN 'GREEN' WHEN 1 THEN 'AMBER' WHEN 2 THEN 'RED' END AS "generationConstraint",
  CASE h.g_factor WHEN 0 THEN 'Thermal' WHEN 1 THEN 'FaultLevel' WHEN 2 THEN 'Voltage' END AS "generationConstraintLimitingFactor",
  c.reverse_cap AS "reversePowerFlowTotalCapacity", h.r_avail AS "reversePowerFlowAvailableCapacity",
  f.f_kv AS "faultLevelVoltage", f.ik3 AS "threePhaseInitialFaultLevel", f.ib AS "threePhaseBreakFaultLevel",
  f.ip AS "threePhasePeakFaultLevel", f.ik1 AS "singlePhaseFaultLevel",
  f.brk AS "switchgearBreakingRating", f.mk AS "switchgearMakingRating", f.headroom AS "faultLevelHeadroom",
  CASE f.f_rag WHEN 0 THEN 'GREEN' WHEN 1 THEN 'AMBER' WHEN 2 THEN 'RED' END AS "faultLevelConstraint",
  f.tx_count AS "transformerCount", f.tx_mva AS "transformerCapacity"
FROM substation s
JOIN substation_fault f ON f.sid = s.sid
LEFT JOIN heatmap h ON h.sid = s.sid AND h.year = $year
LEFT JOIN capacity c ON c.sid = s.sid AND c.year = $year
ORDER BY s.sid
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
  const params: Record<string, number> = { demandAmber: th.demandAmberShare, generationAmber: th.generationAmberShare, faultAmber: th.faultLevelAmberShare };
  const t0 = performance.now();
  for (const statement of COMPUTE_SQL.split(/;\s*\n/).filter((x) => x.trim().length > 0)) {
    // Each statement gets the parameters it names (DuckDB refuses unused ones).
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => statement.includes(`$${k}`)));
    await db.run(statement, used);
  }
  return performance.now() - t0;
}
