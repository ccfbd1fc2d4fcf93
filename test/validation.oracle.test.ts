// Our SHACL evaluation agrees with an independent engine (shacl-engine) on the supported subset:
// same focus node, path and constraint component for every violation, on the real files and on
// generated mutations of them.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateInputs } from '../src/validation/index.js';
import { DATA_DIR } from './helpers/real-data.js';
import { oracleKeys, ourKeys } from './helpers/shacl-oracle.js';
import { Prng } from '../src/samples/prng.js';

const C30 = join(DATA_DIR, 'cgmes30-microgrid');
const BE_EQ_30 = join(C30, '20210209T1930Z_1D_BE_EQ_9.xml');
const BD_30 = join(C30, '20171002T0930Z_ENTSO-E_EQ_BD_2.xml');
const C2415 = join(DATA_DIR, 'cgmes2415-microgrid', 'BaseCase_BC');
const BE_EQ_2415 = join(C2415, 'BE_v2', 'MicroGridTestConfiguration_BC_BE_EQ_V2.xml');
const BD_2415 = join(C2415, 'BD_v2', 'MicroGridTestConfiguration_EQ_BD.xml');

const tmp = mkdtempSync(join(tmpdir(), 'ltds-oracle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function compare(inputs: string[]): Promise<{ ours: Set<string>; theirs: Set<string> }> {
  const ours = ourKeys(await validateInputs(inputs));
  const theirs = await oracleKeys(inputs);
  return { ours, theirs };
}

function diff(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}

describe('SHACL agreement with shacl-engine on the real files', () => {
  // Since the 2.4.15 EQ shapes are split by profile (issue 15), the 2.4.15 BaseCase has no SHACL
  // violation in either engine; the mutations below keep that comparison from being vacuous.
  it.each([
    ['CGMES 3.0 MicroGrid (all files)', [C30], true],
    ['CGMES 3.0 BE EQ alone', [BE_EQ_30], true],
    ['CGMES 2.4.15 MicroGrid BaseCase (all files)', [C2415], false],
  ])('%s', async (_name, inputs, violations) => {
    const { ours, theirs } = await compare(inputs);
    expect(diff(ours, theirs), 'found by us only').toEqual([]);
    expect(diff(theirs, ours), 'found by the oracle only').toEqual([]);
    expect(theirs.size > 0).toBe(violations);
  }, 120_000);
});

describe('SHACL agreement with shacl-engine on the set-scoped rules (merged data graph of the set)', () => {
  // profiles/ltds-rules/qocdc-cgmes2415-set.ttl: shacl-engine runs the same file on one graph merging
  // every file of the set; both must report the same focus node and component on the broken variants.
  const SSH_2415 = join(C2415, 'BE_v2', 'MicroGridTestConfiguration_BC_BE_SSH_V2.xml');
  const write = (name: string, from: string, edits: [RegExp | string, string][]): string => {
    let text = readFileSync(from, 'utf8');
    for (const [find, replace] of edits) {
      const next = text.replace(find, replace);
      expect(next).not.toBe(text);
      text = next;
    }
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, from.split('/').pop() as string);
    writeFileSync(path, text);
    return path;
  };
  it('tculControlMode against RegulatingControl.mode, controlEnabled without a RegulatingControl', async () => {
    const eq = write('set-eq', BE_EQ_2415, [
      [/(<cim:RatioTapChanger rdf:ID="_955d9cd0-4a10-4031-b008-60c0dc340a07">[\s\S]*?TransformerControlMode\.)volt"/, '$1reactive"'],
      ['<cim:RegulatingCondEq.RegulatingControl rdf:resource="#_4d50f86d-0d12-4ca3-9430-56bb05f9eee6"/>', ''],
    ]);
    const ssh = write('set-ssh', SSH_2415, [[/(<cim:LinearShuntCompensator rdf:about="#_d771118f-36e9-4115-a128-cc3d9ce3e3da">[\s\S]*?<cim:RegulatingCondEq.controlEnabled>)false</, '$1true<']]);
    const { ours, theirs } = await compare([eq, ssh, BD_2415]);
    expect(diff(ours, theirs), 'found by us only').toEqual([]);
    expect(diff(theirs, ours), 'found by the oracle only').toEqual([]);
    expect([...theirs].filter((k) => /AndConstraint|OrConstraint/.test(k)).sort()).toEqual([
      `${eq}|955d9cd0-4a10-4031-b008-60c0dc340a07||sh:AndConstraintComponent`,
      `${eq}|d771118f-36e9-4115-a128-cc3d9ce3e3da||sh:OrConstraintComponent`,
    ]);
  }, 120_000);
});

/** Uniform numbers in [0, 1) from the project's seeded generator, so every run draws the same values. */
function prng(seed: number): () => number {
  const rng = new Prng(seed, 'oracle-mutations');
  return () => rng.float();
}

/** One random change to a property line of the file (the mutations the oracle test uses). */
function mutate(text: string, rnd: () => number): { text: string; what: string } {
  const lines = text.split('\n');
  const props = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*<cim:[A-Za-z]+\.[A-Za-z0-9_]+[ >]/.test(l) && !/Model\./.test(l));
  const pick = props[Math.floor(rnd() * props.length)]!;
  const kind = Math.floor(rnd() * 6);
  const line = pick.l;
  let out = line;
  let what = '';
  if (kind === 0 && />[-+0-9.eE]+</.test(line)) {
    out = line.replace(/>[-+0-9.eE]+</, '>abc<');
    what = 'number → abc';
  } else if (kind === 1) {
    out = '';
    what = 'property removed';
  } else if (kind === 2) {
    out = `${line}\n${line.replace(/>([^<]*)</, '>$1 copy<').replace(/rdf:resource="#?_?([^"]+)"/, 'rdf:resource="#_$1x"')}`;
    what = 'property repeated with another value';
  } else if (kind === 3 && /rdf:resource="http[^"]*\.[A-Za-z0-9]+"/.test(line)) {
    out = line.replace(/(rdf:resource="http[^"]*\.)[A-Za-z0-9]+"/, '$1notAMember"');
    what = 'enumeration member changed';
  } else if (kind === 4 && /rdf:resource="#/.test(line)) {
    const other = props[Math.floor(rnd() * props.length)]!;
    const target = /rdf:resource="(#[^"]+)"/.exec(other.l)?.[1];
    out = target ? line.replace(/rdf:resource="#[^"]+"/, `rdf:resource="${target}"`) : '';
    what = 'reference retargeted';
  } else if (kind === 5 && />[^<]+</.test(line)) {
    out = line.replace(/>[^<]+</, '><');
    what = 'value emptied';
  } else {
    out = '';
    what = 'property removed';
  }
  lines[pick.i] = out;
  return { text: lines.join('\n'), what: `line ${pick.i + 1}: ${what}` };
}

