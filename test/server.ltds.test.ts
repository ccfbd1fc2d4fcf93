// The LTDS grid-modelling API in process (inject): every route, its errors, and HTTP correctness
// (ETag/304, Range/206/416, Content-Disposition, Cache-Control), over a real publication folder.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { forEachZipEntry } from '../src/cim-xml/zip.js';
import { loadCimStream } from '../src/cim-xml/sources.js';
import { modelToJson } from '../src/cim-xml/json.js';
import type { Manifest } from './helpers/publication.js';
import { testServer, type TestServer } from './helpers/server.js';

let s: TestServer;
let v1: Manifest; // stage 2, 2026-01 v1
let v2: Manifest; // stage 2, 2026-01 v2 (latest of stage 2)
let s3: Manifest; // stage 3, 2026-02 v1
const G = '/grid-modelling/DEMO';

beforeAll(async () => {
  s = await testServer('ltds');
  [v1, v2, s3] = s.manifests as [Manifest, Manifest, Manifest];
});
afterAll(() => s.close());

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const zipPath = (m: Manifest, caseToken: string) => join(s.outDir, `${m.area}/${m.year}-${m.period}/v${m.version}`, m.cases.find((c) => c.case === caseToken)!.zip);
const zipRecord = (m: Manifest, caseToken: string) => m.files.find((f) => f.path === m.cases.find((c) => c.case === caseToken)!.zip)!;

async function entries(zip: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  await forEachZipEntry(zip, async (e, stream) => {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    out.set(e.name, Buffer.concat(chunks));
  });
  return out;
}

