// The profiles written alongside EQ and GL when `generateNetwork` is asked for them: ShortCircuit
// (SC, the EQ objects' short-circuit data), Short Circuit Results (SCR, per busbar node and per
// breaker), SteadyStateHypothesis (SSH), Topology (TP), StateVariables (SV), DiagramLayout (DL) and
// System Capacity (SYSCAP, one file per year 0-5). Everything is derived from the same objects as
// EQ, as they are written: the plant writer calls the hooks below, and each substation is settled
// (its topology merged over closed switches, its fault levels written) once it is complete.

import type { Property } from '../cim-xml/model.js';
import type { VoltageClass } from './catalogue.js';
import type { LonLat } from './geo.js';
import { bool, dec, enm, identified, int, lit, ref, type ModelFile } from './model-file.js';
import type { Prng } from './prng.js';
import { CAPACITY_FIGURES, LTDSP_NS, type CapacityFigures, type LimitingFactor } from '../profiles/provisional.js';

export { LTDSP_NS };

export { SAMPLE_PROFILES, type SampleProfile } from './sample-profiles.js';

/** Which demand the SSH and SV files describe. */
export type DemandScenario = 'maximum' | 'minimum';

/** A series impedance in ohms at the voltage it is quoted at. */
export interface Z {
  r: number;
  x: number;
}

/** Adds two impedances. */
export const zAdd = (a: Z, b: Z): Z => ({ r: a.r + b.r, x: a.x + b.x });
/** Scales an impedance (parallel circuits: 1/n; referring to another voltage: (u2/u1)²). */
export const zScale = (a: Z, k: number): Z => ({ r: a.r * k, x: a.x * k });

/** One year's capacity record of a substation (MW). */
export interface CapacityYear extends CapacityFigures {
  limitingFactor: LimitingFactor;
}

/** The extra files, each present only when asked for. */
export interface ExtraFiles {
  sc?: ModelFile;
  scr?: ModelFile;
  ssh?: ModelFile;
  tp?: ModelFile;
  sv?: ModelFile;
  dl?: ModelFile;
  /** One per year offset 0..5. */
  syscap?: ModelFile[];
}

/**
 * Rated breaking / making current (kA) of switchgear by voltage, smallest first: 31.5 kA at 132 kV;
 * 13.1 kA (the old 750 MVA class) or 25 kA at 33 kV; 13.1 kA (250 MVA), 20 kA or 25 kA at 11 kV.
 */
const SWITCHGEAR: Readonly<Record<number, readonly (readonly [number, number])[]>> = {
  132: [[31.5, 80]],
  33: [[13.1, 33.4], [25, 63]],
  11: [[13.1, 33.4], [20, 50], [25, 63]],
};

/** IEC 60909 voltage factor c for maximum short-circuit currents. */
const C_MAX = 1.1;

interface Pending {
  nodes: { id: string; vl: string; name: string }[];
  unions: [string, string][];
  busbars: { node: string; vl: string; vc: VoltageClass; name: string }[];
  breakers: { id: string; vl: string; vc: VoltageClass }[];
  z: Map<string, Z>;
}

/** Writes the extra profiles as the plant writer reports what it builds. */
export class ExtraProfiles {
  private readonly vlClass = new Map<string, VoltageClass>();
  private readonly nodeTn = new Map<string, string>();
  private terminals: [string, string][] = [];
  private infeeds: { id: string; terminal: string }[] = [];
  /** Net demand (MW, load sign) of the scenario since the last group ended. */
  private groupNet = 0;
  private pending: Pending = ExtraProfiles.empty();
  private diagram: string | undefined;

  constructor(
    readonly files: ExtraFiles,
    private readonly ids: Prng,
    private readonly rnd: Prng,
    private readonly baseVoltage: ReadonlyMap<number, string>,
    readonly scenario: DemandScenario,
  ) {
    if (files.dl) {
      this.diagram = ids.uuid();
      files.dl.add('Diagram', this.diagram, identified(this.diagram, 'Geographic overview', [
        enm('Diagram.orientation', 'OrientationKind.negative'),
      ]));
    }
  }

  private static empty(): Pending {
    return { nodes: [], unions: [], busbars: [], breakers: [], z: new Map() };
  }

  /** True when SC data goes to its own file. */
  get splitShortCircuit(): boolean {
    return this.files.sc !== undefined;
  }

  /** SC properties of an EQ object, as an rdf:about description in the SC file. */
  shortCircuit(cls: string, id: string, props: Property[]): void {
    this.files.sc?.about(cls, id, props);
  }

  voltageLevel(id: string, vc: VoltageClass): void {
    this.vlClass.set(id, vc);
  }

