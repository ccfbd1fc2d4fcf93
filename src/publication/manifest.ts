// manifest.json of a publication (docs/contracts.md §4): every case with its files' headers and
// hashes, and every published file with its size and SHA-256. Deterministic: no run time in it.

import { z } from 'zod';
import { areaSchema, periodSchema, sha256Schema as sha256, stageSchema, versionSchema, yearSchema } from './identity.js';

/** One file inside a case zip. */
const caseFileSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]+\.xml$/, 'a file name like EQ.xml'),
  profile: z.string(),
  profiles: z.array(z.string()),
  /** The model's id from its header as an IRI, `urn:uuid:<id>` ({@link manifestModelId}); null when the file has none. */
  modelId: z.string().nullable().optional(),
  size: z.number().int().nonnegative(),
  sha256,
});

/**
 * manifest.json (docs/contracts.md §4): written by the pipeline, read and checked by the serving
 * host. This schema is the one definition of its shape; the types below are inferred from it.
 */
export const manifestSchema = z.object({
  area: areaSchema,
  year: yearSchema,
  period: periodSchema,
  version: versionSchema,
  stage: stageSchema,
  /** The latest Model.created of the published models: the time of the inputs, not of the run. */
  created: z.string(),
  cases: z.array(
    z.object({
      case: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      kind: z.enum(['Full', 'Difference']),
      zip: z.string().regex(/^LTDS_[A-Za-z0-9_.-]+\.zip$/, 'a convention zip name'),
      projectId: z.string().nullable(),
      files: z.array(caseFileSchema),
    }),
  ),
  /** Every published file of the version folder but manifest.json. */
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256, case: z.string().nullable() })),
});

/** The manifest. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One case. */
export type ManifestCase = Manifest['cases'][number];
/** One file inside a case zip. */
export type ManifestCaseFile = ManifestCase['files'][number];
/** One published file. */
export type ManifestFile = Manifest['files'][number];

/** A model id (normalised, as `ModelHeader.id`) as the manifest writes it: `urn:uuid:<id>`; null without a header. */
export function manifestModelId(id: string | undefined): string | null {
  return id === undefined || id === '' ? null : `urn:uuid:${id}`;
}

/** The manifest's bytes: fixed key order, files sorted by path, two-space JSON and a final newline. */
export function manifestJson(m: Manifest): string {
  const ordered: Manifest = {
    area: m.area, year: m.year, period: m.period, version: m.version, stage: m.stage, created: m.created,
    cases: m.cases.map((c) => ({
      case: c.case, kind: c.kind, zip: c.zip, projectId: c.projectId,
      files: c.files.map((f) => ({ name: f.name, profile: f.profile, profiles: f.profiles, modelId: f.modelId, size: f.size, sha256: f.sha256 })),
    })),
    files: [...m.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, case: f.case })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
