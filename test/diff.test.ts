// Difference Models: the laws over random models with random edits, and the real MicroGrid
// Difference Models applied to their base.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CimModel, CimObject, Property } from '../src/cim-xml/model.js';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import { applyDifference, diffModels, invertDifference, summariseDifference } from '../src/diff/index.js';
import { modelStatements, statementToNt } from '../src/cim-xml/statements.js';
import { realFile } from './helpers/real-data.js';

const BASE = 'http://example.org/model';
const CIM = 'http://iec.ch/TC57/CIM100#';
const PRJ = 'http://vendor.example/prj#';

/** The statement set of a model's objects (the header is not part of the laws). */
function statements(m: CimModel): Set<string> {
  const out = new Set<string>();
  for (const s of modelStatements({ objects: m.objects, namespaces: m.namespaces }, BASE)) out.add(statementToNt(s, true));
  return out;
}

function sorted(s: Set<string>): string[] {
  return [...s].sort();
}

function header(id: string): CimModel['header'] {
  return {
    kind: 'FullModel',
    style: 'md',
    id,
    profiles: [],
    dependentOn: [],
    supersedes: [],
    object: { ns: 'http://iec.ch/TC57/61970-552/ModelDescription/1#', local: 'FullModel', id, rawId: `urn:uuid:${id}`, idForm: 'about', section: 'model', properties: [], line: 0, column: 0 },
  };
}

// ---- random models and edits -------------------------------------------------------------------

interface Spec {
  cls: string;
  props: [string, string, boolean][]; // local, value, isRef
}

const ids = Array.from({ length: 30 }, (_, i) => `id${i}`);
const literal = fc.constantFrom('1', '1.5', 'x', 'North & South', 'é', '');
const propSpec = fc.oneof(
  fc.tuple(fc.constantFrom('IdentifiedObject.name', 'X.r', 'X.x'), literal, fc.constant(false)),
  fc.tuple(fc.constantFrom('Terminal.ConductingEquipment', 'X.Ref'), fc.constantFrom(...ids), fc.constant(true)),
  fc.tuple(fc.constant('prj:Project.phase'), literal, fc.constant(false)),
);
const objSpec = fc.record({ cls: fc.constantFrom('ACLineSegment', 'Terminal', 'Substation'), props: fc.array(propSpec, { maxLength: 5 }) });
const modelSpec = fc.dictionary(fc.constantFrom(...ids), objSpec, { maxKeys: 20 });

function build(spec: Record<string, Spec>, hid: string): CimModel {
  const objects: CimObject[] = Object.entries(spec).map(([id, s]) => ({
    ns: CIM,
    local: s.cls,
    id,
    rawId: `_${id}`,
    idForm: 'ID',
    section: 'model',
    line: 0,
    column: 0,
    properties: s.props.map(([local, value, ref]): Property => {
      const ns = local.startsWith('prj:') ? PRJ : CIM;
      const l = local.replace('prj:', '');
      return ref ? { ns, local: l, ref, value: `#_${value}`, line: 0, column: 0 } : { ns, local: l, ref, value, line: 0, column: 0 };
    }),
  }));
  return { header: header(hid), objects, namespaces: new Map([['cim', CIM]]) };
}

const edit = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom(...ids), spec: objSpec }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('change' as const), pick: fc.nat(), prop: propSpec }),
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), cls: fc.constantFrom('ACLineSegment', 'Terminal', 'Breaker') }),
);

type Edit = { kind: 'add'; id: string; spec: Spec } | { kind: 'remove'; pick: number } | { kind: 'change'; pick: number; prop: [string, string, boolean] } | { kind: 'drop'; pick: number } | { kind: 'retype'; pick: number; cls: string };

function edited(spec: Record<string, Spec>, edits: Edit[]): Record<string, Spec> {
  const out: Record<string, Spec> = JSON.parse(JSON.stringify(spec)) as Record<string, Spec>;
  for (const e of edits) {
    const keys = Object.keys(out);
    if (e.kind === 'add') {
      if (!(e.id in out)) out[e.id] = e.spec;
      continue;
    }
    if (keys.length === 0) continue;
    const key = keys[e.pick % keys.length]!;
    if (e.kind === 'remove') delete out[key];
    else if (e.kind === 'retype') out[key]!.cls = e.cls;
    else if (e.kind === 'drop') out[key]!.props.splice(e.pick % Math.max(1, out[key]!.props.length), 1);
    else {
      const props = out[key]!.props;
      if (props.length > 0) props[e.pick % props.length] = e.prop;
      else props.push(e.prop);
    }
  }
  return out;
}

