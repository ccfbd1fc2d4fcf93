// The import directions between src/ folders: written once (scripts/lint/layers.mjs), shown in
// docs/internals.md, acyclic, covering every folder, and a violation fails the lint `npm test` runs.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { expect, test } from 'vitest';
import { LAYERS } from '../scripts/lint/layers.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

test('docs/internals.md shows exactly the lint table', () => {
  const doc = readFileSync(new URL('../docs/internals.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Layers'), doc.indexOf('\n## ', doc.indexOf('## Layers') + 1));
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$/gm)];
  const documented = Object.fromEntries(rows.map((m) => [m[1], [...m[2]!.matchAll(/`([a-z-]+)`/g)].map((d) => d[1])]));
  expect(documented).toEqual(LAYERS);
});

test('every src/ folder has a row, and the directions have no cycle', () => {
  const folders = readdirSync(new URL('../src', import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  for (const f of folders) expect(Object.keys(LAYERS)).toContain(f);
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, trail: string[]): void => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') throw new Error(`cycle: ${[...trail, f].join(' -> ')}`);
    state.set(f, 'open');
    for (const d of LAYERS[f] ?? []) {
      expect(Object.keys(LAYERS)).toContain(d);
      visit(d, [...trail, f]);
    }
    state.set(f, 'done');
  };
  for (const f of Object.keys(LAYERS)) visit(f, []);
});

test('an import against the table fails the lint; an allowed one passes', async () => {
  const eslint = new ESLint({ cwd: root });
  const [bad] = await eslint.lintText(
    "import { compileCase } from '../../cases/index.js';\nimport type { Store } from '../../store/index.js';\nexport type X = [typeof compileCase, Store];\n",
    { filePath: `${root}src/server/ltds/violation.ts` },
  );
  const layerErrors = bad!.messages.filter((m) => m.ruleId === 'ltds/layers');
  expect(layerErrors.map((m) => [m.line, m.severity])).toEqual([[1, 2]]);
  expect(layerErrors[0]!.message).toContain('src/server may not import from src/cases');

  const [typeOnly] = await eslint.lintText("export type { Finding } from '../validation/types.js';\n", {
    filePath: `${root}src/cim-xml/violation.ts`,
  });
  expect(typeOnly!.messages.filter((m) => m.ruleId === 'ltds/layers').map((m) => m.message)).toEqual([
    expect.stringContaining('src/cim-xml may not import from src/validation'),
  ]);

  const [good] = await eslint.lintText("import { LtdsError } from '../errors/index.js';\nexport const E = LtdsError;\n", {
    filePath: `${root}src/cim-xml/allowed.ts`,
  });
  expect(good!.messages).toEqual([]);
});
