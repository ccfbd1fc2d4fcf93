// The hostile corpus (issue 18, quality.md "Bad input"): every hostile input class — broken XML,
// entity bombs, limits, wrong encodings, CIM that is not CIM XML, zip-slip and zip bombs,
// tampered and overlapping archives — goes through `inspect`, `validate`, `convert` and `unpack`
// as a user would run them. Each run ends with the documented coded error and exit status, in
// bounded memory and time, prints no raw control character, and writes nothing.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LTDS } from './helpers/cli.js';
import { writeOverlappingZip, writeRawZip } from './helpers/raw-zip.js';
import { realFile } from './helpers/real-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-corpus-'));
const inputs = join(tmp, 'inputs');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#" xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#"';
const doc = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF ${RDF}>\n${body}\n</rdf:RDF>\n`;
const object = (inner = '') => `<cim:ACLineSegment rdf:ID="_a">${inner}</cim:ACLineSegment>`;
const EQ = readFileSync(realFile('MicroGridTestConfiguration_BC_BE_EQ_V2'));

/** Bounds for every run: generous, for a shared 2-core machine (the point is "finishes, does not balloon"). */
const MAX_RSS_MB = 500;
const MAX_SECONDS = 45;

/** One hostile input: its file, the code every reading command must fail with, and how it is made. */
interface Hostile {
  name: string;
  code: string;
  message?: RegExp;
  make(path: string): void;
}

const write = (content: string | Buffer) => (path: string) => writeFileSync(path, content);

/** A file of `mb` megabytes of text in one property, split every kilobyte by an empty comment. */
function splitText(mb: number) {
  return (path: string): void => {
    const fd = openSync(path, 'w');
    writeSync(fd, `<rdf:RDF ${RDF}><cim:ACLineSegment rdf:ID="_a"><cim:IdentifiedObject.name>`);
    const unit = Buffer.from(`${'x'.repeat(1000)}<!---->`.repeat(1024));
    for (let written = 0; written < mb * 1024 * 1024; written += unit.length) writeSync(fd, unit);
    writeSync(fd, '</cim:IdentifiedObject.name></cim:ACLineSegment></rdf:RDF>');
    closeSync(fd);
  };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rdf:RDF ${RDF}>&lol3;</rdf:RDF>`;