  node(id: string, vl: string, name: string): void {
    this.pending.nodes.push({ id, vl, name });
  }

  terminal(id: string, node: string): void {
    this.files.ssh?.about('Terminal', id, [bool('ACDCTerminal.connected', true)]);
    if (this.files.tp) this.terminals.push([id, node]);
  }

  switch(id: string, cls: 'Breaker' | 'Disconnector', vl: string, a: string, b: string, open: boolean): void {
    this.files.ssh?.about(cls, id, [bool('Equipment.inService', true), bool('Switch.locked', false), bool('Switch.open', open)]);
    if (!open) this.pending.unions.push([a, b]);
    const vc = this.vlClass.get(vl);
    if (cls === 'Breaker' && vc) this.pending.breakers.push({ id, vl, vc });
  }

  busbar(node: string, vl: string, vc: VoltageClass, name: string): void {
    this.pending.busbars.push({ node, vl, vc, name });
  }

  /** The Thevenin impedance (ohms at the level's own voltage) seen at a voltage level or one busbar node. */
  faultImpedance(key: string, z: Z): void {
    this.pending.z.set(key, z);
  }

  tapChanger(id: string, step: number): void {
    this.files.ssh?.about('RatioTapChanger', id, [bool('TapChanger.controlEnabled', true), int('TapChanger.step', step)]);
    if (this.files.sv) {
      const sv = this.ids.uuid();
      this.files.sv.add('SvTapStep', sv, [dec('SvTapStep.position', step, 0), ref('SvTapStep.TapChanger', id)]);
    }
  }

  /** Demand in this scenario (MW, MVAr) at a consumer; returns the MW used. */
  consumer(id: string, terminal: string, mw: number, mvar: number): number {
    const k = this.scenario === 'maximum' ? 1 : 0.32;
    this.files.ssh?.about('EnergyConsumer', id, [bool('Equipment.inService', true), dec('EnergyConsumer.p', mw * k, 3), dec('EnergyConsumer.q', mvar * k, 3)]);
    this.flow(terminal, mw * k, mvar * k);
    this.groupNet += mw * k;
    return mw * k;
  }

  /** Output in this scenario of a generator of `kind` rated `mw`; returns the MW generated (load sign: negative p). */
  generator(id: string, cls: 'SynchronousMachine' | 'PowerElectronicsConnection', kind: 'wind' | 'solar' | 'battery' | 'chp', terminal: string, mw: number): number {
    // Winter evening peak: no sun, batteries discharging; summer afternoon minimum: sun, batteries charging.
    const share = this.scenario === 'maximum'
      ? { wind: 0.45, solar: 0, battery: 0.8, chp: 0.9 }[kind]
      : { wind: 0.25, solar: 0.7, battery: -0.5, chp: 0.3 }[kind];
    const p = -mw * share;
    // Embedded generation runs at fixed power factor: no voltage control.
    const common = [bool('Equipment.inService', true), bool('RegulatingCondEq.controlEnabled', false)];
    const props = cls === 'SynchronousMachine'
      ? [...common, dec('RotatingMachine.p', p, 3), dec('RotatingMachine.q', 0, 0), enm('SynchronousMachine.operatingMode', 'SynchronousMachineOperatingMode.generator'), int('SynchronousMachine.referencePriority', 0)]
      : [...common, dec('PowerElectronicsConnection.p', p, 3), dec('PowerElectronicsConnection.q', 0, 0)];
    this.files.ssh?.about(cls, id, props);
    this.flow(terminal, p, 0);
    this.groupNet += p;
    return -p;
  }

  /** A transmission infeed; its power is set when its group is complete ({@link endGroup}). */
  infeed(id: string, terminal: string): void {
    this.infeeds.push({ id, terminal });
  }

  /**
   * Sets the infeeds of a GSP group to carry the group's net demand in this scenario (what its
   * consumers draw less what its generators give, plus 2 % losses), shared equally.
   */
  endGroup(): void {
    const n = Math.max(1, this.infeeds.length);
    const net = this.groupNet * 1.02;
    this.groupNet = 0;
    for (const inf of this.infeeds) {
      const p = -net / n;
      const q = p * 0.2;
      this.files.ssh?.about('ExternalNetworkInjection', inf.id, [
        bool('Equipment.inService', true), bool('RegulatingCondEq.controlEnabled', false),
        dec('ExternalNetworkInjection.p', p, 3), dec('ExternalNetworkInjection.q', q, 3), int('ExternalNetworkInjection.referencePriority', 0),
      ]);
      this.flow(inf.terminal, p, q);
    }
    this.infeeds = [];
  }

