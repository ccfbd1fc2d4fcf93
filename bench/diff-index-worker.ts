// Loads CIM files into the diff's ModelIndex in its own process, so the peak RSS is the index's:
// records with properties and positions, merged by identity. Prints one JSON line.

import { readCimFile } from '../src/cim-xml/sources.js';
import { ModelIndex } from '../src/diff/model-index.js';

const files = process.argv.slice(2);
const index = new ModelIndex();
const start = performance.now();
let objects = 0;
for (const file of files) {
  await readCimFile(file, {
    object: (o) => {
      objects++;
      index.add(o);
    },
  });
}
const ms = performance.now() - start;
let statements = 0;
for (const e of index.entries) statements += (e.ns === '' ? 0 : 1) + e.properties.length;
console.log(JSON.stringify({ objects, entries: index.size, statements, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
