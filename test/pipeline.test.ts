// `ltds pipeline run` on the DEMO sample: the out/ layout, manifest and catalog; byte-identical
// re-runs that do nothing; a changed input republishing only what depends on it and never
// overwriting a version; inputs with errors publishing nothing; bad definitions naming the field.

import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCaseName } from '../src/cases/index.js';
import { listZipEntries, withZipEntry } from '../src/cim-xml/zip.js';
import { loadCimFile, loadCimStream } from '../src/cim-xml/sources.js';
import { applyDifference, diffModels } from '../src/diff/index.js';
import { loadDefinition, parseDefinition } from '../src/pipeline/index.js';
import { catalogSchema } from '../src/publication/index.js';
import { manifestSchema, type Manifest } from '../src/publication/index.js';
import { LtdsError } from '../src/errors/index.js';
import { runLtds } from './helpers/cli.js';
import { demoWorkspace, editDefinition, publicationProblems, sha256, snapshot, type Workspace } from './helpers/pipeline-fixture.js';

const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
/** A written manifest, checked against the schema the serving host reads it with. */
const readManifest = (p: string): Manifest => manifestSchema.parse(JSON.parse(readFileSync(p, 'utf8')));

let ws: Workspace;
beforeAll(() => {
  ws = demoWorkspace('ltds-pipeline-');
});
afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

