// The kinds of generated GB substation and how they are laid out: a Grid Supply Point (132 kV
// busbars fed from the transmission system), a Bulk Supply Point (132/33 kV), a primary substation
// (33/11 kV) and an embedded generation site (a wind, solar, battery or CHP customer substation on
// its own 33 or 11 kV circuit). Each writes itself and the circuits that feed it from its parent,
// and hands back the nodes its children connect to; nothing else is kept, so memory stays flat.

import {
  GRID_TX, KV11, KV132, KV33, LINES_11, LINES_132, LINES_33, PRIMARY_TX, type ConductorType, type VoltageClass,
} from './catalogue.js';
import { distanceKm, type LonLat } from './geo.js';
import { siteCode } from './names.js';
import type { PlantWriter } from './plant.js';
import { zAdd, zScale, type Z } from './profile-writers.js';

/** Where a child substation's incoming circuits start: feeder nodes at the parent and its position. */
export interface Supply {
  parentName: string;
  parentPos: LonLat;
  /** One node per incoming circuit. */
  feeders: readonly string[];
  /** Source impedance at the parent's busbar (ohms at the circuits' voltage). */
  z: Z;
}

/** What a substation offers its children: one node per outgoing circuit, and its position. */
export interface Outlets {
  name: string;
  pos: LonLat;
  feeders: string[];
  /** The bay a generation site connects to, when the plan gave this substation one. */
  generation?: string;
  /** The Substation object. */
  id: string;
  /** Source impedance at the busbars the feeders leave from (ohms at their voltage). */
  z: Z;
  /** Demand firm capacity (N-1), MW. */
  firmMw: number;
  /** Peak demand of the substation's own load (primaries), MW. */
  demandMw: number;
}

/** IEC 60909 voltage factor c for maximum currents. */
const C_MAX = 1.1;

/** The impedance (ohms) of a source giving `ik` amps at `kv`, with the given R/X. */
function sourceZ(kv: number, ik: number, rx: number): Z {
  const zm = (C_MAX * kv * 1000) / (Math.sqrt(3) * ik);
  const x = zm / Math.sqrt(1 + rx * rx);
  return { r: rx * x, x };
}

/** Two impedances in parallel. */
function parallel(a: Z, b: Z): Z {
  // 1/Z = 1/a + 1/b in complex arithmetic.
  const ya = { g: a.r / (a.r ** 2 + a.x ** 2), b: -a.x / (a.r ** 2 + a.x ** 2) };
  const yb = { g: b.r / (b.r ** 2 + b.x ** 2), b: -b.x / (b.r ** 2 + b.x ** 2) };
  const g = ya.g + yb.g;
  const bb = ya.b + yb.b;
  const d = g * g + bb * bb;
  return { r: g / d, x: -bb / d };
}

/** Three-phase initial fault current (kA) at `kv` behind `z` ohms. */
function faultKa(kv: number, z: Z): number {
  return (C_MAX * kv) / (Math.sqrt(3) * Math.hypot(z.r, z.x));
}

/** Kinds of embedded generation site. */
export type GenerationKind = 'wind' | 'solar' | 'battery' | 'chp';

const GENERATION_LABEL: Readonly<Record<GenerationKind, string>> = {
  wind: 'Wind Farm', solar: 'Solar Farm', battery: 'BESS', chp: 'CHP',
};

/** A Grid Supply Point with `circuits` outgoing 132 kV bays; two SGT infeeds on a double busbar. */
export function writeGsp(p: PlantWriter, name: string, pos: LonLat, circuits: number): Outlets {
  const r = p.rnd;
  const code = siteCode(name);
  const sub = p.substation(name, 'Grid Supply Point 132kV', pos);
  const vl = p.voltageLevel(sub, KV132, `${name} ${KV132.label}`);
  const prefix = `${code} 132`;
  const buses = [p.busbar(vl, KV132, `${prefix} MB1`), p.busbar(vl, KV132, `${prefix} MB2`)];
  p.switch('Breaker', vl, `${prefix} BC CB`, buses[0]!, buses[1]!, false, p.amps(KV132, 'coupler'));
  const sgt = r.pick([180, 240]);
  const sources: Z[] = [];
  for (let i = 0; i < 2; i++) {
    const node = p.bay(vl, buses[i]!, `${prefix} SGT${i + 1}`, p.amps(KV132, 'transformer'), true);
    const inf = p.gridInfeed(vl, node, `${name} SGT${i + 1} infeed`, sgt);
    sources.push(sourceZ(KV132.kv, inf.ik, inf.rx));
  }
  const z = parallel(sources[0]!, sources[1]!);
  p.x?.faultImpedance(vl, z);
  const feeders: string[] = [];
  for (let i = 0; i < circuits; i++) {
    feeders.push(p.bay(vl, buses[i % 2]!, `${prefix} L${i + 1}`, p.amps(KV132, 'line'), true));
  }
  // N-1: the GSP's demand firm capacity is one supergrid transformer (MVA at 0.95 power factor).
  return { name, pos, feeders, id: sub, z, firmMw: sgt * 0.95, demandMw: 0 };
}

