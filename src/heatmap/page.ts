// The heatmap page: one self-contained HTML file (data, script and style inline; a Content
// Security Policy that forbids every request), so it works from the static host and offline.

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
import { writeFileAtomic } from '../io/atomic-file.js';
import type { WrittenFile } from './formats.js';
import { convexHull } from './geo.js';
import { PAGE_CSS, PAGE_JS } from './page-script.js';
import { HEATMAP_FIELDS } from './sql.js';
import type { HeatmapDataset } from './types.js';

export interface HeatmapPageOptions {
  /** Page title; default from the first dataset's metadata. */
  title?: string;
  /** Formats to offer as download links next to each year (files beside the page). */
  formats?: readonly string[];
  /** A link back to the list of publications, relative to the page (the pipeline's pages have one). */
  indexLink?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a `<script type="application/json">` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's HTML. */
export function heatmapPageHtml(datasets: readonly HeatmapDataset[], options: HeatmapPageOptions = {}): string {
  if (datasets.length === 0) throw new LtdsError('HEATMAP_NO_DATA', 'no heatmap dataset to draw', {});
  const first = datasets[0]!.metadata;
  const title = options.title ?? `${first.coverage} network capacity heatmap`;
  const points = new Map<string, { x: number; y: number }>();
  for (const ds of datasets) for (const r of ds.rows) if (r.latitude !== null && r.longitude !== null) points.set(r.mRID, { x: r.longitude, y: r.latitude });
  const outline = convexHull([...points.values()]).map((p) => ({ latitude: p.y, longitude: p.x }));
  // Rows travel as arrays in field order (the page rebuilds the objects): half the bytes of keyed objects.
  const fields = HEATMAP_FIELDS.map((f) => f.name);
  const data = {
    title,
    years: datasets.map((d) => d.year),
    outline,
    fields,
    datasets: Object.fromEntries(datasets.map((d) => [d.year, d.rows.map((r) => fields.map((f) => (r as unknown as Record<string, unknown>)[f] ?? null))])),
  };
  const formats = options.formats ?? ['json', 'geojson', 'csv', 'parquet'];
  const downloads = datasets
    .map((d) => `<span>${d.year === 'existing' ? 'Existing' : `Year ${d.year}`}: ${formats.map((f) => `<a href="heatmap-${d.year}.${f}" download>${f}</a>`).join(' · ')}</span>`)
    .join(' &nbsp; ');
  const th = first.thresholds;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
${options.indexLink === undefined ? '' : `<nav class="back"><a href="${escapeHtml(options.indexLink)}">← all publications</a></nav>\n`}<h1>${escapeHtml(title)}</h1>
<div class="sub">${escapeHtml(first.publisher)} · issued ${escapeHtml(first.issued)} · ${datasets.length} year(s) · ${data.datasets[datasets[0]!.year]!.length} substations</div>
<div class="controls">
<div><label for="year">Year</label><select id="year"></select></div>
<div><label for="mode">Show</label><select id="mode"><option value="demand">Demand</option><option value="generation">Generation</option><option value="fault">Fault level</option></select></div>
<div class="legend" id="legend"><strong id="legend-title"></strong>
<span><i class="sw" style="background:#1a9850"></i>GREEN — headroom</span>
<span><i class="sw" style="background:#f39c12"></i>AMBER — little headroom</span>
<span><i class="sw" style="background:#d73027"></i>RED — no headroom</span>
<span><i class="sw" style="background:#9aa0a6"></i>no data</span>
<span>● size: GSP › BSP › Primary</span></div>
</div>
</header>
<main>
<div id="map-wrap"><svg id="map" role="img" aria-label="Substations of ${escapeHtml(first.coverage)} coloured by capacity RAG"></svg><div id="tip"></div></div>
<aside id="panel"></aside>
</main>
<section>
<p class="note" id="map-note"></p>
<div class="table-wrap"><table id="table"><thead><tr></tr></thead><tbody></tbody></table></div>
<p class="note">RED: no headroom (≤ 0). AMBER: headroom below ${th.demandAmberShare * 100}% of demand firm capacity (demand), ${th.generationAmberShare * 100}% of min(reverse power capability, generation firm capacity) (generation), ${th.faultLevelAmberShare * 100}% of the switchgear breaking rating (fault level). Generation RAG is the worse of its thermal and fault-level ratings. The outline is the convex hull of the substations' positions, not the licence boundary. Downloads: ${downloads}</p>
</section>
<script type="application/json" id="heatmap-data">${scriptJson(data)}</script>
<script>${PAGE_JS}</script>
</body>
</html>
`;
}

/** Writes `<outDir>/heatmap/index.html` atomically; returns it as a manifest entry. */
export function writeHeatmapPage(outDir: string, datasets: readonly HeatmapDataset[], options: HeatmapPageOptions = {}): WrittenFile {
  const dir = join(outDir, 'heatmap');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'index.html');
  const html = heatmapPageHtml(datasets, options);
  const bytes = Buffer.from(html, 'utf8');
  writeFileAtomic(path, bytes);
  // The size and hash of what was written, without reading the file back.
  return { path: 'heatmap/index.html', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