describe('laws (property tests over random models and edits)', () => {
  const pair = fc.tuple(modelSpec, fc.array(edit, { maxLength: 8 })).map(([spec, edits]) => ({ base: build(spec, 'b'), next: build(edited(spec, edits as Edit[]), 'n') }));

  test('apply(B, diff(B, N)) = N and apply(N, invert(diff(B, N))) = B', () => {
    fc.assert(
      fc.property(pair, ({ base, next }) => {
        const d = diffModels(base, next, { exact: true, created: '2026-01-01T00:00:00Z' });
        const applied = applyDifference(base, d);
        expect(applied.mismatches).toEqual([]);
        expect(sorted(statements(applied.model))).toEqual(sorted(statements(next)));
        const back = applyDifference(applied.model, invertDifference(d));
        expect(back.mismatches).toEqual([]);
        expect(sorted(statements(back.model))).toEqual(sorted(statements(base)));
        // The same laws hold after the Difference Model is written and read back.
        const reread = parseCimXml(writeCimModelToString(d));
        expect(sorted(statements(applyDifference(base, reread).model))).toEqual(sorted(statements(next)));
      }),
      { numRuns: 300 },
    );
  });

  test('diff(B, B) is empty', () => {
    fc.assert(
      fc.property(modelSpec, (spec) => {
        const b = build(spec, 'b');
        expect(diffModels(b, build(spec, 'c')).objects).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  test('the diff is minimal: an unchanged property never appears', () => {
    fc.assert(
      fc.property(pair, ({ base, next }) => {
        const d = diffModels(base, next, { exact: true });
        const b = statements(base);
        const n = statements(next);
        for (const s of statements({ objects: d.objects.filter((o) => o.section === 'forwardDifferences').map((o) => ({ ...o, section: 'model' as const })), namespaces: new Map() })) {
          expect(b.has(s)).toBe(false);
          expect(n.has(s)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('numbers', () => {
  test('a re-spelled float is not a change unless exact', () => {
    const mk = (v: string): CimModel => build({ a: { cls: 'ACLineSegment', props: [['X.r', v, false]] } }, v);
    expect(diffModels(mk('1.0'), mk('1')).objects).toEqual([]);
    expect(diffModels(mk('0e+000'), mk('0.0')).objects).toEqual([]);
    const exact = diffModels(mk('1.0'), mk('1'), { exact: true });
    expect(exact.objects.map((o) => [o.section, o.properties.map((p) => p.value)])).toEqual([
      ['reverseDifferences', ['1.0']],
      ['forwardDifferences', ['1']],
    ]);
    expect(diffModels(mk('1.0'), mk('1.01')).objects).toHaveLength(2);
  });
});

describe('the MicroGrid Difference Models', () => {
  const eqBase = parseCimXml(readFileSync(realFile('BC_BE_EQ_V2')));
  const tpBase = parseCimXml(readFileSync(realFile('BC_BE_TP_V2')));
  const cases: [string, CimModel][] = [
    ['T1_BE_EQ_DIFF1_V2', eqBase],
    ['T1_BE_EQ_DIFF2_V2', eqBase],
    ['T1_BE_EQ_DIFF3_V2', eqBase],
    ['T1_BE_EQ_DIFF4_V2', eqBase],
    ['T1_BE_EQ_DIFF5_V2', eqBase],
    ['T1_BE_TP_DIFF1_V2', tpBase],
    ['T1_BE_TP_DIFF4_V2', tpBase],
  ];

  test.each(cases)('%s applies to its base; result = base − reverse ∪ forward; re-diff and invert give it back', (name, base) => {
    const d = parseCimXml(readFileSync(realFile(name)));
    expect(d.header?.supersedes).toEqual([base.header?.id]);
    const { model, mismatches } = applyDifference(base, d);
    expect(mismatches).toEqual([]);
    const section = (s: string): Set<string> => statements({ objects: d.objects.filter((o) => o.section === s).map((o) => ({ ...o, section: 'model' as const })), namespaces: new Map() });
    const forward = section('forwardDifferences');
    const reverse = section('reverseDifferences');
    const expected = new Set([...statements(base)].filter((s) => !reverse.has(s)));
    for (const s of forward) expected.add(s);
    expect(sorted(statements(model))).toEqual(sorted(expected));
    // diff(base, result) gives back the same forward and reverse statement sets.
    const again = diffModels(base, model, { exact: true });
    const againSection = (s: string): Set<string> => statements({ objects: again.objects.filter((o) => o.section === s).map((o) => ({ ...o, section: 'model' as const })), namespaces: new Map() });
    const base0 = statements(base);
    expect(sorted(againSection('forwardDifferences'))).toEqual(sorted(new Set([...forward].filter((s) => !base0.has(s) || reverse.has(s)))));
    expect(sorted(againSection('reverseDifferences'))).toEqual(sorted(reverse));
    // invert + apply returns the base.
    const back = applyDifference(model, invertDifference(d));
    expect(back.mismatches.filter((m) => m.kind !== 'wrong-base')).toEqual([]);
    expect(sorted(statements(back.model))).toEqual(sorted(statements(base)));
  });

  test('a Difference Model against the wrong base lists every mismatch', () => {
    const d = parseCimXml(readFileSync(realFile('T1_BE_EQ_DIFF2_V2')));
    const { mismatches } = applyDifference(tpBase, d);
    expect(mismatches[0]!.kind).toBe('wrong-base');
    expect(mismatches.filter((m) => m.kind === 'reverse-not-in-base')).toHaveLength(4);
    expect(mismatches.find((m) => m.kind === 'reverse-not-in-base')?.line).toBeGreaterThan(10);
  });

  test('the summary counts classes and lists old → new values', () => {
    const d = parseCimXml(readFileSync(realFile('T1_BE_EQ_DIFF2_V2')));
    const s = summariseDifference(d, eqBase);
    expect(s.added['cim:PetersenCoil']).toBe(1);
    expect(s.reverseStatements).toBe(4);
    const phases = s.changes.find((c) => c.property === 'cim:Terminal.phases');
    expect(phases?.class).toBe('cim:Terminal');
    expect(phases?.old).toEqual(['http://iec.ch/TC57/2013/CIM-schema-cim16#PhaseCode.ABC']);
  });
});
