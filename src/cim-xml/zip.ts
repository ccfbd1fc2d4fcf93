// Reading CIM files straight out of a zip archive (no extraction to disk), with the entry checks
// that keep hostile archives out: unsafe names, encrypted entries, oversized or over-compressed
// entries and archives, entries that share their data (overlap), data that fails its CRC-32.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type yauzl from 'yauzl';
import { LtdsError } from '../errors/index.js';

/** Entries whose compressed bytes fit one read are read and inflated in one step. */
const SMALL_ENTRY = 1 << 16;

/** One entry of an archive as the central directory describes it. */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Limits applied to every archive and entry read. */
export interface ZipLimits {
  /** Largest uncompressed entry (default 8 GiB). */
  maxEntryBytes?: number;
  /** Largest compression ratio for entries over 1 MiB, and for a whole archive over 1 MiB uncompressed (default 1000). */
  maxRatio?: number;
  /** Largest total uncompressed size of all entries of one archive (default 16 GiB). */
  maxTotalBytes?: number;
  /** Most entries in one archive (default 10,000). */
  maxEntries?: number;
}

/** The defaults of {@link ZipLimits}. */
export const ZIP_LIMIT_DEFAULTS: Required<ZipLimits> = { maxEntryBytes: 8 * 1024 ** 3, maxRatio: 1000, maxTotalBytes: 16 * 1024 ** 3, maxEntries: 10_000 };

function zipError(zipPath: string, reason: string, cause?: unknown): LtdsError {
  return new LtdsError('ZIP_READ', `${reason} in ${zipPath}`, { zip: zipPath }, { file: zipPath }, cause);
}

/** yauzl, loaded when a zip is first opened (a command reading plain XML files never pays for it). */
let zipLibrary: typeof yauzl | undefined;

function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  zipLibrary ??= createRequire(import.meta.url)('yauzl') as typeof yauzl;
  const lib = zipLibrary;
  return new Promise((resolve, reject) => {
    lib.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
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
  const max = limits.maxEntryBytes ?? ZIP_LIMIT_DEFAULTS.maxEntryBytes;
  if (entry.uncompressedSize > max) throw zipError(zipPath, `entry '${entry.fileName}' expands to ${entry.uncompressedSize} bytes, over the limit of ${max}`);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > 1 << 20 && ratio > (limits.maxRatio ?? ZIP_LIMIT_DEFAULTS.maxRatio)) {
    throw zipError(zipPath, `entry '${entry.fileName}' has a compression ratio of ${Math.round(ratio)}:1, over the limit of ${limits.maxRatio ?? ZIP_LIMIT_DEFAULTS.maxRatio}:1 (zip bomb?)`);
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw zipError(zipPath, `entry '${entry.fileName}' uses compression method ${entry.compressionMethod} (only stored and deflate are read)`);
}

/**
 * Reads the whole central directory with every check: each file entry (see checkEntry), duplicate
 * names, the number of entries, the total uncompressed size and the archive's overall ratio.
 * Folder entries are left out.
 */
function readDirectory(zip: yauzl.ZipFile, zipPath: string, limits: ZipLimits): Promise<yauzl.Entry[]> {
  const maxEntries = limits.maxEntries ?? ZIP_LIMIT_DEFAULTS.maxEntries;
  const maxTotal = limits.maxTotalBytes ?? ZIP_LIMIT_DEFAULTS.maxTotalBytes;
  const maxRatio = limits.maxRatio ?? ZIP_LIMIT_DEFAULTS.maxRatio;
  const found: yauzl.Entry[] = [];
  const names = new Set<string>();
  let total = 0;
  return new Promise<yauzl.Entry[]>((resolve, reject) => {
    zip.on('error', (err: Error) => reject(zipError(zipPath, `corrupt zip archive (${err.message})`, err)));
    zip.on('end', () => {
      // The archive as a whole: many entries each under the per-entry ratio can still be a bomb.
      if (total > 1 << 20 && total / Math.max(1, zip.fileSize) > maxRatio) {
        reject(zipError(zipPath, `the archive expands to ${total} bytes from ${zip.fileSize}, a ratio over the limit of ${maxRatio}:1 (zip bomb?)`));
      } else resolve(found);
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        if (!entry.fileName.endsWith('/')) {
          checkEntry(entry, zipPath, limits);
          if (names.has(entry.fileName)) throw zipError(zipPath, `entry '${entry.fileName}' appears twice`);
          names.add(entry.fileName);
          found.push(entry);
          if (found.length > maxEntries) throw zipError(zipPath, `the archive holds more than ${maxEntries} entries, over the limit`);
          total += entry.uncompressedSize;
          if (total > maxTotal) throw zipError(zipPath, `the archive expands to more than ${maxTotal} bytes in all, over the limit (zip bomb?)`);
        }
        zip.readEntry();
      } catch (err) {
        reject(err);
      }
    });
    zip.readEntry();
  });
}

/** An entry with where its compressed data starts (from its local header). */
interface LocatedEntry {
  entry: yauzl.Entry;
  dataStart: number;
}

/**
 * Reads every entry's local header and refuses entries whose bytes (local header to the end of
 * the compressed data) overlap another's: one data block listed many times is a zip bomb that
 * no per-entry limit sees.
 */
