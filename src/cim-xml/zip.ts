// Reading CIM files straight out of a zip archive (no extraction to disk), with the entry checks
// that keep hostile archives out: unsafe names, encrypted entries, oversized or over-compressed entries.

import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { LtdsError } from '../errors/index.js';

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
          if (seen.has(entry.fileName)) throw zipError(zipPath, `entry '${entry.fileName}' appears twice`);
          seen.add(entry.fileName);
          const info = { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize };
          entries.push(info);
          if (!filter(entry.fileName)) return;
          const stream = await new Promise<Readable>((res, rej) => {
            zip.openReadStream(entry, (err, s) => (err ? rej(zipError(zipPath, `cannot read entry '${entry.fileName}' (${err.message})`, err)) : res(s)));
          });
          await visit(info, stream);
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

/** An archive opened once, its central directory checked and indexed, entries streamed on demand. */
export interface ZipIndex {
  readonly path: string;
  readonly entries: readonly ZipEntryInfo[];
  entry(name: string): ZipEntryInfo | undefined;
  /** A stream of the entry's uncompressed bytes (sizes are verified as it is read). */
  openEntry(name: string): Promise<Readable>;
  close(): void;
}

/**
 * Opens `zipPath`, checks every entry (names, encryption, symlinks, sizes, ratio, duplicates) and
 * keeps the file open so entries can be streamed any number of times, concurrently, without
 * re-reading the central directory. Used by the serving host for files out of published zips.
 */
export async function openZipIndex(zipPath: string, limits: ZipLimits = {}): Promise<ZipIndex> {
  const zip = await openZip(zipPath);
  const byName = new Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(zipError(zipPath, `corrupt zip archive (${err.message})`, err)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        try {
          if (!entry.fileName.endsWith('/')) {
            checkEntry(entry, zipPath, limits);
            if (byName.has(entry.fileName)) throw zipError(zipPath, `entry '${entry.fileName}' appears twice`);
            byName.set(entry.fileName, { info: { name: entry.fileName, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize }, entry });
          }
          zip.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  zip.removeAllListeners('error');
  zip.on('error', () => undefined);
  return {
    path: zipPath,
    entries: [...byName.values()].map((e) => e.info),
    entry: (name) => byName.get(name)?.info,
    openEntry: (name) => {
      const found = byName.get(name);
      if (!found) return Promise.reject(new LtdsError('ZIP_ENTRY_NOT_FOUND', `entry '${name}' is not in ${zipPath}`, { zip: zipPath, entry: name }, { file: zipPath }));
      return new Promise<Readable>((resolve, reject) => {
        zip.openReadStream(found.entry, (err, s) => (err ? reject(zipError(zipPath, `cannot read entry '${name}' (${err.message})`, err)) : resolve(s)));
      });
    },
    close: () => zip.close(),
  };
}
