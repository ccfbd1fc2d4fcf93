// Writes the pieces of plant a generated substation is made of (busbars, switch bays, transformers,
// circuits, loads, generators) as CGMES 3.0 EQ objects, and their positions as GL objects. Every
// class and property here is in the CoreEquipment vocabulary; ShortCircuit properties are written
// only when that profile is declared. Each builder writes its properties in one fixed order.

import type { Property } from '../cim-xml/model.js';
import { SWITCH_AMPS, type ConductorType, type TransformerFamily, type VoltageClass } from './catalogue.js';
import type { LonLat } from './geo.js';
import { bool, dec, decimal, enm, identified, int, lit, ref, type ModelFile } from './model-file.js';
import type { Prng } from './prng.js';
import type { ExtraProfiles, Z } from './profile-writers.js';

/** Objects written once per model that plant refers to. */
export interface SharedIds {
  subRegion: string;
  /** kV → BaseVoltage id. */
  baseVoltage: ReadonlyMap<number, string>;
  patl: string;
  tatl: string;
  loadResponse: string;
  coordinateSystem: string;
}

/** One winding of a two-winding transformer; impedances in ohms and siemens at its own voltage. */
interface EndSpec {
  name: string;
  endNumber: number;
  vc: VoltageClass;
  terminal: string;
  transformer: string;
  mva: number;
  /** Earthed star (Yn) when true, delta when false. */
  star: boolean;
  clock: number;
  r: number;
  x: number;
  g: number;
  b: number;
  /** Zero sequence, seen only from an earthed star winding (0 on a delta). */
  r0: number;
  x0: number;
}

/** Short-term (TATL) current rating as a multiple of the continuous rating. */
const TATL_FACTOR = 1.2;

/** Peak short-circuit withstand of busbars (A), from the usual GB switchgear ratings. */
const BUSBAR_IPMAX: Readonly<Record<number, number>> = { 132: 78750, 33: 62500, 11: 32750 };

/** Builds plant into an EQ and a GL file, drawing ids and values from two independent streams. */
export class PlantWriter {
  constructor(
    readonly eq: ModelFile,
    readonly gl: ModelFile,
    private readonly ids: Prng,
    readonly rnd: Prng,
    readonly shared: SharedIds,
    private readonly shortCircuit: boolean,
    /** The other profiles, when they are written (SC then goes to its own file). */
    readonly x?: ExtraProfiles,
  ) {}

  /**
   * Short-circuit properties of an EQ object: appended to the EQ properties when SC is declared in
   * EQ, or written as a description in the SC file when SC is its own file.
   */
  private sc(cls: string, id: string, props: Property[], sc: Property[]): void {
    if (this.x?.splitShortCircuit) this.x.shortCircuit(cls, id, sc);
    else if (this.shortCircuit) props.push(...sc);
  }

  /**
   * True when short-circuit values are drawn: SC in EQ, or any profiles mode (the fault levels need
   * them, and the network must not depend on which profiles are written).
   */
  private get scData(): boolean {
    return this.shortCircuit || this.x !== undefined;
  }

  /** A Substation with its GL Location (one point). */
  substation(name: string, description: string, pos: LonLat): string {
    const id = this.ids.uuid();
    this.eq.add('Substation', id, identified(id, name, [
      lit('IdentifiedObject.description', description),
      ref('Substation.Region', this.shared.subRegion),
    ]));
    this.location(id, name, [pos]);
    return id;
  }

  /** A VoltageLevel with statutory limits. */
  voltageLevel(substation: string, vc: VoltageClass, name: string): string {
    const id = this.ids.uuid();
    this.eq.add('VoltageLevel', id, identified(id, name, [
      ref('VoltageLevel.BaseVoltage', this.bv(vc)),
      dec('VoltageLevel.highVoltageLimit', vc.high, 3),
      dec('VoltageLevel.lowVoltageLimit', vc.low, 3),
      ref('VoltageLevel.Substation', substation),
    ]));
    this.x?.voltageLevel(id, vc);
    return id;
  }

