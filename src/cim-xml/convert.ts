// Streaming conversions of a CIM document to N-Triples/N-Quads, Turtle/TriG (through n3),
// the JSON projection, and CIM XML (through the writer). Memory stays flat for every format.

import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataFactory as N3DataFactory, Writer as N3Writer } from 'n3';
import type { Quad, Quad_Object } from '@rdfjs/types';
import { readCimInput, type CimInput } from './inputs.js';
import { headerFields } from './header.js';
import { objectToJson, prefixerFor } from './json.js';
import type { CimObject, ModelHeader } from './model.js';
import { STANDARD_PREFIXES } from './namespaces.js';
import type { ReadStats, SourceOptions } from './sources.js';
import { objectStatements, statementToNt, type Statement, type Term } from './statements.js';
import { CimXmlWriter } from './writer.js';

/** Output formats of {@link convertCimInput}. */
export type ConvertFormat = 'nt' | 'ttl' | 'json' | 'xml';

/** Conversion options. */
export interface ConvertOptions extends SourceOptions {
  /** Base IRI for `rdf:ID` and `#fragment` references (default: the input's file:// URL). */
  base?: string;
}

/** The default base IRI of an input: its file URL (`jar:file:...!/entry` for a zip entry). */
export function defaultBase(input: CimInput): string {
  const url = pathToFileURL(resolvePath(input.path)).href;
  return input.entry === undefined ? url : `jar:${url}!/${input.entry}`;
}

/** Converts one input, writing the output in order to `sink`. */
export async function convertCimInput(input: CimInput, format: ConvertFormat, sink: (chunk: string) => void, options: ConvertOptions = {}): Promise<ReadStats> {
  const base = options.base ?? defaultBase(input);
  switch (format) {
    case 'nt':
      return toNt(input, sink, base, options);
    case 'ttl':
      return toTurtle(input, sink, base, options);
    case 'json':
      return toJson(input, sink, options);
    case 'xml':
      return toXml(input, sink, options);
  }
}

async function toNt(input: CimInput, sink: (chunk: string) => void, base: string, options: SourceOptions): Promise<ReadStats> {
  let buffer = '';
  let docBase = base;
  const emit = (o: CimObject): void => {
    for (const s of objectStatements(o, docBase)) buffer += statementToNt(s, true) + '\n';
    if (buffer.length > 65536) {
      sink(buffer);
      buffer = '';
    }
  };
  const stats = await readCimInput(
    input,
    {
      root: (_ns, rootBase) => {
        if (rootBase !== undefined) docBase = rootBase;
      },
      header: (h) => emit(h.object),
      object: emit,
    },
    options,
  );
  if (buffer) sink(buffer);
  return stats;
}

type Factory = typeof N3DataFactory;

function toRdfjs(DataFactory: Factory, t: Term): Quad_Object {
  if (t.kind === 'iri') return DataFactory.namedNode(t.value);
  if (t.kind === 'blank') return DataFactory.blankNode(t.value);
  if (t.lang !== undefined) return DataFactory.literal(t.value, t.lang);
  if (t.datatype !== undefined) return DataFactory.literal(t.value, DataFactory.namedNode(t.datatype));
  return DataFactory.literal(t.value);
}

function toQuad(DataFactory: Factory, s: Statement): Quad {
  const subject = toRdfjs(DataFactory, s.subject) as Quad['subject'];
  const graph = s.graph === undefined ? DataFactory.defaultGraph() : DataFactory.namedNode(s.graph);
  return DataFactory.quad(subject, DataFactory.namedNode(s.predicate), toRdfjs(DataFactory, s.object), graph);
}

async function toTurtle(input: CimInput, sink: (chunk: string) => void, base: string, options: SourceOptions): Promise<ReadStats> {
  // n3 (and its ~40 CommonJS modules) only for Turtle/TriG output.
  const { DataFactory, Writer } = await import('n3');
  let writer: N3Writer | undefined;
  let docBase = base;
  let difference = false;
  const out = {
    write(chunk: string, _enc?: unknown, done?: () => void) {
      sink(chunk);
      done?.();
      return true;
    },
    end(done?: () => void) {
      done?.();
    },
  };
  const pending: CimObject[] = [];
  let prefixes: Record<string, string> = {};
  const start = (): N3Writer => {
    writer ??= new Writer(out as never, { prefixes, format: difference ? 'application/trig' : 'text/turtle', end: false });
    return writer;
  };
  const emit = (o: CimObject): void => {
    const w = start();
    for (const s of objectStatements(o, docBase)) w.addQuad(toQuad(DataFactory, s));
  };
  const stats = await readCimInput(
    input,
    {
      root: (namespaces, rootBase) => {
        if (rootBase !== undefined) docBase = rootBase;
        prefixes = {};
        for (const [p, ns] of namespaces) if (p !== '') prefixes[p] = ns;
        for (const [ns, p] of STANDARD_PREFIXES) if (!(p in prefixes) && !Object.values(prefixes).includes(ns)) prefixes[p] = ns;
      },
      header: (h: ModelHeader) => {
        difference = h.kind === 'DifferenceModel';
        emit(h.object);
        for (const o of pending.splice(0)) emit(o);
      },
      object: (o) => {
        if (writer === undefined && o.section === 'model' && pending.length < 1000) pending.push(o);
        else emit(o);
      },
    },
    options,
  );
  for (const o of pending.splice(0)) emit(o);
  const w = start();
  await new Promise<void>((resolve, reject) => w.end((err) => (err ? reject(err) : resolve())));
  return stats;
}

async function toJson(input: CimInput, sink: (chunk: string) => void, options: SourceOptions): Promise<ReadStats> {
  let prefix = prefixerFor([]);
  let opened = false;
  let first = true;
  let header: ModelHeader | undefined;
  let namespaces: Record<string, string> = {};
  const headerJson = (): string => (header ? JSON.stringify(headerFields(header)) : 'null');
  const open = (): void => {
    if (opened) return;
    opened = true;
    sink(`{"header":${headerJson()},"namespaces":${JSON.stringify(namespaces)},"objects":[`);
  };
  let buffer = '';
  const stats = await readCimInput(
    input,
    {
      root: (ns) => {
        namespaces = Object.fromEntries(ns);
        prefix = prefixerFor(ns);
      },
      header: (h) => {
        header = h;
      },
      object: (o) => {
        open();
        buffer += (first ? '\n' : ',\n') + JSON.stringify(objectToJson(o, prefix));
        first = false;
        if (buffer.length > 65536) {
          sink(buffer);
          buffer = '';
        }
      },
    },
    options,
  );
  open();
  sink(buffer + '\n]}\n');
  return stats;
}

async function toXml(input: CimInput, sink: (chunk: string) => void, options: SourceOptions): Promise<ReadStats> {
  let writer: CimXmlWriter | undefined;
  let namespaces = new Map<string, string>();
  let base: string | undefined;
  const start = (h?: ModelHeader): CimXmlWriter => {
    if (!writer) {
      writer = new CimXmlWriter(sink, base === undefined ? { namespaces } : { namespaces, base });
      writer.start(h);
    }
    return writer;
  };
  const stats = await readCimInput(
    input,
    {
      root: (ns, rootBase) => {
        namespaces = new Map([...ns].filter(([p]) => p !== ''));
        base = rootBase;
      },
      header: (h) => {
        // A header after the first object cannot go first any more; keep its statements as an object.
        if (writer) writer.object(h.object);
        else start(h);
      },
      object: (o) => start().object(o),
    },
    options,
  );
  start().end();
  return stats;
}
