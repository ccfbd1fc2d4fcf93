// One file of a case as packaging sees it: read once, streaming, for its header, its main profile
// (from the declared profile IRIs, never from the name), its size and SHA-256, and (for SYSCAP
// files) the year offsets it holds. The bytes are hashed in the same pass as the XML is checked.

import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { LtdsError } from '../errors/index.js';
import type { ModelHeader } from '../cim-xml/model.js';
import { readCimStream } from '../cim-xml/sources.js';
import { mainProfile, type ProfileKeyword } from './profiles.js';

/** The provisional data namespace of contracts.md §1. */
export const LTDSP_NS = 'http://ltds-toolkit.invalid/ns/CIM/provisional#';

/** What packaging knows of one input file. */
export interface CaseFile {
  /** Path on disk. */
  path: string;
  /** The name the file has in the case (its entry name in the zip, `<PROFILE>.xml`). */
  name: string;
  header?: ModelHeader;
  /** Main profile from the header's profile IRIs; undefined when the header declares none the cases use. */
  profile?: ProfileKeyword;
  size: number;
  sha256: string;
  objects: number;
  /** SubstationCapacity.yearOffset values found (SYSCAP files). */
  yearOffsets: number[];
}

/** Reads a file for packaging: header, main profile, size, SHA-256, SYSCAP year offsets. */
export async function describeCaseFile(path: string, name: string, onBytes?: (n: number) => void): Promise<CaseFile> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new LtdsError('INPUT_UNREADABLE', `${path} is not a file`, { path });
    size = st.size;
  } catch (err) {
    if (err instanceof LtdsError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LtdsError('INPUT_NOT_FOUND', `no such file: ${path}`, { path }, {}, err);
    throw new LtdsError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, { path }, {}, err);
  }
  const hash = createHash('sha256');
  const years = new Set<number>();
  let header: ModelHeader | undefined;
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  const stats = await readCimStream(hashed(), {
    header: (h) => {
      header = h;
    },
    object: (o) => {
      if (o.ns !== LTDSP_NS || o.local !== 'SubstationCapacity') return;
      for (const p of o.properties) if (p.local === 'SubstationCapacity.yearOffset') years.add(Number(p.value));
    },
  }, { name: path, ...(onBytes ? { onProgress: onBytes } : {}) });
  const file: CaseFile = { path, name, size, sha256: hash.digest('hex'), objects: stats.objects, yearOffsets: [...years].sort((a, b) => a - b) };
  if (header) {
    file.header = header;
    const p = mainProfile(header.profiles);
    if (p) file.profile = p;
  }
  return file;
}