  private flow(terminal: string, p: number, q: number): void {
    if (!this.files.sv) return;
    const id = this.ids.uuid();
    this.files.sv.add('SvPowerFlow', id, [dec('SvPowerFlow.p', p, 3), dec('SvPowerFlow.q', q, 3), ref('SvPowerFlow.Terminal', terminal)]);
  }

  /** A DL object for a substation or circuit at its GL positions. */
  diagramObject(psr: string, name: string, points: readonly LonLat[]): void {
    const dl = this.files.dl;
    if (!dl || this.diagram === undefined) return;
    const id = this.ids.uuid();
    dl.add('DiagramObject', id, identified(id, name, [
      ref('DiagramObject.Diagram', this.diagram),
      ref('DiagramObject.IdentifiedObject', psr),
      dec('DiagramObject.rotation', 0, 0),
    ]));
    points.forEach((pt, i) => {
      const pid = this.ids.uuid();
      // A flat projection of WGS84 onto a 1000-unit-per-degree canvas, y down.
      dl.add('DiagramObjectPoint', pid, [
        ref('DiagramObjectPoint.DiagramObject', id),
        int('DiagramObjectPoint.sequenceNumber', i + 1),
        dec('DiagramObjectPoint.xPosition', (pt.lon + 6) * 1000, 1),
        dec('DiagramObjectPoint.yPosition', (58 - pt.lat) * 1000, 1),
      ]);
    });
  }

  /** One SubstationCapacity per year file. */
  capacity(substation: string, name: string, years: readonly CapacityYear[]): void {
    const files = this.files.syscap;
    if (!files) return;
    years.forEach((y, k) => {
      const id = this.ids.uuid();
      const p = (local: string, v: number): Property => ({ ...dec(local, v, 3), ns: LTDSP_NS });
      files[k]!.addIn(LTDSP_NS, 'SubstationCapacity', id, [
        lit('IdentifiedObject.mRID', id),
        lit('IdentifiedObject.name', `${name} ${k === 0 ? 'existing' : `year ${k}`}`),
        { ns: LTDSP_NS, local: 'SubstationCapacity.Substation', ref: true, value: '#_' + substation, line: 0, column: 0 },
        { ...int('SubstationCapacity.yearOffset', k), ns: LTDSP_NS },
        ...CAPACITY_FIGURES.map((name) => p(`SubstationCapacity.${name}`, y[name])),
        { ns: LTDSP_NS, local: 'SubstationCapacity.limitingFactor', ref: true, value: `${LTDSP_NS}LimitingFactorKind.${y.limitingFactor}`, line: 0, column: 0 },
      ]);
    });
  }

  /**
   * Completes the substation just written: merges its nodes over closed switches into topological
   * nodes (TP) with their voltages (SV), writes busbar fault levels and breaker ratings (SCR).
   * Returns the highest ratio of a busbar's breaking current to its switchgear rating.
   */
  settle(): number {
    const p = this.pending;
    this.pending = ExtraProfiles.empty();
    // Union-find over the substation's nodes.
    const parent = new Map<string, string>();
    for (const n of p.nodes) parent.set(n.id, n.id);
    const find = (a: string): string => {
      let r = a;
      while (parent.get(r) !== r && parent.has(r)) r = parent.get(r) as string;
      return r;
    };
    for (const [a, b] of p.unions) {
      if (!parent.has(a) || !parent.has(b)) continue;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(rb, ra);
    }
    if (this.files.tp || this.files.sv) {
      const groups = new Map<string, { id: string; vl: string; name: string }[]>();
      for (const n of p.nodes) {
        const root = find(n.id);
        groups.set(root, [...(groups.get(root) ?? []), n]);
      }
      const busNames = new Map(p.busbars.map((b) => [b.node, b.name]));
      for (const members of groups.values()) {
        const tn = this.ids.uuid();
        const vl = members[0]!.vl;
        const vc = this.vlClass.get(vl);
        const name = members.map((m) => busNames.get(m.id)).find((b) => b !== undefined) ?? members[0]!.name;
        if (this.files.tp) {
          const props = identified(tn, name, [ref('TopologicalNode.ConnectivityNodeContainer', vl)]);
          if (vc) props.push(ref('TopologicalNode.BaseVoltage', this.baseVoltage.get(vc.kv) as string));
          this.files.tp.add('TopologicalNode', tn, props);
          for (const m of members) {
            this.files.tp.about('ConnectivityNode', m.id, [ref('ConnectivityNode.TopologicalNode', tn)], undefined, false);
            this.nodeTn.set(m.id, tn);
          }
        }
        if (this.files.sv && vc) this.voltage(tn, vc);
      }
      if (this.files.tp) {
        const waiting: [string, string][] = [];
        for (const [terminal, node] of this.terminals) {
          const tn = this.nodeTn.get(node);
          if (tn === undefined) waiting.push([terminal, node]);
          else this.files.tp.about('Terminal', terminal, [ref('Terminal.TopologicalNode', tn)]);
        }
        this.terminals = waiting;
      }
    }
    return this.faultLevels(p);
  }

