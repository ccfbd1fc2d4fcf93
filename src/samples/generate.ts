// Generates a deterministic, realistic GB distribution network (GSP → BSP → primary substations) as a
// CGMES 3.0 Equipment file and a Geographical Location file. Streams substation by substation, so
// memory stays flat however large the network; the same options always give the same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { LtdsError } from '../errors/index.js';
import { KV11, KV33, VOLTAGE_CLASSES, type VoltageClass } from './catalogue.js';
import { areaCentre, confine, scatter, type LonLat } from './geo.js';
import { bool, dec, enm, euEnm, fullModelHeader, identified, lit, ref, ModelFile } from './model-file.js';
import { NameSource } from './names.js';
import { PlantWriter, type SharedIds } from './plant.js';
import { Prng } from './prng.js';
import {
  writeBsp, writeGenerationSite, writeGsp, writePrimary, type GenerationKind, type Outlets,
} from './substations.js';

/** Options of {@link generateNetwork}. */
export interface GenerateOptions {
  /** Total number of Substation objects (GSPs, BSPs, primaries and embedded generation sites), at least 1. */
  substations: number;
  /** Folder the files are written to (created if missing). */
  outDir: string;
  /** PRNG seed, a safe integer (default 1). */
  seed?: number;
  /** Licence area code, used in file names and region names (default 'DEMO'). */
  area?: string;
  /** md:Model.created and scenarioTime, ISO-8601 UTC (default '2026-01-01T00:00:00Z'). */
  created?: string;
  /** Also write the ShortCircuit properties (zero-sequence data etc.) and declare that profile (default true). */
  shortCircuit?: boolean;
  /** Called after each substation with the number written and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** One file written by {@link generateNetwork}. */
export interface GeneratedFile {
  path: string;
  bytes: number;
  /** Objects per class local name, keys sorted. */
  counts: Readonly<Record<string, number>>;
}

/** What {@link generateNetwork} wrote. */
export interface GenerateResult {
  eq: GeneratedFile;
  gl: GeneratedFile;
  /** Substations by kind (generation = embedded generation sites); they add up to `options.substations`. */
  substations: { gsp: number; bsp: number; primary: number; generation: number };
}

/** Profile IRIs declared in the generated headers. */
export const PROFILES = {
  equipment: 'http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0',
  shortCircuit: 'http://iec.ch/TC57/ns/CIM/ShortCircuit-EU/3.0',
  geographicalLocation: 'http://iec.ch/TC57/ns/CIM/GeographicalLocation-EU/3.0',
} as const;

// Mix of embedded generation by connection voltage, as in GB LTDS generation tables.
const GENERATION_33: readonly GenerationKind[] = ['wind', 'wind', 'solar', 'solar', 'battery'];
const GENERATION_11: readonly GenerationKind[] = ['solar', 'solar', 'solar', 'chp', 'battery', 'battery'];

const DEFAULT_CREATED = '2026-01-01T00:00:00Z';
const AREA_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const CREATED_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Writes `<area>_EQ.xml` and `<area>_GL.xml` into `outDir`; see {@link GenerateOptions}. */
export function generateNetwork(options: GenerateOptions): GenerateResult {
  const total = options.substations;
  const seed = options.seed ?? 1;
  const area = options.area ?? 'DEMO';
  const created = options.created ?? DEFAULT_CREATED;
  const shortCircuit = options.shortCircuit ?? true;
  if (!Number.isInteger(total) || total < 1) {
    throw new LtdsError('USAGE', `substations must be a positive integer, got ${String(total)}.`, { substations: total });
  }
  if (!Number.isSafeInteger(seed)) throw new LtdsError('USAGE', `seed must be an integer, got ${String(seed)}.`, { seed });
  if (!AREA_PATTERN.test(area)) {
    throw new LtdsError('USAGE', `area must be 1-32 letters, digits, '-' or '_', got "${area}".`, { area });
  }
  if (!CREATED_PATTERN.test(created)) {
    throw new LtdsError('USAGE', `created must be an ISO-8601 UTC timestamp such as ${DEFAULT_CREATED}, got "${created}".`, { created });
  }

  const ids = new Prng(seed, `ids:${area}`);
  const rnd = new Prng(seed, `values:${area}`);
  const names = new NameSource(new Prng(seed, `names:${area}`));
  const eqId = ids.uuid();
  const glId = ids.uuid();
  const eqPath = path.join(options.outDir, `${area}_EQ.xml`);
  const glPath = path.join(options.outDir, `${area}_GL.xml`);
  const description = `Synthetic GB distribution network for licence area ${area}: ${total} substations, seed ${seed}. Generated test data, not a real network.`;
  const mas = `http://ltds-toolkit.example/samples/${area}`;

  let eq: ModelFile | undefined;
  let gl: ModelFile | undefined;
  try {
    fs.mkdirSync(options.outDir, { recursive: true });
    eq = new ModelFile(eqPath, fullModelHeader({
      id: eqId, created, description, modelingAuthoritySet: mas, version: '1',
      profiles: shortCircuit ? [PROFILES.equipment, PROFILES.shortCircuit] : [PROFILES.equipment],
    }));
    gl = new ModelFile(glPath, fullModelHeader({
      id: glId, created, description, modelingAuthoritySet: mas, version: '1',
      profiles: [PROFILES.geographicalLocation], dependentOn: eqId,
    }));
    const shared = writeShared(eq, gl, ids, area);
    const plant = new PlantWriter(eq, gl, ids, rnd, shared, shortCircuit);
    const kinds = writeSubstations(plant, names, areaCentre(rnd), total, options.onProgress);
    // Both files complete before either is renamed, so a failure never publishes half a pair.
    const eqBytes = eq.finish();
    const glBytes = gl.finish();
    eq.publish();
    gl.publish();
    return {
      eq: { path: eqPath, bytes: eqBytes, counts: sortedCounts(eq.counts) },
      gl: { path: glPath, bytes: glBytes, counts: sortedCounts(gl.counts) },
      substations: kinds,
    };
  } catch (err) {
    eq?.abort();
    gl?.abort();
    // File-system failures get the output code; anything else (a throwing onProgress) passes through.
    const fsCode = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    if (fsCode === undefined || err instanceof LtdsError) throw err;
    throw new LtdsError('OUTPUT_WRITE', `Could not write the generated network to ${options.outDir}: ${(err as Error).message}.`,
      { outDir: options.outDir, cause: fsCode }, {}, err);
  }
}

/** Regions, base voltages, limit types, the load model (EQ) and the coordinate system (GL). */
function writeShared(eq: ModelFile, gl: ModelFile, ids: Prng, area: string): SharedIds {
  const region = ids.uuid();
  eq.add('GeographicalRegion', region, identified(region, 'GB', []));
  const subRegion = ids.uuid();
  eq.add('SubGeographicalRegion', subRegion, identified(subRegion, area, [ref('SubGeographicalRegion.Region', region)]));

  const baseVoltage = new Map<number, string>();
  for (const vc of VOLTAGE_CLASSES) {
    const id = ids.uuid();
    eq.add('BaseVoltage', id, identified(id, vc.label, [dec('BaseVoltage.nominalVoltage', vc.kv, 3)]));
    baseVoltage.set(vc.kv, id);
  }

  const patl = ids.uuid();
  eq.add('OperationalLimitType', patl, identified(patl, 'PATL', [
    enm('OperationalLimitType.direction', 'OperationalLimitDirectionKind.absoluteValue'),
    bool('OperationalLimitType.isInfiniteDuration', true),
    euEnm('OperationalLimitType.kind', 'LimitKind.patl'),
  ]));
  const tatl = ids.uuid();
  eq.add('OperationalLimitType', tatl, identified(tatl, 'TATL 20min', [
    dec('OperationalLimitType.acceptableDuration', 1200, 0),
    enm('OperationalLimitType.direction', 'OperationalLimitDirectionKind.absoluteValue'),
    bool('OperationalLimitType.isInfiniteDuration', false),
    euEnm('OperationalLimitType.kind', 'LimitKind.tatl'),
  ]));

  // A ZIP load model typical of mixed GB domestic/commercial demand; shares sum to 1.
  const loadResponse = ids.uuid();
  eq.add('LoadResponseCharacteristic', loadResponse, identified(loadResponse, 'GB mixed demand ZIP', [
    bool('LoadResponseCharacteristic.exponentModel', false),
    dec('LoadResponseCharacteristic.pConstantCurrent', 0.3, 3),
    dec('LoadResponseCharacteristic.pConstantImpedance', 0.3, 3),
    dec('LoadResponseCharacteristic.pConstantPower', 0.4, 3),
    dec('LoadResponseCharacteristic.qConstantCurrent', 0.2, 3),
    dec('LoadResponseCharacteristic.qConstantImpedance', 0.6, 3),
    dec('LoadResponseCharacteristic.qConstantPower', 0.2, 3),
  ]));

  const coordinateSystem = ids.uuid();
  gl.add('CoordinateSystem', coordinateSystem, identified(coordinateSystem, 'WGS 84', [
    lit('CoordinateSystem.crsUrn', 'urn:ogc:def:crs:EPSG::4326'),
  ]));
  return { subRegion, baseVoltage, patl, tatl, loadResponse, coordinateSystem };
}

/** The plan of one BSP: its own generation site, and per primary the transformer count and site. */
interface BspPlan {
  generation: GenerationKind | undefined;
  primaries: { transformers: number; generation: GenerationKind | undefined }[];
}

/**
 * Writes GSP groups until `total` substations exist. Each group is planned up front (a handful of
 * numbers) so a parent knows how many outgoing circuits to build before its children are written.
 * Generation sites count as substations, so the plan spends the remaining budget on them too.
 */
function writeSubstations(
  p: PlantWriter, names: NameSource, centre: LonLat, total: number, onProgress: GenerateOptions['onProgress'],
): GenerateResult['substations'] {
  const r = p.rnd;
  const kinds = { gsp: 0, bsp: 0, primary: 0, generation: 0 };
  let done = 0;
  const tick = (): void => {
    done++;
    onProgress?.(done, total);
  };
  const site = (parent: Outlets, pos: LonLat, minKm: number, maxKm: number, vc: VoltageClass, kind: GenerationKind | undefined): void => {
    if (kind === undefined || parent.generation === undefined) return;
    const sitePos = confine(scatter(r, pos, minKm, maxKm), centre);
    const supply = { parentName: parent.name, parentPos: parent.pos, feeders: [parent.generation] };
    writeGenerationSite(p, names.next(), sitePos, supply, vc, kind);
    kinds.generation++;
    tick();
  };

  while (done < total) {
    let budget = total - done - 1;
    const plan: BspPlan[] = [];
    const bspCount = r.int(2, 5);
    for (let b = 0; b < bspCount && budget > 0; b++) {
      budget--;
      const bsp: BspPlan = { generation: undefined, primaries: [] };
      if (budget > 0 && r.chance(0.5)) {
        bsp.generation = r.pick(GENERATION_33);
        budget--;
      }
      const primaries = r.int(4, 10);
      for (let i = 0; i < primaries && budget > 0; i++) {
        budget--;
        const primary = { transformers: r.chance(0.55) ? 2 : 1, generation: undefined as GenerationKind | undefined };
        if (budget > 0 && r.chance(0.3)) {
          primary.generation = r.pick(GENERATION_11);
          budget--;
        }
        bsp.primaries.push(primary);
      }
      plan.push(bsp);
    }

    const gspPos = confine(scatter(r, centre, 0, 45), centre);
    const gsp = writeGsp(p, names.next(), gspPos, plan.length * 2);
    kinds.gsp++;
    tick();
    plan.forEach((bspPlan, b) => {
      const bspPos = confine(scatter(r, gspPos, 5, 18), centre);
      const circuits = bspPlan.primaries.reduce((a, pr) => a + pr.transformers, 0);
      const bsp = writeBsp(p, names.next(), bspPos, supplyFrom(gsp, b * 2, 2), circuits, bspPlan.generation !== undefined);
      kinds.bsp++;
      tick();
      site(bsp, bspPos, 3, 12, KV33, bspPlan.generation);
      let next = 0;
      for (const pr of bspPlan.primaries) {
        const pos = confine(scatter(r, bspPos, 1.5, 8), centre);
        const primary = writePrimary(p, names.next(), pos, supplyFrom(bsp, next, pr.transformers), pr.generation !== undefined);
        next += pr.transformers;
        kinds.primary++;
        tick();
        site(primary, pos, 1, 5, KV11, pr.generation);
      }
    });
  }
  return kinds;
}

function supplyFrom(parent: Outlets, first: number, count: number): { parentName: string; parentPos: LonLat; feeders: string[] } {
  return { parentName: parent.name, parentPos: parent.pos, feeders: parent.feeders.slice(first, first + count) };
}

function sortedCounts(counts: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) out[key] = counts.get(key) ?? 0;
  return out;
}
