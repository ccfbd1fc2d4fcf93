// Whole-zip downloads from memory: the bytes read to verify a zip's SHA-256 are kept (within the
// memory budget, least recently used dropped first) and sent as they are; over the budget, or with
// a budget of 0, zips are sent from disk. Either way the bytes are those the manifest records, and
// a zip that does not match its manifest is never sent.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { buildServer } from '../src/server/app.js';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { sharedPublication } from './helpers/server.js';

const G = '/grid-modelling/DEMO';
const MAX = `${G}/stage3/nets/maximum-demand`;
const MIN = `${G}/stage3/nets/minimum-demand`;
const FAULT = `${G}/stage3/fault-level/existing`;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A private copy of the test publication (these tests change files in it) and a host over it. */
async function host(memoryCacheBytes?: number) {
  const pub = await sharedPublication();
  const dir = mkdtempSync(join(tmpdir(), 'ltds-zipmem-'));
  const outDir = join(dir, 'out');
  cpSync(pub.outDir, outDir, { recursive: true });
  const store = await openStore({ file: join(dir, 'ltds.sqlite'), migrations: ALL_MIGRATIONS });
  const { app, ctx } = await buildServer({ outDir, store, log: false, keyRotationHours: 0, ...(memoryCacheBytes === undefined ? {} : { memoryCacheBytes }) });
  await app.ready();
  closers.push(async () => {
    await app.close();
    await store.close();
  });
  const s3 = pub.manifests[2]!;
  const zip = (token: string) => {
    const c = s3.cases.find((x) => x.case === token)!;
    const rec = s3.files.find((f) => f.path === c.zip)!;
    return { path: join(outDir, `${s3.area}/${s3.year}-${s3.period}/v${s3.version}`, c.zip), size: rec.size, sha256: rec.sha256 };
  };
  const staticUrl = (path: string) => '/' + path.slice(outDir.length + 1).split(sep).join('/');
  return { app, ctx, max: zip('GBMaximum_20260115T1730Z'), min: zip('GBMinimum_20260720T0400Z'), faultLevel: zip('FaultLevel'), staticUrl };
}

/** The same length of different bytes: a zip changed on disk behind the manifest's back. */
function tamper(path: string): Buffer {
  const original = readFileSync(path);
  const changed = Buffer.from(original);
  changed[Math.floor(changed.length / 2)]! ^= 0xff;
  writeFileSync(path, changed);
  return original;
}

describe('zip downloads from memory', () => {
  test('the first download keeps the verified bytes; later downloads and ranges are those bytes, even if the file changes on disk', async () => {
    const { app, ctx, max } = await host();
    expect(ctx.zips.memoryInUse).toBe(0);
    const first = await app.inject({ url: MAX });
    expect(first.statusCode).toBe(200);
    const original = readFileSync(max.path);
    expect(first.rawPayload.equals(original)).toBe(true);
    expect(ctx.zips.memoryInUse).toBe(max.size);
    tamper(max.path);
    const again = await app.inject({ url: MAX });
    expect(again.statusCode).toBe(200);
    expect(again.headers['content-length']).toBe(String(max.size));
    expect(again.rawPayload.equals(original)).toBe(true);
    const range = await app.inject({ url: MAX, headers: { range: 'bytes=10-99' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(original.subarray(10, 100))).toBe(true);
  });

  test('a zip that does not match its manifest is refused with a 500, not sent', async () => {
    const { app, ctx, max } = await host();
    tamper(max.path);
    const res = await app.inject({ url: MAX });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().error.code).toBe('HTTP_INTERNAL');
    expect(ctx.zips.memoryInUse).toBe(0);
  });

  test('over the budget the least recently used zip is dropped; what is sent is still the published bytes', async () => {
    const probe = await host();
    const budget = Math.max(probe.max.size, probe.min.size) + 1;
    expect(probe.max.size + probe.min.size).toBeGreaterThan(budget);
    const { app, ctx, max, min } = await host(budget);
    const a = await app.inject({ url: MAX });
    expect(a.rawPayload.equals(readFileSync(max.path))).toBe(true);
    expect(ctx.zips.memoryInUse).toBe(max.size);
    const b = await app.inject({ url: MIN });
    expect(b.rawPayload.equals(readFileSync(min.path))).toBe(true);
    expect(ctx.zips.memoryInUse).toBe(min.size);
    // MAX was dropped: it is read and verified again, so a change on disk is now caught.
    tamper(max.path);
    expect((await app.inject({ url: MAX })).statusCode).toBe(500);
  });

  test('a published file by its static path is verified against its manifest too, then sent from memory', async () => {
    const { app, ctx, max, staticUrl } = await host();
    const original = readFileSync(max.path);
    const res = await app.inject({ url: staticUrl(max.path) });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${max.sha256}"`);
    expect(res.rawPayload.equals(original)).toBe(true);
    expect(ctx.zips.memoryInUse).toBe(max.size);
    tamper(max.path);
    const again = await app.inject({ url: staticUrl(max.path), headers: { range: 'bytes=0-99' } });
    expect(again.statusCode).toBe(206);
    expect(again.rawPayload.equals(original.subarray(0, 100))).toBe(true);
    // A fresh host finds the changed file and refuses to send it under the manifest's ETag.
    const other = await host();
    tamper(other.max.path);
    expect((await other.app.inject({ url: other.staticUrl(other.max.path) })).statusCode).toBe(500);
  });

  test('with a budget of 0 zips are sent from disk, verified once, whole and in ranges', async () => {
    const { app, ctx, max } = await host(0);
    const original = readFileSync(max.path);
    const res = await app.inject({ url: MAX });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(original)).toBe(true);
    const range = await app.inject({ url: MAX, headers: { range: `bytes=${max.size - 22}-` } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(original.subarray(max.size - 22))).toBe(true);
    const head = await app.inject({ method: 'HEAD', url: MAX });
    expect(head.headers['content-length']).toBe(String(max.size));
    expect(head.rawPayload.length).toBe(0);
    expect(ctx.zips.memoryInUse).toBe(0);
    // Sent from disk, but still checked against the manifest on first use.
    const other = await host(0);
    tamper(other.max.path);
    expect((await other.app.inject({ url: MAX })).statusCode).toBe(500);
  });

  test('a zip sent again counts as recently used: the one left untouched longest is dropped first', async () => {
    const probe = await host();
    const [a, b, c] = [probe.max, probe.min, probe.faultLevel];
    // Room for A with either other zip, not for all three.
    const budget = a.size + Math.max(b.size, c.size);
    expect(a.size + b.size + c.size).toBeGreaterThan(budget);
    const { app, ctx, max, min } = await host(budget);
    const originalA = readFileSync(max.path);
    for (const url of [MAX, MIN, MAX, FAULT]) expect((await app.inject({ url })).statusCode).toBe(200);
    // A was sent again after B, so B went when C came in: A is still the verified bytes in memory...
    expect(ctx.zips.memoryInUse).toBe(a.size + c.size);
    tamper(max.path);
    const again = await app.inject({ url: MAX });
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(originalA)).toBe(true);
    // ...and B is read and checked again.
    tamper(min.path);
    expect((await app.inject({ url: MIN })).statusCode).toBe(500);
  });
});
