// Expands command-line inputs (files, folders, zips, `archive.zip:entry`) into CIM sources and
// reads each one through the streaming reader.

import { existsSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LtdsError, isLtdsError } from '../errors/index.js';
import type { CimHandler, CimXmlReader } from './reader.js';
import type { CimModel } from './model.js';
import { checkFile, completeModel, feedCimFile, fileError, modelCollector, readCimFile, readCimStream, type ReadStats, type SourceOptions } from './sources.js';
import { listZipEntries, withZipEntry } from './zip.js';

/** One CIM document to read: a file on disk, or an entry inside a zip archive. */
export interface CimInput {
  /** The name used in messages: the path, or `archive.zip:entry`. */
  name: string;
  path: string;
  entry?: string;
  /** Size in bytes (uncompressed for zip entries). */
  bytes: number;
}

const ZIP_ENTRY = /^(.*\.zip):(.+)$/i;

function isCimFileName(name: string): boolean {
  return /\.(xml|rdf)$/i.test(name);
}

async function zipInputs(path: string): Promise<CimInput[]> {
  const entries = await listZipEntries(path);
  return entries.filter((e) => isCimFileName(e.name)).map((e) => ({ name: `${path}:${e.name}`, path, entry: e.name, bytes: e.uncompressedSize }));
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `stat` with the failure as the reader's input error (a symlink loop, a permission, ...). */
function statInput(path: string, follow = true): Stats {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    throw fileError(err, path);
  }
}

/**
 * Expands inputs: a folder gives its .xml/.rdf/.zip files (recursively, sorted; symbolic links to
 * folders are not followed, so a link loop cannot trap the walk), a zip its CIM entries.
 * An input that gives no CIM file at all (an empty folder, a pattern that matched nothing) is an
 * `INPUT_NOT_FOUND` error.
 */
export async function expandInputs(args: readonly string[]): Promise<CimInput[]> {
  const out: CimInput[] = [];
  for (const arg of args) {
    if (!existsSync(arg)) {
      const m = ZIP_ENTRY.exec(arg);
      if (m && existsSync(m[1]!)) {
        const all = await zipInputs(m[1]!);
        const found = all.find((i) => i.entry === m[2]);
        if (!found) throw new LtdsError('ZIP_ENTRY_NOT_FOUND', `entry '${m[2]}' is not in ${m[1]}`, { zip: m[1], entry: m[2] }, { file: m[1] });
        out.push(found);
        continue;
      }
      // A link that leads nowhere (or round in a loop) exists as a link: say what is wrong with it.
      if (isLink(arg)) statInput(arg);
      // A shell leaves a pattern that matched nothing as it was: say so rather than "no such file".
      if (/[*?[]/.test(arg)) throw new LtdsError('INPUT_NOT_FOUND', `no CIM files found: nothing matches '${arg}'`, { path: arg });
      throw new LtdsError('INPUT_NOT_FOUND', `no such file or folder: ${arg}`, { path: arg });
    }
    const found = out.length;
    const st = statInput(arg);
    if (st.isDirectory()) {
      const walk = async (dir: string): Promise<void> => {
        let names: string[];
        try {
          names = readdirSync(dir).sort();
        } catch (err) {
          throw fileError(err, dir);
        }
        for (const name of names) {
          const p = join(dir, name);
          const link = statInput(p, false);
          if (link.isSymbolicLink() && statInput(p).isDirectory()) continue;
          const s = link.isSymbolicLink() ? statInput(p) : link;
          if (s.isDirectory()) await walk(p);
          else if (/\.zip$/i.test(name)) out.push(...(await zipInputs(p)));
          else if (isCimFileName(name)) out.push({ name: p, path: p, bytes: s.size });
        }
      };
      await walk(arg);
    } else if (/\.zip$/i.test(arg)) {
      out.push(...(await zipInputs(arg)));
    } else {
      out.push({ name: arg, path: arg, bytes: st.size });
    }
    // An empty folder (or a zip without CIM entries) is a mistake, never a silent success.
    if (out.length === found) {
      const why = st.isDirectory() ? 'the folder holds no .xml, .rdf or .zip files' : 'the archive holds no .xml or .rdf entries';
      throw new LtdsError('INPUT_NOT_FOUND', `no CIM files found in ${arg} (${why})`, { path: arg });
    }
  }
  return out;
}

/** Reads one input with the streaming reader. */
export async function readCimInput(input: CimInput, handler: CimHandler, options: SourceOptions = {}): Promise<ReadStats> {
  if (input.entry === undefined) return readCimFile(input.path, handler, { ...options, name: input.name });
  return withZipEntry(input.path, input.entry, (stream) => readCimStream(stream, handler, { ...options, name: input.name }));
}

/** Loads one input into a {@link CimModel}. */
export async function loadCimInput(input: CimInput, options: SourceOptions = {}): Promise<CimModel> {
  const c = modelCollector();
  return completeModel(c.model, await readCimInput(input, c.handler, options));
}

/**
 * The whole content of one input in memory (a file, or a zip entry inflated), for readers that
 * come back to the bytes of some objects (span mode). Missing or unreadable files give the same
 * errors as {@link readCimInput}.
 */
export async function loadCimInputBytes(input: CimInput): Promise<Buffer> {
  if (input.entry !== undefined) {
    return withZipEntry(input.path, input.entry, async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    });
  }
  try {
    checkFile(input.path);
    return await readFile(input.path);
  } catch (err) {
    throw fileError(err, input.path);
  }
}

/**
 * Feeds one input to a reader and ends it. A file is read into two buffers used in turn, so a
 * large file costs no new memory (on some virtual machines each new page costs more than parsing
 * it); a consumer keeping bytes of a chunk beyond its callback must copy them. Errors name the
 * input. Returns the bytes read.
 */
export async function feedCimInput(input: CimInput, reader: CimXmlReader, options: SourceOptions = {}): Promise<number> {
  const name = input.name;
  const named = (err: unknown): unknown => {
    if (isLtdsError(err)) err.inFile(name);
    return err;
  };
  let bytes = 0;
  if (input.entry !== undefined) {
    await withZipEntry(input.path, input.entry, async (stream) => {
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          reader.write(chunk);
          options.onProgress?.(bytes);
        }
        reader.end();
      } catch (err) {
        stream.destroy();
        throw named(err);
      }
    });
    return bytes;
  }
  return feedCimFile(input.path, reader, { ...options, name });
}