  /** A ConnectivityNode in a container. */
  node(container: string, name: string): string {
    const id = this.ids.uuid();
    this.eq.add('ConnectivityNode', id, identified(id, name, [ref('ConnectivityNode.ConnectivityNodeContainer', container)]));
    this.x?.node(id, container, name);
    return id;
  }

  /** A Terminal of conducting equipment at a node. */
  terminal(equipment: string, sequence: number, node: string, name: string): string {
    const id = this.ids.uuid();
    this.eq.add('Terminal', id, identified(id, name, [
      int('ACDCTerminal.sequenceNumber', sequence),
      ref('Terminal.ConductingEquipment', equipment),
      ref('Terminal.ConnectivityNode', node),
    ]));
    this.x?.terminal(id, node);
    return id;
  }

  /** A BusbarSection with its node; returns the node. */
  busbar(vl: string, vc: VoltageClass, name: string): string {
    const node = this.node(vl, name);
    const id = this.ids.uuid();
    const props = identified(id, name, [ref('Equipment.EquipmentContainer', vl)]);
    this.sc('BusbarSection', id, props, [dec('BusbarSection.ipMax', BUSBAR_IPMAX[vc.kv]!, 0)]);
    this.eq.add('BusbarSection', id, props);
    this.terminal(id, 1, node, `${name} T1`);
    this.x?.busbar(node, vl, vc, name);
    return node;
  }

  /** A Breaker or Disconnector between two nodes. */
  switch(cls: 'Breaker' | 'Disconnector', vl: string, name: string, a: string, b: string, open: boolean, amps: number): string {
    const id = this.ids.uuid();
    this.eq.add(cls, id, identified(id, name, [
      ref('Equipment.EquipmentContainer', vl),
      bool('Switch.normalOpen', open),
      dec('Switch.ratedCurrent', amps, 0),
      bool('Switch.retained', cls === 'Breaker'),
    ]));
    this.terminal(id, 1, a, `${name} T1`);
    this.terminal(id, 2, b, `${name} T2`);
    this.x?.switch(id, cls, vl, a, b, open);
    return id;
  }

  /**
   * A circuit bay off a busbar: breaker, preceded by a disconnector for outdoor (AIS) switchgear.
   * Returns the node the circuit connects to.
   */
  bay(vl: string, bus: string, name: string, amps: number, outdoor: boolean): string {
    let from = bus;
    if (outdoor) {
      const mid = this.node(vl, `${name} BI`);
      this.switch('Disconnector', vl, `${name} BI`, bus, mid, false, amps);
      from = mid;
    }
    const out = this.node(vl, name);
    this.switch('Breaker', vl, `${name} CB`, from, out, false, amps);
    return out;
  }

