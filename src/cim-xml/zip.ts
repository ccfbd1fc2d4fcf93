// Reading CIM files straight out of a zip archive (no extraction to disk), with the entry checks
// that keep hostile archives out: unsafe names, encrypted entries, oversized or over-compressed entries.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { LtdsError } from '../errors/index.js';

/** Entries whose compressed bytes fit one read are read and inflated in one step. */
const SMALL_ENTRY = 1 << 16;

/** One entry of an archive as the central directory describes it. */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Limits applied to every entry read. */
export interface ZipLimits {
  /** Largest uncompressed entry (default 8 GiB). */
  maxEntryBytes?: number;
  /** Largest compression ratio for entries over 1 MiB (default 1000). */
  maxRatio?: number;
}

function zipError(zipPath: string, reason: string, cause?: unknown): LtdsError {
  return new LtdsError('ZIP_READ', `${reason} in ${zipPath}`, { zip: zipPath }, { file: zipPath }, cause);
}

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') reject(new LtdsError('INPUT_NOT_FOUND', `no such file: ${zipPath}`, { path: zipPath }, {}, err));
        else reject(zipError(zipPath, `cannot read the zip archive (${err.message})`, err));
      } else resolve(zip);
    });
  });
}

/** Refuses entry names that could escape a target folder and entries that are not plain files. */
export function checkEntryName(name: string, zipPath: string): void {
  if (name.includes('\\')) throw zipError(zipPath, `entry '${name}' contains a backslash`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw zipError(zipPath, `entry '${name}' is an absolute path`);
  if (name.split('/').includes('..')) throw zipError(zipPath, `entry '${name}' climbs out of the archive folder ('..')`);
}

function checkEntry(entry: yauzl.Entry, zipPath: string, limits: ZipLimits): void {
  checkEntryName(entry.fileName, zipPath);
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw zipError(zipPath, `entry '${entry.fileName}' is encrypted`);
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (mode === 0o120000) throw zipError(zipPath, `entry '${entry.fileName}' is a symbolic link`);
  const max = limits.maxEntryBytes ?? 8 * 1024 ** 3;
  if (entry.uncompressedSize > max) throw zipError(zipPath, `entry '${entry.fileName}' expands to ${entry.uncompressedSize} bytes, over the limit of ${max}`);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > 1 << 20 && ratio > (limits.maxRatio ?? 1000)) {
    throw zipError(zipPath, `entry '${entry.fileName}' has a compression ratio of ${Math.round(ratio)}:1, over the limit of ${limits.maxRatio ?? 1000}:1 (zip bomb?)`);
  }
}

/** Inflate output chunk size: a few big chunks per megabyte rather than sixty-four of zlib's default 16 KiB. */
const INFLATE_CHUNK = 1 << 18;

/**
 * The uncompressed bytes of an entry from its raw (stored or deflated) bytes: inflated in large
 * chunks, and refused when the length differs from the directory's (an entry that lies about its
 * size, or a bomb) or the data does not inflate. Destroying the result destroys `raw`.
 */
function entryStream(raw: Readable, method: number, uncompressedSize: number, name: string, zipPath: string): Readable {
  let seen = 0;
  // Buffers as large as the chunks it passes on (the default 16 KiB would stop the flow after every chunk).
  const check = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > uncompressedSize) cb(zipError(zipPath, `entry '${name}' is longer than the ${uncompressedSize} bytes its directory records`));
      else cb(null, chunk);
    },
    flush(cb) {
      cb(seen === uncompressedSize ? null : zipError(zipPath, `entry '${name}' has ${seen} bytes, but its directory records ${uncompressedSize}`));
    },
  });
  raw.on('error', (err: Error) => check.destroy(err));
  if (method === 8) {
    const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
    inflate.on('error', (err: Error) => check.destroy(zipError(zipPath, `entry '${name}' does not inflate (${err.message})`, err)));
    raw.pipe(inflate).pipe(check);
  } else {
    raw.pipe(check);
  }
  check.on('close', () => raw.destroy());
  return check;
}

