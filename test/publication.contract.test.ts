// The publication contract (src/publication, docs/contracts.md §4) as the pipeline writes it:
// run in-process on the DEMO sample's Stage 2 publication with the pipeline's own steps.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toolkitVersion } from '../src/io/toolkit-version.js';
import { defaultSteps, loadDefinition, runPipelines, writeCatalog, type PipelineEvent, type SkippedPublication } from '../src/pipeline/index.js';
import { catalogSchema, manifestSchema, publicationPath, type Manifest } from '../src/publication/index.js';
import { demoWorkspace, type Workspace } from './helpers/pipeline-fixture.js';

describe('a publication the pipeline wrote', () => {
  let ws: Workspace;
  let manifest: Manifest;
  let caseReport: { cases: { case: string; files: { name: string; modelId: string | null }[] }[] };
  beforeAll(async () => {
    ws = demoWorkspace('ltds-contract-');
    const def = loadDefinition(ws.definition);
    def.publications = def.publications.filter((p) => p.stage === 2);
    const [result] = await runPipelines([def], { out: ws.out, steps: defaultSteps(), concurrency: 1 });
    expect(result?.status).toBe('published');
    const dir = join(ws.out, result!.path);
    manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    caseReport = JSON.parse(readFileSync(join(dir, 'reports', 'cases.json'), 'utf8')) as typeof caseReport;
  });
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  test('names every model by its urn:uuid: IRI, as docs/contracts.md says', () => {
    const contract = readFileSync(new URL('../docs/contracts.md', import.meta.url), 'utf8');
    expect(contract).toContain('"modelId": "urn:uuid:...');
    const files = manifest.cases.flatMap((c) => c.files.map((f) => ({ c: c.case, ...f })));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      expect(f.modelId, `${f.c}/${f.name}`).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // The same model the case report names by its bare id.
      const reported = caseReport.cases.find((c) => c.case === f.c)?.files.find((x) => x.name === f.name);
      expect(f.modelId).toBe(`urn:uuid:${reported?.modelId}`);
    }
  });

  test('the catalog entry points at the folder the identity names', () => {
    const catalog = catalogSchema.parse(JSON.parse(readFileSync(join(ws.out, 'index.json'), 'utf8')));
    expect(catalog.publications.map((p) => p.path)).toEqual([publicationPath(manifest)]);
    expect(catalog.publications[0]).toMatchObject({ area: manifest.area, year: manifest.year, period: manifest.period, version: manifest.version, stage: manifest.stage });
  });

  test('a corrupt manifest is reported, not silently left out of the catalog', async () => {
    const folder = (v: string): string => join(ws.out, 'DEMO', '2026-01', v);
    mkdirSync(folder('v8'), { recursive: true });
    writeFileSync(join(folder('v8'), 'manifest.json'), JSON.stringify({ area: 'DEMO', year: 2026 }));
    mkdirSync(folder('v9'), { recursive: true });
    writeFileSync(join(folder('v9'), 'manifest.json'), '{"area": "DEMO",');
    try {
      const skipped: SkippedPublication[] = [];
      const catalog = writeCatalog(ws.out, (x) => skipped.push(x));
      expect(catalog.publications.map((p) => p.path)).toEqual([publicationPath(manifest)]);
      expect(skipped.sort((a, b) => a.version - b.version)).toEqual([
        { area: 'DEMO', cycle: '2026-01', version: 8, path: 'DEMO/2026-01/v8', reason: expect.stringMatching(/^manifest.json is not a publication manifest \(period: /) },
        { area: 'DEMO', cycle: '2026-01', version: 9, path: 'DEMO/2026-01/v9', reason: expect.stringMatching(/^manifest.json is not JSON \(/) },
      ]);
      // A run reports them as events (the CLI prints a warning line for each).
      const events: PipelineEvent[] = [];
      const def = loadDefinition(ws.definition);
      def.publications = def.publications.filter((p) => p.stage === 2);
      const [again] = await runPipelines([def], { out: ws.out, steps: defaultSteps(), concurrency: 1, onEvent: (e) => events.push(e) });
      expect(again?.status).toBe('unchanged');
      expect(events.filter((e) => e.type === 'catalog-skipped').map((e) => (e as SkippedPublication).path).sort()).toEqual(['DEMO/2026-01/v8', 'DEMO/2026-01/v9']);
    } finally {
      rmSync(folder('v8'), { recursive: true, force: true });
      rmSync(folder('v9'), { recursive: true, force: true });
    }
  });
});

test("the publication fingerprint's tool version is package.json's, from the sources as from the build", () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(toolkitVersion()).toBe(pkg.version);
});
