// The publication contract (src/publication, docs/contracts.md §4) as the pipeline writes it:
// run in-process on the DEMO sample's Stage 2 publication with the pipeline's own steps.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultSteps, loadDefinition, runPipelines } from '../src/pipeline/index.js';
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
});
