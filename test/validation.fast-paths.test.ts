// The fast paths of the streaming checks agree with the reference evaluation they replace: the
// hand-written xsd:float/integer/boolean parsers with the XSD lexical forms, and each compiled
// property-shape value test (ValueCheck) with the component-by-component evaluation, on every
// value-level constraint of the CGMES 3.0 and 2.4.15 EQ shapes. Also: a broken registry.json is refused.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LtdsError } from '../src/errors/index.js';
import { loadRegistry } from '../src/profiles/registry.js';
import { ValueCheck } from '../src/validation/fast-check.js';
import { failingComponents, isLexicallyValid, nodeIri, prepareProfiles, ProfileSet, XSD, type ValueTerm } from '../src/validation/index.js';
import { hasValueComponent } from '../src/validation/profile-set.js';
import { Prng } from '../src/samples/prng.js';

const FLOAT_FORM = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;
const INTEGER_FORM = /^[+-]?\d+$/;

/** Uniform numbers in [0, 1) from the project's seeded generator, so every run draws the same values. */
function prng(seed: number): () => number {
  const rng = new Prng(seed, 'fast-paths');
  return () => rng.float();
}

const FIXED = ['', '0', '-0', '+1', '1.', '.5', '.', '+', '-', '1e5', '1E-5', '1e', 'e5', '1.5e+3', 'INF', '-INF', '+INF', 'NaN', '-NaN', 'inf', ' 1', '1 ', '1,5', '0x10', '1705.808 copy', 'true', 'false', '1', '0', 'TRUE', '12a', '١٢'];

function randomLexical(rnd: () => number): string {
  const alphabet = '0123456789+-.eEINFaNtrufls x';
  let s = '';
  const n = Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

describe('hand-written XSD parsers', () => {
  it('agree with the XSD lexical forms on fixed and 20 000 random strings', () => {
    const rnd = prng(7);
    const values = [...FIXED];
    for (let i = 0; i < 20_000; i++) values.push(randomLexical(rnd));
    for (const v of values) {
      expect([v, isLexicallyValid(`${XSD}float`, v)]).toEqual([v, FLOAT_FORM.test(v)]);
      expect([v, isLexicallyValid(`${XSD}double`, v)]).toEqual([v, FLOAT_FORM.test(v)]);
      expect([v, isLexicallyValid(`${XSD}integer`, v)]).toEqual([v, INTEGER_FORM.test(v)]);
      expect([v, isLexicallyValid(`${XSD}boolean`, v)]).toEqual([v, /^(true|false|1|0)$/.test(v)]);
    }
  });
});

describe('compiled value tests', () => {
  it('ValueCheck.conforms is true exactly when failingComponents finds nothing, for every value-level constraint of the EQ shapes', async () => {
    const { registry, compiled, hierarchy } = await prepareProfiles();
    const rnd = prng(11);
    let compared = 0;
    for (const iri of ['http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0', 'http://entsoe.eu/CIM/EquipmentCore/3/1']) {
      const entry = registry.match(iri);
      expect(entry).toBeDefined();
      const set = new ProfileSet([compiled.get(entry!)!], hierarchy);
      const datatypes = [...new Set(set.constraints.map((c) => c.datatype).filter((d): d is string => d !== undefined)), `${XSD}string`, `${XSD}float`];
      const inIris = set.constraints.flatMap((c) => (c.in ?? []).flatMap((t) => ('iri' in t ? [t.iri] : [])));
      for (const [i, c] of set.constraints.entries()) {
        if (!hasValueComponent(c)) continue;
        // Let the worker's event loop breathe between constraints: the whole comparison is seconds
        // of synchronous work, minutes on a busy machine, and vitest's RPC must not wait that long.
        await new Promise((r) => setImmediate(r));
        const check = new ValueCheck(c);
        const values: { ref: boolean; v: string; dt: string; lang?: string }[] = [
          { ref: true, v: 'b70180fc-cc97-41c5-aab6-e00a7b52fef4', dt: '' },
          ...inIris.slice(0, 5).map((v) => ({ ref: true, v, dt: '' })),
          { ref: false, v: 'text', dt: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', lang: 'en' },
        ];
        for (const dt of datatypes) for (const v of [...FIXED, '-3.5', '250', '2021-02-09T19:30:00Z', randomLexical(rnd)]) values.push({ ref: false, v, dt });
        for (const x of values) {
          const term: ValueTerm = x.ref ? { iri: nodeIri(x.v) } : x.lang !== undefined ? { literal: x.v, datatype: x.dt, lang: x.lang } : { literal: x.v, datatype: x.dt };
          const expected = failingComponents(c, term).length === 0;
          expect([set.constraints[i]?.shape, x, check.conforms(x.ref, x.v, x.dt, x.lang, undefined)]).toEqual([set.constraints[i]?.shape, x, expected]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  }, 180_000);
});

describe('registry.json', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ltds-registry-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it.each([
    [{ profiles: 'x' }, 'profiles'],
    [{ profiles: [{ id: 'a' }] }, 'profiles.0.keyword'],
    [{ profiles: [{ id: 'a', keyword: 'EQ', shapes: [1] }] }, 'profiles.0.shapes'],
    [{ profiles: [{ id: 'a', keyword: 'EQ', boundary: 'yes' }] }, 'profiles.0.boundary'],
  ])('%j is refused with PROFILE_INVALID naming %s', (content, at) => {
    const dir = mkdtempSync(join(tmp, 'r'));
    writeFileSync(join(dir, 'registry.json'), JSON.stringify(content));
    let err: unknown;
    try {
      loadRegistry(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LtdsError);
    expect((err as LtdsError).code).toBe('PROFILE_INVALID');
    expect((err as Error).message).toContain(`invalid at ${at}:`);
  });
});
