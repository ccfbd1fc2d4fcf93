// The diff that compares objects by the bytes of their elements (what `ltds diff` runs): the reader's
// span mode it stands on, and byte-identical Difference Models to the in-memory diffModels on the
// real MicroGrid files, on generated sample networks and on random models written many ways.

import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { feedCimInput, expandInputs, type CimInput } from '../src/cim-xml/inputs.js';
import type { CimObject } from '../src/cim-xml/model.js';
import { CimXmlReader, type ObjectSpan } from '../src/cim-xml/reader.js';
import { parseCimXml, readCimBuffer } from '../src/cim-xml/sources.js';
import { decodeSpans } from '../src/cim-xml/spans.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import { FileBytes, stampOf } from '../src/diff/base-bytes.js';
import { applyDifference, diffCimInputs, diffModels } from '../src/diff/index.js';
import { isLtdsError } from '../src/errors/index.js';
import { generateNetwork } from '../src/samples/index.js';
import { editedCopy } from '../bench/diff-fixture.js';
import { realFile, realFiles } from './helpers/real-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-diff-bytes-'));
const CREATED = '2026-01-01T00:00:00Z';

function inputOf(path: string): CimInput {
  return { name: path, path, bytes: readFileSync(path).length };
}

/** The two diffs of a pair of files, as written bytes: by element bytes, and in memory. */
async function bothDiffs(basePath: string, nextPath: string, exact: boolean): Promise<{ streamed: string; inMemory: string; compared: unknown }> {
  const streamed = await diffCimInputs(inputOf(basePath), inputOf(nextPath), { exact, created: CREATED });
  const inMemory = diffModels(parseCimXml(readFileSync(basePath)), parseCimXml(readFileSync(nextPath)), { exact, created: CREATED });
  return { streamed: writeCimModelToString(streamed.diff), inMemory: writeCimModelToString(inMemory), compared: streamed.compared };
}

/** Reads a buffer in span mode fed in chunks of `size` bytes; each span with its bytes as the reader gave them. */
function spansOf(bytes: Buffer, size: number): { spans: ObjectSpan[]; elements: Buffer[]; reader: CimXmlReader } {
  const spans: ObjectSpan[] = [];
  const elements: Buffer[] = [];
  const reader: CimXmlReader = new CimXmlReader(
    {
      span: (s) => {
        spans.push(s);
        elements.push(Buffer.from(reader.spanBytes(s)));
      },
    },
    { spans: true },
  );
  for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, Math.min(bytes.length, at + size)));
  reader.end();
  return { spans, elements, reader };
}

function withoutProperties(o: CimObject): CimObject {
  return { ...o, properties: [] };
}

describe('span mode of the reader, on every real file', () => {
  test.each(realFiles().map((f) => [f.name, f.path]))('%s: spans locate every object; decoded, they are the normal records', (_name, path) => {
    const bytes = readFileSync(path);
    const normal = parseCimXml(bytes);
    for (const size of [bytes.length, 65536, 4093]) {
      const { spans, elements, reader } = spansOf(bytes, size);
      expect(spans.map((s) => s.object)).toEqual(normal.objects.map(withoutProperties));
      expect(reader.headerRecord).toEqual(normal.header);
      for (let i = 0; i < spans.length; i++) {
        expect(elements[i]!.equals(bytes.subarray(spans[i]!.start, spans[i]!.end))).toBe(true);
        expect(elements[i]!.toString('utf8', 0, 1)).toBe('<');
      }
      // Objects of the model section decode to exactly what the normal mode gives, positions included.
      const model = spans.map((s, i) => ({ s, i })).filter(({ s }) => s.object.section === 'model');
      const decoded = decodeSpans(
        model.map(({ s, i }) => ({ bytes: elements[i]!, id: s.object.id, line: s.object.line, column: s.object.column })),
        reader.rootContext!,
      );
      expect(decoded).toEqual(model.map(({ i }) => normal.objects[i]));
    }
  });
});