async function locateEntries(zip: yauzl.ZipFile, entries: readonly yauzl.Entry[], zipPath: string): Promise<LocatedEntry[]> {
  const located: LocatedEntry[] = [];
  for (const entry of entries) {
    const header = await new Promise<{ fileDataStart: number }>((resolve, reject) =>
      zip.readLocalFileHeader(entry, { minimal: true }, (err, h) => (err ? reject(zipError(zipPath, `cannot read the local header of '${entry.fileName}' (${err.message})`, err)) : resolve(h as { fileDataStart: number }))),
    );
    if (header.fileDataStart + entry.compressedSize > zip.fileSize) throw zipError(zipPath, `entry '${entry.fileName}' runs past the end of the archive`);
    located.push({ entry, dataStart: header.fileDataStart });
  }
  const byStart = [...located].sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!;
    const cur = byStart[i]!;
    if (cur.entry.relativeOffsetOfLocalHeader < prev.dataStart + prev.entry.compressedSize) {
      throw zipError(zipPath, `entries '${prev.entry.fileName}' and '${cur.entry.fileName}' overlap (they share bytes of the archive; zip bomb?)`);
    }
  }
  return located;
}

/** Inflate output chunk size: a few big chunks per megabyte rather than sixty-four of zlib's default 16 KiB. */
const INFLATE_CHUNK = 1 << 18;

/** The error for data whose CRC-32 is not the one its directory records. */
function crcError(zipPath: string, name: string, found: number, expected: number): LtdsError {
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return new LtdsError('ZIP_CRC', `entry '${name}' fails its CRC-32 check (the data gives ${hex(found)}, the directory records ${hex(expected)}): the archive is damaged or was tampered with, in ${zipPath}`, { zip: zipPath, entry: name }, { file: zipPath });
}

/**
 * The uncompressed bytes of an entry from its raw (stored or deflated) bytes: inflated in large
 * chunks, and refused when the length differs from the directory's (an entry that lies about its
 * size, or a bomb), the data does not inflate, or its CRC-32 is not the recorded one (checked as
 * the bytes pass, so the failure comes before the stream ends). Destroying the result destroys `raw`.
 */
function entryStream(raw: Readable, method: number, uncompressedSize: number, expectedCrc: number, name: string, zipPath: string): Readable {
  let seen = 0;
  let crc = 0;
  // Buffers as large as the chunks it passes on (the default 16 KiB would stop the flow after every chunk).
  const check = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > uncompressedSize) {
        cb(zipError(zipPath, `entry '${name}' is longer than the ${uncompressedSize} bytes its directory records`));
        return;
      }
      crc = crc32(chunk, crc);
      // The last chunk is held back until its CRC is checked, so a consumer never sees all of a tampered entry.
      if (seen === uncompressedSize && crc !== expectedCrc) cb(crcError(zipPath, name, crc, expectedCrc));
      else cb(null, chunk);
    },
    flush(cb) {
      if (seen !== uncompressedSize) cb(zipError(zipPath, `entry '${name}' has ${seen} bytes, but its directory records ${uncompressedSize}`));
      else cb(seen === 0 && expectedCrc !== 0 ? crcError(zipPath, name, 0, expectedCrc) : null);
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
 * name `filter` rejects are skipped without being read. The whole directory is checked first
 * (names, duplicates, sizes, ratios, entry count, total size, overlapping entries).
 */
export async function forEachZipEntry(
  zipPath: string,
  visit: (entry: ZipEntryInfo, stream: Readable) => Promise<void>,
  filter: (name: string) => boolean = () => true,
  limits: ZipLimits = {},
): Promise<ZipEntryInfo[]> {
  const zip = await openZip(zipPath);
  try {
    // Everything about the archive is checked before the first byte of any entry is passed on.
    const located = await locateEntries(zip, await readDirectory(zip, zipPath, limits), zipPath);
    const entries: ZipEntryInfo[] = [];
    for (const { entry } of located) {
      const info = { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize };
      entries.push(info);
      if (!filter(entry.fileName)) continue;
      // The raw bytes from yauzl (a stored entry must be opened without the decompress option),
      // inflated here in large chunks with the length and the CRC-32 checked.
      const raw = await new Promise<Readable>((res, rej) => {
        zip.openReadStream(entry, entry.isCompressed() ? { decompress: false } : {}, (err, s) => (err ? rej(zipError(zipPath, `cannot read entry '${entry.fileName}' (${err.message})`, err)) : res(s)));
      });
      await visit(info, entryStream(raw, entry.compressionMethod, entry.uncompressedSize, entry.crc32, entry.fileName, zipPath));
    }
    return entries;
  } finally {
    zip.close();
  }
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
  crc: number;
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
    for (const { entry, dataStart } of await locateEntries(zip, await readDirectory(zip, zipPath, limits), zipPath)) {
      byName.set(entry.fileName, {
        info: { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize },
        dataStart,
        method: entry.compressionMethod,
        crc: entry.crc32,
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
    const crc = crc32(data);
    if (crc !== e.crc) throw crcError(zipPath, name, crc, e.crc);
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
      return entryStream(raw, e.method, uncompressedSize, e.crc, name, zipPath);
    },
    close: () => {
      if (closing) return;
      closing = true;
      if (active === 0) closeSync(fd);
    },
  };
}
