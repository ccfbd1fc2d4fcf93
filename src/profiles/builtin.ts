// The profile IRIs of the built-in registry (profiles/registry.json) by registry id, for the code
// that writes headers (samples) or names the profiles a case declares (cases): the registry is the
// one place a profile IRI is written down.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
import { builtinProfilesDir } from './registry.js';

let byId: Map<string, readonly string[]> | undefined;

function registry(): Map<string, readonly string[]> {
  if (byId) return byId;
  const path = join(builtinProfilesDir(), 'registry.json');
  let raw: { profiles?: { id?: unknown; iris?: unknown }[] };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw;
  } catch (err) {
    throw new LtdsError('PROFILE_INVALID', `cannot read the profile registry ${path}: ${(err as Error).message}`, { path }, { file: path }, err);
  }
  byId = new Map();
  for (const p of raw.profiles ?? []) {
    if (typeof p.id === 'string' && Array.isArray(p.iris)) byId.set(p.id, p.iris.filter((i): i is string => typeof i === 'string'));
  }
  return byId;
}

/** The (first) profile IRI of built-in registry entry `id` (`cgmes3-EQ`, `ltds-SCR`). */
export function builtinProfileIri(id: string): string {
  const iri = registry().get(id)?.[0];
  if (iri === undefined) {
    const path = join(builtinProfilesDir(), 'registry.json');
    throw new LtdsError('PROFILE_INVALID', `the profile registry ${path} has no profile ${id} with an IRI`, { path, profile: id }, { file: path });
  }
  return iri;
}
