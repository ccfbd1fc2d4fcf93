// One reader measured in its own process, so peak RSS is its own: ours (records), a bare saxes
// tokenise pass, or rdfxml-streaming-parser. Prints one JSON line.

import { createReadStream, readFileSync, statSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { CimXmlReader } from '../src/cim-xml/reader.js';

const [which, fileArg, runsArg] = process.argv.slice(2);
if (fileArg === undefined) throw new Error('usage: read-worker <which> <file> [runs]');
const file: string = fileArg;
const runs = Number(runsArg ?? 3);
const bytes = statSync(file).size;

async function ours(): Promise<number> {
  let statements = 0;
  const reader = new CimXmlReader({
    header: (h) => {
      statements += 1 + h.object.properties.length;
    },
    object: (o) => {
      statements += (o.ns === '' ? 0 : 1) + o.properties.length;
    },
  });
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) reader.write(chunk as Buffer);
  reader.end();
  return statements;
}

async function saxes(): Promise<number> {
  let elements = 0;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', () => {
    elements++;
  });
  parser.on('text', () => undefined);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, encoding: 'utf8' })) parser.write(chunk as string);
  parser.close();
  return elements;
}

async function rdfxml(): Promise<number> {
  let statements = 0;
  const parser = new RdfXmlParser({ baseIRI: 'file:///bench.xml' });
  parser.on('data', () => {
    statements++;
  });
  const text = readFileSync(file, 'utf8');
  await new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('end', () => resolve());
    // Feed 1 MiB slices, as a stream would.
    for (let i = 0; i < text.length; i += 1 << 20) parser.write(text.slice(i, i + (1 << 20)));
    parser.end();
  });
  return statements;
}

const fn = which === 'ours' ? ours : which === 'saxes' ? saxes : rdfxml;
let best = Infinity;
let count = 0;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  count = await fn();
  best = Math.min(best, performance.now() - t);
}
process.stdout.write(
  JSON.stringify({ which, bytes, ms: best, mbPerS: bytes / 1e6 / (best / 1000), statements: count, statementsPerS: count / (best / 1000), maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
