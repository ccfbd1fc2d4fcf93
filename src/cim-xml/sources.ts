// Inputs of the reader: a Buffer, a stream, a file, or an entry inside a zip read in place.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { LtdsError, isLtdsError } from '../errors/index.js';
import type { CimModel, CimObject, ModelHeader } from './model.js';
import { CimXmlReader, type CimHandler, type ReaderOptions, type ReadWarning } from './reader.js';

/** What reading one input cost and found. */
export interface ReadStats {
  bytes: number;
  /** Objects read, the model header not counted (the count `inspect` prints). */
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
  // The reader's count includes the header element (it is read like an object); people count objects without it.
  const objects = reader.objectCount - (reader.headerRecord ? 1 : 0);
  const stats: ReadStats = { bytes, objects, ms: performance.now() - start, namespaces: reader.namespaces };
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

/** Maps a failure to open or read a file to the reader's input errors. */
export function fileError(err: unknown, path: string): unknown {
  if (isLtdsError(err)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new LtdsError('INPUT_NOT_FOUND', `no such file: ${path}`, { path }, {}, err);
  return new LtdsError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, { path }, {}, err);
}

/** Refuses a path that is not a regular file (a folder, a device). */
export function checkFile(path: string): void {
  if (!statSync(path).isFile()) throw new LtdsError('INPUT_UNREADABLE', `${path} is not a file`, { path });
}

/** Size of the reused read buffers of {@link forEachFileChunk}. */
const FILE_CHUNK = 1 << 20;

/**
 * Reads a file 1 MiB at a time into two buffers used in turn, so reading a large file costs no new
 * memory (on some virtual machines each new page costs more than parsing it: ~0.1 s per 50 MB
 * here). `visit` gets each chunk; `holds` says whether the visitor still holds views of earlier
 * chunks (a reader with a token longer than a chunk), in which case the next chunk is read into a
 * fresh buffer rather than over one it may hold. Missing or unreadable files give
 * INPUT_NOT_FOUND / INPUT_UNREADABLE; returns the bytes read.
 */
export async function forEachFileChunk(path: string, visit: (chunk: Buffer) => void | Promise<void>, holds: () => boolean = () => false): Promise<number> {
  let fd: number;
  try {
    checkFile(path);
    fd = openSync(path, 'r');
  } catch (err) {
    throw fileError(err, path);
  }
  let bytes = 0;
  try {
    const buffers = [Buffer.allocUnsafeSlow(FILE_CHUNK), Buffer.allocUnsafeSlow(FILE_CHUNK)];
    for (let turn = 0; ; turn ^= 1) {
      // A visitor still holding a chunk keeps its buffer: read into a new one.
      if (holds()) buffers[turn] = Buffer.allocUnsafeSlow(FILE_CHUNK);
      const buf = buffers[turn]!;
      let n: number;
      try {
        n = readSync(fd, buf, 0, FILE_CHUNK, bytes);
      } catch (err) {
        throw fileError(err, path);
      }
      if (n === 0) break;
      bytes += n;
      await visit(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * Feeds a file to a reader through {@link forEachFileChunk}. A consumer keeping bytes of a chunk
 * beyond its callback must copy them. Errors name the file; returns the bytes read.
 */
export async function feedCimFile(path: string, reader: CimXmlReader, options: SourceOptions = {}): Promise<number> {
  let bytes = 0;
  try {
    bytes = await forEachFileChunk(
      path,
      async (chunk) => {
        bytes += chunk.length;
        reader.write(chunk);
        options.onProgress?.(bytes);
        const wait = options.afterChunk?.();
        if (wait) await wait;
      },
      () => reader.holdsChunks,
    );
    reader.end();
  } catch (err) {
    throw named(err, options.name ?? path);
  }
  return bytes;
}

/** Reads a file from disk, 1 MiB at a time into reused buffers (see {@link feedCimFile}). */
export async function readCimFile(path: string, handler: CimHandler, options: SourceOptions = {}): Promise<ReadStats> {
  const start = performance.now();
  const reader = new CimXmlReader(handler, options);
  const bytes = await feedCimFile(path, reader, options);
  return statsOf(reader, bytes, start);
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