  /**
   * A two-winding transformer with its ends, terminals and an on-load tap changer on the HV end.
   * Returns its series impedance in ohms referred to the HV side.
   */
  transformer(substation: string, f: TransformerFamily, name: string, hvNode: string, lvNode: string, mva: number): Z {
    const r = this.rnd;
    const id = this.ids.uuid();
    const vector = f.hvStar ? `YNd${f.clock}` : `Dyn${f.clock}`;
    const props = identified(id, name, [
      lit('IdentifiedObject.description', `${decimal(mva, 1)} MVA ${f.hv.kv}/${f.lv.kv} kV ${vector}`),
      ref('Equipment.EquipmentContainer', substation),
    ]);
    this.sc('PowerTransformer', id, props, [bool('PowerTransformer.isPartOfGeneratorUnit', false)]);
    this.eq.add('PowerTransformer', id, props);
    const t1 = this.terminal(id, 1, hvNode, `${name} T1`);
    const t2 = this.terminal(id, 2, lvNode, `${name} T2`);

    // Series impedance on end 1 (ohms referred to HV), as CGMES exporters usually place it.
    const zBase = (f.hv.kv * f.hv.kv) / mva;
    const z = (r.range(f.zPct[0], f.zPct[1]) / 100) * zBase;
    const xr = r.range(f.xr[0], f.xr[1]);
    const rOhm = z / Math.sqrt(1 + xr * xr);
    const xOhm = rOhm * xr;
    const i0 = r.range(0.002, 0.006);
    const p0 = r.range(0.0007, 0.0012);
    const gS = (p0 * mva) / (f.hv.kv * f.hv.kv);
    // Magnetising susceptance; written negative (inductive), as the CGMES 3.0 shape PowerTransformerEnd.b-valueRange requires.
    const bS = (Math.sqrt(Math.max(i0 * i0 - p0 * p0, 0)) * mva) / (f.hv.kv * f.hv.kv);
    // Zero sequence is seen only from the earthed star winding, referred to its own voltage.
    const z0Factor = r.range(0.85, 0.95);
    const hv = this.ids.uuid();
    const lvScale = (f.lv.kv / f.hv.kv) ** 2;
    this.end(hv, {
      name: `${name} HV`, endNumber: 1, vc: f.hv, terminal: t1, transformer: id, mva, star: f.hvStar, clock: 0,
      r: rOhm, x: xOhm, g: gS, b: -bS, r0: f.hvStar ? rOhm * z0Factor : 0, x0: f.hvStar ? xOhm * z0Factor : 0,
    });
    this.end(this.ids.uuid(), {
      name: `${name} LV`, endNumber: 2, vc: f.lv, terminal: t2, transformer: id, mva, star: !f.hvStar, clock: f.clock,
      r: 0, x: 0, g: 0, b: 0, r0: f.hvStar ? 0 : rOhm * lvScale * z0Factor, x0: f.hvStar ? 0 : xOhm * lvScale * z0Factor,
    });

    const tc = this.ids.uuid();
    const normalStep = f.tapNeutral + r.int(-2, 2);
    this.eq.add('RatioTapChanger', tc, identified(tc, `${name} OLTC`, [
      int('TapChanger.highStep', f.tapSteps),
      int('TapChanger.lowStep', 1),
      bool('TapChanger.ltcFlag', true),
      int('TapChanger.neutralStep', f.tapNeutral),
      dec('TapChanger.neutralU', f.hv.kv, 3),
      int('TapChanger.normalStep', normalStep),
      dec('RatioTapChanger.stepVoltageIncrement', f.tapStepPct, 3),
      ref('RatioTapChanger.TransformerEnd', hv),
    ]));
    this.x?.tapChanger(tc, normalStep);
    return { r: rOhm, x: xOhm };
  }

  private end(id: string, e: EndSpec): void {
    const props = identified(id, e.name, [
      int('TransformerEnd.endNumber', e.endNumber),
      ref('TransformerEnd.BaseVoltage', this.bv(e.vc)),
      ref('TransformerEnd.Terminal', e.terminal),
    ]);
    const split = this.x?.splitShortCircuit === true;
    if (this.shortCircuit && !split) props.push(bool('TransformerEnd.grounded', e.star));
    props.push(
      ref('PowerTransformerEnd.PowerTransformer', e.transformer),
      dec('PowerTransformerEnd.ratedS', e.mva, 3),
      dec('PowerTransformerEnd.ratedU', e.vc.kv, 3),
      dec('PowerTransformerEnd.r', e.r, 5),
      dec('PowerTransformerEnd.x', e.x, 5),
      dec('PowerTransformerEnd.g', e.g, 9),
      dec('PowerTransformerEnd.b', e.b, 9),
      enm('PowerTransformerEnd.connectionKind', e.star ? 'WindingConnection.Yn' : 'WindingConnection.D'),
    );
    // Magnetising zero-sequence branch neglected: core-type three-limb units have a high one.
    const sc = [
      dec('PowerTransformerEnd.r0', e.r0, 5),
      dec('PowerTransformerEnd.x0', e.x0, 5),
      dec('PowerTransformerEnd.g0', 0, 0),
      dec('PowerTransformerEnd.b0', 0, 0),
      int('PowerTransformerEnd.phaseAngleClock', e.clock),
    ];
    this.sc('PowerTransformerEnd', id, props, split ? [bool('TransformerEnd.grounded', e.star), ...sc] : sc);
    this.eq.add('PowerTransformerEnd', id, props);
  }

