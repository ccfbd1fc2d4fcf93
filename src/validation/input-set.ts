// The set of inputs a validation run reads: each file once, however it was named (a folder and a
// file inside it, a relative and an absolute path, a symbolic link), by its real path.

import { realpathSync } from 'node:fs';
import type { CimInput } from '../cim-xml/inputs.js';

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
