// Generates a deterministic, realistic GB distribution network (GSP → BSP → primary substations) as a
// CGMES 3.0 Equipment file and a Geographical Location file. Streams substation by substation, so
// memory stays flat however large the network; the same options always give the same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { LtdsError } from '../errors/index.js';
import { derivedUuid } from '../cim-xml/derived-id.js';
import { builtinProfileIri } from '../profiles/builtin.js';
import { PROVISIONAL_PROFILES } from '../profiles/provisional.js';
import { KV11, KV33, VOLTAGE_CLASSES, type VoltageClass } from './catalogue.js';
import { areaCentre, confine, scatter, type LonLat } from './geo.js';
import { bool, dec, enm, euEnm, fullModelHeader, identified, lit, ref, ModelFile } from './model-file.js';
import { NameSource } from './names.js';
import { PlantWriter, type SharedIds } from './plant.js';
import { Prng } from './prng.js';
import {
  ExtraProfiles, LTDSP_NS, SAMPLE_PROFILES, type CapacityYear, type DemandScenario, type ExtraFiles, type SampleProfile,
} from './profile-writers.js';
import {
  writeBsp, writeGenerationSite, writeGsp, writePrimary, type GenerationKind, type Outlets, type Supply,
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
  /**
   * Also write these profiles, consistently with EQ (SC, SCR, SSH, TP, SV, DL, SYSCAP). When given,
   * files are named `<PROFILE>.xml` (`SYSCAP_Existing.xml`, `SYSCAP_Year1.xml` … `SYSCAP_Year5.xml`),
   * SC goes to its own file instead of EQ, and model ids derive from the scenario time.
   */
  profiles?: readonly SampleProfile[];
  /** Model.scenarioTime of every file (default: `created`). */
  scenarioTime?: string;
  /** The demand SSH and SV describe (default 'maximum': a winter evening peak). */
  scenario?: DemandScenario;
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
  /** Every file written, EQ and GL first. */
  files: GeneratedFile[];
}

/** Profile IRIs declared in the generated headers, from profiles/registry.json. */
export const PROFILES = {
  equipment: builtinProfileIri('cgmes3-EQ'),
  shortCircuit: builtinProfileIri('cgmes3-SC'),
  geographicalLocation: builtinProfileIri('cgmes3-GL'),
  steadyStateHypothesis: builtinProfileIri('cgmes3-SSH'),
  topology: builtinProfileIri('cgmes3-TP'),
  stateVariables: builtinProfileIri('cgmes3-SV'),
  diagramLayout: builtinProfileIri('cgmes3-DL'),
  shortCircuitResults: PROVISIONAL_PROFILES.SCR,
  systemCapacity: PROVISIONAL_PROFILES.SYSCAP,
} as const;

const PROFILE_IRI: Readonly<Record<SampleProfile, string>> = {
  SC: PROFILES.shortCircuit,
  SCR: PROFILES.shortCircuitResults,
  SSH: PROFILES.steadyStateHypothesis,
  TP: PROFILES.topology,
  SV: PROFILES.stateVariables,
  DL: PROFILES.diagramLayout,
  SYSCAP: PROFILES.systemCapacity,
};

/** A model id derived from the area, seed, scenario time and file, so each scenario's models differ (version digit 4, as published in samples/DEMO). */
function modelId(...parts: (string | number)[]): string {
  return derivedUuid(parts.join('\u0000'), 4);
}

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
  const scenarioTime = options.scenarioTime ?? created;
  if (!CREATED_PATTERN.test(scenarioTime)) {
    throw new LtdsError('USAGE', `scenarioTime must be an ISO-8601 UTC timestamp such as 2026-01-21T17:30:00Z, got "${scenarioTime}".`, { scenarioTime });
  }
  const profiles = options.profiles;
  for (const p of profiles ?? []) {
    if (!SAMPLE_PROFILES.includes(p)) throw new LtdsError('USAGE', `profile must be one of ${SAMPLE_PROFILES.join(', ')}, got "${String(p)}".`, { profile: p });
  }
  if (profiles !== undefined) return generateWithProfiles(options, { total, seed, area, created, scenarioTime, profiles: new Set(profiles) });

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
    const eqFile = { path: eqPath, bytes: eqBytes, counts: sortedCounts(eq.counts) };
    const glFile = { path: glPath, bytes: glBytes, counts: sortedCounts(gl.counts) };
    return { eq: eqFile, gl: glFile, substations: kinds, files: [eqFile, glFile] };
  } catch (err) {
    eq?.abort();
    gl?.abort();
    throw outputError(err, options.outDir);
  }
}