describe('span mode refuses what the normal mode refuses, with the same error', () => {
  const doc = (body: string): string => `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#"><cim:A rdf:ID="_a">${body}</cim:A></rdf:RDF>`;
  test.each([
    ['an unknown entity in a literal', '<cim:A.x>&nope;</cim:A.x>'],
    ['a non-character in a literal', '<cim:A.x>\uFFFE</cim:A.x>'],
    ['text and rdf:resource on one property', '<cim:A.r rdf:resource="#_b">text</cim:A.r>'],
    ['an element nested in a property', '<cim:A.x><cim:B/></cim:A.x>'],
    ['an unbound prefix', '<foo:A.x>1</foo:A.x>'],
    ['an unsupported rdf attribute', '<cim:A.x rdf:bagID="b">1</cim:A.x>'],
  ])('%s', (_what, body) => {
    const failure = (spans: boolean): string => {
      try {
        readCimBuffer(doc(body), { span: () => undefined, object: () => undefined }, { spans });
      } catch (err) {
        return isLtdsError(err) ? `${err.code}: ${err.message}` : String(err);
      }
      return 'no error';
    };
    expect(failure(true)).not.toBe('no error');
    expect(failure(true)).toBe(failure(false));
  });
});

describe('feeding a file through reused buffers', () => {
  test('a token longer than a read buffer is kept whole (the reader holds the chunk; a fresh buffer is used)', async () => {
    const big = 'x'.repeat(2_500_000) + '&amp;é';
    const xml = (value: string): string =>
      `<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#">\n` +
      `<cim:A rdf:ID="_a">\n  <cim:IdentifiedObject.description>${value}</cim:IdentifiedObject.description>\n</cim:A>\n` +
      `<cim:A rdf:ID="_b">\n  <cim:IdentifiedObject.name>b</cim:IdentifiedObject.name>\n</cim:A>\n</rdf:RDF>\n`;
    const a = join(tmp, 'big-a.xml');
    const b = join(tmp, 'big-b.xml');
    writeFileSync(a, xml(big));
    writeFileSync(b, xml(big + 'y'));
    const spans: string[] = [];
    const reader: CimXmlReader = new CimXmlReader({ span: (s) => void spans.push(reader.spanBytes(s).toString('utf8')) }, { spans: true });
    await feedCimInput(inputOf(a), reader);
    expect(spans[0]).toBe(`<cim:A rdf:ID="_a">\n  <cim:IdentifiedObject.description>${big}</cim:IdentifiedObject.description>\n</cim:A>`);
    const same = await bothDiffs(a, a, false);
    expect(same.streamed).toBe(same.inMemory);
    const changed = await bothDiffs(a, b, false);
    expect(changed.streamed).toBe(changed.inMemory);
    expect(changed.compared).toEqual({ sameBytes: 1, decoded: 1, added: 0 });
  });

  test('a base file that changes between its two readings is refused', () => {
    const a = join(tmp, 'stamp.xml');
    writeFileSync(a, 'abc');
    const stamp = stampOf(a);
    writeFileSync(a, 'abcd');
    expect(() => new FileBytes(a, stamp)).toThrow(/changed while it was being read/);
  });
});

