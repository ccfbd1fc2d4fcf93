// The diff benchmark's pair: the generated ~50 MB EQ and a copy with ~1% of its objects edited
// (changed literals, removed objects, added objects), written once into bench/.cache.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openAtomicFile } from '../src/io/atomic-file.js';
import type { CimObject } from '../src/cim-xml/model.js';
import { CimXmlWriter } from '../src/cim-xml/writer.js';
import { readCimFile } from '../src/cim-xml/sources.js';
import { Prng } from '../src/samples/index.js';

/** Writes (once) and returns the edited copy of `base`. */
export async function editedCopy(base: string): Promise<string> {
  const out = join(dirname(base), 'BENCH_EQ_edited.xml');
  if (existsSync(out)) return out;
  const prng = new Prng(99, 'bench-diff');
  const file = openAtomicFile(out);
  let writer: CimXmlWriter | undefined;
  let namespaces = new Map<string, string>();
  let n = 0;
  await readCimFile(base, {
    root: (ns) => {
      namespaces = new Map([...ns].filter(([p]) => p !== ''));
    },
    header: (h) => {
      writer = new CimXmlWriter((s) => file.write(s), { namespaces });
      writer.start(h);
    },
    object: (o: CimObject) => {
      const r = prng.float();
      if (r < 0.0025) return; // removed
      if (r < 0.0075) {
        const lit = o.properties.find((p) => !p.ref && /^-?\d/.test(p.value));
        if (lit) lit.value = String(Number(lit.value) * 1.1 + 1);
      }
      writer?.object(o);
      if (r > 0.9975) writer?.object({ ...o, id: `bench${n}`, rawId: `_bench${n++}` }); // added
    },
  });
  writer?.end();
  file.commit();
  return out;
}
