// The generator's profiles mode: SC, SCR, SSH, TP, SV, DL and SYSCAP written consistently with EQ
// (docs/contracts.md §1-2), with physically plausible fault levels and capacities.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CimModel, CimObject } from '../src/cim-xml/model.js';
import { loadCimFile } from '../src/cim-xml/sources.js';
import { generateNetwork } from '../src/samples/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-profiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LTDSP = 'http://ltds-toolkit.invalid/ns/CIM/provisional#';
const ALL = ['SC', 'SCR', 'SSH', 'TP', 'SV', 'DL', 'SYSCAP'] as const;
const N = 80;

const val = (o: CimObject, local: string): string | undefined => o.properties.find((p) => p.local === local)?.value;
const num = (o: CimObject, local: string): number => Number(val(o, local));
const refId = (o: CimObject, local: string): string => (val(o, local) ?? '').replace(/^#_/, '');
const ofClass = (m: CimModel, local: string): CimObject[] => m.objects.filter((o) => o.local === local);

const m: Record<string, CimModel> = {};
let legacy: CimModel;
let minimum: Record<string, CimModel>;

beforeAll(async () => {
  generateNetwork({ substations: N, outDir: join(tmp, 'max'), profiles: [...ALL], scenarioTime: '2026-01-21T17:30:00Z' });
  for (const f of readdirSync(join(tmp, 'max'))) m[f.replace('.xml', '')] = await loadCimFile(join(tmp, 'max', f));
  legacy = await loadCimFile(generateNetwork({ substations: N, outDir: join(tmp, 'legacy') }).eq.path);
  generateNetwork({ substations: N, outDir: join(tmp, 'min'), profiles: ['SSH', 'SV', 'TP'], scenario: 'minimum', scenarioTime: '2026-07-05T13:30:00Z' });
  minimum = {};
  for (const f of ['SSH', 'SV']) minimum[f] = await loadCimFile(join(tmp, 'min', `${f}.xml`));
}, 60_000);

describe('files and headers', () => {
  test('one file per profile, SYSCAP one per year, each declaring its contract profile and depending on EQ', () => {
    expect(Object.keys(m).sort()).toEqual(['DL', 'EQ', 'GL', 'SC', 'SCR', 'SSH', 'SV', 'SYSCAP_Existing', 'SYSCAP_Year1', 'SYSCAP_Year2', 'SYSCAP_Year3', 'SYSCAP_Year4', 'SYSCAP_Year5', 'TP']);
    const iri: Record<string, string> = {
      EQ: 'http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0', SC: 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0',
      SSH: 'http://iec.ch/TC57/ns/CIM/SteadyStateHypothesis-EU/3.0', TP: 'http://iec.ch/TC57/ns/CIM/Topology-EU/3.0',
      SV: 'http://iec.ch/TC57/ns/CIM/StateVariables-EU/3.0', GL: 'http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0',
      DL: 'http://iec.ch/TC57/ns/CIM/DiagramLayout-EU/3.0', SCR: 'http://ltds-toolkit.invalid/ns/CIM/provisional/ShortCircuitResults/0.1',
      SYSCAP: 'http://ltds-toolkit.invalid/ns/CIM/provisional/SystemCapacity/0.1',
    };
    const eqId = m.EQ!.header?.id;
    for (const [name, model] of Object.entries(m)) {
      expect(model.header?.profiles, name).toEqual([iri[name.replace(/_.*/, '')]]);
      expect(model.header?.scenarioTime, name).toBe('2026-01-21T17:30:00Z');
      expect(model.header?.modelingAuthoritySet).toBe(m.EQ!.header?.modelingAuthoritySet);
      if (name === 'EQ') expect(model.header?.dependentOn).toEqual([]);
      else expect(model.header?.dependentOn[0], name).toBe(eqId);
    }
    expect(new Set(Object.values(m).map((x) => x.header?.id)).size).toBe(Object.keys(m).length);
  });

  test('the same options give the same bytes', () => {
    generateNetwork({ substations: N, outDir: join(tmp, 'again'), profiles: [...ALL], scenarioTime: '2026-01-21T17:30:00Z' });
    const h = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
    for (const f of readdirSync(join(tmp, 'max'))) expect(h(join(tmp, 'again', f)), f).toBe(h(join(tmp, 'max', f)));
  });
});

describe('SC is its own file', () => {
  test('EQ plus SC is exactly the EQ the two-file mode writes with short-circuit data inline', () => {
    expect(m.EQ!.objects.length).toBe(legacy.objects.length);
    const sc = new Map(m.SC!.objects.map((o) => [o.id, o]));
    legacy.objects.forEach((inline, i) => {
      const split = m.EQ!.objects[i]!;
      expect(split.id).toBe(inline.id);
      expect(split.local).toBe(inline.local);
      // The SC description repeats the mRID, as every CGMES 3.0 profile requires.
      const scProps = (sc.get(inline.id)?.properties ?? []).filter((p) => p.local !== 'IdentifiedObject.mRID');
      const merged = [...split.properties, ...scProps].map((p) => `${p.local}=${p.value}`).sort();
      expect(merged, `${inline.local} ${inline.id}`).toEqual(inline.properties.map((p) => `${p.local}=${p.value}`).sort());
    });
    for (const o of m.SC!.objects) {
      expect(o.idForm).toBe('about');
      expect(m.EQ!.objects.find((e) => e.id === o.id)?.local).toBe(o.local);
    }
    expect(m.SC!.objects.length).toBeGreaterThan(100);
  });
});

describe('SCR: fault levels and switchgear ratings', () => {
  const kvOf = (): Map<string, number> => {
    const bv = new Map(ofClass(m.EQ!, 'BaseVoltage').map((b) => [b.id, num(b, 'BaseVoltage.nominalVoltage')]));
    const vl = new Map(ofClass(m.EQ!, 'VoltageLevel').map((v) => [v.id, bv.get(refId(v, 'VoltageLevel.BaseVoltage')) ?? 0]));
    const node = new Map(ofClass(m.EQ!, 'ConnectivityNode').map((n) => [n.id, vl.get(refId(n, 'ConnectivityNode.ConnectivityNodeContainer')) ?? 0]));
    return node;
  };

  test('one NodeFaultLevel per busbar node, one SwitchgearRating per breaker, every reference resolving', () => {
    const terminals = ofClass(m.EQ!, 'Terminal');
    const busbars = new Set(ofClass(m.EQ!, 'BusbarSection').map((b) => b.id));
    const busNodes = terminals.filter((t) => busbars.has(refId(t, 'Terminal.ConductingEquipment'))).map((t) => refId(t, 'Terminal.ConnectivityNode')).sort();
    const nfl = ofClass(m.SCR!, 'NodeFaultLevel');
    expect(nfl.every((o) => o.ns === LTDSP)).toBe(true);
    expect(nfl.map((o) => refId(o, 'NodeFaultLevel.ConnectivityNode')).sort()).toEqual(busNodes);
    const breakers = ofClass(m.EQ!, 'Breaker').map((b) => b.id).sort();
    expect(ofClass(m.SCR!, 'SwitchgearRating').map((o) => refId(o, 'SwitchgearRating.Switch')).sort()).toEqual(breakers);
  });

  test('currents are plausible for their voltage, peaks follow X/R, switchgear ratings follow voltage, and some boards are near their limit', () => {
    const kv = kvOf();
    const byKv = new Map<number, number[]>();
    for (const o of ofClass(m.SCR!, 'NodeFaultLevel')) {
      const v = kv.get(refId(o, 'NodeFaultLevel.ConnectivityNode')) ?? 0;
      const ik = num(o, 'NodeFaultLevel.ik3Initial');
      byKv.set(v, [...(byKv.get(v) ?? []), ik]);
      const ip = num(o, 'NodeFaultLevel.peakCurrent');
      expect(ip).toBeGreaterThan(Math.SQRT2 * ik * 1.02 - 0.01);
      expect(ip).toBeLessThan(2 * Math.SQRT2 * ik);
      expect(num(o, 'NodeFaultLevel.breakingCurrent')).toBeCloseTo(ik, 3);
      expect(num(o, 'NodeFaultLevel.xOverR')).toBeGreaterThan(1);
    }
    expect([...byKv.keys()].sort((a, b) => a - b)).toEqual([11, 33, 132]);
    const range = (v: number): [number, number] => [Math.min(...(byKv.get(v) ?? [])), Math.max(...(byKv.get(v) ?? []))];
    expect(range(132)[0]).toBeGreaterThan(5);
    expect(range(132)[1]).toBeLessThanOrEqual(31.5);
    expect(range(33)[0]).toBeGreaterThan(1);
    expect(range(33)[1]).toBeLessThanOrEqual(25);
    expect(range(11)[1]).toBeLessThanOrEqual(25);
    // In MVA, fault level falls from 132 kV towards 11 kV.
    const mva = (v: number, ik: number): number => Math.sqrt(3) * v * ik;
    expect(mva(132, range(132)[0])).toBeGreaterThan(mva(11, range(11)[1]));

    const ratingOf = new Map(ofClass(m.SCR!, 'SwitchgearRating').map((o) => [refId(o, 'SwitchgearRating.Switch'), num(o, 'SwitchgearRating.breakingCapacity')]));
    const terminals = ofClass(m.EQ!, 'Terminal');
    const ratingsByKv = new Map<number, Set<number>>();
    const nodeRating = new Map<string, number>();
    for (const t of terminals) {
      const r = ratingOf.get(refId(t, 'Terminal.ConductingEquipment'));
      if (r === undefined) continue;
      const node = refId(t, 'Terminal.ConnectivityNode');
      const v = kv.get(node) ?? 0;
      ratingsByKv.set(v, new Set([...(ratingsByKv.get(v) ?? []), r]));
      nodeRating.set(node, r);
    }
    expect([...(ratingsByKv.get(132) ?? [])]).toEqual([31.5]);
    expect([...(ratingsByKv.get(33) ?? [])].every((r) => [13.1, 25].includes(r))).toBe(true);
    expect([...(ratingsByKv.get(11) ?? [])].every((r) => [13.1, 20, 25].includes(r))).toBe(true);
    const ratios = ofClass(m.SCR!, 'NodeFaultLevel').map((o) => num(o, 'NodeFaultLevel.ik3Initial') / (nodeRating.get(refId(o, 'NodeFaultLevel.ConnectivityNode')) ?? Infinity));
    expect(ratios.filter((r) => r > 0.8).length).toBeGreaterThan(0);
    expect(ratios.filter((r) => r < 0.5).length).toBeGreaterThan(ratios.length / 4);
  });
});

describe('SYSCAP', () => {
  test('one record per substation and year, firm from the transformers, demand from EQ, some substations constrained', () => {
    const subs = ofClass(m.EQ!, 'Substation');
    const years = ['SYSCAP_Existing', 'SYSCAP_Year1', 'SYSCAP_Year2', 'SYSCAP_Year3', 'SYSCAP_Year4', 'SYSCAP_Year5'];
    const records = years.map((y) => new Map(ofClass(m[y]!, 'SubstationCapacity').map((o) => [refId(o, 'SubstationCapacity.Substation'), o])));
    records.forEach((r, k) => {
      expect([...r.keys()].sort()).toEqual(subs.map((s) => s.id).sort());
      for (const o of r.values()) expect(num(o, 'SubstationCapacity.yearOffset')).toBe(k);
    });
    // Demand grows year on year and stays above minimum demand.
    for (const s of subs) {
      const max = records.map((r) => num(r.get(s.id) as CimObject, 'SubstationCapacity.maximumDemand'));
      for (let k = 1; k < 6; k++) expect(max[k]).toBeGreaterThanOrEqual(max[k - 1]! - 1e-9);
      expect(num(records[0]!.get(s.id) as CimObject, 'SubstationCapacity.minimumDemand')).toBeLessThan(max[0]!);
    }
    // A primary's existing maximum demand is the sum of its EnergyConsumers in EQ.
    const vlSub = new Map(ofClass(m.EQ!, 'VoltageLevel').map((v) => [v.id, refId(v, 'VoltageLevel.Substation')]));
    const demand = new Map<string, number>();
    for (const c of ofClass(m.EQ!, 'EnergyConsumer')) {
      const s = vlSub.get(refId(c, 'Equipment.EquipmentContainer')) ?? '';
      demand.set(s, (demand.get(s) ?? 0) + num(c, 'EnergyConsumer.pfixed'));
    }
    expect(demand.size).toBeGreaterThan(10);
    for (const [s, mw] of demand) expect(num(records[0]!.get(s) as CimObject, 'SubstationCapacity.maximumDemand')).toBeCloseTo(mw, 1);
    // Firm capacity (N-1) of a two-transformer primary is one transformer's rating at 0.95 power factor.
    const tx = new Map<string, number[]>();
    const ends = ofClass(m.EQ!, 'PowerTransformerEnd');
    for (const t of ofClass(m.EQ!, 'PowerTransformer')) {
      const s = refId(t, 'Equipment.EquipmentContainer');
      const end = ends.find((e) => refId(e, 'PowerTransformerEnd.PowerTransformer') === t.id) as CimObject;
      tx.set(s, [...(tx.get(s) ?? []), num(end, 'PowerTransformerEnd.ratedS')]);
    }
    const pairs = [...demand.keys()].filter((s) => tx.get(s)?.length === 2);
    expect(pairs.length).toBeGreaterThan(3);
    for (const s of pairs) expect(num(records[0]!.get(s) as CimObject, 'SubstationCapacity.firmCapacity')).toBeCloseTo((tx.get(s) as number[])[0]! * 0.95, 2);
    const factors = (k: number): string[] => [...records[k]!.values()].map((o) => val(o, 'SubstationCapacity.limitingFactor') ?? '');
    const existing = factors(0);
    expect(existing.filter((f) => f === `${LTDSP}LimitingFactorKind.thermal`).length).toBeGreaterThan(0);
    expect(existing.filter((f) => f === `${LTDSP}LimitingFactorKind.none`).length).toBeGreaterThan(existing.length / 2);
    for (const o of records[0]!.values()) {
      const over = num(o, 'SubstationCapacity.maximumDemand') > num(o, 'SubstationCapacity.firmCapacity');
      expect(val(o, 'SubstationCapacity.limitingFactor') === `${LTDSP}LimitingFactorKind.thermal`).toBe(over);
    }
  });
});

describe('TP, SSH, SV and DL agree with EQ', () => {
  test('topology: every node and terminal on a topological node, closed switches joining theirs', () => {
    const cnTn = new Map(ofClass(m.TP!, 'ConnectivityNode').map((o) => [o.id, refId(o, 'ConnectivityNode.TopologicalNode')]));
    const nodes = ofClass(m.EQ!, 'ConnectivityNode');
    expect(cnTn.size).toBe(nodes.length);
    const tns = new Set(ofClass(m.TP!, 'TopologicalNode').map((t) => t.id));
    expect(tns.size).toBeLessThan(nodes.length);
    for (const tn of cnTn.values()) expect(tns.has(tn)).toBe(true);
    const terminals = ofClass(m.EQ!, 'Terminal');
    const tTn = new Map(ofClass(m.TP!, 'Terminal').map((o) => [o.id, refId(o, 'Terminal.TopologicalNode')]));
    expect(tTn.size).toBe(terminals.length);
    for (const t of terminals) expect(tTn.get(t.id)).toBe(cnTn.get(refId(t, 'Terminal.ConnectivityNode')));
    let open = 0;
    for (const sw of [...ofClass(m.EQ!, 'Breaker'), ...ofClass(m.EQ!, 'Disconnector')]) {
      const ends = terminals.filter((t) => refId(t, 'Terminal.ConductingEquipment') === sw.id).map((t) => cnTn.get(refId(t, 'Terminal.ConnectivityNode')));
      if (val(sw, 'Switch.normalOpen') === 'false') expect(ends[0]).toBe(ends[1]);
      else open++;
    }
    expect(open).toBeGreaterThan(0);
  });

  test('SSH and SV describe the scenario: demand, switch states, flows and voltages', () => {
    const eqSwitch = new Map([...ofClass(m.EQ!, 'Breaker'), ...ofClass(m.EQ!, 'Disconnector')].map((s) => [s.id, val(s, 'Switch.normalOpen')]));
    for (const s of [...ofClass(m.SSH!, 'Breaker'), ...ofClass(m.SSH!, 'Disconnector')]) expect(val(s, 'Switch.open')).toBe(eqSwitch.get(s.id));
    expect(ofClass(m.SSH!, 'Terminal').length).toBe(ofClass(m.EQ!, 'Terminal').length);
    const pfixed = new Map(ofClass(m.EQ!, 'EnergyConsumer').map((c) => [c.id, num(c, 'EnergyConsumer.pfixed')]));
    const sshMax = new Map(ofClass(m.SSH!, 'EnergyConsumer').map((c) => [c.id, num(c, 'EnergyConsumer.p')]));
    const sshMin = new Map(ofClass(minimum.SSH!, 'EnergyConsumer').map((c) => [c.id, num(c, 'EnergyConsumer.p')]));
    expect(sshMax.size).toBe(pfixed.size);
    for (const [id, p] of pfixed) {
      expect(sshMax.get(id)).toBeCloseTo(p, 2);
      expect(sshMin.get(id)).toBeCloseTo(p * 0.32, 2);
    }
    // SV flows at consumer terminals carry the SSH demand.
    const terminalOf = new Map(ofClass(m.EQ!, 'Terminal').map((t) => [refId(t, 'Terminal.ConductingEquipment'), t.id]));
    const flows = new Map(ofClass(m.SV!, 'SvPowerFlow').map((f) => [refId(f, 'SvPowerFlow.Terminal'), num(f, 'SvPowerFlow.p')]));
    for (const [id, p] of sshMax) expect(flows.get(terminalOf.get(id) ?? '')).toBeCloseTo(p, 3);
    // Infeeds import what the area draws (load sign: negative), less at the summer minimum.
    const infeed = (sv: CimModel): number => ofClass(m.EQ!, 'ExternalNetworkInjection').reduce((a, e) => a + (new Map(ofClass(sv, 'SvPowerFlow').map((f) => [refId(f, 'SvPowerFlow.Terminal'), num(f, 'SvPowerFlow.p')])).get(terminalOf.get(e.id) ?? '') ?? 0), 0);
    expect(infeed(m.SV!)).toBeLessThan(0);
    expect(infeed(minimum.SV!)).toBeGreaterThan(infeed(m.SV!));
    // One voltage per topological node, within statutory limits of its nominal voltage.
    const bv = new Map(ofClass(m.EQ!, 'BaseVoltage').map((b) => [b.id, num(b, 'BaseVoltage.nominalVoltage')]));
    const tnKv = new Map(ofClass(m.TP!, 'TopologicalNode').map((t) => [t.id, bv.get(refId(t, 'TopologicalNode.BaseVoltage')) ?? 0]));
    const volts = ofClass(m.SV!, 'SvVoltage');
    expect(volts.length).toBe(tnKv.size);
    for (const v of volts) {
      const nominal = tnKv.get(refId(v, 'SvVoltage.TopologicalNode')) as number;
      expect(Math.abs(num(v, 'SvVoltage.v') / nominal - 1)).toBeLessThan(0.06);
    }
    expect(ofClass(m.SV!, 'SvTapStep').length).toBe(ofClass(m.EQ!, 'RatioTapChanger').length);
  });

  test('DL draws every substation and circuit GL places, with the same number of points', () => {
    const glPoints = new Map<string, number>();
    const locOf = new Map(ofClass(m.GL!, 'Location').map((l) => [l.id, refId(l, 'Location.PowerSystemResources')]));
    for (const p of ofClass(m.GL!, 'PositionPoint')) {
      const psr = locOf.get(refId(p, 'PositionPoint.Location')) ?? '';
      glPoints.set(psr, (glPoints.get(psr) ?? 0) + 1);
    }
    const objects = ofClass(m.DL!, 'DiagramObject');
    expect(objects.length).toBe(glPoints.size);
    const dlPoints = new Map<string, number>();
    const objOf = new Map(objects.map((o) => [o.id, refId(o, 'DiagramObject.IdentifiedObject')]));
    for (const p of ofClass(m.DL!, 'DiagramObjectPoint')) {
      const psr = objOf.get(refId(p, 'DiagramObjectPoint.DiagramObject')) ?? '';
      dlPoints.set(psr, (dlPoints.get(psr) ?? 0) + 1);
    }
    expect(dlPoints).toEqual(glPoints);
    const eqIds = new Set(m.EQ!.objects.map((o) => o.id));
    for (const psr of objOf.values()) expect(eqIds.has(psr)).toBe(true);
  });
});