  /**
   * A circuit between two nodes: a Line container holding one ACLineSegment, its rating on the
   * sending-end terminal (LTDS gives one rating per circuit), and a GL route through both ends.
   */
  circuit(name: string, vc: VoltageClass, type: ConductorType, lengthKm: number, from: string, to: string, route: LonLat[]): Z {
    const line = this.ids.uuid();
    this.eq.add('Line', line, identified(line, name, [ref('Line.Region', this.shared.subRegion)]));
    const id = this.ids.uuid();
    const k = lengthKm * this.rnd.range(0.97, 1.03); // conductor data varies a little between spans
    const props = identified(id, name, [
      lit('IdentifiedObject.description', type.name),
      ref('Equipment.EquipmentContainer', line),
      ref('ConductingEquipment.BaseVoltage', this.bv(vc)),
      dec('Conductor.length', lengthKm, 3),
      dec('ACLineSegment.r', type.r * k, 5),
      dec('ACLineSegment.x', type.x * k, 5),
      dec('ACLineSegment.bch', type.bch * k, 10),
      dec('ACLineSegment.gch', 0, 0),
    ]);
    this.sc('ACLineSegment', id, props, [
      dec('ACLineSegment.r0', type.r0 * k, 5),
      dec('ACLineSegment.x0', type.x0 * k, 5),
      dec('ACLineSegment.b0ch', type.b0ch * k, 10),
      dec('ACLineSegment.g0ch', 0, 0),
      dec('ACLineSegment.shortCircuitEndTemperature', type.scEndTemp, 0),
    ]);
    this.eq.add('ACLineSegment', id, props);
    // Short-term ratings matter operationally on 132 kV circuits; below that LTDS gives one rating.
    this.limits(this.terminal(id, 1, from, `${name} T1`), name, type.amps, vc.kv >= 132);
    this.terminal(id, 2, to, `${name} T2`);
    this.location(id, name, route);
    return { r: type.r * k, x: type.x * k };
  }

  /** An OperationalLimitSet on a terminal with a PATL and optionally a TATL current limit. */
  limits(terminal: string, name: string, amps: number, shortTerm: boolean): void {
    const set = this.ids.uuid();
    this.eq.add('OperationalLimitSet', set, identified(set, `${name} ratings`, [ref('OperationalLimitSet.Terminal', terminal)]));
    this.currentLimit(set, 'PATL', this.shared.patl, amps);
    if (shortTerm) this.currentLimit(set, 'TATL', this.shared.tatl, amps * TATL_FACTOR);
  }

  private currentLimit(set: string, name: string, type: string, amps: number): void {
    const id = this.ids.uuid();
    this.eq.add('CurrentLimit', id, identified(id, name, [
      ref('OperationalLimit.OperationalLimitSet', set),
      ref('OperationalLimit.OperationalLimitType', type),
      dec('CurrentLimit.normalValue', amps, 1),
    ]));
  }

  /** A demand point: EnergyConsumer with fixed P and Q (MW, MVAr) at a node. */
  consumer(vl: string, node: string, name: string, mw: number, powerFactor: number): void {
    const id = this.ids.uuid();
    const mvar = mw * Math.tan(Math.acos(powerFactor));
    this.eq.add('EnergyConsumer', id, identified(id, name, [
      ref('Equipment.EquipmentContainer', vl),
      ref('EnergyConsumer.LoadResponse', this.shared.loadResponse),
      dec('EnergyConsumer.pfixed', mw, 3),
      dec('EnergyConsumer.qfixed', mvar, 3),
    ]));
    const t = this.terminal(id, 1, node, `${name} T1`);
    this.x?.consumer(id, t, mw, mvar);
  }

