// Reading the heatmap's inputs: one streaming pass over every EQ, GL, SCR and SYSCAP file, keeping
// only the few fields the heatmap needs (classes are matched by local name, so CIM16 and CIM100
// files both work; SCR and SYSCAP classes are the provisional terms of docs/contracts.md §1).

import { expandInputs, normaliseId, readCimInput, type CimInput, type CimObject, type ModelHeader, type Property } from '../cim-xml/index.js';
import { LtdsError } from '../errors/index.js';
import { CAPACITY_FIGURES, LIMITING_FACTORS, type CapacityFigures, type LimitingFactor } from '../profiles/provisional.js';

/** Where a record came from, for error messages. */
export interface Origin {
  file: string;
  line: number;
  column: number;
}

/** One SYSCAP `SubstationCapacity` record. */
export interface CapacityRecord extends CapacityFigures {
  substation: string;
  yearOffset: number;
  /** When given. */
  limitingFactor?: LimitingFactor;
  origin: Origin;
}

/** One SCR `NodeFaultLevel` record. */
export interface NodeFaultRecord {
  node: string;
  ik3Initial: number;
  ik1Initial?: number;
  peakCurrent: number;
  breakingCurrent: number;
  origin: Origin;
}

/** One SCR `SwitchgearRating` record. */
export interface SwitchgearRecord {
  switch: string;
  breakingCapacity: number;
  makingCapacity?: number;
  origin: Origin;
}

/** A GL position point. */
export interface PositionRecord {
  location: string;
  seq: number;
  x: number;
  y: number;
}

/** Everything read from the inputs, still by identity (resolved later by topology.ts). */
export interface HeatmapInputs {
  substations: Map<string, { name: string; shortName?: string; origin: Origin }>;
  voltageLevels: Map<string, { substation: string; baseVoltage?: string }>;
  bays: Map<string, string>;
  baseVoltages: Map<string, number>;
  /** ConnectivityNode → its container (a VoltageLevel, a Bay, a Line ...). */
  nodes: Map<string, string>;
  /** Equipment id → its container, for switches, transformers and infeeds. */
  containers: Map<string, string>;
  switches: Set<string>;
  infeeds: string[];
  transformers: Map<string, { substation: string; name: string }>;
  /** Transformer id → rated apparent power of its first end (MVA). */
  transformerRatings: Map<string, number>;
  /** Terminal: conducting equipment → its connectivity nodes. */
  terminals: Map<string, string[]>;
  lineSegments: Set<string>;
  coordinateSystems: Map<string, string>;
  locations: Map<string, { cs?: string; resources: string[]; origin: Origin }>;
  positions: PositionRecord[];
  faults: NodeFaultRecord[];
  ratings: SwitchgearRecord[];
  capacities: CapacityRecord[];
  /** Headers of the files read, by input name, and which profile keyword each looked like. */
  headers: { file: string; header?: ModelHeader }[];
  bytes: number;
  ms: number;
}

const SWITCH_CLASSES = new Set(['Switch', 'Breaker', 'Disconnector', 'LoadBreakSwitch', 'Fuse', 'Jumper', 'GroundDisconnector', 'DisconnectingCircuitBreaker', 'ProtectedSwitch', 'Recloser', 'Sectionaliser']);
const INFEED_CLASSES = new Set(['ExternalNetworkInjection', 'EnergySource']);
const LIMITING: ReadonlySet<string> = new Set(LIMITING_FACTORS);

function prop(o: CimObject, name: string): Property | undefined {
  for (const p of o.properties) if (p.local === name) return p;
  return undefined;
}

function ref(o: CimObject, name: string): string | undefined {
  const p = prop(o, name);
  return p?.ref ? normaliseId(p.value) : undefined;
}

function text(o: CimObject, name: string): string | undefined {
  const p = prop(o, name);
  return p !== undefined && !p.ref ? p.value.trim() : undefined;
}

