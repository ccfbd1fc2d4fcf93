// Published zips, each checked once against its manifest (size and SHA-256) and then kept open and
// indexed, so a single file is streamed straight out of the archive without re-reading its directory.
// Whole-zip downloads are sent from memory: the bytes read to check the SHA-256 are kept (within a
// byte budget, least recently used dropped first), so a download is one copy into the socket and what
// is sent is exactly what was verified.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { openZipIndex, type ZipIndex } from '../../cim-xml/zip.js';
import { LtdsError } from '../../errors/index.js';
import { hashFile } from '../../io/hash-file.js';

/** What the manifest says about a file. */
export interface Expected {
  size: number;
  sha256: string;
}

const fileSha256 = async (path: string): Promise<string> => (await hashFile(path)).sha256;

function unreadable(path: string, err: unknown): LtdsError {
  return new LtdsError('CATALOG_INTEGRITY', `the manifest lists ${path}, but it cannot be read: ${(err as Error).message}`, { file: path }, {}, err);
}

/** Throws CATALOG_INTEGRITY when a size or SHA-256 differs from the manifest's (`sha256` computed only when the size is right). */
async function check(path: string, expected: Expected, size: number, sha256: () => string | Promise<string>): Promise<void> {
  if (size !== expected.size) throw new LtdsError('CATALOG_INTEGRITY', `${path} has ${size} bytes, but its manifest records ${expected.size}`, { file: path, expected: expected.size, actual: size });
  const actual = await sha256();
  if (actual !== expected.sha256) throw new LtdsError('CATALOG_INTEGRITY', `${path} has SHA-256 ${actual}, but its manifest records ${expected.sha256}`, { file: path, expected: expected.sha256, actual });
}

/** Checks a published file against its manifest record by streaming it; throws CATALOG_INTEGRITY when it differs. */
async function verifyPublished(path: string, expected: Expected): Promise<void> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw unreadable(path, err);
  }
  await check(path, expected, size, () => fileSha256(path));
}

/** Reads a published file whole and checks it against its manifest record; the verified bytes. */
async function readVerified(path: string, expected: Expected): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  await check(path, expected, bytes.length, () => createHash('sha256').update(bytes).digest('hex'));
  return bytes;
}

/** The cache key of a published file: its path and the SHA-256 its manifest records. */
function keyOf(path: string, expected: Expected): string {
  return `${path}\0${expected.sha256}`;
}

/** The value under `key`, moved to the most recently used end of `map`. */
function touched<V>(map: Map<string, V>, key: string): V | undefined {
  const v = map.get(key);
  if (v !== undefined) {
    map.delete(key);
    map.set(key, v);
  }
  return v;
}

/** Default memory budget for whole published files kept in memory (bytes). */
export const DEFAULT_MEMORY_BYTES = 256 * 1024 * 1024;

/**
 * A bounded cache of verified files, of their bytes (within `memoryBytes`) and of open zip indexes
 * (least recently used are dropped or closed first).
 */
export class PublishedZips {
  private readonly verified = new Map<string, Promise<void>>();
  private readonly indexes = new Map<string, Promise<ZipIndex>>();
  private readonly memory = new Map<string, Buffer>();
  private readonly loading = new Map<string, Promise<Buffer>>();
  private memoryUsed = 0;

  constructor(
    private readonly maxOpen = 128,
    /** Bytes of whole files kept in memory; 0 sends every file from disk. */
    readonly memoryBytes = DEFAULT_MEMORY_BYTES,
  ) {}

  /** Bytes of whole files held in memory now. */
  get memoryInUse(): number {
    return this.memoryUsed;
  }

  /**
   * The verified bytes of `path` from memory (read and checked on first use), or `undefined` once it
   * is verified when the file is larger than the memory budget: the caller then sends it from disk.
   */
  async bytes(path: string, expected: Expected): Promise<Buffer | undefined> {
    if (expected.size > this.memoryBytes) {
      await this.verify(path, expected);
      return undefined;
    }
    const key = keyOf(path, expected);
    const hit = touched(this.memory, key);
    if (hit) return hit;
    let p = this.loading.get(key);
    if (!p) {
      p = readVerified(path, expected).then((buf) => {
        this.remember(key, buf);
        this.verified.set(key, Promise.resolve());
        return buf;
      });
      this.loading.set(key, p);
      const done = () => this.loading.delete(key);
      p.then(done, done);
    }
    return p;
  }

  private remember(key: string, buf: Buffer): void {
    if (this.memory.has(key)) return;
    this.memory.set(key, buf);
    this.memoryUsed += buf.length;
    for (const [k, b] of this.memory) {
      if (this.memoryUsed <= this.memoryBytes) break;
      this.memory.delete(k);
      this.memoryUsed -= b.length;
    }
  }

  /**
   * Resolves once `path` is known to match `expected` (checked once per path and hash). A file
   * within the memory budget is checked by reading it into memory, so a later download of it is
   * not read and hashed a second time.
   */
  verify(path: string, expected: Expected): Promise<void> {
    const key = keyOf(path, expected);
    let p = this.verified.get(key);
    if (!p && expected.size <= this.memoryBytes) return this.bytes(path, expected).then(() => undefined);
    if (!p) {
      p = verifyPublished(path, expected);
      this.verified.set(key, p);
      p.catch(() => this.verified.delete(key));
    }
    return p;
  }

  /** The open, indexed zip at `path`, verified against `expected` first. */
  open(path: string, expected: Expected): Promise<ZipIndex> {
    const key = keyOf(path, expected);
    const cached = touched(this.indexes, key);
    if (cached) return cached;
    const p = this.verify(path, expected).then(() => openZipIndex(path));
    this.indexes.set(key, p);
    p.catch(() => this.indexes.delete(key));
    while (this.indexes.size > this.maxOpen) {
      const [oldKey, oldest] = this.indexes.entries().next().value as [string, Promise<ZipIndex>];
      this.indexes.delete(oldKey);
      oldest.then((z) => z.close(), () => undefined);
    }
    return p;
  }

  close(): void {
    for (const p of this.indexes.values()) p.then((z) => z.close(), () => undefined);
    this.indexes.clear();
    this.verified.clear();
    this.memory.clear();
    this.memoryUsed = 0;
  }
}
