// Hostile XML, round two (issue 18): attributes cost linear time and are bounded per element; the
// text-size limit holds for text joined across comments and CDATA; UTF-16 and zip input are named
// as such; a second DOCTYPE is refused; bytes from the input never reach a message raw.

import { describe, expect, test } from 'vitest';
import { LtdsError } from '../src/errors/index.js';
import { CimXmlReader, type ReaderOptions } from '../src/cim-xml/reader.js';

const RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#"';

/** Reads `input` in chunks of `chunk` bytes (awkward boundaries on purpose); returns the error or undefined. */
function read(input: string | Buffer, options: ReaderOptions = {}, chunk = 65_521): LtdsError | undefined {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const reader = new CimXmlReader({}, options);
  try {
    for (let i = 0; i < buf.length; i += chunk) reader.write(buf.subarray(i, i + chunk));
    reader.end();
  } catch (err) {
    if (err instanceof LtdsError) return err;
    throw err;
  }
  return undefined;
}

function refused(input: string | Buffer, options: ReaderOptions = {}, chunk?: number): LtdsError {
  const err = read(input, options, chunk);
  if (!err) throw new Error('expected the input to be refused');
  return err;
}

/** An object whose element carries `n` distinct attributes (the shape of the 80-second input). */
function manyAttributes(n: number, prefix = 'a'): string {
  const attrs: string[] = [];
  for (let i = 0; i < n; i++) attrs.push(`${prefix}${i}="v"`);
  return `<rdf:RDF ${RDF}><cim:Terminal rdf:ID="_t" ${attrs.join(' ')}/></rdf:RDF>`;
}

/** A root carrying `n` namespace declarations. */
function manyNamespaces(n: number): string {
  const decls: string[] = [];
  for (let i = 0; i < n; i++) decls.push(`xmlns:p${i}="http://example.org/${i}#"`);
  return `<rdf:RDF ${RDF} ${decls.join(' ')}></rdf:RDF>`;
}

describe('attributes per element', () => {
  test('200,000 attributes on one element are refused with XML_LIMIT (maxAttributes), quickly', () => {
    const input = manyAttributes(200_000);
    const t = process.cpuUsage();
    const err = refused(input);
    const cpuS = (process.cpuUsage(t).user + process.cpuUsage(t).system) / 1e6;
    expect(err.code).toBe('XML_LIMIT');
    expect(err.params).toEqual({ limit: 'maxAttributes', value: 5000 });
    expect(err.message).toMatch(/element <cim:Terminal> has more than the limit of 5000 attributes/);
    // Generous: a quadratic check takes tens of seconds here; a linear one milliseconds.
    expect(cpuS).toBeLessThan(10);
  });

  test('100,000 namespace declarations are refused the same way', () => {
    const err = refused(manyNamespaces(100_000));
    expect(err.code).toBe('XML_LIMIT');
    expect(err.params.limit).toBe('maxAttributes');
  });

  test('the limit is an option, and under a raised limit the duplicate check stays linear', () => {
    // 60,000 attributes: a quadratic check does 1.8e9 comparisons (many seconds); a set, 60,000 look-ups.
    const t = process.cpuUsage();
    expect(read(manyAttributes(60_000), { maxAttributes: 100_000 })?.code).not.toBe('XML_LIMIT');
    const cpuS = (process.cpuUsage(t).user + process.cpuUsage(t).system) / 1e6;
    expect(cpuS).toBeLessThan(10);
    expect(refused(manyAttributes(11), { maxAttributes: 10 }).params).toEqual({ limit: 'maxAttributes', value: 10 });
  });

  test.each([3, 16, 17, 40])('a duplicate attribute is still found among %i attributes', (n) => {
    const attrs = Array.from({ length: n }, (_, i) => `a${i}="v"`).join(' ');
    const err = refused(`<rdf:RDF ${RDF}><cim:Terminal rdf:ID="_t" ${attrs} a${n - 1}="again"/></rdf:RDF>`);
    expect(err.code).toBe('XML_SYNTAX');
    expect(err.message).toMatch(new RegExp(`attribute a${n - 1} appears twice in <cim:Terminal>`));
  });
});

describe('text joined across comments and CDATA', () => {
  const limit = 64 * 1024;
  const piece = 'x'.repeat(1000);
  test.each([
    ['comments', `${piece}<!---->`],
    ['CDATA sections', `<![CDATA[${piece}]]>`],
    ['CDATA sections and text', `${piece}<![CDATA[${piece}]]>`],
  ])('a text run split by %s is held to maxTokenBytes as one value', (_label, unit) => {
    const input = `<rdf:RDF ${RDF}><cim:IdentifiedObject rdf:ID="_a"><cim:IdentifiedObject.name>${unit.repeat(200)}</cim:IdentifiedObject.name></cim:IdentifiedObject></rdf:RDF>`;
    for (const chunk of [7, 4096, input.length]) {
      const err = refused(input, { maxTokenBytes: limit }, chunk);
      expect(err.code).toBe('XML_LIMIT');
      expect(err.params).toEqual({ limit: 'maxTokenBytes', value: limit });
    }
    // Under the limit the same text is read whole.
    let name = '';
    const reader = new CimXmlReader({ object: (o) => (name = String(o.properties[0]?.value ?? '')) }, { maxTokenBytes: 1 << 20 });
    reader.write(Buffer.from(input));
    reader.end();
    expect(name.length).toBe((unit.match(/x/g) ?? []).length * 200);
  });
});

describe('input that is not UTF-8 XML is named for what it is', () => {
  const xml = `<?xml version="1.0"?><rdf:RDF ${RDF}/>`;
  const utf16le = Buffer.from(xml, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  test.each([
    ['UTF-16 LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le])],
    ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
    ['UTF-16 LE without one', utf16le],
    ['UTF-16 BE without one', utf16be],
  ])('%s', (_label, bytes) => {
    for (const chunk of [1, 3, bytes.length]) {
      const err = refused(bytes, {}, chunk);
      expect(err.code).toBe('XML_ENCODING');
      expect(err.message).toMatch(/UTF-16, which is not supported; CIM XML is UTF-8/);
    }
  });

  test('a zip archive given as XML', () => {
    const err = refused(Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0008\u0000'), Buffer.alloc(40, 0x9c)]));
    expect(err.code).toBe('XML_ENCODING');
    expect(err.message).toMatch(/is a zip archive, not XML/);
  });
});

test('a second DOCTYPE is refused', () => {
  const err = refused(`<?xml version="1.0"?><!DOCTYPE rdf:RDF><!DOCTYPE rdf:RDF><rdf:RDF ${RDF}/>`);
  expect(err.code).toBe('XML_SYNTAX');
  expect(err.message).toMatch(/a second DOCTYPE/);
  expect(read(`<?xml version="1.0"?><!DOCTYPE rdf:RDF><rdf:RDF ${RDF}/>`)).toBeUndefined();
});

test.each([
  ['an element name', `<rdf:RDF ${RDF}><\u001b[31mred/></rdf:RDF>`],
  ['an attribute name', `<rdf:RDF ${RDF}><cim:A rdf:ID="_a" \u001b[2J="x"/></rdf:RDF>`],
  ['inside a name', `<rdf:RDF ${RDF}><cim:A\u0007b/></rdf:RDF>`],
])('a control character in %s is shown as its code, never raw', (_label, input) => {
  const err = refused(input);
  expect(err.code).toBe('XML_SYNTAX');
  expect([...err.message].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toEqual([]);
  expect(err.message).toMatch(/byte 0x(1b|07)/);
});