describe('the DEMO pipeline', () => {
  let first: Map<string, string>;

  test('publishes the Stage 2 and Stage 3 cases under the naming convention, each zip holding exactly its case files', async () => {
    const r = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('{')).every((l) => typeof JSON.parse(l).type === 'string')).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DEMO 2026-01 v1 +published/);
    expect(r.stdout).toMatch(/DEMO 2026-02 v1 +published/);
    const zips = (v: string): string[] => readdirSync(join(ws.out, 'DEMO', v, 'v1')).filter((f) => f.endsWith('.zip')).sort();
    expect(zips('2026-01')).toEqual(['LTDS_DEMO_2026-01_FaultLevel_v1.zip', 'LTDS_DEMO_2026-01_SystemCapacity_Existing_v1.zip', 'LTDS_DEMO_2026-01_SystemCapacity_Year1_v1.zip']);
    expect(zips('2026-02')).toEqual([
      'LTDS_DEMO_2026-02_DEMO-P1_v1.zip', 'LTDS_DEMO_2026-02_DEMO-P2_v1.zip', 'LTDS_DEMO_2026-02_FaultLevel_v1.zip',
      'LTDS_DEMO_2026-02_GBMaximum_20260121T1730Z_v1.zip', 'LTDS_DEMO_2026-02_GBMinimum_20260705T1330Z_v1.zip',
      ...[ 'Existing', 'Year1', 'Year2', 'Year3', 'Year4', 'Year5'].map((y) => `LTDS_DEMO_2026-02_SystemCapacity_${y}_v1.zip`),
    ]);
    for (const v of ['2026-01', '2026-02']) {
      for (const z of zips(v)) {
        const parsed = parseCaseName(z);
        const entries = (await listZipEntries(join(ws.out, 'DEMO', v, 'v1', z))).map((e) => e.name);
        expect(entries).toEqual(parsed.definition.files.map((f) => `${f}.xml`));
      }
    }
    expect(publicationProblems(ws.out)).toEqual([]);
    first = snapshot(ws.out);
  });

  test('manifest.json and index.json follow the contract', () => {
    const m = readManifest(join(ws.out, 'DEMO', '2026-02', 'v1', 'manifest.json'));
    expect(Object.keys(m)).toEqual(['area', 'year', 'period', 'version', 'stage', 'created', 'cases', 'files']);
    expect([m.area, m.year, m.period, m.version, m.stage]).toEqual(['DEMO', 2026, '02', 1, 3]);
    expect(m.created).toBe('2026-04-01T00:00:00Z');
    const p1 = m.cases.find((c) => c.case === 'DEMO-P1');
    expect(p1).toMatchObject({ kind: 'Difference', zip: 'LTDS_DEMO_2026-02_DEMO-P1_v1.zip', projectId: 'DEMO-P1' });
    expect(p1?.files.map((f) => f.profile)).toEqual(['EQ', 'SC', 'GL']);
    const fl = m.cases.find((c) => c.case === 'FaultLevel');
    expect(fl?.files.map((f) => [f.name, f.profile])).toEqual([['EQ.xml', 'EQ'], ['SC.xml', 'SC'], ['SCR.xml', 'SCR']]);
    expect(fl?.files[2]!.profiles).toEqual(['http://ltds-toolkit.invalid/ns/CIM/provisional/ShortCircuitResults/0.1']);
    expect(fl?.files[0]!.sha256).toBe(sha256(join(ws.samples, 'network', 'EQ.xml')));
    expect(m.files.find((f) => f.path === 'reports/cases.json')?.case).toBeNull();
    expect(m.files.find((f) => f.path === 'LTDS_DEMO_2026-02_FaultLevel_v1.zip')?.case).toBe('FaultLevel');
    const index = catalogSchema.parse(readJson(join(ws.out, 'index.json')));
    expect(index.publications.map((p) => [p.path, p.stage])).toEqual([['DEMO/2026-01/v1', 2], ['DEMO/2026-02/v1', 3]]);
    expect(index.publications[1]!.manifestSha256).toBe(sha256(join(ws.out, 'DEMO', '2026-02', 'v1', 'manifest.json')));
    expect(index.publications[1]!.cases).toContain('GBMinimum_20260705T1330Z');
    const html = readFileSync(join(ws.out, 'index.html'), 'utf8');
    for (const p of index.publications) for (const c of p.cases) {
      const href = `${p.path}/LTDS_DEMO_${p.path.split('/')[1]}_${c}_v1.zip`;
      expect(html).toContain(`href="${href}"`);
      expect(existsSync(join(ws.out, href))).toBe(true);
    }
  });

  test('each Development Project\'s Difference Models apply cleanly to the base files and give the target', async () => {
    for (const id of ['DEMO-P1', 'DEMO-P2']) {
      const zip = join(ws.out, 'DEMO', '2026-02', 'v1', `LTDS_DEMO_2026-02_${id}_v1.zip`);
      for (const profile of ['EQ', 'SC', 'GL']) {
        const diff = await withZipEntry(zip, `${profile}.xml`, (s) => loadCimStream(s));
        const base = await loadCimFile(join(ws.samples, 'network', `${profile}.xml`));
        const target = await loadCimFile(join(ws.samples, 'projects', id, `${profile}.xml`));
        const applied = applyDifference(base, diff);
        expect(applied.mismatches).toEqual([]);
        expect(diff.objects.length).toBeGreaterThan(0);
        expect(diffModels(applied.model, target, { created: '2026-01-01T00:00:00Z' }).objects).toEqual([]);
      }
    }
  });

  test('every published zip passes inspect\'s case checks', async () => {
    const all = ['2026-01', '2026-02'].flatMap((v) => readdirSync(join(ws.out, 'DEMO', v, 'v1')).filter((f) => f.endsWith('.zip')).map((f) => join(ws.out, 'DEMO', v, 'v1', f)));
    const r = await runLtds(['inspect', ...all, '--json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { case?: { problems: string[] } }[];
    // 2026-01: 3 + 2 + 2 entries; 2026-02: 3 + 6 × 2 + 7 + 7 + 3 + 3.
    expect(results.length).toBe(7 + 35);
    expect(results.flatMap((x) => x.case?.problems ?? [])).toEqual([]);
  });

  test('a second run does nothing and reports that nothing changed; a run into a fresh folder gives the same bytes', async () => {
    const mtimes = readdirSync(join(ws.out, 'DEMO', '2026-02', 'v1')).map((f) => statSync(join(ws.out, 'DEMO', '2026-02', 'v1', f)).mtimeMs);
    const again = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out, '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { results: { status: string }[] }).results.map((x) => x.status)).toEqual(['unchanged', 'unchanged']);
    const text = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
    expect(text.stdout).toContain('nothing changed');
    expect(snapshot(ws.out)).toEqual(first);
    expect(readdirSync(join(ws.out, 'DEMO', '2026-02', 'v1')).map((f) => statSync(join(ws.out, 'DEMO', '2026-02', 'v1', f)).mtimeMs)).toEqual(mtimes);
    const fresh = join(ws.dir, 'out-fresh');
    expect((await runLtds(['pipeline', 'run', ws.definition, '--out', fresh])).code).toBe(0);
    expect(snapshot(fresh)).toEqual(first);
  });

  test('a changed input republishes only what depends on it, and never overwrites a published version', async () => {
    const year5 = join(ws.samples, 'network', 'SYSCAP_Year5.xml');
    writeFileSync(year5, readFileSync(year5, 'utf8').replace(/(maximumDemand>)([0-9.]+)/, (_m, a: string, v: string) => `${a}${(Number(v) + 1).toFixed(3)}`));
    const refused = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/DEMO 2026-01 v1 +unchanged/);
    expect(refused.stdout).toMatch(/DEMO 2026-02 v1 +REFUSED +DEMO 2026-02 version 1 is already published with different content .* publish the correction as version 2/);
    expect(snapshot(ws.out)).toEqual(first);

    editDefinition(ws.definition, (d) => {
      d.publications[1]!.version = 2;
    });
    const v2 = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
    expect(v2.code).toBe(0);
    expect(v2.stdout).toMatch(/DEMO 2026-01 v1 +unchanged/);
    expect(v2.stdout).toMatch(/DEMO 2026-02 v2 +published/);
    const after = snapshot(ws.out);
    for (const [k, h] of first) if (!k.startsWith('index.')) expect(after.get(k)).toBe(h);
    const m1 = readManifest(join(ws.out, 'DEMO', '2026-02', 'v1', 'manifest.json'));
    const m2 = readManifest(join(ws.out, 'DEMO', '2026-02', 'v2', 'manifest.json'));
    const changed = m2.cases.filter((c) => JSON.stringify(c.files) !== JSON.stringify(m1.cases.find((x) => x.case === c.case)?.files)).map((c) => c.case);
    expect(changed).toEqual(['SystemCapacity_Year5']);
    const index = readJson<{ publications: { path: string }[] }>(join(ws.out, 'index.json'));
    expect(index.publications.map((p) => p.path)).toEqual(['DEMO/2026-01/v1', 'DEMO/2026-02/v1', 'DEMO/2026-02/v2']);
    expect(publicationProblems(ws.out)).toEqual([]);
  });
});