  /** An inverter-connected plant (solar, wind or battery) at a node. */
  inverterPlant(kind: 'PhotoVoltaicUnit' | 'PowerElectronicsWindUnit' | 'BatteryUnit', vl: string, vc: VoltageClass, node: string, name: string, mw: number): void {
    const unit = this.ids.uuid();
    const unitProps = identified(unit, `${name} unit`, [
      ref('Equipment.EquipmentContainer', vl),
      dec('PowerElectronicsUnit.maxP', mw, 3),
      dec('PowerElectronicsUnit.minP', kind === 'BatteryUnit' ? -mw : 0, 3),
    ]);
    // GB grid-scale batteries are mostly 1-2 hour systems.
    if (kind === 'BatteryUnit') unitProps.push(dec('BatteryUnit.ratedE', mw * this.rnd.pick([1, 1.5, 2]), 3));
    this.eq.add(kind, unit, unitProps);
    const id = this.ids.uuid();
    const mva = mw / 0.95;
    const q = Math.sqrt(mva * mva - mw * mw);
    this.eq.add('PowerElectronicsConnection', id, identified(id, name, [
      ref('Equipment.EquipmentContainer', vl),
      dec('PowerElectronicsConnection.maxQ', q, 3),
      dec('PowerElectronicsConnection.minQ', -q, 3),
      dec('PowerElectronicsConnection.ratedS', mva, 3),
      dec('PowerElectronicsConnection.ratedU', vc.kv, 3),
      ref('PowerElectronicsConnection.PowerElectronicsUnit', unit),
    ]));
    const t = this.terminal(id, 1, node, `${name} T1`);
    const kinds = { PhotoVoltaicUnit: 'solar', PowerElectronicsWindUnit: 'wind', BatteryUnit: 'battery' } as const;
    this.x?.generator(id, 'PowerElectronicsConnection', kinds[kind], t, mw);
  }

  /**
   * A gas engine / CHP set: SynchronousMachine (in the voltage level) with a ThermalGeneratingUnit
   * (in the substation: CGMES 3.0 shape GeneratingUnit-containment allows only a Substation).
   */
  gasEngine(substation: string, vl: string, vc: VoltageClass, node: string, name: string, mw: number): void {
    const r = this.rnd;
    const unit = this.ids.uuid();
    this.eq.add('ThermalGeneratingUnit', unit, identified(unit, `${name} unit`, [
      ref('Equipment.EquipmentContainer', substation),
      dec('GeneratingUnit.maxOperatingP', mw, 3),
      dec('GeneratingUnit.minOperatingP', mw * 0.4, 3),
      dec('GeneratingUnit.nominalP', mw, 3),
    ]));
    const id = this.ids.uuid();
    const pf = 0.8;
    const mva = mw / pf;
    const zBase = (vc.kv * vc.kv) / mva;
    const props = identified(id, name, [
      ref('Equipment.EquipmentContainer', vl),
      ref('RotatingMachine.GeneratingUnit', unit),
      dec('RotatingMachine.ratedPowerFactor', pf, 3),
      dec('RotatingMachine.ratedS', mva, 3),
      dec('RotatingMachine.ratedU', vc.kv, 3),
      dec('SynchronousMachine.maxQ', mva * 0.6, 3),
      dec('SynchronousMachine.minQ', -mva * 0.3, 3),
      enm('SynchronousMachine.type', 'SynchronousMachineKind.generator'),
    ]);
    if (this.scData) {
      const xd2 = r.range(0.12, 0.2);
      this.sc('SynchronousMachine', id, props, [
        bool('SynchronousMachine.earthing', false),
        dec('SynchronousMachine.r', 0.07 * xd2 * zBase, 5),
        dec('SynchronousMachine.r0', 0.05 * zBase, 5),
        dec('SynchronousMachine.r2', 0.08 * xd2 * zBase, 5),
        dec('SynchronousMachine.satDirectSubtransX', xd2, 4),
        dec('SynchronousMachine.x0', 0.06 * zBase, 5),
        dec('SynchronousMachine.x2', xd2 * zBase, 5),
      ]);
    }
    this.eq.add('SynchronousMachine', id, props);
    const t = this.terminal(id, 1, node, `${name} T1`);
    this.x?.generator(id, 'SynchronousMachine', 'chp', t, mw);
  }

