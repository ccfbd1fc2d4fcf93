// The reader on constructed documents: every CIM XML form and quirk of the spec, each checked
// against rdfxml-streaming-parser where the document is standard RDF/XML, and round-tripped.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { normaliseId, normaliseMrid } from '../src/cim-xml/identity.js';
import { loadCimFile, parseCimXml, readCimBuffer } from '../src/cim-xml/sources.js';
import { writeCimModelToString } from '../src/cim-xml/writer.js';
import { modelToJson } from '../src/cim-xml/json.js';
import { ourStatements, rdfxmlStatements } from './helpers/rdf.js';
import { realFiles } from './helpers/real-data.js';
import { CimXmlReader } from '../src/cim-xml/reader.js';

const NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#" xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#"';
const BASE = 'http://example.org/model.xml';

async function agreesWithRdfxml(xml: string): Promise<Set<string>> {
  const model = parseCimXml(xml);
  const ours = ourStatements(model, BASE);
  const theirs = await rdfxmlStatements(xml, BASE);
  expect([...ours].sort()).toEqual([...theirs].sort());
  // And the writer keeps the statements.
  const again = parseCimXml(writeCimModelToString(model));
  expect([...ourStatements(again, BASE)].sort()).toEqual([...ours].sort());
  return ours;
}