describe('inputs with errors publish nothing for that area', () => {
  test('a profile that does not match its name, a missing file and inconsistent scenarioTime stop the area with a report; another area still publishes', async () => {
    const w = demoWorkspace('ltds-pipeline-bad-');
    try {
      const bad = editDefinition(w.definition, (d) => {
        const fl = d.publications[0]!.cases[0]!;
        fl.files.SCR = fl.files.SC!; // an SC file where the SCR file belongs
        d.publications[0]!.cases[1]!.files.SYSCAP = '../samples/DEMO/network/SYSCAP_Gone.xml';
        d.publications[1]!.cases[0]!.files.SC = '../samples/DEMO/gb-maximum/SC.xml'; // another scenarioTime
      }, join(w.dir, 'pipelines', 'bad.json'));
      // A second area (the same sample under another code, authority given) publishes in parallel.
      const good = editDefinition(w.definition, (d) => {
        d.area = 'DEMOB';
        d.authority = 'http://ltds-toolkit.example/samples/DEMO';
        d.publications = d.publications.slice(0, 1);
      }, join(w.dir, 'pipelines', 'good.json'));
      const r = await runLtds(['pipeline', 'run', bad, good, '--out', w.out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/DEMO 2026-01 v1 +FAILED +\d+ error\(s\), nothing published; report: .*\.failed\/DEMO\/2026-01\/v1\/reports\/cases\.txt/);
      expect(r.stdout).toMatch(/DEMO 2026-02 v1 +FAILED/);
      expect(r.stdout).toMatch(/DEMOB 2026-01 v1 +published/);
      expect(existsSync(join(w.out, 'DEMO'))).toBe(false);
      const index = readJson<{ publications: { area: string }[] }>(join(w.out, 'index.json'));
      expect(index.publications.map((p) => p.area)).toEqual(['DEMOB']);
      const report = readFileSync(join(w.out, '.failed', 'DEMO', '2026-01', 'v1', 'reports', 'cases.txt'), 'utf8');
      expect(report).toMatch(/error: \[case-profile-name\] FaultLevel: SCR\.xml is named as SCR but its header declares the SC profile/);
      expect(report).toMatch(/error: \[case-file-missing\] SystemCapacity_Existing: SYSCAP\.xml: no such file \.\.\/samples\/DEMO\/network\/SYSCAP_Gone\.xml/);
      const report2 = readJson<{ findings: { rule: string; case: string }[] }>(join(w.out, '.failed', 'DEMO', '2026-02', 'v1', 'reports', 'cases.json'));
      expect(report2.findings.map((f) => `${f.rule} ${f.case}`)).toContain('case-scenario-time FaultLevel');
      expect(publicationProblems(w.out)).toEqual([]);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });
});

describe('heatmap settings of a definition are checked', () => {
  test('an unknown threshold or a share that is not a number fails the publication with HEATMAP_THRESHOLDS naming the definition; nothing is published for it', async () => {
    const w = demoWorkspace('ltds-pipeline-thresholds-');
    try {
      const bad = editDefinition(w.definition, (d) => {
        (d.publications[1] as { heatmap?: Record<string, unknown> }).heatmap = { years: ['existing'], thresholds: { demandAmberShare: 'high', colour: 1 } };
      }, join(w.dir, 'pipelines', 'thresholds.json'));
      const r = await runLtds(['pipeline', 'run', bad, '--out', w.out]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/bad thresholds in .*thresholds\.json \(heatmap\.thresholds\)/);
      expect(r.stdout + r.stderr).toMatch(/demandAmberShare/);
      expect(existsSync(join(w.out, 'DEMO', '2026-02'))).toBe(false);
      expect(publicationProblems(w.out)).toEqual([]);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });
});

describe('pipeline definitions', () => {
  const file = 'pipelines/x.json';
  const base = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('../pipelines/demo.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const error = (mutate: (d: Record<string, any>) => void): LtdsError => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const d = base();
    mutate(d);
    try {
      parseDefinition(d, file);
    } catch (err) {
      if (err instanceof LtdsError) return err;
      throw err;
    }
    throw new Error('expected the definition to be refused');
  };

  test('the DEMO definition is valid and resolves paths against its folder', () => {
    const d = loadDefinition(new URL('../pipelines/demo.json', import.meta.url).pathname);
    expect(d.publications.map((p) => [p.year, p.period, p.version, p.stage, p.cases.length, p.projects.length])).toEqual([[2026, '01', 1, 2, 3, 0], [2026, '02', 1, 3, 9, 2]]);
    expect(existsSync(d.publications[0]!.cases[0]!.files[0]!.path)).toBe(true);
  });

  test.each<[string, (d: Record<string, any>) => void, RegExp]>([ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['bad period', (d) => { d.publications[0].period = '03'; }, /^publications\[0\]\.period: .*"01".*"02"/],
    ['unknown field', (d) => { d.publications[1].colour = 'red'; }, /^publications\[1\]: unknown field\(s\) 'colour'; allowed: year, period, version, stage, cases, projects, heatmap/],
    ['bad area', (d) => { d.area = 'DE_MO'; }, /^area: a licence area code of 1-16 letters or digits/],
    ['missing case file', (d) => { delete d.publications[0].cases[0].files.SCR; }, /^publications\[0\]\.cases\[0\]\.files: the FaultLevel case holds exactly EQ, SC, SCR; missing SCR/],
    ['unknown profile key', (d) => { d.publications[0].cases[0].files.XX = 'a.xml'; }, /^publications\[0\]\.cases\[0\]\.files/],
    ['case of the wrong stage', (d) => { d.publications[0].cases[2].case = 'SystemCapacity_Year4'; }, /^publications\[0\]\.cases\[2\]\.case: SystemCapacity_Year4 is not a Stage 2 case; allowed: FaultLevel, SystemCapacity_Existing, SystemCapacity_Year1/],
    ['required case missing', (d) => { d.publications[1].cases.pop(); }, /^publications\[1\]\.cases: a Stage 3 publication holds the GBMinimum case, which is missing/],
    ['reserved project id', (d) => { d.publications[1].projects[0].id = 'FaultLevel'; }, /^publications\[1\]\.projects\[0\]\.id: .*reserved word 'FaultLevel'/],
    ['project with target and differences', (d) => { d.publications[1].projects[0].differences = d.publications[1].projects[0].target; }, /^publications\[1\]\.projects\[0\]: give either 'target'/],
    ['projects at stage 2', (d) => { d.publications[0].projects = d.publications[1].projects; }, /^publications\[0\]\.projects\[0\]: Development Projects are published from Stage 3/],
    ['version twice', (d) => { d.publications[1].period = '01'; d.publications[1].stage = 2; }, /appears twice/],
  ])('%s is refused naming the field', (_label, mutate, message) => {
    const err = error(mutate);
    expect(err.code).toBe('PIPELINE_DEFINITION');
    expect(err.message).toMatch(message);
    expect(err.message).toContain(file);
  });

  test('ltds pipeline run with a bad definition exits 1 naming the file and field, and writes nothing', async () => {
    const w = demoWorkspace('ltds-pipeline-def-');
    try {
      editDefinition(w.definition, (d) => {
        d.publications[0]!.period = 'May';
      });
      const r = await runLtds(['pipeline', 'run', w.definition, '--out', w.out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ltds: error PIPELINE_DEFINITION: publications\[0\]\.period: Invalid option: expected one of "01"\|"02" \(.*demo\.json\)/);
      expect(existsSync(w.out)).toBe(false);
    } finally {
      rmSync(w.dir, { recursive: true, force: true });
    }
  });
});

test('pipelines/pipeline.schema.json is the schema the code validates with', async () => {
  const r = await runLtds(['pipeline', 'schema']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(readFileSync(new URL('../pipelines/pipeline.schema.json', import.meta.url), 'utf8'));
  const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[] };
  expect(Object.keys(schema.properties)).toEqual(['$schema', 'description', 'area', 'authority', 'out', 'publications']);
  expect(schema.required).toEqual(['area', 'publications']);
});

test('a YAML definition is read like its JSON twin; bad YAML is a definition error', () => {
  const w = demoWorkspace('ltds-pipeline-yaml-');
  try {
    const json = loadDefinition(w.definition);
    const yamlFile = join(w.dir, 'pipelines', 'demo.yaml');
    const d = readJson<Record<string, unknown>>(w.definition);
    // JSON is YAML; write it in block style by hand for the top level to prove real YAML parses.
    const lines = [`area: ${String(d.area)}`, 'publications:', ...JSON.stringify(d.publications, null, 2).split('\n').map((l) => `  ${l}`)];
    writeFileSync(yamlFile, lines.join('\n') + '\n');
    const fromYaml = loadDefinition(yamlFile);
    expect(fromYaml.publications).toEqual(json.publications.map((p) => ({ ...p, definitionFile: yamlFile })));
    writeFileSync(yamlFile, 'area: DEMO\npublications: [\n');
    expect(() => loadDefinition(yamlFile)).toThrow(/not valid YAML/);
  } finally {
    rmSync(w.dir, { recursive: true, force: true });
  }
});
