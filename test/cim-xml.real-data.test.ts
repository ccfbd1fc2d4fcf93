// The reader and writer on every real public file in ../shared/data: round trip, agreement with
// an independent RDF/XML parser, Difference Model sections, chunk-split agreement with saxes.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CimXmlReader } from '../src/cim-xml/reader.js';
import { modelCollector, parseCimXml, readCimBuffer } from '../src/cim-xml/sources.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import type { CimModel } from '../src/cim-xml/model.js';
import { realFile, realFiles } from './helpers/real-data.js';
import { ourStatements, rdfxmlStatements } from './helpers/rdf.js';
import { saxesEvents, scannerEvents } from './helpers/xml-events.js';

const files = realFiles();

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x)).slice(0, 5);
}

test('the catalog finds the real files', () => {
  expect(files.length).toBeGreaterThanOrEqual(29);
  expect(files.filter((f) => f.difference).length).toBe(7);
});

describe.each(files)('$name', ({ path, difference: isDiff }) => {
  const bytes = readFileSync(path);
  const base = pathToFileURL(path).href;

  test('parse → write → parse keeps the statement set', () => {
    const model = parseCimXml(bytes, { name: path });
    const written = writeCimModelToString(model);
    const again = parseCimXml(written, { name: `${path} (rewritten)` });
    const a = ourStatements(model, base);
    const b = ourStatements(again, base);
    expect(a.size).toBeGreaterThan(isDiff ? 5 : 50);
    expect(difference(a, b)).toEqual([]);
    expect(difference(b, a)).toEqual([]);
    // Writing is deterministic: the rewritten model writes to the same bytes.
    expect(writeCimModelToString(again)).toBe(written);
  });

  test('scanner events equal saxes events, whole and in chunks of 1 byte, 7 bytes and 64 KiB', () => {
    const expected = saxesEvents(bytes);
    expect(scannerEvents(bytes)).toEqual(expected);
    for (const size of [1, 7, 65536]) expect(scannerEvents(bytes, size)).toEqual(expected);
  });

  test('reader records are the same whatever the chunking', () => {
    const whole = parseCimXml(bytes);
    for (const size of [1, 7, 65536]) expect(parseChunked(bytes, size)).toEqual(whole);
  });

  if (!isDiff) {
    test('statements equal rdfxml-streaming-parser', async () => {
      const model = parseCimXml(bytes);
      const ours = ourStatements(model, base);
      const theirs = await rdfxmlStatements(bytes.toString('utf8'), base);
      expect(difference(ours, theirs)).toEqual([]);
      expect(difference(theirs, ours)).toEqual([]);
    });
  }
});

function parseChunked(bytes: Buffer, size: number): CimModel {
  const c = modelCollector();
  const reader = new CimXmlReader(c.handler);
  for (let i = 0; i < bytes.length; i += size) reader.write(bytes.subarray(i, i + size));
  reader.end();
  c.model.namespaces = reader.namespaces;
  return c.model;
}

describe('MicroGrid Difference Models keep their sections apart', () => {
  const diffs = files.filter((f) => f.difference);

  test.each(diffs)('$name has a DifferenceModel header and sectioned objects', ({ path }) => {
    const model = parseCimXml(readFileSync(path));
    expect(model.header?.kind).toBe('DifferenceModel');
    expect(model.header?.supersedes.length).toBe(1);
    const sections = new Set(model.objects.map((o) => o.section));
    expect(sections.has('model')).toBe(false);
    const forward = model.objects.filter((o) => o.section === 'forwardDifferences').length;
    const reverse = model.objects.filter((o) => o.section === 'reverseDifferences').length;
    expect(forward + reverse).toBe(model.objects.length);
  });

  test('TP DIFF4 has empty sections and no objects', () => {
    const model = parseCimXml(readFileSync(realFile('T1_BE_TP_DIFF4_V2')));
    expect(model.header?.kind).toBe('DifferenceModel');
    expect(model.objects).toEqual([]);
  });

  test('EQ DIFF2: exact reverse and forward content', () => {
    const model = parseCimXml(readFileSync(realFile('T1_BE_EQ_DIFF2_V2')));
    const reverse = model.objects.filter((o) => o.section === 'reverseDifferences');
    const forward = model.objects.filter((o) => o.section === 'forwardDifferences');
    // Reverse: two untyped descriptions removing the old property values.
    expect(reverse.map((o) => [o.ns, o.id, o.properties.map((p) => `${p.local}=${p.value}`)])).toEqual([
      ['', 'ab7ece75-d726-48c8-a924-b0a9325e6d51', ['Terminal.phases=http://iec.ch/TC57/2013/CIM-schema-cim16#PhaseCode.ABC']],
      [
        '',
        '664a19e1-1dc2-48d5-b265-c0630981e61c',
        ['TransformerEnd.rground=0e+000', 'TransformerEnd.xground=0.0', 'PowerTransformerEnd.connectionKind=http://iec.ch/TC57/2013/CIM-schema-cim16#WindingConnection.Y'],
      ],
    ]);
    // Forward: a new PetersenCoil, whole and typed.
    const coil = forward.find((o) => o.local === 'PetersenCoil');
    expect(coil?.id).toBe('1e951716-1c9e-413f-b919-9f822df4b38a');
    expect(coil?.idForm).toBe('ID');
    expect(coil?.properties.find((p) => p.local === 'PetersenCoil.xGroundNominal')?.value).toBe('100.000000');
  });

  test('N-Quads put each section in its own named graph', () => {
    const path = realFile('T1_BE_EQ_DIFF2_V2');
    const model = parseCimXml(readFileSync(path));
    const lines = [...ourStatements(model, pathToFileURL(path).href)];
    const fwd = lines.filter((l) => l.endsWith('<http://iec.ch/TC57/61970-552/DifferenceModel/1#forwardDifferences> .'));
    const rev = lines.filter((l) => l.endsWith('<http://iec.ch/TC57/61970-552/DifferenceModel/1#reverseDifferences> .'));
    expect(rev).toHaveLength(4);
    expect(fwd.some((l) => l.includes('PetersenCoil.xGroundNominal> "100.000000"'))).toBe(true);
    expect(rev.some((l) => l.includes('TransformerEnd.rground> "0e+000"'))).toBe(true);
    // The header stays in the default graph.
    expect(lines.filter((l) => l.includes('urn:uuid:1fbbb385') && l.split(' ').length === 4)).not.toHaveLength(0);
  });

  test('the run-together profile IRI is kept and warned about', () => {
    const c = modelCollector();
    readCimBuffer(readFileSync(realFile('T1_BE_EQ_DIFF2_V2')), c.handler);
    expect(c.model.header?.profiles[0]).toBe('http://iec.ch/TC57/61970-552/DifferenceModel/1http://entsoe.eu/CIM/EquipmentCore/3/1');
    expect(c.warnings.map((w) => w.code)).toEqual(['CIM_PROFILE_JOINED']);
  });
});