/** File-system failures get the output code; anything else (a throwing onProgress) passes through. */
function outputError(err: unknown, outDir: string): unknown {
  const fsCode = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (fsCode === undefined || err instanceof LtdsError) return err;
  return new LtdsError('OUTPUT_WRITE', `Could not write the generated network to ${outDir}: ${(err as Error).message}.`,
    { outDir, cause: fsCode }, {}, err);
}

interface Checked {
  total: number;
  seed: number;
  area: string;
  created: string;
  scenarioTime: string;
  profiles: ReadonlySet<SampleProfile>;
}

/** The `profiles` mode: EQ, GL and every asked-for profile, `<PROFILE>.xml`, written together. */
function generateWithProfiles(options: GenerateOptions, c: Checked): GenerateResult {
  const { total, seed, area, created, scenarioTime, profiles } = c;
  const ids = new Prng(seed, `ids:${area}`);
  const rnd = new Prng(seed, `values:${area}`);
  const names = new NameSource(new Prng(seed, `names:${area}`));
  // Drawn as in the two-file mode so that every object id is the same in both modes.
  ids.uuid();
  ids.uuid();
  const id = (profile: string): string => modelId(area, seed, total, scenarioTime, profile);
  const eqId = id('EQ');
  const description = `Synthetic GB distribution network for licence area ${area}: ${total} substations, seed ${seed}. Generated test data, not a real network.`;
  const mas = `http://ltds-toolkit.example/samples/${area}`;
  const header = (profile: string, iri: string, dependsOn: string[]): ReturnType<typeof fullModelHeader> => fullModelHeader({
    id: id(profile), created, scenarioTime, description, modelingAuthoritySet: mas, version: '1', profiles: [iri],
    ...(dependsOn.length > 0 ? { dependentOn: dependsOn[0], alsoDependentOn: dependsOn.slice(1) } : {}),
  });
  const ltdsp = new Map([['ltdsp', LTDSP_NS]]);
  const open: ModelFile[] = [];
  const file = (name: string, h: ReturnType<typeof fullModelHeader>, ns?: ReadonlyMap<string, string>): ModelFile => {
    const f = new ModelFile(path.join(options.outDir, name), h, ns);
    open.push(f);
    return f;
  };
  try {
    fs.mkdirSync(options.outDir, { recursive: true });
    const eq = file('EQ.xml', header('EQ', PROFILES.equipment, []));
    const gl = file('GL.xml', header('GL', PROFILES.geographicalLocation, [eqId]));
    const extra: ExtraFiles = {};
    if (profiles.has('SC')) extra.sc = file('SC.xml', header('SC', PROFILE_IRI.SC, [eqId]));
    if (profiles.has('SCR')) extra.scr = file('SCR.xml', header('SCR', PROFILE_IRI.SCR, [eqId]), ltdsp);
    if (profiles.has('SSH')) extra.ssh = file('SSH.xml', header('SSH', PROFILE_IRI.SSH, [eqId]));
    if (profiles.has('TP')) extra.tp = file('TP.xml', header('TP', PROFILE_IRI.TP, [eqId]));
    if (profiles.has('SV')) {
      const deps = [eqId, ...(profiles.has('TP') ? [id('TP')] : []), ...(profiles.has('SSH') ? [id('SSH')] : [])];
      extra.sv = file('SV.xml', header('SV', PROFILE_IRI.SV, deps));
    }
    if (profiles.has('DL')) extra.dl = file('DL.xml', header('DL', PROFILE_IRI.DL, [eqId]));
    if (profiles.has('SYSCAP')) {
      extra.syscap = [0, 1, 2, 3, 4, 5].map((k) => {
        const label = k === 0 ? 'Existing' : `Year${k}`;
        return file(`SYSCAP_${label}.xml`, header(`SYSCAP_${label}`, PROFILE_IRI.SYSCAP, [eqId]), ltdsp);
      });
    }
    const shared = writeShared(eq, gl, ids, area);
    const x = new ExtraProfiles(extra, new Prng(seed, `extra-ids:${area}:${scenarioTime}`), new Prng(seed, `extra-values:${area}`),
      shared.baseVoltage, options.scenario ?? 'maximum');
    const plant = new PlantWriter(eq, gl, ids, rnd, shared, false, x);
    const kinds = writeSubstations(plant, names, areaCentre(rnd), total, options.onProgress, new Prng(seed, `capacity:${area}`));
    const sizes = open.map((f) => f.finish());
    for (const f of open) f.publish();
    const files = open.map((f, i) => ({ path: f.path, bytes: sizes[i]!, counts: sortedCounts(f.counts) }));
    return { eq: files[0]!, gl: files[1]!, substations: kinds, files };
  } catch (err) {
    for (const f of open) f.abort();
    throw outputError(err, options.outDir);
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
  p: PlantWriter, names: NameSource, centre: LonLat, total: number, onProgress: GenerateOptions['onProgress'], cap?: Prng,
): GenerateResult['substations'] {
  const r = p.rnd;
  const kinds = { gsp: 0, bsp: 0, primary: 0, generation: 0 };
  let done = 0;
  const tick = (): void => {
    done++;
    onProgress?.(done, total);
  };
  // Fault level ratio of a substation, from settling it (0 when no extra profiles are written).
  const settle = (): number => p.x?.settle() ?? 0;
  const site = (parent: Outlets, pos: LonLat, minKm: number, maxKm: number, vc: VoltageClass, kind: GenerationKind | undefined): number => {
    if (kind === undefined || parent.generation === undefined) return 0;
    const sitePos = confine(scatter(r, pos, minKm, maxKm), centre);
    const supply = { parentName: parent.name, parentPos: parent.pos, feeders: [parent.generation], z: parent.z };
    const g = writeGenerationSite(p, names.next(), sitePos, supply, vc, kind);
    const ratio = settle();
    if (cap) p.x?.capacity(g.id, g.name, generationSiteYears(cap, g.mw, ratio));
    kinds.generation++;
    tick();
    return g.mw;
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
    const gspRatio = settle();
    kinds.gsp++;
    tick();
    // Yearly demand and generation summed up the tree (MW), for SYSCAP and the GSP infeeds.
    const gspDemand = [0, 0, 0, 0, 0, 0];
    let gspGeneration = 0;
    plan.forEach((bspPlan, b) => {
      const bspPos = confine(scatter(r, gspPos, 5, 18), centre);
      const circuits = bspPlan.primaries.reduce((a, pr) => a + pr.transformers, 0);
      const bsp = writeBsp(p, names.next(), bspPos, supplyFrom(gsp, b * 2, 2), circuits, bspPlan.generation !== undefined);
      const bspRatio = settle();
      kinds.bsp++;
      tick();
      let bspGeneration = site(bsp, bspPos, 3, 12, KV33, bspPlan.generation);
      const bspDemand = [0, 0, 0, 0, 0, 0];
      let next = 0;
      for (const pr of bspPlan.primaries) {
        const pos = confine(scatter(r, bspPos, 1.5, 8), centre);
        const primary = writePrimary(p, names.next(), pos, supplyFrom(bsp, next, pr.transformers), pr.generation !== undefined);
        const ratio = settle();
        next += pr.transformers;
        kinds.primary++;
        tick();
        const generation = site(primary, pos, 1, 5, KV11, pr.generation);
        bspGeneration += generation;
        if (cap) {
          const years = demandYears(cap, primary.firmMw, primary.demandMw, generation, ratio);
          p.x?.capacity(primary.id, primary.name, years);
          years.forEach((y, k) => (bspDemand[k]! += y.maximumDemand));
        }
      }
      // Demand of a group peaks at different times: diversity 0.9 from primaries to BSP.
      if (cap) p.x?.capacity(bsp.id, bsp.name, aggregateYears(cap, bsp.firmMw, bspDemand.map((d) => d * 0.9), bspGeneration, bspRatio));
      bspDemand.forEach((d, k) => (gspDemand[k]! += d * 0.9));
      gspGeneration += bspGeneration;
    });
    if (cap) p.x?.capacity(gsp.id, gsp.name, aggregateYears(cap, gsp.firmMw, gspDemand.map((d) => d * 0.95), gspGeneration, gspRatio));
    p.x?.endGroup();
  }
  return kinds;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

function limiting(maxDemand: number, firm: number, faultRatio: number): CapacityYear['limitingFactor'] {
  if (maxDemand > firm) return 'thermal';
  if (faultRatio > 0.95) return 'faultLevel';
  return 'none';
}

/** Years 0-5 of a primary: demand grows 0.5-3 %/year and contracted demand connects over three years. */
function demandYears(r: Prng, firm: number, demand: number, generation: number, faultRatio: number): CapacityYear[] {
  const growth = r.range(0.005, 0.03);
  const contracted = firm * r.range(0, 0.15);
  const contractedGen = firm * r.range(0, 0.3);
  const out: CapacityYear[] = [];
  for (let k = 0; k <= 5; k++) {
    const max = demand * (1 + growth) ** k + contracted * Math.min(1, k / 3);
    out.push(capacityYear(firm, max, contracted * Math.max(0, 1 - k / 3), generation + contractedGen * Math.min(1, k / 2), contractedGen * Math.max(0, 1 - k / 2), faultRatio));
  }
  return out;
}

/** Years 0-5 of a BSP or GSP from the yearly demand of the substations it feeds. */
function aggregateYears(r: Prng, firm: number, demand: readonly number[], generation: number, faultRatio: number): CapacityYear[] {
  const contracted = firm * r.range(0.02, 0.1);
  const contractedGen = firm * r.range(0.05, 0.25);
  return demand.map((d, k) => capacityYear(firm, d, contracted * Math.max(0, 1 - k / 3), generation + contractedGen * Math.min(1, k / 2), contractedGen * Math.max(0, 1 - k / 2), faultRatio));
}

/** A generation customer's substation: a little auxiliary demand, export equal to the plant. */
function generationSiteYears(r: Prng, mw: number, faultRatio: number): CapacityYear[] {
  const aux = mw * r.range(0.01, 0.03);
  return [0, 1, 2, 3, 4, 5].map(() => capacityYear(mw * 0.95, aux, 0, mw, 0, faultRatio));
}

function capacityYear(firm: number, max: number, contracted: number, generation: number, contractedGen: number, faultRatio: number): CapacityYear {
  return {
    firmCapacity: round(firm),
    maximumDemand: round(max),
    minimumDemand: round(max * 0.32),
    connectedDemand: round(max * 1.25),
    contractedDemand: round(contracted),
    connectedGeneration: round(generation),
    contractedGeneration: round(contractedGen),
    generationFirmCapacity: round(firm * 0.9),
    reversePowerCapability: round(firm * 0.6),
    limitingFactor: limiting(max, firm, faultRatio),
  };
}

function supplyFrom(parent: Outlets, first: number, count: number): Supply {
  return { parentName: parent.name, parentPos: parent.pos, feeders: parent.feeders.slice(first, first + count), z: parent.z };
}

function sortedCounts(counts: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) out[key] = counts.get(key) ?? 0;
  return out;
}