  /**
   * The transmission infeed at a GSP: an ExternalNetworkInjection sized by the SGT rating (MVA).
   * Returns its maximum initial short-circuit current (A) and R/X (a nominal 5.5 kA, 0.08 when no
   * short-circuit data is written).
   */
  gridInfeed(vl: string, node: string, name: string, mva: number): { ik: number; rx: number } {
    const r = this.rnd;
    const id = this.ids.uuid();
    const props = identified(id, name, [
      ref('Equipment.EquipmentContainer', vl),
      dec('ExternalNetworkInjection.governorSCD', 0, 0),
      dec('ExternalNetworkInjection.maxP', mva, 3),
      dec('ExternalNetworkInjection.maxQ', mva * 0.5, 3),
      dec('ExternalNetworkInjection.minP', -mva, 3),
      dec('ExternalNetworkInjection.minQ', -mva * 0.5, 3),
    ]);
    let result = { ik: 5500, rx: 0.08 };
    if (this.scData) {
      // 132 kV GSP fault levels are typically 2.5-5 GVA, i.e. 11-22 kA, half through each SGT.
      const ikMax = r.range(5500, 11000);
      const r0x0 = r.range(0.1, 0.3);
      const r1x1 = r.range(0.05, 0.12);
      result = { ik: ikMax, rx: r1x1 };
      this.sc('ExternalNetworkInjection', id, props, [
        dec('ExternalNetworkInjection.maxInitialSymShCCurrent', ikMax, 0),
        dec('ExternalNetworkInjection.maxR0ToX0Ratio', r0x0, 3),
        dec('ExternalNetworkInjection.maxR1ToX1Ratio', r1x1, 3),
        dec('ExternalNetworkInjection.maxZ0ToZ1Ratio', r.range(0.8, 1.2), 3),
        dec('ExternalNetworkInjection.minInitialSymShCCurrent', ikMax * r.range(0.55, 0.75), 0),
        dec('ExternalNetworkInjection.minR0ToX0Ratio', r.range(0.1, 0.3), 3),
        dec('ExternalNetworkInjection.minR1ToX1Ratio', r.range(0.05, 0.12), 3),
        dec('ExternalNetworkInjection.minZ0ToZ1Ratio', r.range(0.8, 1.2), 3),
      ]);
    }
    this.eq.add('ExternalNetworkInjection', id, props);
    const t = this.terminal(id, 1, node, `${name} T1`);
    this.x?.infeed(id, t);
    return result;
  }

  /** Switch rating for a duty at a voltage. */
  amps(vc: VoltageClass, duty: 'line' | 'transformer' | 'coupler'): number {
    return SWITCH_AMPS[vc.kv as 132 | 33 | 11][duty];
  }

  /** A GL Location for a power system resource, with one PositionPoint per coordinate. */
  location(psr: string, name: string, points: readonly LonLat[]): void {
    const id = this.ids.uuid();
    this.gl.add('Location', id, identified(id, name, [
      ref('Location.CoordinateSystem', this.shared.coordinateSystem),
      ref('Location.PowerSystemResources', psr),
    ]));
    this.x?.diagramObject(psr, name, points);
    for (let i = 0; i < points.length; i++) {
      const props: Property[] = [
        int('PositionPoint.sequenceNumber', i + 1),
        dec('PositionPoint.xPosition', points[i]!.lon, 6),
        dec('PositionPoint.yPosition', points[i]!.lat, 6),
        ref('PositionPoint.Location', id),
      ];
      this.gl.add('PositionPoint', this.ids.uuid(), props);
    }
  }

  private bv(vc: VoltageClass): string {
    const id = this.shared.baseVoltage.get(vc.kv);
    if (id === undefined) throw new Error(`no BaseVoltage for ${vc.kv} kV`);
    return id;
  }
}
