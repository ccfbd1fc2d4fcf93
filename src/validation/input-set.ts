// The set of inputs a validation run reads: each file once, however it was named (a folder and a
// file inside it, a relative and an absolute path, a symbolic link), by its real path; and the check
// of a dataset manifest (dcat:Catalog) against the files given.

import { realpathSync } from 'node:fs';
import { dirname, posix, resolve } from 'node:path';
import type { CimInput } from '../cim-xml/inputs.js';
import type { Manifest } from '../cim-xml/manifest.js';
import type { Finding } from './types.js';

/** The inputs with repeats of one real file (or one zip entry) left out, first occurrence kept. */
export function uniqueInputs(sources: readonly CimInput[]): CimInput[] {
  const seen = new Set<string>();
  const out: CimInput[] = [];
  for (const s of sources) {
    let real = s.path;
    try {
      real = realpathSync(s.path);
    } catch {
      // An unreadable path is kept as given; reading it reports the problem.
    }
    const key = s.entry === undefined ? real : `${real}\u0000${s.entry}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** A file of the run as the manifest check needs it: where it is and the model id it declares. */
export interface ReadFile {
  input: CimInput;
  modelId?: string;
}

/**
 * The findings of a manifest against the files given: every file a dataset names must be among them
 * (a folder validated with its manifest holds them) and declare the dataset's identifier.
 */
export function manifestFindings(manifest: Manifest, input: CimInput, files: readonly ReadFile[]): Finding[] {
  const out: Finding[] = [];
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const byPlace = new Map<string, ReadFile>();
  for (const f of files) byPlace.set(f.input.entry === undefined ? real(f.input.path) : `${real(f.input.path)}\u0000${f.input.entry}`, f);
  for (const d of manifest.datasets) {
    const at = { file: input.name, line: d.line, column: 1, subject: d.id };
    for (const named of d.files) {
      const rel = named.replace(/^file:\/\//, '');
      const key = input.entry === undefined ? real(resolve(dirname(input.path), rel)) : `${real(input.path)}\u0000${posix.join(posix.dirname(input.entry), rel)}`;
      const f = byPlace.get(key);
      if (!f) {
        out.push({ severity: 'error', rule: 'manifest-file-missing', message: `dataset ${d.id}${d.keywords.length > 0 ? ` (${d.keywords.join(', ')})` : ''} names the file ${named}, which is not among the files given`, ...at, value: named });
        continue;
      }
      if (f.modelId !== undefined && f.modelId !== d.id) {
        out.push({ severity: 'error', rule: 'manifest-id-mismatch', message: `dataset ${d.id} names ${named}, whose header declares the model ${f.modelId}`, ...at, value: f.modelId });
      }
    }
  }
  return out;
}