/** A Bulk Supply Point: two 132 kV circuits in, two grid transformers, a split 33 kV board. */
export function writeBsp(
  p: PlantWriter, name: string, pos: LonLat, supply: Supply, circuits: number, withGeneration: boolean,
): Outlets {
  const r = p.rnd;
  const code = siteCode(name);
  const sub = p.substation(name, 'Bulk Supply Point 132/33kV', pos);
  const hv = p.voltageLevel(sub, KV132, `${name} ${KV132.label}`);
  const lv = p.voltageLevel(sub, KV33, `${name} ${KV33.label}`);
  const bus132 = p.busbar(hv, KV132, `${code} 132 MB`);
  const fed = feedFromParent(p, supply, name, pos, KV132, LINES_132, (i) =>
    p.bay(hv, bus132, `${code} 132 L${i + 1}`, p.amps(KV132, 'line'), true));
  const z132 = zAdd(supply.z, zScale(fed.z, 1 / supply.feeders.length));
  p.x?.faultImpedance(hv, z132);

  const sections = [p.busbar(lv, KV33, `${code} 33 BB1`), p.busbar(lv, KV33, `${code} 33 BB2`)];
  p.switch('Breaker', lv, `${code} 33 BS CB`, sections[0]!, sections[1]!, false, p.amps(KV33, 'coupler'));
  // Firm capacity sized to the primaries it feeds (one circuit per primary transformer).
  const [small = 0, middle = 0, large = 0] = GRID_TX.ratings; // GRID_TX offers three ratings
  const mva = circuits <= 8 ? r.pick([small, middle]) : circuits <= 12 ? r.pick([middle, large]) : large;
  const tx: Z[] = [];
  for (let i = 0; i < 2; i++) {
    const hvNode = p.bay(hv, bus132, `${code} 132 GT${i + 1}`, p.amps(KV132, 'transformer'), true);
    const lvNode = p.node(lv, `${code} 33 GT${i + 1}`);
    tx.push(p.transformer(sub, GRID_TX, `${code} GT${i + 1}`, hvNode, lvNode, mva));
    p.switch('Breaker', lv, `${code} 33 GT${i + 1} CB`, lvNode, sections[i]!, false, p.amps(KV33, 'transformer'));
  }
  // Both grid transformers in parallel behind the closed 33 kV bus section, referred to 33 kV.
  const z33 = zScale(zAdd(z132, parallel(tx[0]!, tx[1]!)), (KV33.kv / KV132.kv) ** 2);
  p.x?.faultImpedance(lv, z33);

  const feeders: string[] = [];
  for (let i = 0; i < circuits; i++) {
    feeders.push(p.bay(lv, sections[i % 2]!, `${code} 33 F${i + 1}`, p.amps(KV33, 'line'), false));
  }
  const generation = withGeneration ? p.bay(lv, sections[1]!, `${code} 33 G1`, p.amps(KV33, 'line'), false) : undefined;
  return { name, pos, feeders, generation, id: sub, z: z33, firmMw: mva * 0.95, demandMw: 0 };
}