describe('standard RDF/XML forms agree with rdfxml-streaming-parser', () => {
  test.each([
    ['rdf:ID, rdf:about with # and urn:uuid, references in each form', `<rdf:RDF ${NS}>
      <cim:Terminal rdf:ID="_t1"><cim:Terminal.ConductingEquipment rdf:resource="#_l1"/></cim:Terminal>
      <cim:ACLineSegment rdf:about="#_l1"><cim:IdentifiedObject.name>L1</cim:IdentifiedObject.name></cim:ACLineSegment>
      <cim:Terminal rdf:about="urn:uuid:t2"><cim:Terminal.ConductingEquipment rdf:resource="urn:uuid:l1"/></cim:Terminal>
    </rdf:RDF>`],
    ['xml:base on the root and on an object', `<rdf:RDF ${NS} xml:base="http://grid.example/eq">
      <cim:Line rdf:ID="_a"><cim:Line.Region rdf:resource="#_r"/></cim:Line>
      <cim:Line rdf:ID="_b" xml:base="http://other.example/x"><cim:Line.Region rdf:resource="#_r"/></cim:Line>
    </rdf:RDF>`],
    ['xml:lang inherited and overridden, rdf:datatype, empty literal', `<rdf:RDF ${NS} xml:lang="en">
      <cim:Line rdf:ID="_a">
        <cim:IdentifiedObject.name>North</cim:IdentifiedObject.name>
        <cim:IdentifiedObject.description xml:lang="cy">Gogledd</cim:IdentifiedObject.description>
        <cim:Line.length rdf:datatype="http://www.w3.org/2001/XMLSchema#float">1.50</cim:Line.length>
        <cim:IdentifiedObject.aliasName/>
      </cim:Line>
    </rdf:RDF>`],
    ['rdf:Description adding properties to an object typed elsewhere, and unknown namespaces', `<rdf:RDF ${NS} xmlns:gb="http://ofgem.gov.uk/ns/CIM/LTDS/Extensions#" xmlns:prj="http://vendor.example/prj#">
      <cim:PowerTransformerEnd rdf:ID="_e1"><gb:TransformerEnd.earthingMethod rdf:resource="http://ofgem.gov.uk/ns/CIM/LTDS/Extensions#EarthingMethod.solid"/></cim:PowerTransformerEnd>
      <rdf:Description rdf:about="#_e1"><prj:Project.phase>2</prj:Project.phase></rdf:Description>
      <prj:Project rdf:ID="_p1" prj:Project.code="X1"/>
    </rdf:RDF>`],
    ['a header with every field', `<rdf:RDF ${NS}>
      <md:FullModel rdf:about="urn:uuid:aaaa-1">
        <md:Model.created>2026-01-01T00:00:00Z</md:Model.created>
        <md:Model.scenarioTime>2026-01-01T12:00:00Z</md:Model.scenarioTime>
        <md:Model.modelingAuthoritySet>http://dno.example/DEMO</md:Model.modelingAuthoritySet>
        <md:Model.profile>http://iec.ch/TC57/ns/CIM/CoreEquipment-EU/3.0</md:Model.profile>
        <md:Model.DependentOn rdf:resource="urn:uuid:bbbb-2"/>
        <md:Model.Supersedes rdf:resource="urn:uuid:cccc-3"/>
        <md:Model.version>3</md:Model.version>
      </md:FullModel>
      <cim:Line rdf:ID="_a"/>
    </rdf:RDF>`],
  ])('%s', async (_name, xml) => {
    const statements = await agreesWithRdfxml(xml);
    expect(statements.size).toBeGreaterThan(1);
  });

  test('CDATA, character and entity references, comments, processing instructions, CRLF', () => {
    // rdfxml-streaming-parser keeps only the text after the CDATA section here ("end"); XML says
    // the element's text is every piece together, which is what saxes and our reader give.
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- exported by a tool -->\r\n<rdf:RDF ${NS}>\r\n<?tool hint?>
      <cim:Line rdf:ID="_a">
        <cim:IdentifiedObject.name>A &amp; B &lt;1&gt; &#233;&#x2014;<![CDATA[<raw> & ]]>end</cim:IdentifiedObject.name>
        <cim:IdentifiedObject.description>line one\r\nline two&#13;</cim:IdentifiedObject.description>
        <!-- a comment inside an object -->
      </cim:Line>
    </rdf:RDF>`;
    const model = parseCimXml(xml);
    expect(model.objects[0]!.properties.map((p) => p.value)).toEqual(['A & B <1> \u00e9\u2014<raw> & end', 'line one\nline two\r']);
    const again = parseCimXml(writeCimModelToString(model));
    expect(again.objects[0]!.properties.map((p) => p.value)).toEqual(model.objects[0]!.properties.map((p) => p.value));
  });

  test('literals keep their exact text (numbers are not reformatted)', () => {
    const model = parseCimXml(`<rdf:RDF ${NS}><cim:X rdf:ID="_a"><cim:X.r>0e+000</cim:X.r><cim:X.x> 1.0 </cim:X.x></cim:X></rdf:RDF>`);
    expect(model.objects[0]!.properties.map((p) => p.value)).toEqual(['0e+000', ' 1.0 ']);
    expect(writeCimModelToString(model)).toContain('<cim:X.r>0e+000</cim:X.r>');
  });
});

describe('identity', () => {
  test.each([
    ['_abc', 'abc'],
    ['#_abc', 'abc'],
    ['urn:uuid:abc', 'abc'],
    ['#abc', 'abc'],
    ['http://example.org/x#y', 'http://example.org/x#y'],
  ])('%s → %s', (raw, id) => expect(normaliseId(raw)).toBe(id));

  test('mRID with and without urn:uuid:', () => {
    expect(normaliseMrid('urn:uuid:6ab4')).toBe('6ab4');
    expect(normaliseMrid('6ab4')).toBe('6ab4');
  });

  test('the three spellings of one object resolve to the same identity and keep their spelling', () => {
    const model = parseCimXml(`<rdf:RDF ${NS}>
      <cim:Line rdf:ID="_1f"/><rdf:Description rdf:about="#_1f"/><rdf:Description rdf:about="urn:uuid:1f"/>
      <cim:Terminal rdf:ID="_t"><cim:Terminal.X rdf:resource="urn:uuid:1f"/></cim:Terminal>
    </rdf:RDF>`);
    expect(model.objects.map((o) => o.id)).toEqual(['1f', '1f', '1f', 't']);
    expect(model.objects.map((o) => `${o.idForm}:${o.rawId}`)).toEqual(['ID:_1f', 'about:#_1f', 'about:urn:uuid:1f', 'ID:_t']);
    const out = writeCimModelToString(model);
    expect(out).toContain('rdf:ID="_1f"');
    expect(out).toContain('rdf:about="urn:uuid:1f"');
    expect(modelToJson(model).objects[3]!.references).toEqual({ 'cim:Terminal.X': '1f' });
  });
});

describe('headers and sections', () => {
  test('the dcat-style header is normalised to the same header fields', () => {
    const xml = `<rdf:RDF ${NS} xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dcterms="http://purl.org/dc/terms/">
      <dcat:Dataset rdf:about="urn:uuid:d1">
        <dcterms:issued>2026-05-01T00:00:00Z</dcterms:issued>
        <dcat:startDate>2026-05-01T12:00:00Z</dcat:startDate>
        <dcterms:publisher>http://dno.example/DEMO</dcterms:publisher>
        <dcterms:conformsTo>http://ofgem.gov.uk/ns/CIM/LTDS/Equipment/6.0</dcterms:conformsTo>
        <dcterms:requires rdf:resource="urn:uuid:b1"/>
        <dcterms:replaces rdf:resource="urn:uuid:v0"/>
        <dcat:version>2</dcat:version>
      </dcat:Dataset>
    </rdf:RDF>`;
    const h = parseCimXml(xml).header;
    expect(h).toMatchObject({
      kind: 'FullModel',
      style: 'dcat',
      id: 'd1',
      created: '2026-05-01T00:00:00Z',
      scenarioTime: '2026-05-01T12:00:00Z',
      modelingAuthoritySet: 'http://dno.example/DEMO',
      profiles: ['http://ofgem.gov.uk/ns/CIM/LTDS/Equipment/6.0'],
      dependentOn: ['b1'],
      supersedes: ['v0'],
      version: '2',
    });
  });

  test('rdf:parseType and bare parseType sections, and the 552 Ed.2 section names', () => {
    const xml = `<rdf:RDF ${NS} xmlns:dm="http://iec.ch/TC57/61970-552/DifferenceModel/1#">
      <dm:DifferenceModel rdf:about="urn:uuid:dm1">
        <md:Model.Supersedes rdf:resource="urn:uuid:base"/>
        <dm:DifferenceModel.reverseDifferences rdf:parseType="Statements"><rdf:Description rdf:about="#_a"><cim:X.y>1</cim:X.y></rdf:Description></dm:DifferenceModel.reverseDifferences>
        <dm:forwardDifferences parseType="Statements"><rdf:Description rdf:about="#_a"><cim:X.y>2</cim:X.y></rdf:Description></dm:forwardDifferences>
      </dm:DifferenceModel>
    </rdf:RDF>`;
    const order: string[] = [];
    readCimBuffer(xml, {
      header: (h) => order.push(`header ${h.kind}`),
      object: (o) => order.push(`${o.section} ${o.properties[0]!.value}`),
    });
    expect(order).toEqual(['header DifferenceModel', 'reverseDifferences 1', 'forwardDifferences 2']);
    const model = parseCimXml(xml);
    const rewritten = parseCimXml(writeCimModelToString(model));
    expect(rewritten.objects.map((o) => [o.section, o.properties[0]!.value])).toEqual([
      ['reverseDifferences', '1'],
      ['forwardDifferences', '2'],
    ]);
    expect(rewritten.header?.supersedes).toEqual(['base']);
  });

  test('positions: every object and property knows its line and column', () => {
    const model = parseCimXml(`<rdf:RDF ${NS}>\n  <cim:Line rdf:ID="_a">\n    <cim:Line.x>1</cim:Line.x>\n  </cim:Line>\n\u00e9<!---->\n</rdf:RDF>`.replace('\u00e9', ''));
    expect([model.objects[0]!.line, model.objects[0]!.column]).toEqual([2, 3]);
    expect([model.objects[0]!.properties[0]!.line, model.objects[0]!.properties[0]!.column]).toEqual([3, 5]);
  });

  test('columns count characters, not bytes', () => {
    const model = parseCimXml(`<rdf:RDF ${NS}><cim:X rdf:ID="_é"><cim:X.n>ü</cim:X.n><cim:X.m>1</cim:X.m></cim:X></rdf:RDF>`);
    const m = model.objects[0]!.properties[1]!;
    const line = `<rdf:RDF ${NS}><cim:X rdf:ID="_é"><cim:X.n>ü</cim:X.n>`;
    expect(m.column).toBe(line.length + 1);
  });
});

describe('files are read in reused 1 MiB buffers', () => {
  // readCimFile reads into two buffers used in turn; a token longer than a chunk (a 2.5 MB literal,
  // multi-byte characters across the 1 MiB boundaries) must come out exactly as from one buffer.
  test('a literal longer than two chunks, and UTF-8 split across chunk ends, read the same as from memory', async () => {
    const long = 'x'.repeat(2_500_000);
    const wide = 'Ŵ€😀'.repeat(200_000); // 2, 3 and 4 byte characters: 1.8 MB, crossing every boundary
    const objects = Array.from({ length: 30_000 }, (_, i) => `  <cim:Bay rdf:ID="_b${i}"><cim:IdentifiedObject.name>bay ${i} ❄</cim:IdentifiedObject.name></cim:Bay>`).join('\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#">
  <cim:Substation rdf:ID="_s1"><cim:IdentifiedObject.name>${long}</cim:IdentifiedObject.name><cim:IdentifiedObject.description>${wide}</cim:IdentifiedObject.description></cim:Substation>
${objects}
  <cim:Substation rdf:ID="_s2"><cim:IdentifiedObject.name>${wide}</cim:IdentifiedObject.name></cim:Substation>
</rdf:RDF>
`;
    const dir = mkdtempSync(join(tmpdir(), 'ltds-feed-'));
    const file = join(dir, 'big.xml');
    writeFileSync(file, xml);
    const fromFile = await loadCimFile(file);
    const fromMemory = parseCimXml(xml);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(5 * (1 << 20));
    expect(fromFile.objects.length).toBe(30_002);
    expect(fromFile.objects[0]?.properties.map((p) => p.value)).toEqual([long, wide]);
    expect(fromFile.objects.at(-1)?.properties[0]?.value).toBe(wide);
    expect(JSON.stringify(modelToJson(fromFile))).toBe(JSON.stringify(modelToJson(fromMemory)));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('span mode counts what the normal mode keeps', () => {
  // `ltds inspect` reads in span mode and counts statements from the spans: the count must be the
  // normal mode's, on every real file (Full and Difference Models, attributes written as properties).
  test.each(realFiles().map((f) => [f.name, f.path] as const))('%s: each span gives the number of property records of its object', (_name, path) => {
    const bytes = readFileSync(path);
    const normal: string[] = [];
    const spans: string[] = [];
    const a = new CimXmlReader({ object: (o) => normal.push(`${o.id} ${o.section} ${o.properties.length}`) });
    a.write(bytes);
    a.end();
    const b = new CimXmlReader({ span: (s) => spans.push(`${s.object.id} ${s.object.section} ${s.properties}`) }, { spans: true });
    b.write(bytes);
    b.end();
    expect(spans).toEqual(normal);
  });

  test('rdf:type and property attributes on the object element are counted', () => {
    const xml = `<rdf:RDF ${NS}><cim:Line rdf:ID="_a" rdf:type="http://x/T" cim:IdentifiedObject.name="n"><cim:Line.Region rdf:resource="#_r"/></cim:Line></rdf:RDF>`;
    const counts: number[] = [];
    const r = new CimXmlReader({ span: (s) => counts.push(s.properties) }, { spans: true });
    r.write(Buffer.from(xml));
    r.end();
    expect(counts).toEqual([parseCimXml(xml).objects[0]?.properties.length]);
    expect(counts).toEqual([3]);
  });
});
