// A private copy of the DEMO sample and its pipeline definition, so tests can change inputs and
// definitions without touching the repository; and a checker of the out/ invariants.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestSchema } from '../../src/publication/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A work folder holding samples/DEMO and pipelines/demo.json. */
export interface Workspace {
  dir: string;
  definition: string;
  out: string;
  samples: string;
}

/** Copies the DEMO sample and definition into a new temporary folder. */
export function demoWorkspace(prefix: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'pipelines'), { recursive: true });
  cpSync(join(ROOT, 'samples', 'DEMO'), join(dir, 'samples', 'DEMO'), { recursive: true });
  cpSync(join(ROOT, 'pipelines', 'demo.json'), join(dir, 'pipelines', 'demo.json'));
  return { dir, definition: join(dir, 'pipelines', 'demo.json'), out: join(dir, 'out'), samples: join(dir, 'samples', 'DEMO') };
}

/** Reads, edits and writes a definition. */
export function editDefinition(path: string, edit: (d: DemoDefinition) => void, to = path): string {
  const d = JSON.parse(readFileSync(path, 'utf8')) as DemoDefinition;
  edit(d);
  writeFileSync(to, JSON.stringify(d, null, 2));
  return to;
}

/** The shape of demo.json, loosely. */
export interface DemoDefinition {
  area: string;
  authority?: string;
  publications: { year: number; period: string; version: number; stage: number; cases: { case: string; files: Record<string, string> }[]; projects?: unknown[] }[];
}

/** SHA-256 of a file. */
export const sha256 = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Every file under a folder (relative path → sha256), hidden folders skipped. */
export function snapshot(dir: string, skipHidden = true): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      if (skipHidden && name.startsWith('.')) continue;
      const p = join(d, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.set(r, sha256(p));
    }
  };
  walk(dir, '');
  return out;
}

/**
 * The publication invariants of out/: every version folder is complete (its manifest lists
 * exactly the other files, sizes and hashes right) and the catalog points only at such folders.
 * Returns the problems found.
 */
export function publicationProblems(out: string): string[] {
  const problems: string[] = [];
  const versions: string[] = [];
  for (const [rel] of snapshot(out)) {
    const m = /^([A-Za-z0-9]+\/\d{4}-0[12]\/v\d+)\//.exec(rel);
    if (m && !versions.includes(m[1]!)) versions.push(m[1]!);
  }
  for (const v of versions) {
    const dir = join(out, v);
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      problems.push(`${v} has no manifest.json`);
      continue;
    }
    const m = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const files = [...snapshot(dir, false).keys()].filter((f) => f !== 'manifest.json').sort();
    const listed = m.files.map((f) => f.path).sort();
    if (JSON.stringify(files) !== JSON.stringify(listed)) problems.push(`${v}: files ${files.join(',')} differ from the manifest's ${listed.join(',')}`);
    for (const f of m.files) {
      const p = join(dir, f.path);
      if (!existsSync(p)) continue;
      if (statSync(p).size !== f.size || sha256(p) !== f.sha256) problems.push(`${v}/${f.path} does not match its manifest entry`);
    }
  }
  const index = join(out, 'index.json');
  if (existsSync(index)) {
    const catalog = JSON.parse(readFileSync(index, 'utf8')) as { publications: { path: string; manifestSha256: string }[] };
    for (const p of catalog.publications) {
      const manifest = join(out, p.path, 'manifest.json');
      if (!existsSync(manifest)) problems.push(`index.json points at ${p.path}, which is missing`);
      else if (sha256(manifest) !== p.manifestSha256) problems.push(`index.json has a stale manifest hash for ${p.path}`);
    }
  }
  return problems;
}