/** A primary substation: one or two 33/11 kV transformers (one per incoming circuit), 11 kV bus sections. */
export function writePrimary(p: PlantWriter, name: string, pos: LonLat, supply: Supply, withGeneration: boolean): Outlets {
  const r = p.rnd;
  const code = siteCode(name);
  const transformers = supply.feeders.length;
  const sub = p.substation(name, 'Primary Substation 33/11kV', pos);
  const hv = p.voltageLevel(sub, KV33, `${name} ${KV33.label}`);
  const lv = p.voltageLevel(sub, KV11, `${name} ${KV11.label}`);
  const fed = feedFromParent(p, supply, name, pos, KV33, LINES_33, (i) => p.node(hv, `${code} 33 T${i + 1}`));
  const incoming = fed.nodes;
  const z33 = zAdd(supply.z, zScale(fed.z, 1 / transformers));

  const mva = r.pick(PRIMARY_TX.ratings);
  const sections: string[] = [];
  const tx: Z[] = [];
  for (let i = 0; i < transformers; i++) {
    const bus = p.busbar(lv, KV11, `${code} 11 BB${i + 1}`);
    sections.push(bus);
    const lvNode = p.node(lv, `${code} 11 T${i + 1}`);
    tx.push(p.transformer(sub, PRIMARY_TX, `${code} T${i + 1}`, incoming[i]!, lvNode, mva));
    p.switch('Breaker', lv, `${code} 11 T${i + 1} CB`, lvNode, bus, false, p.amps(KV11, 'transformer'));
  }
  const toLv = (KV11.kv / KV33.kv) ** 2;
  const single = zScale(zAdd(z33, tx[0]!), toLv);
  let z11 = single;
  if (transformers === 2) {
    // Most GB primaries run the 11 kV bus section closed; some split it, and any whose closed-bus
    // fault level would pass 25 kA (the largest 11 kV switchgear rating) must.
    const closed = zScale(zAdd(z33, parallel(tx[0]!, tx[1]!)), toLv);
    const open = r.chance(0.2) || faultKa(KV11.kv, closed) > 25;
    p.switch('Breaker', lv, `${code} 11 BS CB`, sections[0]!, sections[1]!, open, p.amps(KV11, 'coupler'));
    if (open) {
      p.x?.faultImpedance(sections[0]!, single);
      p.x?.faultImpedance(sections[1]!, zScale(zAdd(z33, tx[1]!), toLv));
    } else z11 = closed;
  }
  p.x?.faultImpedance(lv, z11);

  // Peak demand against firm capacity (N-1 for two transformers, with 11 kV backfeed for one),
  // given per 11 kV bus section as LTDS does; the 11 kV feeders themselves are not modelled.
  const demand = mva * (transformers === 2 ? r.range(0.55, 0.9) : r.range(0.45, 0.8));
  const share = transformers === 2 ? r.range(0.4, 0.6) : 1;
  for (let i = 0; i < transformers; i++) {
    const mw = demand * (i === 0 ? share : 1 - share);
    p.consumer(lv, sections[i]!, `${name} 11kV BB${i + 1} demand`, mw, r.range(0.93, 0.98));
  }

  const generation = withGeneration ? p.bay(lv, sections[0]!, `${code} 11 G1`, p.amps(KV11, 'line'), false) : undefined;
  // N-1 firm capacity: one transformer of a pair; a single-transformer site has only what the
  // 11 kV network can transfer to neighbouring primaries.
  const firmMw = mva * 0.95 * (transformers === 2 ? 1 : 0.5 + 0.1 * (code.charCodeAt(0) % 5));
  return { name, pos, feeders: [], generation, id: sub, z: z11, firmMw, demandMw: demand };
}

/** An embedded generation site: a small customer substation fed by one 33 or 11 kV circuit. */
export function writeGenerationSite(
  p: PlantWriter, name: string, pos: LonLat, supply: Supply, vc: VoltageClass, kind: GenerationKind,
): { id: string; name: string; mw: number } {
  const r = p.rnd;
  const code = siteCode(name);
  const siteName = `${name} ${GENERATION_LABEL[kind]}`;
  const sub = p.substation(siteName, `Generation Site ${vc.label}`, pos);
  const vl = p.voltageLevel(sub, vc, `${siteName} ${vc.label}`);
  const types = vc.kv === 11 ? LINES_11 : LINES_33;
  const poc = feedFromParent(p, supply, siteName, pos, vc, types, () => p.node(vl, `${code} ${vc.kv} POC`)).nodes[0]!;
  // Export capacity is held within what one circuit of that voltage can carry.
  const mw = Math.round((vc.kv === 11 ? r.range(1, 6) : r.range(5, 25)) * 100) / 100;
  if (kind === 'chp') {
    p.gasEngine(sub, vl, vc, poc, siteName, mw);
  } else {
    const unit = kind === 'wind' ? 'PowerElectronicsWindUnit' : kind === 'solar' ? 'PhotoVoltaicUnit' : 'BatteryUnit';
    p.inverterPlant(unit, vl, vc, poc, siteName, mw);
  }
  return { id: sub, name: siteName, mw };
}

/**
 * Writes the circuits from the parent's feeder nodes to this substation; `landing(i)` makes the local
 * node circuit i ends on. Returns those nodes.
 */
function feedFromParent(
  p: PlantWriter, supply: Supply, name: string, pos: LonLat, vc: VoltageClass, types: readonly ConductorType[],
  landing: (i: number) => string,
): { nodes: string[]; z: Z } {
  const r = p.rnd;
  const nodes: string[] = [];
  const length = routeLength(r.float(), supply.parentPos, pos);
  // Circuits to one site are usually built together, so they share a conductor type;
  // short 33 kV runs are mostly cable, long ones overhead.
  const overhead = types.filter((t) => t.overhead);
  const cables = types.filter((t) => !t.overhead);
  const cableRun = overhead.length === 0 || (cables.length > 0 && (length < 3 ? r.chance(0.7) : r.chance(0.15)));
  const type = cableRun ? r.pick(cables) : r.pick(overhead);
  let z: Z = { r: 0, x: 0 };
  for (let i = 0; i < supply.feeders.length; i++) {
    const node = landing(i);
    nodes.push(node);
    const circuit = `${supply.parentName} - ${name} ${vc.label} ${supply.feeders.length > 1 ? i + 1 : ''}`.trimEnd();
    z = p.circuit(circuit, vc, type, length, supply.feeders[i]!, node, [supply.parentPos, pos]);
  }
  return { nodes, z };
}

/** Route length in km: straight-line distance times a wayleave detour factor, at least 300 m. */
function routeLength(u: number, a: LonLat, b: LonLat): number {
  return Math.max(0.3, distanceKm(a, b) * (1.1 + 0.25 * u));
}
