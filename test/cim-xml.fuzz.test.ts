// Property tests: random CIM documents survive write → read; random well-formed XML gives the same
// events from our scanner and saxes at any chunking; random damage never crashes the reader.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LtdsError } from '../src/errors/index.js';
import type { CimModel, CimObject, Property } from '../src/cim-xml/model.js';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import { saxesEvents, scannerEvents } from './helpers/xml-events.js';
import { realFiles } from './helpers/real-data.js';
import { ourStatements } from './helpers/rdf.js';

const CIM = 'http://iec.ch/TC57/CIM100#';
const OTHER = 'http://vendor.example/ns#';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\n', '\t', 'é', '—', '😀', ']]>', '\r') });
const id = fc.stringMatching(/^[a-f0-9]{1,8}$/);

const property: fc.Arbitrary<Property> = fc.record({
  ns: fc.constantFrom(CIM, OTHER),
  local: fc.constantFrom('IdentifiedObject.name', 'X.r', 'X.Ref', 'Line.length'),
  ref: fc.boolean(),
  value: text,
  refId: id,
  lang: fc.option(fc.constantFrom('en', 'cy'), { nil: undefined }),
}).map(({ ns, local, ref, value, refId, lang }) => {
  const p: Property = ref ? { ns, local, ref, value: `#_${refId}`, line: 0, column: 0 } : { ns, local, ref, value, line: 0, column: 0 };
  if (!ref && lang !== undefined) p.lang = lang;
  return p;
});

const object: fc.Arbitrary<CimObject> = fc.record({
  id,
  typed: fc.boolean(),
  form: fc.constantFrom('ID' as const, 'about' as const),
  cls: fc.constantFrom('ACLineSegment', 'Terminal', 'Substation'),
  properties: fc.array(property, { maxLength: 6 }),
}).map(({ id: i, typed, form, cls, properties }) => ({
  ns: typed ? CIM : '',
  local: typed ? cls : '',
  id: i,
  rawId: form === 'ID' ? `_${i}` : `#_${i}`,
  idForm: form,
  section: 'model' as const,
  properties,
  line: 0,
  column: 0,
}));

const model: fc.Arbitrary<CimModel> = fc.array(object, { maxLength: 12 }).map((objects) => ({ objects, namespaces: new Map([['cim', CIM]]) }));

describe('write → read keeps every statement of random models', () => {
  test('property', () => {
    fc.assert(
      fc.property(model, (m) => {
        const xml = writeCimModelToString(m);
        const back = parseCimXml(xml);
        expect(back.objects.map((o) => [o.ns, o.local, o.rawId, o.properties.map((p) => [p.ns, p.local, p.ref, p.value, p.lang])])).toEqual(
          m.objects.map((o) => [o.ns, o.local, o.rawId, o.properties.map((p) => [p.ns, p.local, p.ref, p.value, p.lang])]),
        );
        expect(ourStatements(back, 'http://x/')).toEqual(ourStatements(m, 'http://x/'));
      }),
      { numRuns: 300 },
    );
  });
});

// Random well-formed XML, generated as text with the constructs the scanner must handle.
const xmlName = fc.constantFrom('a', 'b:c', 'rdf:RDF', 'x-y.z', '_q', 'é');
const attrValue = fc.string({ unit: fc.constantFrom('a', ' ', '&amp;', '&lt;', '&#10;', '\t', '\n', '"', 'é', '>') });
const leafText = fc.string({ unit: fc.constantFrom('t', ' ', '\n', '\r\n', '&amp;', '&#x41;', '<![CDATA[x<y]]>', '<!-- c -->', '<?p i?>', 'ü', '>') });

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .record({
      name: xmlName,
      attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('k', 'rdf:ID', 'xml:lang', 'v2'), attrValue), { selector: (t) => t[0], maxLength: 3 }),
      children: depth > 1 ? fc.array(fc.oneof(leafText, element(depth - 1)), { maxLength: 4 }) : fc.array(leafText, { maxLength: 2 }),
      self: fc.boolean(),
    })
    .map(({ name, attrs, children, self }) => {
      const a = attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, "'")}"`).join('');
      if (self && children.length === 0) return `<${name}${a}/>`;
      return `<${name}${a}>${children.join('')}</${name}>`;
    }),
);

describe('scanner and saxes agree on random well-formed XML at random chunk sizes', () => {
  test('property', () => {
    fc.assert(
      fc.property(element(4), fc.boolean(), fc.integer({ min: 1, max: 64 }), (root, bom, chunk) => {
        const doc = Buffer.from(`${bom ? '\ufeff' : ''}<?xml version="1.0"?>\n<!-- head -->\n${root}\n`);
        const expected = saxesEvents(doc);
        expect(scannerEvents(doc)).toEqual(expected);
        expect(scannerEvents(doc, chunk)).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('damaged real files', () => {
  const samples = realFiles()
    .filter((f) => /BE_GL|TP_DIFF1|EQ_BD\.xml|BC_BE_SV/.test(f.name))
    .map((f) => readFileSync(f.path));

  test('are refused with a coded error or read like saxes reads them; never a crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples.keys()),
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.constantFrom('', '<', '>', '&', '"', '</x>', '<x>', '\u0000', '\uffff', 'é'),
        (which, at, del, insert) => {
          const src = samples[which]!;
          const pos = at % src.length;
          const damaged = Buffer.concat([src.subarray(0, pos), Buffer.from(insert), src.subarray(Math.min(src.length, pos + del))]);
          let ours: unknown;
          try {
            ours = scannerEvents(damaged, 4096);
          } catch (err) {
            expect(err).toBeInstanceOf(LtdsError);
            expect((err as LtdsError).line).toBeGreaterThan(0);
            return;
          }
          // We accepted it: saxes must accept it too and see the same events.
          expect(ours).toEqual(saxesEvents(damaged));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});
