// From the records read to the rows the heatmap loads into DuckDB: which substation every node,
// switch and transformer belongs to, each substation's voltages and type (GSP / BSP / Primary),
// its parent GSP and BSP from the circuits between substations, and its WGS84 position.

import { LtdsError } from '../errors/index.js';
import { crsKind, gridToWgs84 } from './geo.js';
import type { CapacityRecord, HeatmapInputs } from './load.js';

/** Substation type, from its voltage levels (see {@link classify}). */
export type SubstationType = 'GSP' | 'BSP' | 'Primary';

export interface SubstationRow {
  mrid: string;
  name: string;
  shortCode: string;
  type: SubstationType;
  /** Nominal voltages of its voltage levels, kV, highest first. */
  voltages: number[];
  latitude: number | null;
  longitude: number | null;
  gsp: string | null;
  bsp: string | null;
  /** Row order: GSP, BSP, Primary, then by name. */
  ord: number;
}

/** A fault level result or a switchgear rating, placed at a substation's voltage level. */
export interface FaultRow {
  substation: string;
  voltageLevel: string;
  kv: number | null;
  ik3: number;
  ik1: number | null;
  ip: number;
  ib: number;
}
export interface SwitchgearRow {
  substation: string;
  voltageLevel: string;
  kv: number | null;
  breaking: number;
  making: number | null;
}
export interface TransformerRow {
  substation: string;
  mrid: string;
  ratedS: number | null;
}

/** What topology resolution produces. */
export interface ResolvedNetwork {
  substations: SubstationRow[];
  faults: FaultRow[];
  switchgear: SwitchgearRow[];
  transformers: TransformerRow[];
  capacities: CapacityRecord[];
  warnings: string[];
}

const TYPE_RANK: Readonly<Record<SubstationType, number>> = { GSP: 0, BSP: 1, Primary: 2 };

/** A short code from a name, when the EQ gives none: first word's letters plus initials, four characters. */
export function shortCodeOf(name: string): string {
  const words = name.toUpperCase().replace(/[^A-Z0-9 ]/g, '').split(' ').filter((w) => w.length > 0);
  const first = words[0] ?? 'X';
  const rest = words.slice(1).map((w) => w[0]).join('');
  return (first.slice(0, 4 - Math.min(rest.length, 2)) + rest).slice(0, 4);
}

/**
 * The type of a substation from its voltage levels:
 * GSP when it has a voltage level of 200 kV or more (a 400/275 kV supply point) or holds the
 * infeed from the transmission system (an ExternalNetworkInjection / EnergySource);
 * BSP when it has at least two voltage levels, the highest at least 66 kV and the lowest at least
 * 20 kV (132/33, 132/66, 66/33 kV);
 * Primary when it has at least two voltage levels and the lowest is below 20 kV (33/11, 66/11,
 * 132/11 kV). Anything else (a single voltage level without infeed: a switching station or a
 * customer's site) is not a heatmap substation: `undefined`.
 */
export function classify(voltages: readonly number[], hasInfeed: boolean): SubstationType | undefined {
  if (voltages.length === 0) return hasInfeed ? 'GSP' : undefined;
  const hi = Math.max(...voltages);
  const lo = Math.min(...voltages);
  if (hi >= 200 || hasInfeed) return 'GSP';
  if (voltages.length < 2) return undefined;
  if (hi >= 66 && lo >= 20) return 'BSP';
  return 'Primary';
}

