// Profiles from one source: the profile IRIs that cases and samples write or expect are read from
// profiles/registry.json, and the provisional SCR/SYSCAP profiles committed under
// profiles/provisional/ are exactly what their generator writes today (regenerated and compared
// in every test run, so an edit to one without the other fails CI).

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { CGMES3_PROFILES, PROVISIONAL_PROFILES, keywordOfIri } from '../src/cases/index.js';
import { SAMPLE_PROFILES } from '../src/samples/index.js';

const PROVISIONAL = fileURLToPath(new URL('../profiles/provisional/', import.meta.url));
const registry = JSON.parse(readFileSync(new URL('../profiles/registry.json', import.meta.url), 'utf8')) as { profiles: { id: string; keyword: string; iris: string[] }[] };
const iriOf = (id: string): string | undefined => registry.profiles.find((p) => p.id === id)?.iris[0];

test('cases and samples take their profile IRIs from the registry', () => {
  for (const [keyword, iri] of Object.entries(CGMES3_PROFILES)) {
    expect(iri).toBe(iriOf(`cgmes3-${keyword}`));
    expect(keywordOfIri(iri)).toBe(keyword);
  }
  expect(PROVISIONAL_PROFILES).toEqual({ SCR: iriOf('ltds-SCR'), SYSCAP: iriOf('ltds-SYSCAP') });
  // The contract names the same provisional IRIs.
  const contract = readFileSync(new URL('../docs/contracts.md', import.meta.url), 'utf8');
  expect(contract).toContain(`SCR: \`${PROVISIONAL_PROFILES.SCR}\``);
  expect(contract).toContain(`SYSCAP: \`${PROVISIONAL_PROFILES.SYSCAP}\``);
  // Every IRI the sample generator declares is a registry IRI of the keyword it is used for.
  const declared = Object.values(SAMPLE_PROFILES);
  const registered = new Set(registry.profiles.flatMap((p) => p.iris));
  for (const iri of declared) expect(registered).toContain(iri);
  expect(SAMPLE_PROFILES.equipment).toBe(CGMES3_PROFILES.EQ);
});

test('profiles/provisional/ is what tools/make-provisional.py writes (regenerated and compared)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltds-provisional-'));
  try {
    mkdirSync(join(dir, 'tools'));
    copyFileSync(join(PROVISIONAL, 'tools', 'make-provisional.py'), join(dir, 'tools', 'make-provisional.py'));
    const run = spawnSync('python3', ['tools/make-provisional.py'], { cwd: dir, encoding: 'utf8' });
    expect(run.error, 'python3 must be installed (.ci/run installs it)').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const committed = readdirSync(PROVISIONAL).filter((f) => /\.(rdf|ttl)$/.test(f)).sort();
    const generated = readdirSync(dir).filter((f) => /\.(rdf|ttl)$/.test(f)).sort();
    expect(generated).toEqual(committed);
    expect(committed).toHaveLength(4);
    for (const f of committed) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(PROVISIONAL, f), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
