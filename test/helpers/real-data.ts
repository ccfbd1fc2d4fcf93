// The catalog of real public CIM files in ../shared/data (read in place, never copied).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the shared real data. */
export const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** One real file: its path, a short name for test titles, and whether it is a Difference Model. */
export interface RealFile {
  path: string;
  name: string;
  difference: boolean;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.xml')) out.push(p);
  }
}

/** Every XML file under ../shared/data, sorted by path. */
export function realFiles(): RealFile[] {
  const paths: string[] = [];
  walk(DATA_DIR, paths);
  return paths.map((path) => ({
    path,
    name: relative(DATA_DIR, path),
    difference: readFileSync(path, 'latin1').slice(0, 2000).includes('DifferenceModel rdf:about'),
  }));
}

/** A real file by a unique part of its path. */
export function realFile(part: string): string {
  const found = realFiles().filter((f) => f.path.includes(part));
  if (found.length !== 1) throw new Error(`expected one real file matching ${part}, found ${found.length}`);
  return found[0]!.path;
}
