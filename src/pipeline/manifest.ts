// manifest.json of a publication (docs/contracts.md §4): every case with its files' headers and
// hashes, and every published file with its size and SHA-256. Deterministic: no run time in it.

/** One file inside a case zip. */
export interface ManifestCaseFile {
  name: string;
  profile: string;
  profiles: string[];
  modelId: string;
  size: number;
  sha256: string;
}

/** One case. */
export interface ManifestCase {
  case: string;
  kind: 'Full' | 'Difference';
  zip: string;
  projectId: string | null;
  files: ManifestCaseFile[];
}

/** One published file (every file of the version folder but manifest.json). */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  case: string | null;
}

/** The manifest. */
export interface Manifest {
  area: string;
  year: number;
  period: string;
  version: number;
  stage: number;
  /** The latest Model.created of the published models: the time of the inputs, not of the run. */
  created: string;
  cases: ManifestCase[];
  files: ManifestFile[];
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