const XML_CORPUS: Hostile[] = [
  { name: 'mismatched-tag.xml', code: 'XML_MISMATCHED_TAG', make: write(doc('<cim:ACLineSegment rdf:ID="_a"></cim:Breaker>')) },
  { name: 'truncated.xml', code: 'XML_TRUNCATED', make: write(doc(object()).slice(0, 200)) },
  { name: 'second-root.xml', code: 'XML_SECOND_ROOT', make: write(`${doc('')}<rdf:RDF ${RDF}/>`) },
  { name: 'text-outside-root.xml', code: 'XML_TEXT_OUTSIDE_ROOT', make: write(`${doc('')}trailing words`) },
  { name: 'no-root.xml', code: 'XML_NO_ROOT', make: write('<?xml version="1.0"?>\n<!-- nothing -->\n') },
  { name: 'latin1-declared.xml', code: 'XML_ENCODING', make: write(doc('').replace('UTF-8', 'ISO-8859-1')) },
  { name: 'invalid-utf8.xml', code: 'XML_INVALID_UTF8', message: /invalid UTF-8 byte 0xff at byte offset \d+/, make: write(Buffer.concat([Buffer.from(doc(object('<cim:IdentifiedObject.name>')).replace('</cim:ACLineSegment>', '')), Buffer.from([0xff, 0xfe]), Buffer.from('</cim:IdentifiedObject.name></cim:ACLineSegment></rdf:RDF>')])) },
  { name: 'utf16.xml', code: 'XML_ENCODING', message: /UTF-16, which is not supported; CIM XML is UTF-8/, make: write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc(object()).replace(' encoding="UTF-8"', ''), 'utf16le')])) },
  { name: 'zip-named-xml.xml', code: 'XML_ENCODING', message: /is a zip archive, not XML/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: EQ, deflate: true }]) },
  { name: 'billion-laughs.xml', code: 'XML_DOCTYPE_REFUSED', make: write(BILLION_LAUGHS) },
  { name: 'external-entity.xml', code: 'XML_DOCTYPE_REFUSED', make: write(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rdf:RDF ${RDF}>&x;</rdf:RDF>`) },
  { name: 'second-doctype.xml', code: 'XML_SYNTAX', message: /a second DOCTYPE/, make: write(`<?xml version="1.0"?><!DOCTYPE rdf:RDF><!DOCTYPE rdf:RDF>${doc('').slice(doc('').indexOf('<rdf:RDF'))}`) },
  { name: 'unknown-entity.xml', code: 'XML_BAD_REFERENCE', make: write(doc(object('<cim:IdentifiedObject.name>&xxe;</cim:IdentifiedObject.name>'))) },
  // CIM XML refuses an element inside a property long before the scanner's depth limit (256) is reached.
  { name: 'deep-nesting.xml', code: 'CIM_UNSUPPORTED', message: /nested inside property/, make: write(doc(`${'<cim:a>'.repeat(100_000)}${'</cim:a>'.repeat(100_000)}`)) },
  { name: 'many-attributes.xml', code: 'XML_LIMIT', message: /more than the limit of 5000 attributes/, make: write(doc(`<cim:ACLineSegment rdf:ID="_a" ${Array.from({ length: 200_000 }, (_, i) => `a${i}="v"`).join(' ')}/>`)) },
  { name: 'many-namespaces.xml', code: 'XML_LIMIT', message: /more than the limit of 5000 attributes/, make: write(`<rdf:RDF ${RDF} ${Array.from({ length: 100_000 }, (_, i) => `xmlns:p${i}="http://example.org/${i}#"`).join(' ')}></rdf:RDF>`) },
  { name: 'text-split-by-comments.xml', code: 'XML_LIMIT', message: /text run \(joined across comments and CDATA sections\) is larger than the limit of 67108864 bytes/, make: splitText(70) },
  { name: 'escape-in-name.xml', code: 'XML_MISMATCHED_TAG', make: write(doc(`${object().replace('</cim:ACLineSegment>', '</cim:ACLineSegment\u001b[2J\u001b]0;owned\u0007>')}`)) },
  { name: 'control-char.xml', code: 'XML_SYNTAX', make: write(doc(object('<cim:IdentifiedObject.name>bell\u0007</cim:IdentifiedObject.name>'))) },
  { name: 'not-rdf-root.xml', code: 'CIM_ROOT', make: write('<?xml version="1.0"?><html><body/></html>') },
  { name: 'unbound-prefix.xml', code: 'CIM_UNBOUND_PREFIX', make: write(doc('<nope:Thing rdf:ID="_a"/>')) },
  { name: 'nested-object.xml', code: 'CIM_UNSUPPORTED', make: write(doc(object('<cim:ACLineSegment.Terminal><cim:Terminal rdf:ID="_t"/></cim:ACLineSegment.Terminal>'))) },
  { name: 'parse-type-literal.xml', code: 'CIM_UNSUPPORTED', make: write(doc(object('<cim:IdentifiedObject.name rdf:parseType="Literal"><b>x</b></cim:IdentifiedObject.name>'))) },
  {
    name: 'two-headers.xml',
    code: 'CIM_DUPLICATE_HEADER',
    make: write(doc('<md:FullModel rdf:about="urn:uuid:11111111-1111-1111-1111-111111111111"/><md:FullModel rdf:about="urn:uuid:22222222-2222-2222-2222-222222222222"/>')),
  },
];

const ZIP_CORPUS: Hostile[] = [
  { name: 'slip-dotdot.zip', code: 'ZIP_READ', message: /invalid relative path|climbs out/, make: (p) => writeRawZip(p, [{ name: '../../evil.xml', data: EQ }]) },
  { name: 'slip-absolute.zip', code: 'ZIP_READ', message: /absolute path/, make: (p) => writeRawZip(p, [{ name: '/tmp/evil.xml', data: EQ }]) },
  { name: 'slip-drive.zip', code: 'ZIP_READ', message: /absolute path/, make: (p) => writeRawZip(p, [{ name: 'C:/evil.xml', data: EQ }]) },
  { name: 'slip-backslash.zip', code: 'ZIP_READ', message: /backslash/, make: (p) => writeRawZip(p, [{ name: '..\\evil.xml', data: EQ }]) },
  { name: 'symlink.zip', code: 'ZIP_READ', message: /symbolic link/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: '/etc/passwd', mode: 0o120777 }]) },
  { name: 'duplicate.zip', code: 'ZIP_READ', message: /appears twice/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: EQ }, { name: 'EQ.xml', data: EQ }]) },
  { name: 'encrypted.zip', code: 'ZIP_READ', message: /is encrypted/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: EQ, deflate: true, encrypted: true }]) },
  { name: 'ratio-bomb.zip', code: 'ZIP_READ', message: /compression ratio of \d+:1, over the limit of 1000:1/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: Buffer.alloc(4 << 20), deflate: true, declaredSize: 2_000_000_000, body: Buffer.alloc(1000) }]) },
  { name: 'overlap-bomb.zip', code: 'ZIP_READ', message: /overlap/, make: (p) => writeOverlappingZip(p, EQ, Array.from({ length: 20 }, (_, i) => `EQ${i}.xml`)) },
  { name: 'tampered-crc.zip', code: 'ZIP_CRC', message: /fails its CRC-32 check/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: Buffer.from(EQ).fill(0x20, 5000, 5001), deflate: true, crc: crc32(EQ) }]) },
  { name: 'lying-size.zip', code: 'ZIP_READ', message: /is longer than the \d+ bytes its directory records/, make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: EQ, deflate: true, declaredSize: 1000 }]) },
  { name: 'corrupt-directory.zip', code: 'ZIP_READ', make: (p) => writeFileSync(p, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 0x41), Buffer.from('PK\u0005\u0006'), Buffer.alloc(18, 0xff)])) },
  { name: 'hostile-xml-inside.zip', code: 'XML_DOCTYPE_REFUSED', make: (p) => writeRawZip(p, [{ name: 'EQ.xml', data: BILLION_LAUGHS, deflate: true }]) },
];

interface Run {
  code: number;
  stderr: string;
  stdout: string;
  maxRssMb: number;
  seconds: number;
}

/** Runs `ltds args` with its peak RSS recorded on exit. */
function run(args: string[]): Promise<Run> {
  const rssFile = join(tmp, `rss-${Math.random().toString(36).slice(2)}.json`);
  const preload = join(tmp, 'rss-on-exit.mjs');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', preload, LTDS, ...args], { env: { ...process.env, LTDS_RSS_FILE: rssFile } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d.length < 10_000 ? d : d.slice(0, 10_000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      rmSync(rssFile, { force: true });
      resolve({ code: code ?? -1, stdout, stderr, maxRssMb, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Every file under `dir` (relative names), to prove nothing was written. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

beforeAll(() => {
  mkdirSync(inputs);
  writeFileSync(join(tmp, 'rss-on-exit.mjs'), "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.LTDS_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  for (const h of [...XML_CORPUS, ...ZIP_CORPUS]) h.make(join(inputs, h.name));
});

/** The commands every input goes through; `out` is a fresh empty folder for the run's output. */
const COMMANDS: [string, (input: string, out: string) => string[]][] = [
  ['inspect', (input) => ['inspect', input]],
  ['validate', (input) => ['validate', input]],
  ['convert', (input, out) => ['convert', input, '--to', 'nt', '-o', join(out, 'converted.nt')]],
  ['unpack', (input, out) => ['unpack', input, '-o', join(out, 'unpacked')]],
];

/**
 * Runs every command on one input, two at a time (one per core of the shared machine; more would
 * only add load for the other test files), each with its own fresh output folder.
 */
async function runAll(name: string): Promise<{ command: string; out: string; r: Run }[]> {
  const one = async ([command, args]: (typeof COMMANDS)[number]) => {
    const out = mkdtempSync(join(tmp, 'out-'));
    return { command, out, r: await run(args(join(inputs, name), out)) };
  };
  return [...(await Promise.all(COMMANDS.slice(0, 2).map(one))), ...(await Promise.all(COMMANDS.slice(2).map(one)))];
}

function expectRefused(r: Run, code: string, message: RegExp | undefined, label: string): void {
  expect(r.stderr, label).toMatch(new RegExp(`^ltds: error ${code}: `));
  if (message) expect(r.stderr, label).toMatch(message);
  expect(r.code, `${label}: ${r.stderr}`).toBe(2);
  expect([...r.stderr].filter((c) => c.charCodeAt(0) < 0x20 && c !== '\n'), `${label}: raw control characters`).toEqual([]);
  expect(r.maxRssMb, `${label}: peak RSS`).toBeLessThan(MAX_RSS_MB);
  expect(r.seconds, `${label}: seconds`).toBeLessThan(MAX_SECONDS);
}

describe('hostile XML through inspect, validate, convert (unpack: not a zip)', () => {
  test.each(XML_CORPUS.map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    const before = listing(tmp);
    const runs = await runAll(h.name);
    for (const { command, out, r } of runs) {
      // unpack reads only zips: an XML file is refused as a zip (a zip named .xml is read as a zip ... and its entry is fine).
      if (command === 'unpack') {
        if (h.name === 'zip-named-xml.xml') expect(r.code).toBe(0);
        else expectRefused(r, 'ZIP_READ', /cannot read the zip archive/, `${h.name} ${command}`);
      } else expectRefused(r, h.code, h.message, `${h.name} ${command}`);
      if (!(command === 'unpack' && h.name === 'zip-named-xml.xml')) expect(listing(out), `${h.name} ${command}: nothing written`).toEqual([]);
      rmSync(out, { recursive: true, force: true });
    }
    expect(listing(tmp), 'no stray files next to the inputs').toEqual(before);
  }, 240_000);
});

describe('hostile archives through inspect, validate, convert and unpack', () => {
  test.each(ZIP_CORPUS.map((h) => [h.name, h] as const))('%s', async (_name, h) => {
    const before = listing(tmp);
    const runs = await runAll(h.name);
    for (const { command, out, r } of runs) {
      // unpack does not parse XML: a zip holding a hostile XML file unpacks (its content is not unpack's business).
      if (command === 'unpack' && h.code.startsWith('XML_')) expect(r.code, r.stderr).toBe(0);
      else {
        expectRefused(r, h.code, h.message, `${h.name} ${command}`);
        expect(listing(out), `${h.name} ${command}: nothing written`).toEqual([]);
      }
      rmSync(out, { recursive: true, force: true });
    }
    expect(listing(tmp), 'no stray files next to the inputs').toEqual(before);
  }, 240_000);
});

test('a stored-entry zip (zip -0, Python writestr) is ordinary input for every command', async () => {
  const zip = join(tmp, 'stored.zip');
  writeRawZip(zip, [{ name: 'EQ.xml', data: EQ }]);
  const out = mkdtempSync(join(tmp, 'out-'));
  try {
    for (const [command, args] of COMMANDS) {
      const r = await run(args(zip, out));
      // validate exits 1 when it has findings; it must have read the file to find them.
      expect([0, 1], `${command}: ${r.stderr}`).toContain(r.code);
      expect(r.stderr, command).not.toMatch(/^ltds: error/);
    }
    expect(readFileSync(join(out, 'unpacked', 'EQ.xml')).equals(EQ)).toBe(true);
    expect(readFileSync(join(out, 'converted.nt'), 'utf8')).toMatch(/ACLineSegment/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
