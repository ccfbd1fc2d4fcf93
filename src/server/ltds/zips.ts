// Published zips, each checked once against its manifest (size and SHA-256) and then kept open and
// indexed, so a single file is streamed straight out of the archive without re-reading its directory.

import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { openZipIndex, type ZipIndex } from '../../cim-xml/zip.js';
import { LtdsError } from '../../errors/index.js';

/** What the manifest says about a file. */
export interface Expected {
  size: number;
  sha256: string;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/** Checks a published file against its manifest record; throws CATALOG_INTEGRITY when it differs. */
export async function verifyPublished(path: string, expected: Expected): Promise<void> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new LtdsError('CATALOG_INTEGRITY', `the manifest lists ${path}, but it cannot be read: ${(err as Error).message}`, { file: path }, {}, err);
  }
  if (size !== expected.size) throw new LtdsError('CATALOG_INTEGRITY', `${path} has ${size} bytes, but its manifest records ${expected.size}`, { file: path, expected: expected.size, actual: size });
  const actual = await fileSha256(path);
  if (actual !== expected.sha256) throw new LtdsError('CATALOG_INTEGRITY', `${path} has SHA-256 ${actual}, but its manifest records ${expected.sha256}`, { file: path, expected: expected.sha256, actual });
}

/** A bounded cache of verified files and open zip indexes (least recently used are closed first). */
export class PublishedZips {
  private readonly verified = new Map<string, Promise<void>>();
  private readonly indexes = new Map<string, Promise<ZipIndex>>();

  constructor(private readonly maxOpen = 128) {}

  /** Resolves once `path` is known to match `expected` (checked once per path and hash). */
  verify(path: string, expected: Expected): Promise<void> {
    const key = `${path}\0${expected.sha256}`;
    let p = this.verified.get(key);
    if (!p) {
      p = verifyPublished(path, expected);
      this.verified.set(key, p);
      p.catch(() => this.verified.delete(key));
    }
    return p;
  }

  /** The open, indexed zip at `path`, verified against `expected` first. */
  open(path: string, expected: Expected): Promise<ZipIndex> {
    const key = `${path}\0${expected.sha256}`;
    const cached = this.indexes.get(key);
    if (cached) {
      this.indexes.delete(key);
      this.indexes.set(key, cached); // most recently used last
      return cached;
    }
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
  }
}
