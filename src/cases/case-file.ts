// One file of a case as packaging sees it: read once, streaming, for its header, its main profile
// (from the declared profile IRIs, never from the name), its size and SHA-256, and (for SYSCAP
// files) the year offsets it holds. The bytes are hashed in the same pass as the XML is checked.

import { createHash } from 'node:crypto';
import { LtdsError } from '../errors/index.js';
import { LTDSP_NS } from '../profiles/provisional.js';
import type { ModelHeader } from '../cim-xml/model.js';
import { CimXmlReader } from '../cim-xml/reader.js';
import { checkFile, fileError, forEachFileChunk } from '../cim-xml/sources.js';
import { mainProfile, type ProfileKeyword } from './profiles.js';

/** The provisional data namespace of contracts.md §1. */
export { LTDSP_NS };

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
  /** Objects read (all of them for SYSCAP files; for others, those before parsing stopped). */
  objects: number;
  /** SubstationCapacity.yearOffset values found (SYSCAP files). */
  yearOffsets: number[];
}

/**
 * Reads a file for packaging: header, main profile, size, SHA-256, SYSCAP year offsets. The XML is
 * parsed up to the end of the header; a SYSCAP file is parsed to the end (for its year offsets),
 * any other file is only hashed from there on (checking the whole document is validation's job).
 */
export async function describeCaseFile(path: string, name: string, onBytes?: (n: number) => void): Promise<CaseFile> {
  // A missing or unreadable file is reported as the reader reports it, before anything else.
  try {
    checkFile(path);
  } catch (err) {
    throw fileError(err, path);
  }
  const hash = createHash('sha256');
  const years = new Set<number>();
  let header: ModelHeader | undefined;
  let objects = 0;
  let parsing = true;
  const reader = new CimXmlReader({
    header: (h) => {
      header = h;
      // Only a SYSCAP file needs its content read.
      if (mainProfile(h.profiles) !== 'SYSCAP') parsing = false;
    },
    object: (o) => {
      objects++;
      // No header before the first object: nothing more to learn from the XML.
      if (header === undefined) parsing = false;
      if (o.ns !== LTDSP_NS || o.local !== 'SubstationCapacity') return;
      for (const p of o.properties) if (p.local === 'SubstationCapacity.yearOffset') years.add(Number(p.value));
    },
  });
  let read = 0;
  try {
    // Reused read buffers (no fresh memory per chunk); a buffer the reader still holds is replaced.
    await forEachFileChunk(
      path,
      (buf) => {
        hash.update(buf);
        read += buf.length;
        if (parsing) reader.write(buf);
        onBytes?.(read);
      },
      () => parsing && reader.holdsChunks,
    );
    if (parsing) reader.end();
  } catch (err) {
    if (err instanceof LtdsError) throw err.inFile(path);
    throw new LtdsError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as Error).message}`, { path }, {}, err);
  }
  const file: CaseFile = { path, name, size: read, sha256: hash.digest('hex'), objects, yearOffsets: [...years].sort((a, b) => a - b) };
  if (header) {
    file.header = header;
    const p = mainProfile(header.profiles);
    if (p) file.profile = p;
  }
  return file;
}
