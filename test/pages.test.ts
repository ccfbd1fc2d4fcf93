// The pages a person opens, in real headless Chromium (Debian's /usr/bin/chromium through
// playwright-core) against `ltds serve` over a real DEMO publication: the index page, each
// publication's reports page and the heatmap page, at 1400 px and at 420 px wide. No console
// error and no failed request (a missing favicon counts), nothing wider than the window, every link
// of the index answers, the heatmap's names never overlap and stay readable, and with
// --require-token the pages stay readable while the data they link needs the token.
// Screenshots go to test-output/pages/.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LTDS, runLtds } from './helpers/cli.js';
import { demoWorkspace, type Workspace } from './helpers/pipeline-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test-output/pages';
const WIDTHS = [1400, 420] as const;
const PAGES = {
  index: '/',
  'reports-2026-01': '/DEMO/2026-01/v1/reports/',
  'reports-2026-02': '/DEMO/2026-02/v1/reports/',
  heatmap: '/DEMO/2026-02/v1/heatmap/',
} as const;

let ws: Workspace;
let browser: Browser;
const servers: ChildProcess[] = [];
let open: string;
let guarded: string;

/** `ltds serve` on a free port; resolves with its base URL once it listens. */
function serve(extra: string[]): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'ltds-pages-db-')), 'ltds.sqlite');
  const child = spawn(process.execPath, [LTDS, 'serve', '--out', ws.out, '--port', '0', '--json', '--db', db, '--log', join(ws.dir, `requests-${servers.length}.jsonl`), ...extra]);
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve((JSON.parse(out.slice(0, out.indexOf('\n'))) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`ltds serve exited ${code}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian chromium (apt-get install -y chromium; .ci/run does)`);
  ws = demoWorkspace('ltds-pages-');
  const run = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
  expect(run.code, run.stderr).toBe(0);
  [open, guarded] = await Promise.all([serve([]), serve(['--require-token'])]);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.kill('SIGTERM');
  if (ws) rmSync(ws.dir, { recursive: true, force: true });
});

/** A fresh page at `width` that records every console error, script error and failed or 4xx/5xx request. */
async function openPage(width: number, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  if (url.includes('/heatmap/')) await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

describe.each(WIDTHS)('at %i px wide', (width) => {
  test.each(Object.entries(PAGES))('%s page: no console error, no failed request, nothing wider than the window; screenshot', async (name, path) => {
    const { page, problems } = await openPage(width, `${open}${path}`);
    // Wait for the favicon request (if any) to settle before judging.
    await page.waitForLoadState('networkidle');
    const shot = join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(5_000);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow, `${name} is ${overflow} px wider than the window`).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('heatmap page: names never overlap each other or a marker, and read at 11 px or more', async () => {
    const { page, problems } = await openPage(width, `${open}${PAGES.heatmap}`);
    const boxes = await page.$$eval('text.lbl', (ts) => ts.map((t) => {
      const r = t.getBoundingClientRect();
      return { name: t.textContent ?? '', mrid: t.getAttribute('data-mrid') ?? '', x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    }));
    const markers = await page.$$eval('#markers circle', (cs) => cs.map((c) => {
      const r = c.getBoundingClientRect();
      return { mrid: c.getAttribute('data-mrid') ?? '', x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    }));
    // Most names fit; the three kinds of substation are all named somewhere.
    expect(boxes.length).toBeGreaterThanOrEqual(Math.ceil(markers.length * 0.6));
    const hits = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a) => a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i]!.y1 - boxes[i]!.y0, boxes[i]!.name).toBeGreaterThanOrEqual(11);
      for (let j = i + 1; j < boxes.length; j++) expect(hits(boxes[i]!, boxes[j]!), `${boxes[i]!.name} overlaps ${boxes[j]!.name}`).toBe(false);
      for (const m of markers) if (m.mrid !== boxes[i]!.mrid) expect(hits(boxes[i]!, m), `${boxes[i]!.name} covers a marker`).toBe(false);
    }
    // The fault-level headroom column is on screen, not scrolled out of sight.
    const th = await page.$eval('#table th[data-key="faultLevelHeadroom"]', (e) => {
      const r = e.getBoundingClientRect();
      return { right: r.right, width: r.width };
    });
    expect(th.width).toBeGreaterThan(0);
    expect(th.right).toBeLessThanOrEqual(width);
    const wrap = await page.$eval('.table-wrap', (e) => e.scrollWidth - e.clientWidth);
    expect(wrap).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

test('every link of the index page answers: zips, manifests, reports and heatmap pages, the API docs', async () => {
  const { page, problems } = await openPage(1400, `${open}/`);
  const links = (await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))).map((h) => new URL(h, `${open}/`).href);
  await page.close();
  expect(links.filter((l) => l.endsWith('/reports/'))).toHaveLength(2);
  expect(links.filter((l) => l.endsWith('/heatmap/'))).toEqual([`${open}/DEMO/2026-02/v1/heatmap/`]);
  expect(links).toContain(`${open}/docs`);
  for (const link of new Set(links)) expect((await fetch(link)).status, link).toBe(200);
  // And every link of a reports page.
  const reports = await openPage(1400, `${open}/DEMO/2026-02/v1/reports/`);
  const reportsUrl = `${open}/DEMO/2026-02/v1/reports/`;
  const reportLinks = (await reports.page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))).map((h) => new URL(h, reportsUrl).href);
  await reports.page.close();
  expect(reportLinks.filter((l) => /reports\/validation\.(txt|json|sarif)$/.test(l))).toHaveLength(3);
  for (const link of new Set(reportLinks)) expect((await fetch(link)).status, link).toBe(200);
  expect([...problems, ...reports.problems]).toEqual([]);
});

test('with --require-token the pages stay readable and the data they link needs the token', async () => {
  for (const path of Object.values(PAGES)) {
    const res = await fetch(`${guarded}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toContain('text/html');
  }
  expect((await fetch(`${guarded}/docs`)).status).toBe(200);
  for (const path of ['/DEMO/2026-02/v1/LTDS_DEMO_2026-02_FaultLevel_v1.zip', '/DEMO/2026-02/v1/manifest.json', '/DEMO/2026-02/v1/reports/validation.json', '/DEMO/2026-02/v1/heatmap/heatmap-existing.json', '/index.json', '/grid-modelling/DEMO/publications']) {
    expect((await fetch(`${guarded}${path}`)).status, path).toBe(401);
  }
  // In the browser: the index page renders with no error of its own (its links to data answer 401 when followed).
  const { page, problems } = await openPage(1400, `${guarded}/`);
  expect(await page.textContent('h1')).toBe('LTDS publications');
  await page.close();
  expect(problems).toEqual([]);
});