  private voltage(tn: string, vc: VoltageClass): void {
    const r = this.rnd;
    const low = this.scenario === 'maximum';
    const pu = vc.kv === 132 ? r.range(low ? 0.99 : 1.0, low ? 1.02 : 1.03) : r.range(low ? 0.995 : 1.005, low ? 1.025 : 1.035);
    const angle = -(vc.kv === 132 ? r.range(1, 3) : vc.kv === 33 ? r.range(4, 8) : r.range(6, 12)) * (low ? 1 : 0.4);
    const id = this.ids.uuid();
    this.files.sv?.add('SvVoltage', id, [dec('SvVoltage.angle', angle, 3), dec('SvVoltage.v', vc.kv * pu, 3), ref('SvVoltage.TopologicalNode', tn)]);
  }

  private faultLevels(p: Pending): number {
    // Breaking current per busbar node, IEC 60909 style: c·Un/(√3·|Zth|), far from generators (Ib = Ik'').
    const levels = new Map<string, { ik: number; xr: number }>();
    const vlMax = new Map<string, number>();
    for (const b of p.busbars) {
      const z = p.z.get(b.node) ?? p.z.get(b.vl);
      if (!z) continue;
      const ik = (C_MAX * b.vc.kv) / (Math.sqrt(3) * Math.hypot(z.r, z.x));
      levels.set(b.node, { ik, xr: z.x / Math.max(z.r, 1e-6) });
      vlMax.set(b.vl, Math.max(vlMax.get(b.vl) ?? 0, ik));
    }
    // Switchgear rating per voltage level: one rating for the board, the smallest that fits if it can.
    const rating = new Map<string, readonly [number, number]>();
    for (const [vl, ik] of vlMax) {
      const vc = this.vlClass.get(vl) as VoltageClass;
      const options = SWITCHGEAR[vc.kv]!;
      const fits = options.filter(([b]) => b >= ik);
      // Older boards stay at their lower rating while they still (just) cope; some were bought a size up.
      const pick = fits.length === 0 ? options[options.length - 1]! : fits.length > 1 && this.rnd.chance(0.3) ? fits[1]! : fits[0]!;
      rating.set(vl, pick);
    }
    let worst = 0;
    for (const b of p.busbars) {
      const l = levels.get(b.node);
      if (!l) continue;
      const kappa = 1.02 + 0.98 * Math.exp(-3 / l.xr);
      const r = rating.get(b.vl);
      if (r) worst = Math.max(worst, l.ik / r[0]);
      if (!this.files.scr) continue;
      const id = this.ids.uuid();
      const q = (local: string, v: number, digits = 3): Property => ({ ...dec(local, v, digits), ns: LTDSP_NS });
      this.files.scr.addIn(LTDSP_NS, 'NodeFaultLevel', id, [
        lit('IdentifiedObject.mRID', id),
        lit('IdentifiedObject.name', `${b.name} fault level`),
        { ns: LTDSP_NS, local: 'NodeFaultLevel.ConnectivityNode', ref: true, value: '#_' + b.node, line: 0, column: 0 },
        q('NodeFaultLevel.ik3Initial', l.ik),
        q('NodeFaultLevel.peakCurrent', kappa * Math.SQRT2 * l.ik),
        q('NodeFaultLevel.breakingCurrent', l.ik),
        q('NodeFaultLevel.xOverR', l.xr, 2),
      ]);
    }
    if (this.files.scr) {
      for (const br of p.breakers) {
        const r = rating.get(br.vl) ?? SWITCHGEAR[br.vc.kv]![0]!;
        const id = this.ids.uuid();
        this.files.scr.addIn(LTDSP_NS, 'SwitchgearRating', id, [
          lit('IdentifiedObject.mRID', id),
          lit('IdentifiedObject.name', 'switchgear rating'),
          { ns: LTDSP_NS, local: 'SwitchgearRating.Switch', ref: true, value: '#_' + br.id, line: 0, column: 0 },
          { ...dec('SwitchgearRating.breakingCapacity', r[0], 1), ns: LTDSP_NS },
          { ...dec('SwitchgearRating.makingCapacity', r[1], 1), ns: LTDSP_NS },
        ]);
      }
    }
    return worst;
  }
}