describe('SHACL agreement with shacl-engine on generated mutations of the real files', () => {
  const cases: [string, string, string, number][] = [];
  // 52 mutated CGMES 3.0 files and 12 mutated CGMES 2.4.15 files (their shapes leave out those with
  // sh:alternativePath, which our engine lists as skipped).
  for (let k = 0; k < 52; k++) cases.push([`CGMES 3.0 BE EQ mutation ${k}`, BE_EQ_30, BD_30, 1000 + k]);
  for (let k = 0; k < 12; k++) cases.push([`CGMES 2.4.15 BE EQ mutation ${k}`, BE_EQ_2415, BD_2415, 2000 + k]);
  it.each(cases)('%s', async (_name, file, boundary, seed) => {
    const rnd = prng(seed);
    let text = readFileSync(file, 'utf8');
    const whats: string[] = [];
    for (let m = 0; m < 3; m++) {
      const r = mutate(text, rnd);
      text = r.text;
      whats.push(r.what);
    }
    const dir = join(tmp, `m${seed}`);
    mkdirSync(dir);
    const path = join(dir, 'EQ.xml');
    writeFileSync(path, text);
    const { ours, theirs } = await compare([path, boundary]);
    expect({ whats, onlyOurs: diff(ours, theirs) }).toEqual({ whats, onlyOurs: [] });
    expect({ whats, onlyOracle: diff(theirs, ours) }).toEqual({ whats, onlyOracle: [] });
  }, 60_000);
});