/**
 * Calls `visit` for each file entry (in archive order) with a stream of its bytes. Entries whose
 * name `filter` rejects are skipped without being read. Duplicate names are refused.
 */
export async function forEachZipEntry(
  zipPath: string,
  visit: (entry: ZipEntryInfo, stream: Readable) => Promise<void>,
  filter: (name: string) => boolean = () => true,
  limits: ZipLimits = {},
): Promise<ZipEntryInfo[]> {
  const zip = await openZip(zipPath);
  const seen = new Set<string>();
  const entries: ZipEntryInfo[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(zipPath, `corrupt zip archive (${err.message})`, err)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const step = async (): Promise<void> => {
          if (entry.fileName.endsWith('/')) return;
          checkEntry(entry, zipPath, limits);
          if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw zipError(zipPath, `entry '${entry.fileName}' uses compression method ${entry.compressionMethod} (only stored and deflate are read)`);
          if (seen.has(entry.fileName)) throw zipError(zipPath, `entry '${entry.fileName}' appears twice`);
          seen.add(entry.fileName);
          const info = { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize };
          entries.push(info);
          if (!filter(entry.fileName)) return;
          // The raw bytes from yauzl, inflated here in large chunks with the length checked.
          const raw = await new Promise<Readable>((res, rej) => {
            zip.openReadStream(entry, { decompress: false }, (err, s) => (err ? rej(zipError(zipPath, `cannot read entry '${entry.fileName}' (${err.message})`, err)) : res(s)));
          });
          await visit(info, entryStream(raw, entry.compressionMethod, entry.uncompressedSize, entry.fileName, zipPath));
        };
        step().then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return entries;
}

/** Lists an archive's file entries without reading them. */
export async function listZipEntries(zipPath: string, limits: ZipLimits = {}): Promise<ZipEntryInfo[]> {
  return forEachZipEntry(zipPath, async () => undefined, () => false, limits);
}

/** Streams one named entry to `visit`; throws ZIP_ENTRY_NOT_FOUND when it is not there. */
export async function withZipEntry<T>(zipPath: string, entryName: string, visit: (stream: Readable, entry: ZipEntryInfo) => Promise<T>, limits: ZipLimits = {}): Promise<T> {
  let result: { value: T } | undefined;
  await forEachZipEntry(
    zipPath,
    async (entry, stream) => {
      result = { value: await visit(stream, entry) };
    },
    (name) => name === entryName,
    limits,
  );
  if (!result) throw new LtdsError('ZIP_ENTRY_NOT_FOUND', `entry '${entryName}' is not in ${zipPath}`, { zip: zipPath, entry: entryName }, { file: zipPath });
  return result.value;
}

/** An archive indexed once, entries streamed on demand. */
export interface ZipIndex {
  readonly path: string;
  readonly entries: readonly ZipEntryInfo[];
  entry(name: string): ZipEntryInfo | undefined;
  /** A stream of the entry's uncompressed bytes (its length is checked against the directory). */
  openEntry(name: string): Promise<Readable>;
  /** The bytes of a small entry (compressed ≤ 64 KiB, expanded ≤ 4 MiB) read in one step, or null for a larger one. */
  entryBytes(name: string): Buffer | null;
  close(): void;
}

interface IndexedEntry {
  info: ZipEntryInfo;
  dataStart: number;
  method: number;
}

/**
 * Reads `zipPath`'s central directory and local headers once, with every entry check (names,
 * encryption, symlinks, sizes, ratio, duplicates), and returns an index from which entries are
 * streamed any number of times, concurrently: each read opens its own positional file stream over
 * the entry's bytes and inflates them, so readers share no state. Used by the serving host.
 */
export async function openZipIndex(zipPath: string, limits: ZipLimits = {}): Promise<ZipIndex> {
  const zip = await openZip(zipPath);
  const byName = new Map<string, IndexedEntry>();
  try {
    const found: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(zipPath, `corrupt zip archive (${err.message})`, err)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          if (!entry.fileName.endsWith('/')) {
            checkEntry(entry, zipPath, limits);
            if (found.some((e) => e.fileName === entry.fileName)) throw zipError(zipPath, `entry '${entry.fileName}' appears twice`);
            if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw zipError(zipPath, `entry '${entry.fileName}' uses compression method ${entry.compressionMethod} (only stored and deflate are read)`);
            found.push(entry);
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.readEntry();
    });
    for (const entry of found) {
      const header = await new Promise<{ fileDataStart: number }>((resolve, reject) =>
        zip.readLocalFileHeader(entry, { minimal: true }, (err, h) => (err ? reject(zipError(zipPath, `cannot read the local header of '${entry.fileName}' (${err.message})`, err)) : resolve(h as { fileDataStart: number }))),
      );
      byName.set(entry.fileName, {
        info: { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize },
        dataStart: header.fileDataStart,
        method: entry.compressionMethod,
      });
    }
  } finally {
    zip.close();
  }
  // One descriptor per archive for small entries (positional reads, no shared file position),
  // closed when the index is closed and no read is in flight.
  const fd = openSync(zipPath, 'r');
  let active = 0;
  let closing = false;
  const release = () => {
    active -= 1;
    if (closing && active === 0) closeSync(fd);
  };

  // A small entry: one positional read of at most 64 KiB (what one stream chunk would hold; page
  // cache speed) and one inflate call, without a round trip through the thread pool.
  const small = (e: IndexedEntry, name: string): Buffer => {
    const { compressedSize, uncompressedSize } = e.info;
    const buf = Buffer.allocUnsafe(compressedSize);
    let got = 0;
    while (got < compressedSize) {
      const n = readSync(fd, buf, got, compressedSize - got, e.dataStart + got);
      if (n === 0) throw zipError(zipPath, `entry '${name}' is cut short`);
      got += n;
    }
    let data: Buffer;
    try {
      data = e.method === 8 ? inflateRawSync(buf, { maxOutputLength: uncompressedSize + 1 }) : buf;
    } catch (err) {
      // Past maxOutputLength zlib stops with ERR_BUFFER_TOO_LARGE: the data is longer than the directory says.
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw zipError(zipPath, `entry '${name}' is longer than the ${uncompressedSize} bytes its directory records`, err);
      throw zipError(zipPath, `entry '${name}' does not inflate (${(err as Error).message})`, err);
    }
    if (data.length !== uncompressedSize) throw zipError(zipPath, `entry '${name}' has ${data.length} bytes, but its directory records ${uncompressedSize}`);
    return data;
  };
  return {
    path: zipPath,
    entries: [...byName.values()].map((e) => e.info),
    entry: (name) => byName.get(name)?.info,
    entryBytes: (name) => {
      const e = byName.get(name);
      if (!e || closing || e.info.compressedSize > SMALL_ENTRY || e.info.uncompressedSize > SMALL_ENTRY * 64) return null;
      return small(e, name);
    },
    openEntry: async (name) => {
      const e = byName.get(name);
      if (!e) throw new LtdsError('ZIP_ENTRY_NOT_FOUND', `entry '${name}' is not in ${zipPath}`, { zip: zipPath, entry: name }, { file: zipPath });
      if (closing) throw zipError(zipPath, 'the archive index is closed');
      const { compressedSize, uncompressedSize } = e.info;
      active += 1;
      if (compressedSize <= SMALL_ENTRY) {
        try {
          return Readable.from([small(e, name)], { objectMode: false });
        } finally {
          release();
        }
      }
      release(); // a large entry reads through its own descriptor, closed when its stream ends
      // Large reads and large inflate output chunks: a few big chunks per megabyte, not dozens of small ones.
      const raw = createReadStream(zipPath, { start: e.dataStart, end: e.dataStart + compressedSize - 1, highWaterMark: 1 << 20 });
      return entryStream(raw, e.method, uncompressedSize, name, zipPath);
    },
    close: () => {
      if (closing) return;
      closing = true;
      if (active === 0) closeSync(fd);
    },
  };
}
