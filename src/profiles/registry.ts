// The profile registry: profile keyword → the profile IRIs that declare it → its vocabulary (RDFS)
// and shape (SHACL) files. Read from `profiles/registry.json`; a folder given with `--profiles`
// either carries its own registry.json or is discovered from the files' ontology headers
// (owl:versionIRI and dcat:keyword), so official profile files can be dropped in as they are.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LtdsError } from '../errors/index.js';

/** One profile as the registry describes it (paths absolute). */
export interface ProfileEntry {
  id: string;
  keyword: string;
  title: string;
  /** Profile IRIs accepted exactly. */
  iris: string[];
  /** Base IRIs accepted alone or followed by `/<version>`. */
  iriFamilies: string[];
  vocabularies: string[];
  shapes: string[];
  /**
   * Set-scoped shape files (ours): evaluated once over the merged statements of every file of the
   * set, for rules whose condition spans profiles (a value in SSH, a reference in EQ).
   */
  setShapes: string[];
  /** Boundary sets are exempt from the case consistency checks. */
  boundary: boolean;
  /** Where the entry came from (a registry.json, or a discovered folder). */
  source: string;
}

type RawEntry = Omit<ProfileEntry, 'source'>;

/**
 * Checks a parsed registry.json: `{ profiles: [{ id, keyword, title?, iris?, iriFamilies?,
 * vocabularies?, shapes?, setShapes?, boundary? }] }` (hand-written rather than a schema library, which would
 * cost every `ltds validate` start-up more than the whole check). Returns the entries, or the path
 * and reason of the first problem.
 */
function parseRegistry(raw: unknown): { entries: RawEntry[] } | { at: string; message: string } {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { profiles?: unknown }).profiles)) return { at: 'profiles', message: 'expected an array of profiles' };
  const entries: RawEntry[] = [];
  const list = (raw as { profiles: unknown[] }).profiles;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return { at: `profiles.${i}`, message: 'expected an object' };
    for (const k of ['id', 'keyword'] as const) {
      if (typeof e[k] !== 'string' || (e[k] as string).length === 0) return { at: `profiles.${i}.${k}`, message: 'expected a non-empty string' };
    }
    if (e.title !== undefined && typeof e.title !== 'string') return { at: `profiles.${i}.title`, message: 'expected a string' };
    if (e.boundary !== undefined && typeof e.boundary !== 'boolean') return { at: `profiles.${i}.boundary`, message: 'expected a boolean' };
    const arrays: Record<string, string[]> = {};
    for (const k of ['iris', 'iriFamilies', 'vocabularies', 'shapes', 'setShapes']) {
      const v = e[k] ?? [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return { at: `profiles.${i}.${k}`, message: 'expected an array of strings' };
      arrays[k] = v as string[];
    }
    entries.push({
      id: e.id as string,
      keyword: e.keyword as string,
      title: (e.title as string | undefined) ?? '',
      iris: arrays.iris as string[],
      iriFamilies: arrays.iriFamilies as string[],
      vocabularies: arrays.vocabularies as string[],
      shapes: arrays.shapes as string[],
      setShapes: arrays.setShapes as string[],
      boundary: (e.boundary as boolean | undefined) ?? false,
    });
  }
  return { entries };
}

/** The folder of the profiles that ship with the toolkit. */
export function builtinProfilesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'profiles', 'registry.json')) && existsSync(join(dir, 'package.json'))) return join(dir, 'profiles');
    dir = dirname(dir);
  }
  throw new LtdsError('PROFILE_INVALID', 'the built-in profiles folder (profiles/registry.json) was not found', {});
}

/** The `notProfiles.iris` of a registry.json: values headers write as profiles that name no profile. */
function readNotProfiles(path: string): string[] {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { notProfiles?: { iris?: unknown } };
    const iris = raw.notProfiles?.iris;
    return Array.isArray(iris) ? iris.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function readRegistryFile(path: string): ProfileEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LtdsError('PROFILE_INVALID', `cannot read the profile registry ${path}: ${(err as Error).message}`, { path }, { file: path }, err);
  }
  const parsed = parseRegistry(raw);
  if ('at' in parsed) {
    throw new LtdsError('PROFILE_INVALID', `the profile registry ${path} is invalid at ${parsed.at}: ${parsed.message}`, { path }, { file: path });
  }
  const dir = dirname(path);
  return parsed.entries.map((e) => {
    const abs = (f: string): string => {
      const p = resolve(dir, f);
      if (!existsSync(p)) throw new LtdsError('PROFILE_INVALID', `profile ${e.id} in ${path} names a missing file: ${f}`, { path, file: f }, { file: path });
      return p;
    };
    return { ...e, vocabularies: e.vocabularies.map(abs), shapes: e.shapes.map(abs), setShapes: e.setShapes.map(abs), source: path };
  });
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** A profile IRI without its trailing `/<version>` (`.../Equipment/7.0` → `.../Equipment`). */
export function iriFamily(iri: string): string {
  return iri.replace(/(\/v?\d+(\.\d+)*)+\/?$/, '');
}