/** Resolves the inputs into rows. Throws HEATMAP_REFERENCE for SCR/SYSCAP records that point nowhere. */
export function resolveNetwork(d: HeatmapInputs): ResolvedNetwork {
  const warnings: string[] = [];
  // Container → substation.
  const substationOf = (container: string | undefined): string | undefined => {
    if (container === undefined) return undefined;
    if (d.substations.has(container)) return container;
    const vl = d.voltageLevels.get(container);
    if (vl !== undefined) return vl.substation;
    const bayVl = d.bays.get(container);
    if (bayVl !== undefined) return d.voltageLevels.get(bayVl)?.substation;
    return undefined;
  };
  const voltageLevelOf = (container: string | undefined): string | undefined => {
    if (container === undefined) return undefined;
    if (d.voltageLevels.has(container)) return container;
    const bayVl = d.bays.get(container);
    return bayVl !== undefined && d.voltageLevels.has(bayVl) ? bayVl : undefined;
  };
  const kvOf = (vl: string): number | null => {
    const bv = d.voltageLevels.get(vl)?.baseVoltage;
    return bv === undefined ? null : (d.baseVoltages.get(bv) ?? null);
  };

  // Voltages and infeeds per substation.
  const voltages = new Map<string, Set<number>>();
  for (const [vl, v] of d.voltageLevels) {
    const kv = kvOf(vl);
    if (kv === null) continue;
    let set = voltages.get(v.substation);
    if (set === undefined) voltages.set(v.substation, (set = new Set()));
    set.add(kv);
  }
  const infeed = new Set<string>();
  for (const c of d.infeeds) {
    const s = substationOf(c);
    if (s !== undefined) infeed.add(s);
  }
  const types = new Map<string, SubstationType>();
  for (const id of d.substations.keys()) {
    const t = classify([...(voltages.get(id) ?? [])], infeed.has(id));
    if (t !== undefined) types.set(id, t);
  }

  // Circuits between substations: nodes joined by line segments form one circuit (union-find),
  // and every substation a circuit touches is its end.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    let y = x;
    while (y !== r) {
      const next = parent.get(y) as string;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const seg of d.lineSegments) {
    const cns = d.terminals.get(seg);
    if (cns === undefined || cns.length < 2) continue;
    for (const cn of cns) if (!parent.has(cn)) parent.set(cn, cn);
    for (let i = 1; i < cns.length; i++) {
      const a = find(cns[0]!);
      const b = find(cns[i]!);
      if (a !== b) parent.set(b, a);
    }
  }
  const circuitEnds = new Map<string, Set<string>>();
  for (const cn of parent.keys()) {
    const s = substationOf(d.nodes.get(cn));
    if (s === undefined) continue;
    const root = find(cn);
    let set = circuitEnds.get(root);
    if (set === undefined) circuitEnds.set(root, (set = new Set()));
    set.add(s);
  }
  // upstream.get(s) = lower-rank neighbours with the number of circuits to each.
  const upstream = new Map<string, Map<string, number>>();
  for (const ends of circuitEnds.values()) {
    const list = [...ends].filter((s) => types.has(s));
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        if (TYPE_RANK[types.get(b) as SubstationType] < TYPE_RANK[types.get(a) as SubstationType]) {
          let m = upstream.get(a);
          if (m === undefined) upstream.set(a, (m = new Map()));
          m.set(b, (m.get(b) ?? 0) + 1);
        }
      }
    }
  }
  const nameOf = (id: string): string => d.substations.get(id)?.name ?? id;
  /** The upstream neighbour of the given type with most circuits (then by name). */
  const feeder = (id: string, type: SubstationType): string | undefined => {
    const m = upstream.get(id);
    if (m === undefined) return undefined;
    let best: string | undefined;
    for (const [s, n] of m) {
      if (types.get(s) !== type) continue;
      if (best === undefined || n > (m.get(best) as number) || (n === m.get(best) && nameOf(s) < nameOf(best))) best = s;
    }
    return best;
  };

  // Positions: the mean of each substation location's points, converted to WGS84.
  const points = new Map<string, { x: number; y: number }[]>();
  for (const p of d.positions) {
    let list = points.get(p.location);
    if (list === undefined) points.set(p.location, (list = []));
    list.push(p);
  }
  const position = new Map<string, { lat: number; lon: number }>();
  for (const [locId, loc] of d.locations) {
    const subs = loc.resources.filter((r) => d.substations.has(r));
    const pts = points.get(locId);
    if (subs.length === 0 || pts === undefined || pts.length === 0) continue;
    const urn = loc.cs === undefined ? undefined : d.coordinateSystems.get(loc.cs);
    const kind = urn === undefined ? undefined : crsKind(urn);
    if (kind === undefined) {
      throw new LtdsError('HEATMAP_CRS', `Location ${locId} uses coordinate system '${urn ?? loc.cs ?? '(none)'}', expected EPSG:4326, EPSG:4258, CRS84 or EPSG:27700`, { location: locId, crs: urn ?? null }, loc.origin);
    }
    const x = pts.reduce((a, p) => a + p.x, 0) / pts.length;
    const y = pts.reduce((a, p) => a + p.y, 0) / pts.length;
    const ll = kind === 'osgb' ? gridToWgs84(x, y) : { lat: y, lon: x };
    if (!(ll.lat >= -90 && ll.lat <= 90 && ll.lon >= -180 && ll.lon <= 180)) {
      throw new LtdsError('HEATMAP_CRS', `Location ${locId} has position (${x}, ${y}), which is not a longitude/latitude in ${urn}`, { location: locId }, loc.origin);
    }
    // Six decimals of a degree is about 0.1 m: finer than any GL position and than the conversion.
    const rounded = { lat: Math.round(ll.lat * 1e6) / 1e6, lon: Math.round(ll.lon * 1e6) / 1e6 };
    for (const s of subs) position.set(s, rounded);
  }

  // SYSCAP records must name a substation; a substation with capacity figures must be a heatmap one.
  const capacities: CapacityRecord[] = [];
  const seen = new Set<string>();
  const warned = new Set<string>();
  for (const c of d.capacities) {
    if (!d.substations.has(c.substation)) {
      throw new LtdsError('HEATMAP_REFERENCE', `SubstationCapacity for year ${c.yearOffset} refers to Substation ${c.substation}, which is not in the EQ`, { substation: c.substation }, c.origin);
    }
    const key = `${c.substation}\u0000${c.yearOffset}`;
    if (seen.has(key)) {
      throw new LtdsError('HEATMAP_DUPLICATE', `a second SubstationCapacity for ${nameOf(c.substation)} (${c.substation}) in year ${c.yearOffset}`, { substation: c.substation, yearOffset: c.yearOffset }, c.origin);
    }
    seen.add(key);
    if (!types.has(c.substation)) {
      if (warned.has(c.substation)) continue;
      warned.add(c.substation);
      warnings.push(`${nameOf(c.substation)} (${c.substation}) has SYSCAP figures but is not a GSP, BSP or primary substation (voltage levels ${[...(voltages.get(c.substation) ?? [])].join('/') || 'none'} kV); left out`);
      continue;
    }
    capacities.push(c);
  }

  const faults: FaultRow[] = [];
  for (const f of d.faults) {
    const container = d.nodes.get(f.node);
    if (container === undefined) {
      throw new LtdsError('HEATMAP_REFERENCE', `NodeFaultLevel refers to ConnectivityNode ${f.node}, which is not in the EQ`, { node: f.node }, f.origin);
    }
    const vl = voltageLevelOf(container);
    const s = substationOf(container);
    if (vl === undefined || s === undefined || !types.has(s)) continue;
    faults.push({ substation: s, voltageLevel: vl, kv: kvOf(vl), ik3: f.ik3Initial, ik1: f.ik1Initial ?? null, ip: f.peakCurrent, ib: f.breakingCurrent });
  }
  const switchgear: SwitchgearRow[] = [];
  for (const r of d.ratings) {
    if (!d.switches.has(r.switch)) {
      throw new LtdsError('HEATMAP_REFERENCE', `SwitchgearRating refers to Switch ${r.switch}, which is not in the EQ`, { switch: r.switch }, r.origin);
    }
    const container = d.containers.get(r.switch);
    const vl = voltageLevelOf(container);
    const s = substationOf(container);
    if (vl === undefined || s === undefined || !types.has(s)) continue;
    switchgear.push({ substation: s, voltageLevel: vl, kv: kvOf(vl), breaking: r.breakingCapacity, making: r.makingCapacity ?? null });
  }
  const transformers: TransformerRow[] = [];
  for (const [id, t] of d.transformers) {
    const s = substationOf(t.substation);
    if (s !== undefined && types.has(s)) transformers.push({ substation: s, mrid: id, ratedS: d.transformerRatings.get(id) ?? null });
  }

  const rows: SubstationRow[] = [];
  for (const [id, type] of types) {
    const sub = d.substations.get(id) as { name: string; shortName?: string };
    let gsp: string | null = null;
    let bsp: string | null = null;
    if (type === 'GSP') gsp = sub.name;
    else if (type === 'BSP') {
      bsp = sub.name;
      const g = feeder(id, 'GSP');
      gsp = g === undefined ? null : nameOf(g);
    } else {
      const b = feeder(id, 'BSP');
      if (b !== undefined) {
        bsp = nameOf(b);
        const g = feeder(b, 'GSP');
        gsp = g === undefined ? null : nameOf(g);
      } else {
        const g = feeder(id, 'GSP');
        gsp = g === undefined ? null : nameOf(g);
      }
    }
    const pos = position.get(id);
    if (pos === undefined) warnings.push(`${sub.name} (${id}) has no GL position; it is listed without coordinates`);
    rows.push({
      mrid: id,
      name: sub.name,
      shortCode: sub.shortName ?? shortCodeOf(sub.name),
      type,
      voltages: [...(voltages.get(id) ?? [])].sort((a, b) => b - a),
      latitude: pos?.lat ?? null,
      longitude: pos?.lon ?? null,
      gsp,
      bsp,
      ord: 0,
    });
  }
  rows.sort((a, b) => TYPE_RANK[a.type] - TYPE_RANK[b.type] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.mrid < b.mrid ? -1 : 1));
  rows.forEach((r, i) => (r.ord = i));
  return { substations: rows, faults, switchgear, transformers, capacities, warnings };
}