describe('byte-compare diff = diffModels, byte for byte, on the real MicroGrid files', () => {
  test.each([
    ['BC_BE_EQ_V2', 'T1_BE_EQ_V2'],
    ['T1_BE_EQ_V2', 'BC_BE_EQ_V2'],
    ['BC_BE_SSH_V2', 'T1_BE_SSH_V2.xml'],
    ['T1_BE_SSH_V2.xml', 'T1_BE_SSH_V2_FOR_DIFF1'],
    ['BC_BE_TP_V2', 'T1_BE_TP_V2'],
    ['BC_BE_SV_V2', 'ASSEMBLED_SV_9'],
    ['1D_BE_EQ_9', '1D_NL_EQ_9'],
    ['1D_BE_SSH_9', '1D_NL_SSH_9'],
    ['1D_NL_GL_9', '1D_BE_GL_9'],
    ['T1_BE_EQ_DIFF1_V2', 'T1_BE_EQ_DIFF3_V2'],
  ])('%s → %s', async (a, b) => {
    for (const exact of [false, true]) {
      const r = await bothDiffs(realFile(a), realFile(b), exact);
      expect(r.streamed).toBe(r.inMemory);
    }
  });

  test.each(['T1_BE_EQ_DIFF1_V2', 'T1_BE_EQ_DIFF2_V2', 'T1_BE_EQ_DIFF4_V2', 'T1_BE_EQ_DIFF5_V2'])(
    'BC EQ → BC EQ with %s applied, and the result written two ways (same bytes; and re-formatted)',
    async (name) => {
      const base = parseCimXml(readFileSync(realFile('BC_BE_EQ_V2')));
      const applied = applyDifference(base, parseCimXml(readFileSync(realFile(name)))).model;
      const path = join(tmp, `${name}-applied.xml`);
      writeFileSync(path, writeCimModelToString(applied));
      const rewrittenBase = join(tmp, `${name}-base.xml`);
      writeFileSync(rewrittenBase, writeCimModelToString(base));
      for (const exact of [false, true]) {
        // Base as published (different formatting: every object decoded) and base re-written (most objects equal by bytes).
        for (const b of [realFile('BC_BE_EQ_V2'), rewrittenBase]) {
          const r = await bothDiffs(b, path, exact);
          expect(r.streamed).toBe(r.inMemory);
        }
      }
      const r = await bothDiffs(rewrittenBase, path, false);
      const c = r.compared as { sameBytes: number; decoded: number };
      expect(c.sameBytes).toBeGreaterThan(c.decoded);
    },
  );
});

describe('byte-compare diff = diffModels on generated sample networks', () => {
  test.each([1, 2, 3])('seed %i: the bench edit (~1% of objects removed, changed, added)', async (seed) => {
    const dir = join(tmp, `net-${seed}`);
    generateNetwork({ substations: 40, outDir: dir, area: 'BENCH', seed });
    const base = join(dir, 'BENCH_EQ.xml');
    const next = await editedCopy(base);
    for (const exact of [false, true]) {
      const r = await bothDiffs(base, next, exact);
      expect(r.streamed).toBe(r.inMemory);
      const c = r.compared as { sameBytes: number; decoded: number; added: number };
      // Only the edited objects are decoded; everything else is settled by its bytes.
      expect(c.decoded).toBeLessThan(c.sameBytes / 20);
      expect(c.sameBytes).toBeGreaterThan(1000);
    }
    const a = (await expandInputs([base]))[0]!;
    const same = await diffCimInputs(a, a, { created: CREATED });
    expect(same.diff.objects).toEqual([]);
  });
});

// ---- random models written many ways ------------------------------------------------------------

const CIM = 'http://iec.ch/TC57/CIM100#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

interface Obj {
  id: string;
  cls: string | null; // null: rdf:Description
  props: [string, string, 'lit' | 'ref' | 'lang'][];
}

