// Inputs of the reader: a Buffer, a stream, a file, or an entry inside a zip read in place.

import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { LtdsError, isLtdsError } from '../errors/index.js';
import type { CimModel, CimObject, ModelHeader } from './model.js';
import { CimXmlReader, type CimHandler, type ReaderOptions, type ReadWarning } from './reader.js';

/** What reading one input cost and found. */
export interface ReadStats {
  bytes: number;
  objects: number;
  /** Wall time in milliseconds. */
  ms: number;
  header?: ModelHeader;
  namespaces: Map<string, string>;
  base?: string;
}

/** Options for the convenience readers: reader limits plus the name to put in error messages. */
export interface SourceOptions extends ReaderOptions {
  /** Name of the input in messages (a path, or `archive.zip:EQ.xml`). */
  name?: string;
  /** Called after each chunk with the bytes read so far (for progress display). */
  onProgress?: (bytes: number) => void;
  /** Awaited after each chunk: lets a consumer apply back-pressure (e.g. wait for stdout to drain). */
  afterChunk?: () => Promise<void> | undefined;
}

function statsOf(reader: CimXmlReader, bytes: number, start: number): ReadStats {
  const stats: ReadStats = { bytes, objects: reader.objectCount, ms: performance.now() - start, namespaces: reader.namespaces };
  if (reader.headerRecord) stats.header = reader.headerRecord;
  if (reader.rootBase !== undefined) stats.base = reader.rootBase;
  return stats;
}

function named(err: unknown, name: string | undefined): unknown {
  if (isLtdsError(err) && name !== undefined) err.inFile(name);
  return err;
}

/** Reads a whole document held in memory, calling the handler synchronously. */
export function readCimBuffer(input: Buffer | string, handler: CimHandler, options: SourceOptions = {}): ReadStats {
  const start = performance.now();
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const reader = new CimXmlReader(handler, options);
  try {
    reader.write(buf);
    reader.end();
  } catch (err) {
    throw named(err, options.name);
  }
  return statsOf(reader, buf.length, start);
}

/** Reads a byte stream chunk by chunk; memory stays flat whatever the input size. */
export async function readCimStream(stream: Readable | AsyncIterable<Buffer>, handler: CimHandler, options: SourceOptions = {}): Promise<ReadStats> {
  const start = performance.now();
  const reader = new CimXmlReader(handler, options);
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bytes += buf.length;
      reader.write(buf);
      options.onProgress?.(bytes);
      const wait = options.afterChunk?.();
      if (wait) await wait;
    }
    reader.end();
  } catch (err) {
    if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
    throw named(err, options.name);
  }
  return statsOf(reader, bytes, start);
}

/** Reads a file from disk as a stream (1 MiB reads). */
export async function readCimFile(path: string, handler: CimHandler, options: SourceOptions = {}): Promise<ReadStats> {
  const name = options.name ?? path;
  try {
    if (!statSync(path).isFile()) throw new LtdsError('INPUT_UNREADABLE', `${path} is not a file`, { path });
  } catch (err) {
    if (isLtdsError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LtdsError('INPUT_NOT_FOUND', `no such file: ${path}`, { path }, {}, err);
    throw new LtdsError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, { path }, {}, err);
  }
  return readCimStream(createReadStream(path, { highWaterMark: 1 << 20 }), handler, { ...options, name });
}

/** Collects a whole model in memory from any source. */
export function modelCollector(): { handler: CimHandler; model: CimModel; warnings: ReadWarning[] } {
  const objects: CimObject[] = [];
  const warnings: ReadWarning[] = [];
  const model: CimModel = { objects, namespaces: new Map() };
  const handler: CimHandler = {
    header: (h) => {
      model.header = h;
    },
    object: (o) => {
      objects.push(o);
    },
    warning: (w) => {
      warnings.push(w);
    },
  };
  return { handler, model, warnings };
}

/** Puts what the reader learnt at the root (namespaces, base, header) on a collected model. */
export function completeModel(model: CimModel, stats: ReadStats): CimModel {
  model.namespaces = stats.namespaces;
  if (stats.base !== undefined) model.base = stats.base;
  if (stats.header) model.header = stats.header;
  return model;
}

/** Parses a document held in memory into a {@link CimModel}. */
export function parseCimXml(input: Buffer | string, options: SourceOptions = {}): CimModel {
  const c = modelCollector();
  return completeModel(c.model, readCimBuffer(input, c.handler, options));
}

/** Loads a file into a {@link CimModel}. */
export async function loadCimFile(path: string, options: SourceOptions = {}): Promise<CimModel> {
  const c = modelCollector();
  return completeModel(c.model, await readCimFile(path, c.handler, options));
}

/** Loads a stream into a {@link CimModel}. */
export async function loadCimStream(stream: Readable | AsyncIterable<Buffer>, options: SourceOptions = {}): Promise<CimModel> {
  const c = modelCollector();
  return completeModel(c.model, await readCimStream(stream, c.handler, options));
}
