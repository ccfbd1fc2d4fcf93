// The heatmap page in real headless Chromium (Debian chromium driven by playwright-core), opened
// from a small localhost static server over a publication folder laid out as docs/contracts.md §4.
// Any request to a host other than localhost fails the test. Each test opens the page afresh, so
// none depends on what another left selected. Screenshots go to test-output/.

import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeHeatmap, writeHeatmap, writeHeatmapPage, type HeatmapResult } from '../src/heatmap/index.js';
import { HEATMAP_FIXTURE } from './helpers/heatmap.js';

const CHROMIUM = '/usr/bin/chromium';
const COLORS: Record<string, string> = { GREEN: '#1a9850', AMBER: '#f39c12', RED: '#d73027', none: '#9aa0a6' };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.geojson': 'application/geo+json', '.csv': 'text/csv', '.parquet': 'application/octet-stream' };

let out: string;
let profile: string;
let server: Server;
let base: string;
let context: BrowserContext;
let page: Page;
let result: HeatmapResult;
const foreign: string[] = [];
const pageErrors: string[] = [];

/** Serves `root` read-only on 127.0.0.1; nothing outside it. */
function serve(root: string): Promise<Server> {
  const s = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!resolve(file).startsWith(resolve(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => s.listen(0, '127.0.0.1', () => ok(s)));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian chromium (apt-get install -y chromium; .ci/run does)`);
  out = mkdtempSync(join(tmpdir(), 'ltds-heatmap-page-'));
  profile = mkdtempSync(join(tmpdir(), 'ltds-chromium-'));
  const pub = join(out, 'DEMO', '2026-02', 'v1');
  result = await computeHeatmap({ inputs: [HEATMAP_FIXTURE], metadata: { area: 'DEMO', publicationYear: 2026, period: '02', version: 1 } });
  await writeHeatmap(pub, result.datasets);
  writeHeatmapPage(pub, result.datasets);
  server = await serve(out);
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1100 },
  });
  // Every request is checked; anything not for this machine is refused and remembered.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.protocol === 'data:' || url.protocol === 'about:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (local) return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'about:'].includes(url.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) foreign.push(url.href);
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
}, 120_000);

beforeEach(async () => {
  await page.setViewportSize({ width: 1400, height: 1100 });
  await page.goto(`${base}/DEMO/2026-02/v1/heatmap/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
});

// Whatever a test did, the page made no request off this machine and raised no error.
afterEach(() => {
  expect(foreign).toEqual([]);
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await context?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (out) rmSync(out, { recursive: true, force: true });
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function markers(): Promise<{ mrid: string; rag: string; fill: string; type: string }[]> {
  return page.$$eval('#markers circle', (cs) => cs.map((c) => ({ mrid: c.getAttribute('data-mrid') ?? '', rag: c.getAttribute('data-rag') ?? '', fill: c.getAttribute('fill') ?? '', type: c.getAttribute('data-type') ?? '' })));
}

async function expectMarkersMatch(year: string, field: 'demandConstraint' | 'generationConstraint'): Promise<void> {
  const rows = result.datasets.find((d) => d.year === year)?.rows ?? [];
  const ms = await markers();
  expect(ms.length).toBe(rows.length);
  for (const m of ms) {
    const r = rows.find((x) => x.mRID === m.mrid);
    const rag = r?.[field] ?? 'none';
    expect({ mrid: m.mrid, rag: m.rag, fill: m.fill }).toEqual({ mrid: m.mrid, rag, fill: COLORS[rag] });
  }
}

describe('heatmap page in Chromium', () => {
  it('draws one marker per substation, coloured by the existing year demand RAG, on the area outline', async () => {
    const ms = await markers();
    expect(ms.map((m) => m.mrid).sort()).toEqual(result.datasets[0]!.rows.map((r) => r.mRID).sort());
    await expectMarkersMatch('existing', 'demandConstraint');
    expect(await page.locator('path.area').count()).toBe(1);
    // The fixture has all three colours in the existing year.
    expect(new Set(ms.map((m) => m.rag))).toEqual(new Set(['GREEN', 'AMBER', 'RED']));
    expect(await page.locator('#table tbody tr').count()).toBe(6);
  });

  it('the year selector recolours the markers; a year without figures shows grey', async () => {
    await page.selectOption('#year', '1');
    await expectMarkersMatch('1', 'demandConstraint');
    expect((await markers()).find((m) => m.mrid === 'sub-ashby')?.rag).toBe('RED'); // 90 − 80 − 12 = −2 MW
    await page.selectOption('#year', '2');
    await expectMarkersMatch('2', 'demandConstraint');
    expect((await markers()).find((m) => m.mrid === 'sub-elmstead')).toMatchObject({ rag: 'none', fill: COLORS.none });
    await page.selectOption('#mode', 'generation');
    await expectMarkersMatch('2', 'generationConstraint');
    await page.selectOption('#year', 'existing');
    await expectMarkersMatch('existing', 'generationConstraint');
  });

  it('shows a tooltip on hover and the figures in the side panel on click', async () => {
    await page.selectOption('#mode', 'generation');
    await page.hover('#markers circle[data-mrid="sub-dunmore"]');
    await expect.poll(() => page.textContent('#tip')).toMatch(/Dunmore \(Primary\) — Generation headroom: 9 MW · RED/);
    await page.click('#markers circle[data-mrid="sub-dunmore"]', { force: true });
    const panel = await page.textContent('#panel');
    expect(panel).toContain('Dunmore (DUNM)');
    expect(panel).toMatch(/faultLevelHeadroom-0\.3 kA/);
  });

  it('sorts the table by a column, both ways', async () => {
    const firstNames = async (): Promise<string[]> => page.$$eval('#table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent ?? ''));
    await page.click('#table th[data-key="demandAvailableCapacity"]');
    expect(await firstNames()).toEqual(['Brookdale', 'Dunmore', 'Cotton', 'Ashby', 'Elmstead', 'Northfield']); // −2.2, 0.35, 5.25, 6.5, 17, 47.2
    await page.click('#table th[data-key="demandAvailableCapacity"]');
    expect((await firstNames())[0]).toBe('Northfield');
    await page.click('#table th[data-key="name"]');
    expect(await firstNames()).toEqual(['Ashby', 'Brookdale', 'Cotton', 'Dunmore', 'Elmstead', 'Northfield']);
  });

  it.each([1400, 420])('at %i px wide: screenshot saved', async (width) => {
    await page.setViewportSize({ width, height: 1100 });
    mkdirSync('test-output', { recursive: true });
    const shot = `test-output/heatmap-page-${width}.png`;
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