/** How a document is written: prefix of the CIM namespace, indentation, id form, root xml:lang/base. */
interface Style {
  prefix: string;
  indent: string;
  about: boolean;
  lang: string | null;
  base: string | null;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function writeDoc(objects: Obj[], style: Style): string {
  const p = style.prefix;
  let out = `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="${RDF}" xmlns:${p}="${CIM}"`;
  if (style.lang !== null) out += ` xml:lang="${style.lang}"`;
  if (style.base !== null) out += ` xml:base="${style.base}"`;
  out += '>\n';
  for (const o of objects) {
    const name = o.cls === null ? 'rdf:Description' : `${p}:${o.cls}`;
    const id = o.cls === null || style.about ? `rdf:about="#_${o.id}"` : `rdf:ID="_${o.id}"`;
    out += `${style.indent}<${name} ${id}>\n`;
    for (const [local, value, kind] of o.props) {
      if (kind === 'ref') out += `${style.indent}${style.indent}<${p}:${local} rdf:resource="#_${value}"/>\n`;
      else if (kind === 'lang') out += `${style.indent}${style.indent}<${p}:${local} xml:lang="fr">${escapeText(value)}</${p}:${local}>\n`;
      else out += `${style.indent}${style.indent}<${p}:${local}>${escapeText(value)}</${p}:${local}>\n`;
    }
    out += `${style.indent}</${name}>\n`;
  }
  return out + '</rdf:RDF>\n';
}

const idPool = Array.from({ length: 12 }, (_, i) => `o${i}`);
const prop = fc.oneof(
  fc.tuple(fc.constantFrom('IdentifiedObject.name', 'X.r', 'X.x'), fc.constantFrom('1', '1.0', '1e0', '2.5', 'x', 'a & b', 'é', ''), fc.constant('lit' as const)),
  fc.tuple(fc.constantFrom('Terminal.ConductingEquipment', 'X.Ref'), fc.constantFrom(...idPool), fc.constant('ref' as const)),
  fc.tuple(fc.constant('IdentifiedObject.description'), fc.constantFrom('un', 'deux'), fc.constant('lang' as const)),
);
const obj = fc.record({ id: fc.constantFrom(...idPool), cls: fc.constantFrom('ACLineSegment', 'Terminal', null), props: fc.array(prop, { maxLength: 4 }) });
const style = fc.record({
  prefix: fc.constantFrom('cim', 'c'),
  indent: fc.constantFrom('  ', '\t'),
  about: fc.boolean(),
  lang: fc.constantFrom(null, 'en'),
  base: fc.constantFrom(null, 'http://example.org/m'),
});

/** A model and an edited copy: objects changed, removed, added, re-spelled, reordered, repeated. */
const pair = fc
  .record({
    objects: fc.uniqueArray(obj, { selector: (o) => o.id, maxLength: 10 }),
    edits: fc.array(fc.tuple(fc.constantFrom('change', 'remove', 'add', 'respell', 'swap', 'repeat-base', 'repeat-next'), fc.nat(), obj), { maxLength: 5 }),
    baseStyle: style,
    sameStyle: fc.boolean(),
    nextStyle: style,
  })
  .map(({ objects, edits, baseStyle, sameStyle, nextStyle }) => {
    const base: Obj[] = structuredClone(objects);
    let next: Obj[] = structuredClone(objects);
    for (const [kind, n, extra] of edits) {
      const i = next.length === 0 ? 0 : n % next.length;
      if (kind === 'add') next.push({ ...extra, id: `new${n % 5}` });
      else if (next.length === 0) continue;
      else if (kind === 'change') next[i] = { ...extra, id: next[i]!.id };
      else if (kind === 'remove') next.splice(i, 1);
      else if (kind === 'respell') next[i]!.props = next[i]!.props.map(([l, v, k]) => [l, k === 'lit' && v === '1' ? '1.0' : v, k]);
      else if (kind === 'swap') next = [...next.slice(i), ...next.slice(0, i)];
      else if (kind === 'repeat-base') base.push({ id: next[i]!.id, cls: null, props: extra.props });
      else next.push({ id: next[i]!.id, cls: null, props: extra.props });
    }
    // Unique new ids (an added object must not repeat another added one unless the edit says so).
    const seen = new Set<string>();
    next = next.filter((o) => {
      if (!o.id.startsWith('new')) return true;
      if (seen.has(o.id)) return false;
      seen.add(o.id);
      return true;
    });
    return { base: writeDoc(base, baseStyle), next: writeDoc(next, sameStyle ? baseStyle : nextStyle) };
  });

describe('byte-compare diff = diffModels on random models written many ways', () => {
  test('same bytes out, exact and numeric, whatever the prefixes, ids, indentation, language, base and repeats', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(pair, async ({ base, next }) => {
        const a = join(tmp, `r${run}-a.xml`);
        const b = join(tmp, `r${run++}-b.xml`);
        writeFileSync(a, base);
        writeFileSync(b, next);
        for (const exact of [false, true]) {
          const r = await bothDiffs(a, b, exact);
          expect(r.streamed).toBe(r.inMemory);
        }
      }),
      { numRuns: 300 },
    );
  });
});
