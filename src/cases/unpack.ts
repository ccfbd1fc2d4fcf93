// `ltds unpack`: safe extraction. Every entry is checked before anything is written (names that
// could escape the target — `..`, absolute paths, backslashes, drive letters —, symlinks,
// encrypted entries, duplicates, oversized or over-compressed entries, a corrupt directory); then
// the entries are streamed into a temporary folder next to the target, which is renamed into place.

import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LtdsError } from '../errors/index.js';
import { forEachZipEntry, listZipEntries, type ZipLimits } from '../cim-xml/zip.js';

/** Limits of {@link unpackZip}. */
export interface UnpackOptions extends ZipLimits {
  /** Largest total uncompressed size of all entries (default 16 GiB). */
  maxTotalBytes?: number;
  /** Largest number of entries (default 10,000). */
  maxEntries?: number;
}

/** What was extracted. */
export interface UnpackResult {
  dir: string;
  files: { name: string; size: number }[];
}

/** Extracts `zipPath` into `targetDir`, which must not exist or be empty; all or nothing. */
export async function unpackZip(zipPath: string, targetDir: string, options: UnpackOptions = {}): Promise<UnpackResult> {
  const target = resolve(targetDir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new LtdsError('UNPACK_TARGET', `the target folder ${targetDir} is not empty; unpack writes into a new or empty folder only`, { dir: targetDir });
  }
  // Pass 1: the central directory, every entry checked (names, duplicates, links, sizes, ratio).
  const entries = await listZipEntries(zipPath, options);
  const maxEntries = options.maxEntries ?? 10_000;
  if (entries.length > maxEntries) {
    throw new LtdsError('ZIP_READ', `${zipPath} holds ${entries.length} entries, over the limit of ${maxEntries}`, { zip: zipPath }, { file: zipPath });
  }
  const total = entries.reduce((a, e) => a + e.uncompressedSize, 0);
  const maxTotal = options.maxTotalBytes ?? 16 * 1024 ** 3;
  if (total > maxTotal) {
    throw new LtdsError('ZIP_READ', `${zipPath} expands to ${total} bytes in all, over the limit of ${maxTotal} (zip bomb?)`, { zip: zipPath }, { file: zipPath });
  }
  // Case-insensitive file systems would merge names that differ only in case.
  const folded = new Map<string, string>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    const other = folded.get(key);
    if (other !== undefined) throw new LtdsError('ZIP_READ', `entries '${other}' and '${e.name}' differ only in letter case in ${zipPath}`, { zip: zipPath }, { file: zipPath });
    folded.set(key, e.name);
  }

  // Pass 2: stream into a temporary sibling folder, then rename it into place.
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.unpacking`;
  const files: UnpackResult['files'] = [];
  try {
    mkdirSync(tmp);
    await forEachZipEntry(zipPath, async (entry, stream) => {
      const dest = resolve(tmp, entry.name);
      if (!dest.startsWith(tmp + sep)) throw new LtdsError('ZIP_READ', `entry '${entry.name}' would be written outside the target folder in ${zipPath}`, { zip: zipPath }, { file: zipPath });
      mkdirSync(dirname(dest), { recursive: true });
      await pipeline(stream, createWriteStream(dest, { flags: 'wx' }));
      files.push({ name: entry.name, size: entry.uncompressedSize });
    }, () => true, options);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (err instanceof LtdsError) throw err;
    throw new LtdsError('OUTPUT_WRITE', `cannot unpack into ${targetDir}: ${(err as Error).message}`, { dir: targetDir }, {}, err);
  }
  return { dir: join(targetDir), files };
}
