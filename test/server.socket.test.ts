// `ltds serve` as a real process on a free port: downloads with fetch checked against the
// manifest's SHA-256, raw traversal attempts over the socket, the printed URLs, clean shutdown.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LTDS, runLtds } from './helpers/cli.js';
import { LOG_DIR, sharedPublication } from './helpers/server.js';
import type { Manifest } from './helpers/publication.js';

let child: ChildProcessWithoutNullStreams;
let base: string;
let urls: Record<string, string>;
let out: string;
let manifests: Manifest[];
let stdout = '';
let stderr = '';

function start(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; line: Record<string, unknown> }> {
  const c = spawn(process.execPath, [LTDS, 'serve', ...args]);
  return new Promise((resolve, reject) => {
    let buf = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      buf += d;
      for (const l of buf.split('\n')) {
        if (l.includes('"event":"listening"')) resolve({ child: c, line: JSON.parse(l) });
      }
    });
    c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    c.on('exit', (code) => reject(new Error(`ltds serve exited with ${code}: ${stdout}${stderr}`)));
  });
}

beforeAll(async () => {
  const pub = await sharedPublication();
  out = pub.outDir;
  manifests = pub.manifests;
  mkdirSync(join(out, '..', 'outside'), { recursive: true });
  writeFileSync(join(out, '..', 'outside', 'secret.txt'), 'outside the publication folder');
  const db = join(mkdtempSync(join(tmpdir(), 'ltds-socket-')), 'ltds.sqlite');
  const started = await start(['--out', out, '--port', '0', '--db', db, '--json']);
  child = started.child;
  base = started.line.url as string;
  urls = started.line.urls as Record<string, string>;
});

