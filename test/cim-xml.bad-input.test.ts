// Hostile and broken input: each refused with a coded error that names line and column.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LtdsError } from '../src/errors/index.js';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { CimXmlReader, type ReaderOptions } from '../src/cim-xml/reader.js';
import { realFile } from './helpers/real-data.js';

/** Reads `input` whole (chunk 0, through parseCimXml) or in chunks of `chunk` bytes. */
function readWith(input: string | Buffer, chunk = 0, options: ReaderOptions = {}): void {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  if (chunk <= 0) {
    parseCimXml(buf, { ...options, name: 'input.xml' });
    return;
  }
  const reader = new CimXmlReader({}, options);
  for (let i = 0; i < buf.length; i += chunk) reader.write(buf.subarray(i, i + chunk));
  reader.end();
}

/** The coded error reading `input` gives; fails the test when it is accepted. */
function failure(input: string | Buffer, chunk = 0, options: ReaderOptions = {}): LtdsError {
  try {
    readWith(input, chunk, options);
  } catch (err) {
    if (err instanceof LtdsError) return err;
    throw err;
  }
  throw new Error('expected the input to be refused');
}

const RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#"';
const doc = (body: string): string => `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF ${RDF}>\n${body}\n</rdf:RDF>\n`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rdf:RDF ${RDF}><cim:X rdf:ID="_a"><cim:X.y>&lol9;</cim:X.y></cim:X></rdf:RDF>`;

describe('refused input (code, line, column)', () => {
  test.each([
    ['entity-expansion bomb in a DOCTYPE', BILLION_LAUGHS, 'XML_DOCTYPE_REFUSED', 2, 1],
    ['external entity', `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rdf:RDF ${RDF}/>`, 'XML_DOCTYPE_REFUSED', 2, 1],
    ['truncated inside the root tag', doc('<cim:X rdf:ID="_a"><cim:X.y>1</cim:X.y></cim:X>').slice(0, 140), 'XML_TRUNCATED', 2, 1],
    ['truncated inside a property tag', doc('<cim:X rdf:ID="_a">\n  <cim:X.y rdf:resou').split('\n</rdf:RDF>')[0], 'XML_TRUNCATED', 4, 3],
    ['truncated inside an object', doc('<cim:X rdf:ID="_a">\n  <cim:X.y>1</cim:X.y>').replace(/\n<\/rdf:RDF>\n$/, ''), 'XML_TRUNCATED', 4, 23],
    ['a second root', doc('<cim:X rdf:ID="_a"/>') + '<rdf:RDF/>', 'XML_SECOND_ROOT', 5, 1],
    ['unclosed tag closed by the wrong one', doc('<cim:X rdf:ID="_a">\n<cim:X.y>1</cim:X.z>\n</cim:X>'), 'XML_MISMATCHED_TAG', 4, 11],
    ['text where an object should be', doc('hello <cim:X rdf:ID="_a"/>'), 'CIM_UNEXPECTED_TEXT', 3, 7],
    ['text before the root', `junk\n<rdf:RDF ${RDF}/>`, 'XML_TEXT_OUTSIDE_ROOT', 1, 1],
    ['an unknown entity', doc('<cim:X rdf:ID="_a"><cim:X.y>&nbsp;</cim:X.y></cim:X>'), 'XML_BAD_REFERENCE', 3, 29],
    ['a root that is not rdf:RDF', `<cim:X ${RDF}/>`, 'CIM_ROOT', 1, 1],
    ['an undeclared prefix', doc('<foo:X rdf:ID="_a"/>'), 'CIM_UNBOUND_PREFIX', 3, 1],
    ['a nested object', doc('<cim:X rdf:ID="_a"><cim:X.y><cim:Y rdf:ID="_b"/></cim:X.y></cim:X>'), 'CIM_UNSUPPORTED', 3, 29],
    ['parseType Literal', doc('<cim:X rdf:ID="_a"><cim:X.y rdf:parseType="Literal"><b/></cim:X.y></cim:X>'), 'CIM_UNSUPPORTED', 3, 20],
    ['two headers', doc('<md:FullModel xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#" rdf:about="urn:uuid:1"/>\n<md:FullModel xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#" rdf:about="urn:uuid:2"/>'), 'CIM_DUPLICATE_HEADER', 4, 1],
    ['a duplicate attribute', doc('<cim:X rdf:ID="_a" rdf:ID="_b"/>'), 'XML_SYNTAX', 3, 20],
    ['UTF-16 declared', `<?xml version="1.0" encoding="UTF-16"?>\n<rdf:RDF ${RDF}/>`, 'XML_ENCODING', 1, 1],
    ['an empty document', '', 'XML_NO_ROOT', 1, 1],
    ["'<' in an attribute value", doc('<cim:X rdf:ID="a<b"/>'), 'XML_SYNTAX', 3, 17],
  ])('%s → %s', (_name, input, code, line, column) => {
    for (const chunk of [0, 1, 7]) {
      const err = failure(input!, chunk);
      expect(err.code).toBe(code);
      expect([err.line, err.column]).toEqual([line, column]);
    }
    expect(failure(input!).message).toMatch(/\(input\.xml, line \d+, column \d+\)$/);
  });

  test('invalid UTF-8 is reported with its byte offset, whole or split across chunks', () => {
    const text = Buffer.from(doc('<cim:X rdf:ID="_a"><cim:X.name>caf\u00e9</cim:X.name></cim:X>'));
    const at = text.indexOf(0xc3);
    const bad = Buffer.from(text);
    bad[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
    for (const chunk of [0, 1, 7, 64]) {
      const err = failure(bad, chunk);
      expect(err.code).toBe('XML_INVALID_UTF8');
      expect(err.params.offset).toBe(at);
      expect(err.line).toBe(3);
    }
    // A lone continuation byte and a truncated sequence at the very end are invalid too.
    const lone = Buffer.concat([Buffer.from(doc('<cim:X rdf:ID="_a"/>')), Buffer.from([0x80])]);
    expect(failure(lone).code).toBe('XML_INVALID_UTF8');
    expect(failure(Buffer.concat([Buffer.from(doc('')), Buffer.from([0xe2, 0x82])])).code).toBe('XML_INVALID_UTF8');
  });

  test('the entity bomb is refused on sight, before anything after it is read, with bounded memory', () => {
    // Not a wall-clock limit (that fails on a busy machine, and passes a slow expansion on a fast
    // one): the refusal comes from the chunk that holds the DOCTYPE, and the megabytes after it are
    // never asked for, so nothing is expanded whatever the machine.
    const tail = Buffer.alloc(1 << 20, ' ');
    let pulled = 0;
    const reader = new CimXmlReader({});
    let err: unknown;
    try {
      for (const chunk of [Buffer.from(BILLION_LAUGHS.slice(0, 120)), ...Array.from({ length: 64 }, () => tail)]) {
        pulled++;
        reader.write(chunk);
      }
      reader.end();
    } catch (e) {
      err = e;
    }
    expect((err as LtdsError).code).toBe('XML_DOCTYPE_REFUSED');
    expect(pulled).toBe(1);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) expect(failure(BILLION_LAUGHS).code).toBe('XML_DOCTYPE_REFUSED');
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  test('truncating a real file anywhere is reported, never accepted', () => {
    const bytes = readFileSync(realFile('cgmes30-microgrid/20210209T1930Z_1D_BE_GL_9.xml'));
    const end = bytes.lastIndexOf('</rdf:RDF>');
    for (let cut = 1; cut < end; cut += Math.max(1, Math.floor(end / 97))) {
      const err = failure(bytes.subarray(0, cut));
      expect(['XML_TRUNCATED', 'XML_INVALID_UTF8']).toContain(err.code);
      expect(err.line).toBeGreaterThan(0);
    }
  });

  test('limits: depth, token size and object count', () => {
    const shallow = doc('<cim:X rdf:ID="_a"><cim:X.y>1</cim:X.y></cim:X>');
    expect(() => readWith(shallow, 0, { maxDepth: 3 })).not.toThrow();
    expect(failure(shallow, 0, { maxDepth: 2 }).code).toBe('XML_LIMIT');
    const big = doc(`<cim:X rdf:ID="_a"><cim:X.y>${'x'.repeat(5000)}</cim:X.y></cim:X>`);
    expect(failure(big, 100, { maxTokenBytes: 1000 }).code).toBe('XML_LIMIT');
    expect(failure(doc('<cim:X rdf:ID="_a"/><cim:X rdf:ID="_b"/><cim:X rdf:ID="_c"/>'), 0, { maxObjects: 2 }).code).toBe('XML_LIMIT');
  });
});
