// Deterministic zips: entries in the order given, every timestamp fixed, one compression level,
// fixed permissions, no extra fields — the same inputs give the same bytes and SHA-256. Entries are
// streamed from disk into the archive and the archive streamed into a temporary file, so memory
// stays flat; the file is renamed into place only when complete.

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import archiver from 'archiver';
import { LtdsError } from '../errors/index.js';

/** One entry: its name in the archive and the file it comes from. */
export interface ZipEntrySource {
  name: string;
  path: string;
}

/** What was written. */
export interface WrittenZip {
  path: string;
  size: number;
  sha256: string;
}

/** Options of {@link writeDeterministicZip}. */
export interface DeterministicZipOptions {
  /** The timestamp every entry carries (default 1980-01-01T00:00:00Z, the earliest a zip can hold). */
  date?: Date;
  /** Deflate level 0-9 (default 6). */
  level?: number;
  /** Called with bytes of input read so far. */
  onBytes?: (n: number) => void;
}

/** The earliest time a zip (DOS) timestamp can hold. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/** Writes `entries` in order into a zip at `target`, atomically. */
export async function writeDeterministicZip(target: string, entries: readonly ZipEntrySource[], options: DeterministicZipOptions = {}): Promise<WrittenZip> {
  const date = options.date && options.date.getTime() >= ZIP_EPOCH.getTime() ? options.date : ZIP_EPOCH;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const hash = createHash('sha256');
  let size = 0;
  let read = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(tmp);
      // forceZip64 off, no comment, UTC DOS times; archiver adds no extended-timestamp field.
      const zip = archiver('zip', { zlib: { level: options.level ?? 6 }, forceLocalTime: false, comment: '' });
      zip.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      zip.on('warning', reject);
      zip.on('error', reject);
      out.on('error', reject);
      out.on('close', () => resolve());
      zip.pipe(out);
      for (const e of entries) {
        const stream = createReadStream(e.path, { highWaterMark: 1 << 20 });
        if (options.onBytes) {
          stream.on('data', (c) => {
            read += c.length;
            options.onBytes?.(read);
          });
        }
        stream.on('error', reject);
        zip.append(stream, { name: e.name, date, mode: 0o644 });
      }
      void zip.finalize();
    });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new LtdsError('OUTPUT_WRITE', `cannot write ${target}: ${(err as Error).message}`, { path: target }, {}, err);
  }
  return { path: target, size, sha256: hash.digest('hex') };
}
