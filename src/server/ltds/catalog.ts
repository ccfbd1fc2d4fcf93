// The published catalog as the server sees it: out/index.json and every manifest.json it points at
// (docs/contracts.md §4), checked with zod, reloaded when index.json changes, and the selection
// rules of the API (latest publication, latest version, Stage 2 vs Stage 3).

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { LtdsError } from '../../errors/index.js';
import {
  catalogSchema as indexSchema, manifestSchema, publicationLabel, publicationPath,
  type Manifest, type ManifestCase, type ManifestFile as PublishedFile, type Period, type PublicationId, type Stage,
} from '../../publication/index.js';
import { httpError } from '../errors.js';

export type { Manifest, ManifestCase, ManifestCaseFile as CaseFile, ManifestFile as PublishedFile } from '../../publication/index.js';

/** One publication: its catalog entry, its manifest, and its folder on disk. */
export interface Publication extends PublicationId {
  /** Relative folder, `<area>/<year>-<period>/v<n>`. */
  path: string;
  dir: string;
  manifestSha256: string;
  manifest: Manifest;
}

/** `DEMO 2026-02 v1`. */
export const label = publicationLabel;

function issuePath(issues: z.core.$ZodIssue[]): string {
  const i = issues[0]!;
  return `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LtdsError('CATALOG_READ', `cannot read ${file}: ${(err as Error).message}`, { file }, { file }, err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LtdsError('CATALOG_READ', `${file} is not valid JSON: ${(err as Error).message}`, { file }, { file }, err);
  }
}

/** Reads and checks the whole catalog under `outDir`. */
export function loadCatalog(outDir: string): Publication[] {
  const root = resolve(outDir);
  const indexFile = join(root, 'index.json');
  const parsed = indexSchema.safeParse(readJson(indexFile));
  if (!parsed.success) throw new LtdsError('CATALOG_READ', `${indexFile} is not a publication catalog: ${issuePath(parsed.error.issues)}`, { file: indexFile }, { file: indexFile });
  return parsed.data.publications.map((entry) => {
    const expected = publicationPath(entry);
    if (entry.path !== expected) throw new LtdsError('CATALOG_READ', `${indexFile}: publication path '${entry.path}' should be '${expected}'`, { file: indexFile, path: entry.path });
    const dir = join(root, entry.path);
    const manifestFile = join(dir, 'manifest.json');
    let bytes: Buffer;
    try {
      bytes = readFileSync(manifestFile);
    } catch (err) {
      throw new LtdsError('CATALOG_READ', `cannot read ${manifestFile}: ${(err as Error).message}`, { file: manifestFile }, { file: manifestFile }, err);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== entry.manifestSha256) {
      throw new LtdsError('CATALOG_INTEGRITY', `${manifestFile} has SHA-256 ${actual}, but index.json records ${entry.manifestSha256}`, { file: manifestFile, expected: entry.manifestSha256, actual });
    }
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new LtdsError('CATALOG_READ', `${manifestFile} is not valid JSON: ${(err as Error).message}`, { file: manifestFile }, { file: manifestFile }, err);
    }
    const m = manifestSchema.safeParse(json);
    if (!m.success) throw new LtdsError('CATALOG_READ', `${manifestFile} is not a publication manifest: ${issuePath(m.error.issues)}`, { file: manifestFile }, { file: manifestFile });
    const man = m.data;
    if (man.area !== entry.area || man.year !== entry.year || man.period !== entry.period || man.version !== entry.version || man.stage !== entry.stage) {
      throw new LtdsError('CATALOG_READ', `${manifestFile} describes ${label(man)} stage ${man.stage}, but index.json lists it as ${label(entry)} stage ${entry.stage}`, { file: manifestFile });
    }
    for (const f of man.files) {
      if (f.path.startsWith('/') || f.path.includes('\\') || f.path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
        throw new LtdsError('CATALOG_READ', `${manifestFile}: file path '${f.path}' is not a plain relative path`, { file: manifestFile, path: f.path });
      }
    }
    return { ...entry, dir, manifest: man };
  });
}

/** What the API's query parameters ask for. */
export interface Selector {
  publicationYear?: string;
  period?: Period;
  version?: number;
}

function newer(a: Publication, b: Publication): number {
  return b.year - a.year || Number(b.period) - Number(a.period) || b.version - a.version;
}

/** The catalog of `outDir`, reloaded when index.json changes (checked at most once a second). */
export class Catalog {
  private publications: Publication[] = [];
  private signature = '';
  private checkedAt = 0;
  private error: LtdsError | undefined;

  constructor(readonly outDir: string, private readonly recheckMs = 1000) {}

  /** Every publication, sorted newest first within an area. Throws when the catalog cannot be read. */
  all(): Publication[] {
    this.refresh();
    if (this.error) throw this.error;
    return this.publications;
  }

  /** Whether the catalog can be read now (for `/ready`), and why not. */
  health(): { ok: boolean; message?: string; publications?: number } {
    this.refresh(true);
    return this.error ? { ok: false, message: this.error.message } : { ok: true, publications: this.publications.length };
  }

  private refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < this.recheckMs && (this.publications.length > 0 || this.error)) return;
    this.checkedAt = now;
    let sig: string;
    try {
      const st = statSync(join(this.outDir, 'index.json'));
      sig = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (err) {
      this.error = new LtdsError('CATALOG_READ', `no publication catalog at ${join(this.outDir, 'index.json')} (run the publication pipeline first)`, { file: join(this.outDir, 'index.json') }, {}, err);
      this.signature = '';
      return;
    }
    if (sig === this.signature && !this.error) return;
    try {
      this.publications = loadCatalog(this.outDir).sort((a, b) => a.area.localeCompare(b.area) || newer(a, b));
      this.error = undefined;
      this.signature = sig;
    } catch (err) {
      this.error = err as LtdsError;
      this.signature = '';
    }
  }

  /** Publications of one licence area (404 when it has none). */
  area(area: string): Publication[] {
    const list = this.all().filter((p) => p.area === area);
    if (list.length === 0) throw httpError('HTTP_NOT_FOUND', `licence area '${area}' has no publications`, { licenceArea: area, missing: 'licenceArea' });
    return list;
  }

  /**
   * The publication the query asks for: filtered by year, period and version when given, the
   * latest otherwise; when `stage` is given, a publication of the other stage is a 404 that says so.
   */
  select(area: string, sel: Selector, stage?: Stage): Publication {
    const matching = this.area(area).filter(
      (p) => (sel.publicationYear === undefined || p.year === Number(sel.publicationYear)) && (sel.period === undefined || p.period === sel.period) && (sel.version === undefined || p.version === sel.version),
    );
    const asked = [sel.publicationYear ?? '', sel.period ? `-${sel.period}` : '', sel.version !== undefined ? ` v${sel.version}` : ''].join('').trim();
    if (matching.length === 0) {
      throw httpError('HTTP_NOT_FOUND', `licence area '${area}' has no publication ${asked}`.trim(), { licenceArea: area, missing: 'publication', ...sel });
    }
    const ofStage = stage === undefined ? matching : matching.filter((p) => p.stage === stage);
    if (ofStage.length === 0) {
      const other = matching[0]!;
      throw httpError('HTTP_NOT_FOUND', `${label(other)} is a Stage ${other.stage} publication, not Stage ${stage}: ask /stage${other.stage}/... for it`, {
        licenceArea: area,
        missing: 'publication',
        stage: other.stage,
        ...sel,
      });
    }
    return ofStage[0]!;
  }
}

/** The case of a publication whose token satisfies `match` (404 naming `what` otherwise). */
export function findCase(pub: Publication, what: string, match: (c: ManifestCase) => boolean): ManifestCase {
  const found = pub.manifest.cases.find(match);
  if (!found) throw httpError('HTTP_NOT_FOUND', `${label(pub)} has no ${what} case`, { licenceArea: pub.area, publication: label(pub), missing: 'case', case: what });
  return found;
}

/** The manifest record of a published file by its path relative to the publication folder. */
export function publishedFile(pub: Publication, path: string): PublishedFile | undefined {
  return pub.manifest.files.find((f) => f.path === path);
}
