// The heatmap checked against its README formulas, for any input set: a second, independent
// implementation of every formula (plain JS over the raw records), compared row by row with what
// DuckDB computed. `expectHeatmapFollowsFormulas(['samples/DEMO'])` is all a new input set needs.

import { expect } from 'vitest';
import { computeHeatmap, DEFAULT_THRESHOLDS, loadHeatmapInputs, type HeatmapResult, type HeatmapRow, type Thresholds } from '../../src/heatmap/index.js';

export const HEATMAP_FIXTURE = 'test/fixtures/heatmap';

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
type Rag = 'GREEN' | 'AMBER' | 'RED';
const RANK: Record<Rag, number> = { GREEN: 0, AMBER: 1, RED: 2 };

/** The README's RAG rule: RED when headroom ≤ 0, AMBER below share × base, GREEN otherwise. */
export function ragOf(headroom: number, base: number, share: number): Rag {
  if (headroom <= 0) return 'RED';
  return headroom < share * base ? 'AMBER' : 'GREEN';
}

/** What the README says a row must hold, from the raw input records. */
export interface ExpectedFigures {
  demandAvailableCapacity: number;
  demandConstraint: Rag;
  demandConstraintLimitingFactor: string;
  generationAvailableCapacity: number;
  generationConstraint: Rag;
  generationConstraintLimitingFactor: string;
  reversePowerFlowAvailableCapacity: number;
  faultLevelHeadroom: number | null;
  faultLevelConstraint: Rag | null;
}

/** Computes the heatmap and checks every row of every year against the formulas. */
export async function expectHeatmapFollowsFormulas(inputs: string[], thresholds: Thresholds = DEFAULT_THRESHOLDS): Promise<HeatmapResult> {
  const result = await computeHeatmap({ inputs, thresholds });
  const raw = await loadHeatmapInputs(inputs);
  // Fault headroom per substation: per voltage level, lowest breaking rating − highest Ib; the smallest wins.
  const vlOf = (container: string | undefined): string | undefined =>
    container === undefined ? undefined : raw.voltageLevels.has(container) ? container : raw.bays.get(container);
  const ib = new Map<string, number>();
  for (const f of raw.faults) {
    const vl = vlOf(raw.nodes.get(f.node));
    if (vl !== undefined) ib.set(vl, Math.max(ib.get(vl) ?? -Infinity, f.breakingCurrent));
  }
  const brk = new Map<string, number>();
  for (const r of raw.ratings) {
    const vl = vlOf(raw.containers.get(r.switch));
    if (vl !== undefined) brk.set(vl, Math.min(brk.get(vl) ?? Infinity, r.breakingCapacity));
  }
  const fault = new Map<string, { headroom: number; rating: number }>();
  for (const [vl, current] of ib) {
    const rating = brk.get(vl);
    const sub = raw.voltageLevels.get(vl)?.substation;
    if (rating === undefined || sub === undefined) continue;
    const h = rating - current;
    const prev = fault.get(sub);
    if (prev === undefined || h < prev.headroom) fault.set(sub, { headroom: h, rating });
  }
  let checked = 0;
  for (const ds of result.datasets) {
    const offset = ds.metadata.yearOffset;
    for (const row of ds.rows) {
      const cap = raw.capacities.find((c) => c.substation === row.mRID && c.yearOffset === offset);
      const f = fault.get(row.mRID);
      if (cap === undefined) {
        expect(row.demandAvailableCapacity, `${row.name} ${ds.year}`).toBeNull();
        expect(row.demandConstraint).toBeNull();
        continue;
      }
      const e = expectedFigures(cap, f, thresholds);
      const got = Object.fromEntries(Object.keys(e).map((k) => [k, row[k as keyof HeatmapRow]]));
      expect(got, `${row.name} (${row.mRID}) year ${ds.year}`).toEqual(e);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
  return result;
}

/** The README formulas for one substation and year. */
export function expectedFigures(
  c: { firmCapacity: number; maximumDemand: number; minimumDemand: number; contractedDemand: number; connectedGeneration: number; contractedGeneration: number; generationFirmCapacity: number; reversePowerCapability: number; limitingFactor?: string },
  f: { headroom: number; rating: number } | undefined,
  th: Thresholds,
): ExpectedFigures {
  const capFactor = c.limitingFactor === 'voltage' ? 'Voltage' : c.limitingFactor === 'faultLevel' ? 'FaultLevel' : 'Thermal';
  const dAvail = round3(c.firmCapacity - c.maximumDemand - c.contractedDemand);
  const gCap = Math.min(c.reversePowerCapability, c.generationFirmCapacity);
  const gAvail = round3(gCap + c.minimumDemand - c.connectedGeneration - c.contractedGeneration);
  const dRag = ragOf(dAvail, c.firmCapacity, th.demandAmberShare);
  const gThermal = ragOf(gAvail, gCap, th.generationAmberShare);
  const headroom = f === undefined ? null : round3(f.headroom);
  const fRag = f === undefined || headroom === null ? null : ragOf(headroom, f.rating, th.faultLevelAmberShare);
  let gRag: Rag = gThermal;
  let gFactor = capFactor;
  if (fRag !== null && f !== undefined && headroom !== null) {
    if (RANK[fRag] > RANK[gThermal]) {
      gRag = fRag;
      gFactor = 'FaultLevel';
    } else if (RANK[fRag] === RANK[gThermal] && headroom / f.rating < gAvail / gCap) {
      gFactor = 'FaultLevel';
    }
  }
  return {
    demandAvailableCapacity: dAvail,
    demandConstraint: dRag,
    demandConstraintLimitingFactor: capFactor,
    generationAvailableCapacity: gAvail,
    generationConstraint: gRag,
    generationConstraintLimitingFactor: gFactor,
    reversePowerFlowAvailableCapacity: round3(c.reversePowerCapability + c.minimumDemand - c.connectedGeneration - c.contractedGeneration),
    faultLevelHeadroom: headroom,
    faultLevelConstraint: fRag,
  };
}