/** Builds entries from a folder of official files: RDFS by owl:versionIRI + dcat:keyword, SHACL by keyword or IRI. */
export function discoverProfiles(dir: string): ProfileEntry[] {
  const files: string[] = [];
  walk(dir, files);
  const entries: ProfileEntry[] = [];
  const head = (f: string): string => readFileSync(f, 'utf8').slice(0, 64 * 1024);
  for (const f of files.filter((x) => /\.(rdf|xml|owl)$/i.test(x))) {
    const text = head(f);
    const version = /owl:versionIRI\s+rdf:resource\s*=\s*"([^"]+)"/.exec(text)?.[1];
    if (version === undefined) continue;
    const keyword = /<dcat:keyword>\s*([^<\s]+)\s*<\/dcat:keyword>/.exec(text)?.[1] ?? iriFamily(version).split('/').pop() ?? 'profile';
    entries.push({ id: `${keyword}@${f}`, keyword, title: version, iris: [version], iriFamilies: [iriFamily(version)], vocabularies: [f], shapes: [], setShapes: [], boundary: /boundary/i.test(version), source: dir });
  }
  for (const f of files.filter((x) => /\.ttl$/i.test(x))) {
    const text = head(f);
    const keyword = /dcat:keyword\s+"([^"]+)"/.exec(text)?.[1];
    const version = /owl:versionIRI\s+<([^>]+)>/.exec(text)?.[1];
    const base = version !== undefined ? iriFamily(version.replace(/\/[Cc]onstraints(\/.*)?$/, '')) : undefined;
    const entry =
      entries.find((e) => base !== undefined && e.iriFamilies.includes(base)) ?? entries.find((e) => keyword !== undefined && e.keyword === keyword);
    if (entry) entry.shapes.push(f);
  }
  return entries;
}

/** The registry: built-in entries, overridden by those of a `--profiles` folder. */
export class ProfileRegistry {
  readonly entries: ProfileEntry[];
  private readonly exact = new Map<string, ProfileEntry>();
  private readonly families = new Map<string, ProfileEntry>();

  /** IRIs that name no profile (ignored in headers). */
  readonly notProfiles: ReadonlySet<string>;

  constructor(entries: ProfileEntry[], notProfiles: readonly string[] = []) {
    this.entries = entries;
    this.notProfiles = new Set(notProfiles);
    // First entry wins, so user entries (listed first) override the built-in ones.
    for (const e of entries) {
      for (const iri of e.iris) if (!this.exact.has(iri)) this.exact.set(iri, e);
      for (const f of e.iriFamilies) if (!this.families.has(f)) this.families.set(f, e);
    }
  }

  /** The entry a profile IRI declares, or undefined when the IRI is unknown. */
  match(iri: string): ProfileEntry | undefined {
    const trimmed = iri.trim();
    return this.exact.get(trimmed) ?? this.families.get(trimmed) ?? this.families.get(iriFamily(trimmed));
  }

  /**
   * What one Model.profile value declares: the entries of its IRI, or of each IRI when several are
   * run together (`.../DifferenceModel/1http://entsoe.eu/CIM/EquipmentCore/3/1`), leaving out IRIs
   * that name no profile; `unknown` lists the parts the registry does not know.
   */
  resolve(value: string): { entries: ProfileEntry[]; unknown: string[] } {
    const whole = this.match(value);
    if (whole) return { entries: [whole], unknown: [] };
    const v = value.trim();
    if (this.notProfiles.has(v)) return { entries: [], unknown: [] };
    const parts: string[] = [];
    let at = 0;
    for (let i = v.indexOf('http', 1); i > 0; i = v.indexOf('http', i + 1)) {
      if (!/^https?:\/\//.test(v.slice(i))) continue;
      parts.push(v.slice(at, i));
      at = i;
    }
    parts.push(v.slice(at));
    const entries: ProfileEntry[] = [];
    const unknown: string[] = [];
    for (const part of parts) {
      if (this.notProfiles.has(part)) continue;
      const e = this.match(part);
      if (e) entries.push(e);
      else unknown.push(part);
    }
    return parts.length > 1 ? { entries, unknown } : { entries: [], unknown: [v] };
  }
}

/** Loads the registry, with the entries of `profilesDir` (if given) taking precedence. */
export function loadRegistry(profilesDir?: string): ProfileRegistry {
  const builtinPath = join(builtinProfilesDir(), 'registry.json');
  const builtin = readRegistryFile(builtinPath);
  const notProfiles = readNotProfiles(builtinPath);
  if (profilesDir === undefined) return new ProfileRegistry(builtin, notProfiles);
  if (!existsSync(profilesDir) || !statSync(profilesDir).isDirectory()) {
    throw new LtdsError('PROFILE_INVALID', `--profiles ${profilesDir} is not a folder`, { path: profilesDir });
  }
  const own = join(profilesDir, 'registry.json');
  const user = existsSync(own) ? readRegistryFile(own) : discoverProfiles(profilesDir);
  if (user.length === 0) {
    throw new LtdsError('PROFILE_INVALID', `no profile was found in ${profilesDir} (no registry.json, and no RDFS file with an owl:versionIRI)`, { path: profilesDir });
  }
  return new ProfileRegistry([...user, ...builtin], [...(existsSync(own) ? readNotProfiles(own) : []), ...notProfiles]);
}
