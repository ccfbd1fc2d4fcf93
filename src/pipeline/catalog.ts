// The publication catalog (out/index.json) and the human index page (out/index.html), rebuilt
// from the publication folders on disk (docs/contracts.md §4), so they can only ever point at
// folders that exist. Both are written atomically.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './fs-util.js';
import { comparePublications, manifestSchema, type Catalog, type CatalogEntry } from '../publication/index.js';

export type { Catalog, CatalogEntry } from '../publication/index.js';

const AREA = /^[A-Za-z0-9]{1,16}$/;
const CYCLE = /^(\d{4})-(0[12])$/;
const VERSION = /^v([1-9]\d*)$/;

/** A version folder left out of the catalog because its manifest.json is not a readable manifest. */
export interface SkippedPublication {
  area: string;
  cycle: string;
  version: number;
  /** Relative folder, `<area>/<year>-<period>/v<n>`. */
  path: string;
  /** What is wrong with its manifest.json. */
  reason: string;
}

/**
 * Every complete publication under `out` (a version folder with a readable manifest.json). A
 * folder whose manifest.json is not JSON or not a manifest is left out and reported to `onSkipped`.
 */
export function scanPublications(out: string, onSkipped?: (s: SkippedPublication) => void): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  if (!existsSync(out)) return entries;
  const dirs = (p: string): string[] => readdirSync(p).filter((n) => !n.startsWith('.') && statSync(join(p, n)).isDirectory());
  for (const area of dirs(out).filter((n) => AREA.test(n))) {
    for (const cycle of dirs(join(out, area)).filter((n) => CYCLE.test(n))) {
      for (const version of dirs(join(out, area, cycle)).filter((n) => VERSION.test(n))) {
        const manifestPath = join(out, area, cycle, version, 'manifest.json');
        if (!existsSync(manifestPath)) continue;
        const bytes = readFileSync(manifestPath);
        const skip = (reason: string): void => onSkipped?.({ area, cycle, version: Number(version.slice(1)), path: `${area}/${cycle}/${version}`, reason });
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch (err) {
          skip(`manifest.json is not JSON (${(err as Error).message})`);
          continue;
        }
        const parsed = manifestSchema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          skip(`manifest.json is not a publication manifest (${issue && issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue?.message ?? 'invalid'})`);
          continue;
        }
        const m = parsed.data;
        entries.push({
          area: m.area, year: m.year, period: m.period, version: m.version, stage: m.stage,
          path: `${area}/${cycle}/${version}`,
          manifestSha256: createHash('sha256').update(bytes).digest('hex'),
          cases: m.cases.map((c) => c.case),
        });
      }
    }
  }
  entries.sort(comparePublications);
  return entries;
}

/** Rewrites out/index.json and out/index.html from what is on disk; returns the catalog. Folders left out are reported to `onSkipped`. */
export function writeCatalog(out: string, onSkipped?: (s: SkippedPublication) => void): Catalog {
  const catalog: Catalog = { publications: scanPublications(out, onSkipped) };
  writeFileAtomic(join(out, 'index.json'), JSON.stringify(catalog, null, 2) + '\n');
  const heatmaps = new Set(catalog.publications.filter((p) => existsSync(join(out, p.path, 'heatmap', 'index.html'))).map((p) => p.path));
  writeFileAtomic(join(out, 'index.html'), indexHtml(catalog, { heatmaps }));
  return catalog;
}

/** Text made safe for HTML content and attribute values. */
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The human index page: one row per publication, its zips, manifest, reports page and heatmap page
 * linked (relative links, so it works from any static host), and the API docs of `ltds serve`.
 */
export function indexHtml(catalog: Catalog, options: { heatmaps?: ReadonlySet<string> } = {}): string {
  const rows = catalog.publications.map((p) => {
    const cases = p.cases.map((c) => `<a href="${esc(`${p.path}/LTDS_${p.area}_${p.year}-${p.period}_${c}_v${p.version}.zip`)}">${esc(c)}</a>`).join(' · ');
    const pages = [`<a href="${esc(p.path)}/reports/">reports</a>`, `<a href="${esc(p.path)}/manifest.json">manifest</a>`];
    if (options.heatmaps?.has(p.path)) pages.unshift(`<a href="${esc(p.path)}/heatmap/">heatmap</a>`);
    return `    <tr><td>${esc(p.area)}</td><td>${esc(p.year)}-${esc(p.period)} (${p.period === '01' ? 'May' : 'November'})</td><td>v${esc(p.version)}</td><td>Stage ${esc(p.stage)}</td>` +
      `<td class="cases">${cases}</td><td class="pages">${pages.join(' · ')}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>LTDS publications</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 1rem 2rem; color: #1b1b1b; line-height: 1.4; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
    th { background: #f3f3f3; }
    td.pages { white-space: nowrap; }
    a { color: #0b57d0; }
    nav a { margin-right: 1rem; }
    @media (max-width: 700px) {
      body { margin: .5rem; }
      table, tbody, tr, td { display: block; }
      tr:first-child { display: none; }
      tr { border-bottom: 2px solid #ccc; padding: .4rem 0; }
      td { border: none; padding: .1rem 0; }
      td.pages { white-space: normal; }
    }
  </style>
</head>
<body>
  <h1>LTDS publications</h1>
  <nav><a href="index.json">catalog (JSON)</a><a href="docs">API documentation</a><a href="openapi.json">OpenAPI</a></nav>
  <p>${catalog.publications.length} publication(s). Zip names follow <code>LTDS_&lt;area&gt;_&lt;year&gt;-&lt;period&gt;_&lt;case&gt;_v&lt;version&gt;.zip</code>. The API documentation and OpenAPI links work where <code>ltds serve</code> serves this folder.</p>
  <table>
    <tr><th>area</th><th>cycle</th><th>version</th><th>stage</th><th>cases</th><th>pages</th></tr>
${rows.join('\n')}
  </table>
</body>
</html>
`;
}
