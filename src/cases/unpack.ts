// `ltds unpack`: safe extraction. Every entry is checked before anything is written (names that
// could escape the target — `..`, absolute paths, backslashes, drive letters —, symlinks,
// encrypted entries, duplicates, oversized or over-compressed entries, a corrupt directory); then
// the entries are streamed into a temporary folder next to the target, which is renamed into place.
// Nothing the command did not create is ever removed: a target that gains a file meanwhile is left
// as it is and the command fails.

import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LtdsError } from '../errors/index.js';
import { forEachZipEntry, listZipEntries, type ZipLimits } from '../cim-xml/zip.js';

/** Limits of {@link unpackZip}: those of the zip reader (entry size, ratio, total size, entry count). */
export type UnpackOptions = ZipLimits;

/** What was extracted. */
export interface UnpackResult {
  dir: string;
  files: { name: string; size: number }[];
}

function targetError(targetDir: string, why: string, cause?: unknown): LtdsError {
  return new LtdsError('UNPACK_TARGET', `the target folder ${targetDir} ${why}; unpack writes into a new or empty folder only`, { dir: targetDir }, {}, cause);
}

/** Refuses a target that is a file, a folder that is not empty, or a path that cannot be looked at. */
function checkTarget(target: string, targetDir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw targetError(targetDir, 'is inside a file, not a folder', err);
    throw targetError(targetDir, `cannot be looked at (${code ?? (err as Error).message})`, err);
  }
  if (!isDir) throw targetError(targetDir, 'is a file, not a folder');
  if (readdirSync(target).length > 0) throw targetError(targetDir, 'is not empty');
}

/** Extracts `zipPath` into `targetDir`, which must not exist or be empty; all or nothing. */
export async function unpackZip(zipPath: string, targetDir: string, options: UnpackOptions = {}): Promise<UnpackResult> {
  const target = resolve(targetDir);
  checkTarget(target, targetDir);
  // Pass 1: the central directory, every entry checked (names, duplicates, links, sizes, ratio,
  // entry count, total size, overlapping entries).
  const entries = await listZipEntries(zipPath, options);
  // Case-insensitive file systems would merge names that differ only in case.
  const folded = new Map<string, string>();
  for (const e of entries) {
    const key = e.name.toLowerCase();
    const other = folded.get(key);
    if (other !== undefined) throw new LtdsError('ZIP_READ', `entries '${other}' and '${e.name}' differ only in letter case in ${zipPath}`, { zip: zipPath }, { file: zipPath });
    folded.set(key, e.name);
  }

  // Pass 2: stream into a temporary sibling folder, then rename it into place.
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (err) {
    throw targetError(targetDir, `its parent folder cannot be made (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
  const tmp = `${target}.${process.pid}.${Date.now()}.unpacking`;
  const files: UnpackResult['files'] = [];
  let made = false;
  try {
    mkdirSync(tmp);
    made = true;
    await forEachZipEntry(zipPath, async (entry, stream) => {
      const dest = resolve(tmp, entry.name);
      if (!dest.startsWith(tmp + sep)) throw new LtdsError('ZIP_READ', `entry '${entry.name}' would be written outside the target folder in ${zipPath}`, { zip: zipPath }, { file: zipPath });
      mkdirSync(dirname(dest), { recursive: true });
      await pipeline(stream, createWriteStream(dest, { flags: 'wx' }));
      files.push({ name: entry.name, size: entry.uncompressedSize });
    }, () => true, options);
    // rename() replaces an empty folder and fails on one that is not empty: the target's emptiness
    // is checked by the same system call that moves the files in.
    try {
      renameSync(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw targetError(targetDir, 'is no longer empty (something was written into it while unpacking); nothing was changed in it', err);
      if (code === 'ENOTDIR') throw targetError(targetDir, 'is now a file, not a folder', err);
      throw err;
    }
  } catch (err) {
    // Only the temporary folder this call made is removed.
    if (made) rmSync(tmp, { recursive: true, force: true });
    if (err instanceof LtdsError) throw err;
    throw new LtdsError('OUTPUT_WRITE', `cannot unpack into ${targetDir}: ${(err as Error).message}`, { dir: targetDir }, {}, err);
  }
  return { dir: join(targetDir), files };
}
