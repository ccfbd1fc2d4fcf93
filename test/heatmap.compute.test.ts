// The heatmap of the hand-written fixture (test/fixtures/heatmap): figures worked out by hand from
// the input values written in the files, then every row of every year against the README formulas.

import { mkdtempSync, writeFileSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeHeatmap, loadHeatmapInputs, resolveNetwork, type HeatmapResult, type HeatmapRow } from '../src/heatmap/index.js';
import { generateNetwork } from '../src/samples/index.js';
import { readCimFile } from '../src/cim-xml/index.js';
import { LtdsError } from '../src/errors/index.js';
import { expectHeatmapFollowsFormulas, HEATMAP_FIXTURE } from './helpers/heatmap.js';
import { DATA_DIR } from './helpers/real-data.js';

let result: HeatmapResult;
const row = (year: string, name: string): HeatmapRow => {
  const ds = result.datasets.find((d) => d.year === year);
  const r = ds?.rows.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no ${name} in year ${year}`);
  return r;
};

beforeAll(async () => {
  result = await computeHeatmap({ inputs: [HEATMAP_FIXTURE] });
});

describe('heatmap of the fixture network', () => {
  it('has one dataset per SYSCAP year and the six heatmap substations, typed from their voltage levels', () => {
    expect(result.datasets.map((d) => d.year)).toEqual(['existing', '1', '2']);
    const rows = result.datasets[0]!.rows;
    // The single-voltage solar farm (33 kV only, no infeed) is not a heatmap substation.
    expect(rows.map((r) => [r.name, r.type, r.voltages.join('/')])).toEqual([
      ['Northfield', 'GSP', '132'],
      ['Ashby', 'BSP', '132/33'],
      ['Brookdale', 'BSP', '132/33'],
      ['Cotton', 'Primary', '33/11'],
      ['Dunmore', 'Primary', '33/11'],
      ['Elmstead', 'Primary', '33/11'],
    ]);
  });

  it('derives GSP and BSP from the circuits (Elmstead through a two-segment line with a tee node)', () => {
    expect([row('existing', 'Northfield').GSP, row('existing', 'Northfield').BSP]).toEqual(['Northfield', null]);
    expect([row('existing', 'Ashby').GSP, row('existing', 'Ashby').BSP]).toEqual(['Northfield', 'Ashby']);
    expect([row('existing', 'Cotton').GSP, row('existing', 'Cotton').BSP]).toEqual(['Northfield', 'Ashby']);
    expect([row('existing', 'Dunmore').GSP, row('existing', 'Dunmore').BSP]).toEqual(['Northfield', 'Ashby']);
    expect([row('existing', 'Elmstead').GSP, row('existing', 'Elmstead').BSP]).toEqual(['Northfield', 'Brookdale']);
  });

  it('Northfield GSP, existing: figures by hand', () => {
    const r = row('existing', 'Northfield');
    // firm 240, max demand 180.5, contracted demand 12.3 → 240 − 180.5 − 12.3 = 47.2 MW; 47.2 ≥ 10% × 240 = 24 → GREEN
    expect(r.demandAvailableCapacity).toBe(47.2);
    expect(r.demandConstraint).toBe('GREEN');
    // min(reverse 120, gen firm 240) + min demand 60 − connected 45 − contracted 20 = 115 MW → GREEN
    expect(r.generationAvailableCapacity).toBe(115);
    expect(r.reversePowerFlowAvailableCapacity).toBe(115);
    // 132 kV: breakers 31.5, 31.5, 40 kA → 31.5; Ib 18.2 kA → 13.3 kA headroom, 13.3/31.5 = 42% → GREEN
    expect([r.switchgearBreakingRating, r.threePhaseBreakFaultLevel, r.faultLevelHeadroom, r.faultLevelConstraint]).toEqual([31.5, 18.2, 13.3, 'GREEN']);
    // Both GREEN: the factor with less relative headroom limits — fault level 42% < generation 115/120 = 96%.
    expect(r.generationConstraint).toBe('GREEN');
    expect(r.generationConstraintLimitingFactor).toBe('FaultLevel');
    expect(r.demandConstraintLimitingFactor).toBe('Thermal');
  });

  it('Ashby BSP, existing: AMBER demand, fault level at 33 kV limits generation', () => {
    const r = row('existing', 'Ashby');
    // 90 − 78.4 − 5.1 = 6.5 MW < 10% × 90 = 9 → AMBER, SYSCAP says thermal
    expect([r.demandAvailableCapacity, r.demandConstraint, r.demandConstraintLimitingFactor]).toEqual([6.5, 'AMBER', 'Thermal']);
    // min(60, 45) + 22 − 38.5 − 10 = 18.5 MW ≥ 4.5 → thermally GREEN ...
    expect(r.generationAvailableCapacity).toBe(18.5);
    // ... but 33 kV: lowest breaker 13.1 kA (F2), Ib 11.8 kA → 1.3 kA < 10% × 13.1 → fault AMBER;
    // 132 kV has 31.5 − 14.0 = 17.5 kA, so the 33 kV board is the substation's headroom.
    expect([r.faultLevelVoltage, r.switchgearBreakingRating, r.faultLevelHeadroom, r.faultLevelConstraint]).toEqual([33, 13.1, 1.3, 'AMBER']);
    expect([r.generationConstraint, r.generationConstraintLimitingFactor]).toEqual(['AMBER', 'FaultLevel']);
    expect([r.transformerCount, r.transformerCapacity]).toEqual([1, 90]);
  });

  it('Brookdale BSP, existing: negative headroom is RED, voltage limited as SYSCAP says', () => {
    const r = row('existing', 'Brookdale');
    // 45 − 47.2 − 0 = −2.2 MW → RED; min(40, 45) + 12.5 − 30.2 − 25 = −2.7 MW → RED
    expect([r.demandAvailableCapacity, r.demandConstraint, r.demandConstraintLimitingFactor]).toEqual([-2.2, 'RED', 'Voltage']);
    expect([r.generationAvailableCapacity, r.generationConstraint, r.generationConstraintLimitingFactor]).toEqual([-2.7, 'RED', 'Voltage']);
    // 33 kV: 25 − 9.6 = 15.4 kA; 132 kV: 31.5 − 12.5 = 19 kA → 15.4 at 33 kV
    expect([r.faultLevelVoltage, r.faultLevelHeadroom, r.faultLevelConstraint]).toEqual([33, 15.4, 'GREEN']);
  });

  it('Dunmore primary: fault level over the 11 kV rating makes generation RED', () => {
    const r = row('existing', 'Dunmore');
    // 15 − 13.9 − 0.75 = 0.35 MW < 1.5 → AMBER
    expect([r.demandAvailableCapacity, r.demandConstraint]).toEqual([0.35, 'AMBER']);
    // min(8, 15) + 3 − 2 − 0 = 9 MW (GREEN thermally); 11 kV: 13.1 − 13.4 = −0.3 kA → RED
    expect([r.generationAvailableCapacity, r.faultLevelHeadroom, r.faultLevelConstraint]).toEqual([9, -0.3, 'RED']);
    expect([r.generationConstraint, r.generationConstraintLimitingFactor]).toEqual(['RED', 'FaultLevel']);
    // Year 2: SYSCAP names fault level as what limits the capacity figure.
    const y2 = row('2', 'Dunmore');
    expect([y2.demandAvailableCapacity, y2.demandConstraint, y2.demandConstraintLimitingFactor]).toEqual([0.3, 'AMBER', 'FaultLevel']);
  });

  it('Cotton year 1: zero headroom is RED; Elmstead year 1 generation RED; Elmstead year 2 has no data', () => {
    // 23 − 20.5 − 2.5 = 0 → RED (no headroom)
    expect([row('1', 'Cotton').demandAvailableCapacity, row('1', 'Cotton').demandConstraint]).toEqual([0, 'RED']);
    // min(20, 30) + 5 − 24.5 − 1 = −0.5 MW → RED, thermal (fault level GREEN: 20 − 9.5 = 10.5 kA)
    const e = row('1', 'Elmstead');
    expect([e.generationAvailableCapacity, e.generationConstraint, e.generationConstraintLimitingFactor, e.faultLevelHeadroom]).toEqual([-0.5, 'RED', 'Thermal', 10.5]);
    const e2 = row('2', 'Elmstead');
    expect([e2.demandAvailableCapacity, e2.demandConstraint, e2.generationConstraint]).toEqual([null, null, null]);
    expect(e2.faultLevelHeadroom).toBe(10.5);
  });

  it('places WGS84 positions as given and converts the National Grid ones', () => {
    expect([row('existing', 'Ashby').latitude, row('existing', 'Ashby').longitude]).toEqual([52.66, -1.22]);
    const c = row('existing', 'Cotton');
    // E 452000, N 306000 is near Leicester: about 52.649 N, 1.233 W.
    expect(c.latitude).toBeCloseTo(52.6492, 3);
    expect(c.longitude).toBeCloseTo(-1.2328, 3);
  });

  it('every row of every year follows the README formulas (independent implementation)', async () => {
    await expectHeatmapFollowsFormulas([HEATMAP_FIXTURE]);
    await expectHeatmapFollowsFormulas([HEATMAP_FIXTURE], { demandAmberShare: 0.5, generationAmberShare: 0.3, faultLevelAmberShare: 0.45 });
  });

  it('thresholds change the RAG: with a 50% demand share Northfield (47.2 of 240) turns AMBER', async () => {
    const r = await computeHeatmap({ inputs: [HEATMAP_FIXTURE], years: [0], thresholds: { demandAmberShare: 0.5 } });
    expect(r.datasets[0]!.rows.find((x) => x.name === 'Northfield')?.demandConstraint).toBe('AMBER');
    expect(r.datasets.map((d) => d.year)).toEqual(['existing']);
  });

  it('metadata: issued from the EQ, valid one year from the scenario time per year offset', () => {
    const m = result.datasets[1]!.metadata;
    expect(m.issued).toBe('2026-05-01T00:00:00Z');
    expect(m.valid).toEqual({ from: '2027-04-01', to: '2028-04-01' });
    expect(m.identifier).toBe('LTDS_DEMO_heatmap_1');
  });
});

describe('heatmap over the real CGMES 3.0 MicroGrid (BE) EQ, boundary and GL', () => {
  it('types the real substations from their voltage levels and follows the formulas with SYSCAP figures for them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltds-heatmap-real-'));
    try {
      const mg = join(DATA_DIR, 'cgmes30-microgrid');
      const eq = [join(mg, '20171002T0930Z_ENTSO-E_EQ_BD_2.xml'), join(mg, '20210209T1930Z_1D_BE_EQ_9.xml'), join(mg, '20210209T1930Z_1D_BE_GL_9.xml')];
      // SYSCAP figures for the two real substations (the real data has no SYSCAP).
      const cap = (id: string, year: number, v: number[]): string =>
        `<ltdsp:SubstationCapacity rdf:ID="_cap-${id}-${year}"><ltdsp:SubstationCapacity.Substation rdf:resource="#_${id}"/><ltdsp:SubstationCapacity.yearOffset>${year}</ltdsp:SubstationCapacity.yearOffset>` +
        ['firmCapacity', 'maximumDemand', 'minimumDemand', 'connectedDemand', 'contractedDemand', 'connectedGeneration', 'contractedGeneration', 'generationFirmCapacity', 'reversePowerCapability']
          .map((n, i) => `<ltdsp:SubstationCapacity.${n}>${v[i]}</ltdsp:SubstationCapacity.${n}>`).join('') + '</ltdsp:SubstationCapacity>\n';
      writeFileSync(join(dir, 'SYSCAP.xml'), `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ltdsp="http://ltds-toolkit.invalid/ns/CIM/provisional#">
${cap('87f7002b-056f-4a6a-a872-1744eea757e3', 0, [500, 420.5, 150, 400, 30, 200, 50, 500, 300])}${cap('37e14a0f-5e34-4647-a062-8bfd9305fa9d', 0, [240, 250, 80, 230, 0, 100, 10, 240, 120])}</rdf:RDF>
`);
      const r = await expectHeatmapFollowsFormulas([...eq, dir]);
      expect(r.datasets[0]!.rows.map((x) => [x.name, x.type, x.voltages.join('/')])).toEqual([['Anvers', 'GSP', '225'], ['PP_Brussels', 'GSP', '380/225/110/21/10.5']]);
      expect(r.datasets[0]!.rows.map((x) => [x.demandAvailableCapacity, x.demandConstraint])).toEqual([[49.5, 'AMBER'], [-10, 'RED']]); // 49.5 < 10% × 500
      // The real GL places lines, not substations: listed without coordinates, with a warning.
      expect(r.warnings.filter((w) => /no GL position/.test(w))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('heatmap topology on a network from the sample generator', () => {
  it('types every substation as the generator describes it and gives every BSP and primary its parents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltds-heatmap-gen-'));
    try {
      generateNetwork({ substations: 150, outDir: dir, seed: 3, area: 'DEMO' });
      const inputs = await loadHeatmapInputs([dir]);
      const described = new Map<string, string>();
      const lines = new Set<string>(); // the generator names circuits '<parent> - <child> <kV>kV <n>'
      await readCimFile(join(dir, 'DEMO_EQ.xml'), {
        object(o) {
          if (o.local === 'Substation') described.set(o.id, o.properties.find((p) => p.local === 'IdentifiedObject.description')?.value ?? '');
          if (o.local === 'Line') lines.add(o.properties.find((p) => p.local === 'IdentifiedObject.name')?.value ?? '');
        },
      });
      const net = resolveNetwork(inputs);
      const kind: Record<string, string> = { 'Grid Supply Point 132kV': 'GSP', 'Bulk Supply Point 132/33kV': 'BSP', 'Primary Substation 33/11kV': 'Primary' };
      const expected = [...described].filter(([, d]) => d in kind).map(([id, d]) => [id, kind[d]]).sort();
      expect(net.substations.map((s) => [s.mrid, s.type]).sort()).toEqual(expected);
      expect(expected.length).toBeGreaterThan(100);
      const byName = new Map(net.substations.map((s) => [s.name, s]));
      for (const s of net.substations) {
        if (s.type === 'GSP') continue;
        expect(byName.get(s.gsp ?? '')?.type, `${s.name} GSP`).toBe('GSP');
        expect(byName.get(s.bsp ?? '')?.type, `${s.name} BSP`).toBe('BSP');
        if (s.type === 'Primary') expect(byName.get(s.bsp ?? '')?.gsp).toBe(s.gsp);
        const feeder = s.type === 'BSP' ? `${s.gsp} - ${s.name} 132kV` : `${s.bsp} - ${s.name} 33kV`;
        expect([...lines].some((l) => l.startsWith(feeder)), feeder).toBe(true);
        expect(s.latitude).not.toBeNull();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('heatmap bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ltds-heatmap-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const variant = (name: string, file: string, edit: (s: string) => string): string => {
    const d = join(dir, name);
    cpSync(HEATMAP_FIXTURE, d, { recursive: true });
    const p = join(d, file);
    writeFileSync(p, edit(readFileSync(p, 'utf8')));
    return d;
  };
  const failure = async (inputs: string[]): Promise<LtdsError> => {
    try {
      await computeHeatmap({ inputs });
    } catch (err) {
      if (err instanceof LtdsError) return err;
      throw err;
    }
    throw new Error('expected a failure');
  };

  it('a SYSCAP value that is not a number names the file, line and property', async () => {
    const d = variant('nan', 'SYSCAP_Year1.xml', (s) => s.replace('<ltdsp:SubstationCapacity.maximumDemand>185<', '<ltdsp:SubstationCapacity.maximumDemand>lots<'));
    const e = await failure([d]);
    expect(e.code).toBe('HEATMAP_INPUT');
    expect(e.message).toMatch(/SubstationCapacity\.maximumDemand of cap-northfield-1 is 'lots', expected a number/);
    expect(e.file).toMatch(/SYSCAP_Year1\.xml$/);
    expect(e.line).toBeGreaterThan(10);
  });

  it('a missing required SYSCAP property is refused', async () => {
    const d = variant('missing', 'SYSCAP_Existing.xml', (s) => s.replace(/<ltdsp:SubstationCapacity\.firmCapacity>90<\/ltdsp:SubstationCapacity\.firmCapacity>/, ''));
    const e = await failure([d]);
    expect(e.code).toBe('HEATMAP_INPUT');
    expect(e.message).toMatch(/SubstationCapacity cap-ashby-0 has no SubstationCapacity\.firmCapacity/);
  });

  it('an SCR record pointing at a node that is not in the EQ is refused', async () => {
    const d = variant('dangling', 'SCR.xml', (s) => s.replace('rdf:resource="#_cn-cotton-11"', 'rdf:resource="#_cn-nowhere"'));
    const e = await failure([d]);
    expect(e.code).toBe('HEATMAP_REFERENCE');
    expect(e.message).toMatch(/ConnectivityNode cn-nowhere, which is not in the EQ/);
  });

  it('a second SYSCAP record for the same substation and year is refused', async () => {
    const d = variant('dup', 'SYSCAP_Year2.xml', (s) => s.replace('<ltdsp:SubstationCapacity.yearOffset>2<', '<ltdsp:SubstationCapacity.yearOffset>1<'));
    const e = await failure([d]);
    expect(e.code).toBe('HEATMAP_DUPLICATE');
  });

  it('an unknown coordinate system is refused', async () => {
    const d = variant('crs', 'GL_OSGB36.xml', (s) => s.replace('EPSG::27700', 'EPSG::3857'));
    const e = await failure([d]);
    expect(e.code).toBe('HEATMAP_CRS');
    expect(e.message).toMatch(/EPSG::3857/);
  });

  it('a year the SYSCAP files do not give is refused', async () => {
    await expect(computeHeatmap({ inputs: [HEATMAP_FIXTURE], years: [4] })).rejects.toMatchObject({ code: 'HEATMAP_NO_DATA' });
  });
});
