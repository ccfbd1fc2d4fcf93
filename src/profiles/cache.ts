// Compiles registry entries (RDFS + SHACL → rule tables) and caches the compiled form on disk,
// keyed by every file's path, size and modification time (a stat, not a read: start-up must stay
// cheap), so start-up reads one JSON file per profile it needs. The parsers (RDF/XML, Turtle) are
// loaded only on a cache miss.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProfileEntry } from './registry.js';
import type { CompiledProfile } from './types.js';

/** Bump when the compiled form or the compiler changes, so stale caches are never read. */
const COMPILER_VERSION = 'ltds-profiles-8';

/** Where compiled profiles are cached: `$LTDS_CACHE_DIR`, or node_modules/.cache, or the OS temp folder. */
export function cacheDir(): string {
  if (process.env.LTDS_CACHE_DIR) return process.env.LTDS_CACHE_DIR;
  const fromHere = join(dirname(new URL(import.meta.url).pathname), '..', '..');
  for (const root of [fromHere, join(fromHere, '..')]) {
    if (existsSync(join(root, 'node_modules'))) return join(root, 'node_modules', '.cache', 'ltds-profiles');
  }
  return join(tmpdir(), 'ltds-profiles-cache');
}

function keyOf(entry: ProfileEntry): string {
  const h = createHash('sha256');
  h.update(COMPILER_VERSION);
  h.update(entry.id + '\u0000' + entry.keyword);
  for (const f of [...entry.vocabularies, '|', ...entry.shapes, '|', ...entry.setShapes]) {
    if (f === '|') {
      h.update('|');
      continue;
    }
    const st = statSync(f);
    h.update(`${f}\u0000${st.size}\u0000${st.mtimeMs}\u0000`);
  }
  return h.digest('hex').slice(0, 32);
}

/** Compiles an entry without the cache. */
export async function compileProfileEntry(entry: ProfileEntry): Promise<CompiledProfile> {
  const { loadVocabulary, mergeVocabularies } = await import('./rdfs.js');
  const { compileShapes } = await import('./shacl.js');
  const { compileSetShapes } = await import('./shape-tree.js');
  const vocabs = [];
  for (const f of entry.vocabularies) vocabs.push(await loadVocabulary(f));
  return { id: entry.id, keyword: entry.keyword, vocabulary: mergeVocabularies(vocabs), shapes: compileShapes(entry.shapes), setShapes: compileSetShapes(entry.setShapes) };
}

const memory = new Map<string, Promise<CompiledProfile>>();

/** The compiled form of an entry: from memory, from the disk cache, or compiled (and cached). */
export function compiledProfile(entry: ProfileEntry): Promise<CompiledProfile> {
  const key = keyOf(entry);
  let p = memory.get(key);
  if (!p) {
    p = loadOrCompile(entry, key);
    memory.set(key, p);
  }
  return p;
}

async function loadOrCompile(entry: ProfileEntry, key: string): Promise<CompiledProfile> {
  const dir = cacheDir();
  const file = join(dir, `${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as CompiledProfile;
    } catch {
      // A damaged cache file is recompiled below.
    }
  }
  const compiled = await compileProfileEntry(entry);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(compiled));
    renameSync(tmp, file);
  } catch {
    // The cache is an optimisation: a read-only location only costs start-up time.
  }
  return compiled;
}