describe('case archives', () => {
  const routes: [string, () => Manifest, string][] = [
    ['/stage2/fault-level/existing', () => v2, 'FaultLevel'],
    ['/stage2/system-capacity/existing', () => v2, 'SystemCapacity_Existing'],
    ['/stage2/system-capacity/future/1', () => v2, 'SystemCapacity_Year1'],
    ['/stage3/fault-level/existing', () => s3, 'FaultLevel'],
    ['/stage3/system-capacity/existing', () => s3, 'SystemCapacity_Existing'],
    ['/stage3/system-capacity/future/1', () => s3, 'SystemCapacity_Year1'],
    ['/stage3/system-capacity/future/3', () => s3, 'SystemCapacity_Year3'],
    ['/stage3/nets/maximum-demand', () => s3, 'GBMaximum_20260115T1730Z'],
    ['/stage3/nets/minimum-demand', () => s3, 'GBMinimum_20260720T0400Z'],
    ['/stage3/development-projects/DP-0001-REINF', () => s3, 'DP-0001-REINF'],
  ];
  test.each(routes)('%s sends the latest published zip, byte for byte, with its convention name and ETag', async (path, man, token) => {
    const m = man();
    const res = await s.app.inject({ url: G + path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const rec = zipRecord(m, token);
    expect(res.headers['content-disposition']).toContain(`filename="LTDS_DEMO_${m.year}-${m.period}_${token}_v${m.version}.zip"`);
    expect(res.headers.etag).toBe(`"${rec.sha256}"`);
    expect(res.headers['content-length']).toBe(String(rec.size));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(sha(res.rawPayload)).toBe(rec.sha256);
    expect(res.rawPayload.equals(readFileSync(zipPath(m, token)))).toBe(true);
  });

  test('a pinned version is immutable for caches; the latest is revalidated', async () => {
    const res = await s.app.inject({ url: `${G}/stage2/fault-level/existing?publicationYear=2026&period=01&version=1` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.etag).toBe(`"${zipRecord(v1, 'FaultLevel').sha256}"`);
    expect(res.headers['content-disposition']).toContain('LTDS_DEMO_2026-01_FaultLevel_v1.zip');
  });

  test('without a version the latest version of the cycle is served; with one, that version', async () => {
    const latest = await s.app.inject({ url: `${G}/stage2/fault-level/existing?publicationYear=2026&period=01` });
    expect(latest.headers.etag).toBe(`"${zipRecord(v2, 'FaultLevel').sha256}"`);
    const first = await s.app.inject({ url: `${G}/stage2/fault-level/existing?version=1` });
    expect(first.headers.etag).toBe(`"${zipRecord(v1, 'FaultLevel').sha256}"`);
    expect(zipRecord(v1, 'FaultLevel').sha256).not.toBe(zipRecord(v2, 'FaultLevel').sha256);
  });

  test('If-None-Match with the ETag is a 304 without a body; a different one is a 200', async () => {
    const etag = `"${zipRecord(s3, 'FaultLevel').sha256}"`;
    const res = await s.app.inject({ url: `${G}/stage3/fault-level/existing`, headers: { 'if-none-match': etag } });
    expect(res.statusCode).toBe(304);
    expect(res.rawPayload.length).toBe(0);
    expect(res.headers.etag).toBe(etag);
    const list = await s.app.inject({ url: `${G}/stage3/fault-level/existing`, headers: { 'if-none-match': `"0000", W/${etag}` } });
    expect(list.statusCode).toBe(304);
    const other = await s.app.inject({ url: `${G}/stage3/fault-level/existing`, headers: { 'if-none-match': '"abc"' } });
    expect(other.statusCode).toBe(200);
  });

  test('Range gives 206 with the exact bytes; suffix ranges; out-of-range is 416; a stale If-Range gets the whole zip', async () => {
    const whole = readFileSync(zipPath(s3, 'GBMaximum_20260115T1730Z'));
    const url = `${G}/stage3/nets/maximum-demand`;
    const res = await s.app.inject({ url, headers: { range: 'bytes=100-1123' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-1123/${whole.length}`);
    expect(res.headers['content-length']).toBe('1024');
    expect(res.rawPayload.equals(whole.subarray(100, 1124))).toBe(true);
    const tail = await s.app.inject({ url, headers: { range: 'bytes=-22' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(whole.subarray(whole.length - 22))).toBe(true);
    expect(tail.rawPayload.readUInt32LE(0)).toBe(0x06054b50); // end of central directory
    const open = await s.app.inject({ url, headers: { range: `bytes=${whole.length - 10}-` } });
    expect(open.rawPayload.equals(whole.subarray(whole.length - 10))).toBe(true);
    const bad = await s.app.inject({ url, headers: { range: `bytes=${whole.length}-` } });
    expect(bad.statusCode).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${whole.length}`);
    expect(bad.json().error.code).toBe('HTTP_RANGE_NOT_SATISFIABLE');
    const stale = await s.app.inject({ url, headers: { range: 'bytes=0-9', 'if-range': '"stale"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(whole.length);
    const fresh = await s.app.inject({ url, headers: { range: 'bytes=0-9', 'if-range': res.headers.etag as string } });
    expect(fresh.statusCode).toBe(206);
  });

  test('HEAD gives the headers of GET without the body', async () => {
    const res = await s.app.inject({ method: 'HEAD', url: `${G}/stage3/fault-level/existing` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(zipRecord(s3, 'FaultLevel').size));
    expect(res.rawPayload.length).toBe(0);
  });
});

describe('single CIM files out of the zips', () => {
  const routes: [string, () => Manifest, string, string[]][] = [
    ['/stage2/fault-level/existing', () => v2, 'FaultLevel', ['EQ.xml', 'SC.xml', 'SCR.xml']],
    ['/stage3/fault-level/existing', () => s3, 'FaultLevel', ['EQ.xml', 'SC.xml', 'SCR.xml']],
    ['/stage3/nets/maximum-demand', () => s3, 'GBMaximum_20260115T1730Z', ['EQ.xml', 'SC.xml', 'GL.xml', 'DL.xml', 'SSH.xml', 'TP.xml', 'SV.xml']],
    ['/stage3/development-projects/DP-0001-REINF', () => s3, 'DP-0001-REINF', ['EQ.xml', 'SC.xml', 'GL.xml']],
  ];
  test.each(routes)('%s/{cimFile}: every file equals the bytes inside its zip and its manifest SHA-256', async (path, man, token, names) => {
    const m = man();
    const inZip = await entries(zipPath(m, token));
    const caseRec = m.cases.find((c) => c.case === token)!;
    for (const name of names) {
      const res = await s.app.inject({ url: `${G}${path}/${name}` });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type']).toBe('application/rdf+xml');
      expect(res.rawPayload.equals(inZip.get(name)!), name).toBe(true);
      const rec = caseRec.files.find((f) => f.name === name)!;
      expect(sha(res.rawPayload)).toBe(rec.sha256);
      expect(res.headers.etag).toBe(`"${rec.sha256}"`);
      expect(res.headers['content-length']).toBe(String(rec.size));
      expect(res.headers['content-disposition']).toContain(`filename="${caseRec.zip.replace(/\.zip$/, '')}_${name}"`);
      expect(res.headers.vary).toBe('Accept');
    }
  });

  test('a Development Project file is a Difference Model', async () => {
    const res = await s.app.inject({ url: `${G}/stage3/development-projects/DP-0001-REINF/EQ.xml` });
    expect(res.body).toContain('DifferenceModel');
    expect(res.body).toContain('forwardDifferences');
  });

  test('Accept: application/json gives the JSON projection with the same objects as the file', async () => {
    const url = `${G}/stage3/fault-level/existing/EQ.xml`;
    const res = await s.app.inject({ url, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const rec = s3.cases.find((c) => c.case === 'FaultLevel')!.files.find((f) => f.name === 'EQ.xml')!;
    expect(res.headers.etag).toBe(`"${rec.sha256}.json"`);
    const body = res.json() as ReturnType<typeof modelToJson>;
    const inZip = (await entries(zipPath(s3, 'FaultLevel'))).get('EQ.xml')!;
    const expected = modelToJson(await loadCimStream(Readable.from([inZip])));
    expect(body.objects.length).toBeGreaterThan(200);
    expect(body.objects).toEqual(expected.objects);
    expect(body.header?.id).toBe('9e7050a8-960b-4e1a-8e34-7f56bc2b2a7b');
    // the projection has its own validator; the XML's ETag does not match it
    const notModified = await s.app.inject({ url, headers: { accept: 'application/json', 'if-none-match': res.headers.etag as string } });
    expect(notModified.statusCode).toBe(304);
    const xmlTag = await s.app.inject({ url, headers: { accept: 'application/json', 'if-none-match': `"${rec.sha256}"` } });
    expect(xmlTag.statusCode).toBe(200);
  });

  test('q-values choose the representation; an unacceptable one is a 406', async () => {
    const url = `${G}/stage3/fault-level/existing/SC.xml`;
    const xml = await s.app.inject({ url, headers: { accept: 'application/json;q=0.5, application/rdf+xml' } });
    expect(xml.headers['content-type']).toBe('application/rdf+xml');
    const json = await s.app.inject({ url, headers: { accept: 'application/rdf+xml;q=0.2, application/json' } });
    expect(json.headers['content-type']).toContain('application/json');
    const browser = await s.app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(browser.headers['content-type']).toBe('application/rdf+xml');
    const none = await s.app.inject({ url, headers: { accept: 'image/png' } });
    expect(none.statusCode).toBe(406);
    expect(none.json().error.details.parameter).toBe('accept');
  });

  test('304 on a single file', async () => {
    const url = `${G}/stage3/nets/maximum-demand/TP.xml`;
    const first = await s.app.inject({ url });
    const again = await s.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });
});

describe('lists', () => {
  test('publications lists every publication with its cases, files, URLs and SHA-256s', async () => {
    const res = await s.app.inject({ url: `${G}/publications` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { licenceArea: string; publications: { publicationYear: number; period: string; version: number; stage: number; cases: { case: string; sha256: string; url: string | null; files: { name: string; url: string | null }[] }[] }[] };
    expect(body.licenceArea).toBe('DEMO');
    expect(body.publications.map((p) => `${p.publicationYear}-${p.period} v${p.version} stage ${p.stage}`)).toEqual(['2026-02 v1 stage 3', '2026-01 v2 stage 2', '2026-01 v1 stage 2']);
    const stage3 = body.publications[0]!;
    expect(stage3.cases.map((c) => c.case)).toEqual(s3.cases.map((c) => c.case));
    const fl = stage3.cases.find((c) => c.case === 'FaultLevel')!;
    expect(fl.sha256).toBe(zipRecord(s3, 'FaultLevel').sha256);
    expect(fl.url).toBe(`${G}/stage3/fault-level/existing?publicationYear=2026&period=02&version=1`);
    expect(fl.files.find((f) => f.name === 'SCR.xml')!.url).toBe(`${G}/stage3/fault-level/existing/SCR.xml?publicationYear=2026&period=02&version=1`);
    // every URL the list gives works and serves what the list says
    for (const c of stage3.cases) {
      const r = await s.app.inject({ url: c.url! });
      expect(r.statusCode, c.case).toBe(200);
      expect(r.headers.etag).toBe(`"${c.sha256}"`);
    }
    const filtered = await s.app.inject({ url: `${G}/publications?publicationYear=2026&period=01` });
    expect((filtered.json() as typeof body).publications).toHaveLength(2);
    const again = await s.app.inject({ url: `${G}/publications`, headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  test('development projects of the latest Stage 3 publication', async () => {
    const res = await s.app.inject({ url: `${G}/stage3/development-projects` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { projects: { projectId: string; zip: string; sha256: string; files: { name: string }[] }[]; version: number; period: string };
    expect(body.period).toBe('02');
    expect(body.projects.map((p) => p.projectId)).toEqual(['DP-0001-REINF']);
    expect(body.projects[0]!.zip).toBe('LTDS_DEMO_2026-02_DP-0001-REINF_v1.zip');
    expect(body.projects[0]!.files.map((f) => f.name)).toEqual(['EQ.xml', 'SC.xml', 'GL.xml']);
    expect(body.projects[0]!.sha256).toBe(zipRecord(s3, 'DP-0001-REINF').sha256);
  });
});

describe('bad requests name the parameter', () => {
  const cases: [string, string, RegExp][] = [
    [`${G}/stage3/fault-level/existing?publicationYear=26`, 'publicationYear', /publicationYear.*\^\[0-9\]\{4\}\$.*'26'/],
    [`${G}/stage3/fault-level/existing?period=03`, 'period', /period.*'01', '02'.*'03'/],
    [`${G}/stage3/fault-level/existing?version=0`, 'version', /version/],
    [`${G}/stage3/fault-level/existing?version=latest`, 'version', /version.*integer/],
    [`${G}/stage3/fault-level/existing?year=2026`, 'year', /unknown query parameter 'year'/],
    [`${G}/stage3/fault-level/existing/XX.xml`, 'cimFile', /cimFile.*EQ\.xml/],
    [`${G}/stage3/nets/maximum-demand/SCR.xml`, 'cimFile', /cimFile/],
    [`${G}/stage3/system-capacity/future/6`, 'k', /'k'/],
    [`${G}/stage3/development-projects/bad_id!`, 'projectId', /projectId/],
    [`/grid-modelling/DE-MO/publications`, 'licenceArea', /licenceArea/],
  ];
  test.each(cases)('%s → 400 naming %s', async (url, parameter, message) => {
    const res = await s.app.inject({ url });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('HTTP_BAD_REQUEST');
    expect(err.details.parameter).toBe(parameter);
    expect(err.message).toMatch(message);
  });
});

describe('not found names what is missing', () => {
  const cases: [string, string, RegExp][] = [
    ['/grid-modelling/NOPE/stage3/fault-level/existing', 'licenceArea', /licence area 'NOPE' has no publications/],
    [`${G}/stage3/fault-level/existing?publicationYear=2030`, 'publication', /no publication 2030/],
    [`${G}/stage3/fault-level/existing?publicationYear=2026&period=02&version=9`, 'publication', /2026-02 v9/],
    [`${G}/stage2/fault-level/existing?publicationYear=2026&period=02`, 'publication', /is a Stage 3 publication, not Stage 2: ask \/stage3/],
    [`${G}/stage3/fault-level/existing?period=01`, 'publication', /is a Stage 2 publication, not Stage 3/],
    [`${G}/stage3/system-capacity/future/5`, 'case', /DEMO 2026-02 v1 has no Future Year System Capacity case/],
    [`${G}/stage3/development-projects/DP-9999`, 'case', /has no Development Project case/],
    [`${G}/stage3/development-projects/DP-9999/EQ.xml`, 'case', /has no Development Project case/],
    [`${G}/stage2/fault-level/existing/EQ.xml?version=7`, 'publication', /v7/],
    [`${G}/no-such-thing`, 'route', /no route GET/],
  ];
  test.each(cases)('%s → 404 (%s)', async (url, missing, message) => {
    const res = await s.app.inject({ url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    const err = res.json().error;
    expect(err.code).toBe('HTTP_NOT_FOUND');
    expect(err.details.missing).toBe(missing);
    expect(err.message).toMatch(message);
  });

  test('a file the case does not hold is a 404 naming the file', async () => {
    // SystemCapacity has no single-file route; the Fault Level case of a publication is checked by name
    const res = await s.app.inject({ url: `${G}/stage3/fault-level/existing/SCR.xml?publicationYear=2026&period=02&version=1` });
    expect(res.statusCode).toBe(200);
  });

  test('a wrong method on an API path is a 405 with Allow', async () => {
    const res = await s.app.inject({ method: 'POST', url: `${G}/publications` });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json().error.code).toBe('HTTP_METHOD_NOT_ALLOWED');
    const del = await s.app.inject({ method: 'DELETE', url: `${G}/stage3/fault-level/existing/EQ.xml` });
    expect(del.statusCode).toBe(405);
  });
});