/** Reads the inputs (files, folders, zips, `a.zip:entry`) in one streaming pass each. */
export async function loadHeatmapInputs(inputs: readonly string[], onProgress?: (bytesDone: number, bytesTotal: number, input: CimInput) => void): Promise<HeatmapInputs> {
  const files = await expandInputs(inputs);
  if (files.length === 0) throw new LtdsError('USAGE', `no CIM files found in ${inputs.join(', ')}`, { inputs });
  const d: HeatmapInputs = {
    substations: new Map(), voltageLevels: new Map(), bays: new Map(), baseVoltages: new Map(), nodes: new Map(),
    containers: new Map(), switches: new Set(), infeeds: [], transformers: new Map(), transformerRatings: new Map(),
    terminals: new Map(), lineSegments: new Set(), coordinateSystems: new Map(), locations: new Map(), positions: [],
    faults: [], ratings: [], capacities: [], headers: [], bytes: 0, ms: 0,
  };
  const start = performance.now();
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  let doneBytes = 0;
  for (let i = 0; i < files.length; i++) {
    const input = files[i]!;
    onProgress?.(doneBytes, totalBytes, input);
    const file = input.name;
    const origin = (o: CimObject | Property): Origin => ({ file, line: o.line, column: o.column });
    const num = (o: CimObject, cls: string, name: string, required: boolean): number | undefined => {
      const p = prop(o, name);
      if (p === undefined || p.ref) {
        if (!required) return undefined;
        throw new LtdsError('HEATMAP_INPUT', `${cls} ${o.id} has no ${name} (required, a number)`, { className: cls, property: name, subject: o.id }, origin(o));
      }
      const v = p.value.trim();
      const n = Number(v);
      if (v === '' || !Number.isFinite(n)) {
        throw new LtdsError('HEATMAP_INPUT', `${name} of ${o.id} is '${p.value}', expected a number`, { className: cls, property: name, subject: o.id, value: p.value }, origin(p));
      }
      return n;
    };
    const need = (o: CimObject, cls: string, name: string): string => {
      const r = ref(o, name);
      if (r === undefined) throw new LtdsError('HEATMAP_INPUT', `${cls} ${o.id} has no ${name} reference (required)`, { className: cls, property: name, subject: o.id }, origin(o));
      return r;
    };
    let header: ModelHeader | undefined;
    const stats = await readCimInput(input, {
      header(h) {
        header = h;
      },
      object(o) {
        const c = o.local;
        switch (c) {
          case 'Substation':
            d.substations.set(o.id, { name: text(o, 'IdentifiedObject.name') ?? o.id, shortName: text(o, 'IdentifiedObject.shortName'), origin: origin(o) });
            return;
          case 'VoltageLevel': {
            const sub = ref(o, 'VoltageLevel.Substation');
            if (sub !== undefined) d.voltageLevels.set(o.id, { substation: sub, baseVoltage: ref(o, 'VoltageLevel.BaseVoltage') });
            return;
          }
          case 'Bay': {
            const vl = ref(o, 'Bay.VoltageLevel');
            if (vl !== undefined) d.bays.set(o.id, vl);
            return;
          }
          case 'BaseVoltage': {
            const kv = num(o, c, 'BaseVoltage.nominalVoltage', false);
            if (kv !== undefined) d.baseVoltages.set(o.id, kv);
            return;
          }
          case 'ConnectivityNode': {
            const container = ref(o, 'ConnectivityNode.ConnectivityNodeContainer');
            if (container !== undefined) d.nodes.set(o.id, container);
            return;
          }
          case 'Terminal': {
            const eq = ref(o, 'Terminal.ConductingEquipment');
            const cn = ref(o, 'Terminal.ConnectivityNode');
            if (eq !== undefined && cn !== undefined) {
              const list = d.terminals.get(eq);
              if (list === undefined) d.terminals.set(eq, [cn]);
              else list.push(cn);
            }
            return;
          }
          case 'ACLineSegment':
            d.lineSegments.add(o.id);
            return;
          case 'PowerTransformer': {
            const container = ref(o, 'Equipment.EquipmentContainer');
            if (container !== undefined) d.transformers.set(o.id, { substation: container, name: text(o, 'IdentifiedObject.name') ?? o.id });
            return;
          }
          case 'PowerTransformerEnd': {
            const tx = ref(o, 'PowerTransformerEnd.PowerTransformer');
            const end = num(o, c, 'TransformerEnd.endNumber', false);
            const s = num(o, c, 'PowerTransformerEnd.ratedS', false);
            if (tx !== undefined && s !== undefined && (end === 1 || !d.transformerRatings.has(tx))) d.transformerRatings.set(tx, s);
            return;
          }
          case 'CoordinateSystem':
            d.coordinateSystems.set(o.id, text(o, 'CoordinateSystem.crsUrn') ?? '');
            return;
          case 'Location': {
            const resources = o.properties.filter((p) => p.ref && p.local === 'Location.PowerSystemResources').map((p) => normaliseId(p.value));
            d.locations.set(o.id, { cs: ref(o, 'Location.CoordinateSystem'), resources, origin: origin(o) });
            return;
          }
          case 'PositionPoint': {
            const loc = need(o, c, 'PositionPoint.Location');
            d.positions.push({
              location: loc,
              seq: num(o, c, 'PositionPoint.sequenceNumber', false) ?? 0,
              x: num(o, c, 'PositionPoint.xPosition', true) as number,
              y: num(o, c, 'PositionPoint.yPosition', true) as number,
            });
            return;
          }
          case 'NodeFaultLevel':
            d.faults.push({
              node: need(o, c, 'NodeFaultLevel.ConnectivityNode'),
              ik3Initial: num(o, c, 'NodeFaultLevel.ik3Initial', true) as number,
              ik1Initial: num(o, c, 'NodeFaultLevel.ik1Initial', false),
              peakCurrent: num(o, c, 'NodeFaultLevel.peakCurrent', true) as number,
              breakingCurrent: num(o, c, 'NodeFaultLevel.breakingCurrent', true) as number,
              origin: origin(o),
            });
            return;
          case 'SwitchgearRating':
            d.ratings.push({
              switch: need(o, c, 'SwitchgearRating.Switch'),
              breakingCapacity: num(o, c, 'SwitchgearRating.breakingCapacity', true) as number,
              makingCapacity: num(o, c, 'SwitchgearRating.makingCapacity', false),
              origin: origin(o),
            });
            return;
          case 'SubstationCapacity': {
            const year = num(o, c, 'SubstationCapacity.yearOffset', true) as number;
            if (!Number.isInteger(year) || year < 0 || year > 5) {
              throw new LtdsError('HEATMAP_INPUT', `SubstationCapacity.yearOffset of ${o.id} is ${year}, expected a whole number 0..5`, { className: c, property: 'SubstationCapacity.yearOffset', subject: o.id }, origin(o));
            }
            const lf = prop(o, 'SubstationCapacity.limitingFactor');
            let limitingFactor: LimitingFactor | undefined;
            if (lf !== undefined) {
              const member = lf.value.slice(lf.value.lastIndexOf('.') + 1);
              if (!lf.ref || !LIMITING.has(member)) {
                throw new LtdsError('HEATMAP_INPUT', `SubstationCapacity.limitingFactor of ${o.id} is '${lf.value}', expected a reference to LimitingFactorKind.thermal, .faultLevel, .voltage or .none`, { className: c, property: 'SubstationCapacity.limitingFactor', subject: o.id }, origin(lf));
              }
              limitingFactor = member as LimitingFactor;
            }
            const figures = Object.fromEntries(CAPACITY_FIGURES.map((name) => [name, num(o, c, `SubstationCapacity.${name}`, true) as number])) as CapacityFigures;
            d.capacities.push({
              substation: need(o, c, 'SubstationCapacity.Substation'),
              yearOffset: year,
              ...figures,
              ...(limitingFactor === undefined ? {} : { limitingFactor }),
              origin: origin(o),
            });
            return;
          }
          default:
            if (SWITCH_CLASSES.has(c)) {
              d.switches.add(o.id);
              const container = ref(o, 'Equipment.EquipmentContainer');
              if (container !== undefined) d.containers.set(o.id, container);
            } else if (INFEED_CLASSES.has(c)) {
              const container = ref(o, 'Equipment.EquipmentContainer');
              if (container !== undefined) d.infeeds.push(container);
            }
        }
      },
    }, onProgress === undefined ? {} : { onProgress: (b) => onProgress(doneBytes + b, totalBytes, input) });
    d.headers.push({ file, header });
    d.bytes += stats.bytes;
    doneBytes += input.bytes;
  }
  d.ms = performance.now() - start;
  return d;
}