afterAll(async () => {
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(join(LOG_DIR, 'socket.jsonl'), stdout + stderr);
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

const sha = (b: ArrayBuffer) => createHash('sha256').update(Buffer.from(b)).digest('hex');

test('prints the URLs it serves', () => {
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(urls).toEqual({
    api: `${base}/grid-modelling/DEMO/publications`,
    heatmapApi: `${base}/heatmap?licenceArea=DEMO`,
    openapi: `${base}/openapi.json`,
    docs: `${base}/docs`,
    index: `${base}/`,
    heatmapPage: `${base}/DEMO/2026-02/v1/heatmap/`,
    token: `${base}/dar/v1/auth/token`,
    health: `${base}/health`,
    ready: `${base}/ready`,
  });
});

test('every printed URL answers', async () => {
  for (const [name, url] of Object.entries(urls)) {
    if (name === 'token') continue;
    const res = await fetch(url);
    expect(res.status, name).toBe(200);
  }
  expect((await fetch(urls.token!)).status).toBe(401);
});

test('a case zip and a single file downloaded with fetch match the manifest SHA-256', async () => {
  const s3 = manifests[2]!;
  const nets = s3.cases.find((c) => c.case.startsWith('GBMaximum_'))!;
  const zipRec = s3.files.find((f) => f.path === nets.zip)!;
  const zip = await fetch(`${base}/grid-modelling/DEMO/stage3/nets/maximum-demand?publicationYear=2026&period=02&version=1`);
  expect(zip.status).toBe(200);
  expect(zip.headers.get('content-disposition')).toContain(nets.zip);
  expect(zip.headers.get('cache-control')).toContain('immutable');
  expect(sha(await zip.arrayBuffer())).toBe(zipRec.sha256);
  for (const f of nets.files) {
    const res = await fetch(`${base}/grid-modelling/DEMO/stage3/nets/maximum-demand/${f.name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rdf+xml');
    expect(sha(await res.arrayBuffer()), f.name).toBe(f.sha256);
  }
  const range = await fetch(`${base}/grid-modelling/DEMO/stage3/nets/maximum-demand`, { headers: { range: 'bytes=0-1' } });
  expect(range.status).toBe(206);
  expect(Buffer.from(await range.arrayBuffer()).toString('latin1')).toBe('PK');
  const cached = await fetch(`${base}/grid-modelling/DEMO/stage3/nets/maximum-demand`, { headers: { 'if-none-match': `"${zipRec.sha256}"` } });
  expect(cached.status).toBe(304);
});

function raw(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('raw traversal paths over the socket are refused, encoded or not', async () => {
  for (const path of ['/../outside/secret.txt', '/DEMO/../../outside/secret.txt', '/%2e%2e/outside/secret.txt', '/DEMO/%2e%2e/%2e%2e/outside/secret.txt', '/..%2foutside%2fsecret.txt', '/..%5c..%5coutside%5csecret.txt', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '//etc/passwd', '/%00']) {
    const res = await raw(path);
    expect([400, 404], path).toContain(res.status);
    expect(res.body, path).not.toContain('outside the publication folder');
    expect(res.body, path).not.toContain('root:');
  }
  expect((await raw('/../outside/secret.txt')).status).toBe(400);
  expect((await raw('/%2e%2e/outside/secret.txt')).body).toMatch(/climbs out of the publication folder/);
});

test('with --json, standard output holds exactly one JSON line; the request log (JSON lines) goes to standard error', async () => {
  // Requests of its own, so this test holds whatever order the tests of this file run in.
  for (const path of ['/health', '/ready', '/openapi.json', '/no-such-page']) await (await fetch(`${base}${path}`)).arrayBuffer();
  const logged = (): string[] => stderr.split('\n').filter((l) => l.includes('"msg":"request"'));
  for (let i = 0; i < 100 && !logged().some((l) => l.includes('/no-such-page')); i++) await new Promise((r) => setTimeout(r, 20));
  const out = stdout.split('\n').filter((l) => l !== '');
  expect(out).toHaveLength(1);
  expect(JSON.parse(out[0]!).event).toBe('listening');
  const lines = logged();
  expect(lines.length).toBeGreaterThanOrEqual(4);
  const mine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.url === '/no-such-page')!;
  expect(Object.keys(mine)).toEqual(expect.arrayContaining(['time', 'reqId', 'method', 'url', 'route', 'status', 'ms', 'ip']));
  expect(mine.status).toBe(404);
  expect(stderr).not.toMatch(/authorization/i);
});

test('the human banner lists the URLs; a busy port is a SERVE_LISTEN failure', async () => {
  const human = spawn(process.execPath, [LTDS, 'serve', '--out', out, '--port', '0', '--db', join(mkdtempSync(join(tmpdir(), 'ltds-human-')), 'x.sqlite'), '--log', join(mkdtempSync(join(tmpdir(), 'ltds-log-')), 'requests.jsonl')]);
  const banner = await new Promise<string>((resolve, reject) => {
    let text = '';
    human.stdout.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      if (text.includes('readiness')) resolve(text);
    });
    human.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
  const exited = new Promise<number | null>((r) => human.once('exit', (code) => r(code)));
  human.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(banner).toMatch(/^ltds serve: .*out on http:\/\/127\.0\.0\.1:\d+/);
  expect(banner).toMatch(/3 publication\(s\), public/);
  for (const label of ['LTDS grid-modelling API', 'OpenAPI document', 'API docs page', 'publication index page', 'heatmap page', 'token endpoint']) expect(banner).toContain(label);
  expect(banner).toMatch(/heatmap page +http:\/\/127\.0\.0\.1:\d+\/DEMO\/2026-02\/v1\/heatmap\//);
  expect(banner).not.toContain('"msg"'); // request log went to the --log file
  const port = new URL(base).port;
  const busy = await runLtds(['serve', '--out', out, '--port', port, '--db', join(mkdtempSync(join(tmpdir(), 'ltds-busy-')), 'x.sqlite')]);
  expect(busy.code).toBe(1);
  expect(busy.stderr).toMatch(/error SERVE_LISTEN: cannot listen on 127\.0\.0\.1:\d+/);
  const help = await runLtds(['serve', '--help']);
  expect(help.stdout).toMatch(/--require-token/);
  expect(help.stdout).toMatch(/--db <file>/);
});
