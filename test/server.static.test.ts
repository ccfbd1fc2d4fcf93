// Heatmap API, static hosting of out/ (no traversal), health/ready, docs and the OpenAPI document.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveStaticPath } from '../src/server/static/routes.js';
import { HEATMAP_EXISTING, type Manifest } from './helpers/publication.js';
import { testServer, type TestServer } from './helpers/server.js';

let s: TestServer;
let s3: Manifest;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const rec = (path: string) => s3.files.find((f) => f.path === path)!;

beforeAll(async () => {
  s = await testServer('static');
  s3 = s.manifests[2]!;
});
afterAll(() => s.close());

describe('GET /heatmap', () => {
  test('the latest publication, existing year, JSON by default', async () => {
    const res = await s.app.inject({ url: '/heatmap?licenceArea=DEMO' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toEqual(HEATMAP_EXISTING);
    expect(res.headers.etag).toBe(`"${rec('heatmap/heatmap-existing.json').sha256}"`);
    expect(res.headers['content-disposition']).toContain('LTDS_DEMO_2026-02_heatmap-existing_v1.json');
    expect(res.headers['cache-control']).toBe('public, no-cache');
  });

  test('year and format choose the dataset; a pinned publication is immutable; 304 on the ETag', async () => {
    const csv = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&format=csv&publicationYear=2026&period=02&version=1' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(sha(csv.rawPayload)).toBe(rec('heatmap/heatmap-existing.csv').sha256);
    expect(csv.headers['cache-control']).toContain('immutable');
    const y1 = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&year=1' });
    expect(y1.json().identifier).toBe('LTDS_DEMO_2026-02_heatmap-1_v1');
    const again = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&year=1', headers: { 'if-none-match': y1.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const part = await s.app.inject({ url: '/heatmap?licenceArea=DEMO', headers: { range: 'bytes=0-9' } });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe(readFileSync(join(s.outDir, 'DEMO/2026-02/v1/heatmap/heatmap-existing.json'), 'utf8').slice(0, 10));
  });

  test('errors name the parameter or the missing dataset', async () => {
    const missing = await s.app.inject({ url: '/heatmap' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.parameter).toBe('licenceArea');
    expect(missing.json().error.message).toMatch(/query parameter 'licenceArea' is required/);
    const year = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&year=7' });
    expect(year.statusCode).toBe(400);
    expect(year.json().error.details.parameter).toBe('year');
    const format = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&format=xlsx' });
    expect(format.json().error.details.parameter).toBe('format');
    const none = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&year=2' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.details.missing).toBe('heatmap');
    expect(none.json().error.message).toMatch(/no heatmap for year '2' in format 'json'/);
    const stage2 = await s.app.inject({ url: '/heatmap?licenceArea=DEMO&period=01' });
    expect(stage2.statusCode).toBe(404);
    expect(stage2.json().error.message).toMatch(/DEMO 2026-01 v2 has no heatmap/);
    const area = await s.app.inject({ url: '/heatmap?licenceArea=ZZZ' });
    expect(area.json().error.details.missing).toBe('licenceArea');
  });
});

describe('static files of out/', () => {
  test('the index page, a heatmap page (with a redirect to the folder) and a zip by its path', async () => {
    const index = await s.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    // The pipeline's own index page (src/pipeline/catalog.ts): one row per publication.
    expect(index.body).toContain('<td>DEMO</td><td>2026-02 (November)</td><td>v1</td><td>Stage 3</td>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['cache-control']).toBe('public, no-cache');
    const redirect = await s.app.inject({ url: '/DEMO/2026-02/v1/heatmap' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/DEMO/2026-02/v1/heatmap/');
    const page = await s.app.inject({ url: '/DEMO/2026-02/v1/heatmap/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('DEMO capacity heatmap');
    expect(page.headers.etag).toBe(`"${rec('heatmap/index.html').sha256}"`);
    expect(page.headers['cache-control']).toContain('immutable');
    const zipName = s3.cases[0]!.zip;
    const zip = await s.app.inject({ url: `/DEMO/2026-02/v1/${zipName}` });
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(sha(zip.rawPayload)).toBe(rec(zipName).sha256);
    expect(zip.headers.etag).toBe(`"${rec(zipName).sha256}"`);
    const range = await s.app.inject({ url: `/DEMO/2026-02/v1/${zipName}`, headers: { range: 'bytes=0-3' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.readUInt32LE(0)).toBe(0x04034b50);
    const manifest = await s.app.inject({ url: '/DEMO/2026-02/v1/manifest.json' });
    expect(manifest.json()).toEqual(s3);
    const tag = await s.app.inject({ url: '/index.json', headers: { 'if-none-match': (await s.app.inject({ url: '/index.json' })).headers.etag as string } });
    expect(tag.statusCode).toBe(304);
    const missing = await s.app.inject({ url: '/DEMO/2026-02/v1/nothing.zip' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.details.missing).toBe('file');
  });

  describe('traversal is refused', () => {
    beforeAll(() => {
      writeFileSync(join(s.outDir, '.secret'), 'hidden');
      mkdirSync(join(s.outDir, '..', 'outside'), { recursive: true });
      writeFileSync(join(s.outDir, '..', 'outside', 'secret.txt'), 'outside the publication folder');
      symlinkSync(join(s.outDir, '..', 'outside'), join(s.outDir, 'link'));
    });
    // inject() (like browsers) resolves '..' and '%2e%2e' in the URL before it reaches the server:
    // the request arrives as /outside/secret.txt, which is not a published file. The raw forms are
    // checked below against the path resolver and over a real socket in server.socket.test.ts.
    const refused: [string, number][] = [
      ['/../outside/secret.txt', 404],
      ['/DEMO/../../outside/secret.txt', 404],
      ['/%2e%2e/outside/secret.txt', 404],
      ['/DEMO/%2E%2E/%2E%2E/outside/secret.txt', 404],
      ['/..%2foutside%2fsecret.txt', 400],
      ['/..%5coutside%5csecret.txt', 400],
      ['/%2Fetc%2Fpasswd', 400],
      ['//etc/passwd', 404],
      ['/C:%5cWindows%5cwin.ini', 400],
      ['/index.json%00.html', 400],
      ['/%252e%252e/outside/secret.txt', 404],
      ['/.secret', 404],
      ['/link/secret.txt', 404],
      ['/DEMO/2026-02/v1/%ZZ', 400],
    ];
    test.each(refused)('%s → %i, nothing from outside', async (url, status) => {
      const res = await s.app.inject({ url });
      expect(res.statusCode).toBe(status);
      expect(res.body).not.toContain('outside the publication folder');
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toBe('hidden');
      expect(res.headers['content-type']).toContain('application/json');
    });
  });

  test.each([
    ['/../outside/secret.txt', /climbs out/],
    ['/DEMO/../../outside/secret.txt', /climbs out/],
    ['/%2e%2e/outside/secret.txt', /climbs out/],
    ['/DEMO/%2E%2E/%2E%2E/etc/passwd', /climbs out/],
    ['/..%2f..%2fetc%2fpasswd', /encoded slash/],
    ['/a/%5c..%5c..%5cetc', /encoded slash or backslash/],
    ['/%00', /NUL/],
    ['/D:%2fx', /encoded slash|drive letter/],
    ['relative/path', /not an absolute URL path/],
  ])('the path resolver refuses the raw path %s before touching the disk', (url, why) => {
    expect(() => resolveStaticPath(s.outDir, url)).toThrow(why);
  });

  test('the path resolver keeps ordinary paths inside the folder', () => {
    expect(resolveStaticPath(s.outDir, '/DEMO/2026-02/v1/heatmap/index.html?x=1')).toBe(join(s.outDir, 'DEMO/2026-02/v1/heatmap/index.html'));
    expect(resolveStaticPath(s.outDir, '/')).toBe(s.outDir);
    expect(resolveStaticPath(s.outDir, '/a%20b.txt')).toBe(join(s.outDir, 'a b.txt'));
  });

  test('a wrong method on a static path is a 405; an unknown DAR path is a 404 in the DAR error shape', async () => {
    const post = await s.app.inject({ method: 'PUT', url: '/index.html' });
    expect(post.statusCode).toBe(405);
    const dar = await s.app.inject({ url: '/dar/v1/nothing-here' });
    expect(dar.statusCode).toBe(404);
    const body = dar.json();
    expect(body.errors[0]['error-code']).toBe('NOT001');
    expect(body.response['transaction-id']).toMatch(/^tid_[0-9a-f]{24}$/);
  });
});

describe('operations, docs and OpenAPI', () => {
  test('/health and /ready', async () => {
    expect((await s.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await s.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok', engine: 'sqlite', publications: 3 });
  });

  test('/ready is a 503 naming the part that is down', async () => {
    const empty = await testServer('static-empty', { outDir: join(s.outDir, 'DEMO') });
    try {
      const res = await empty.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.details.catalog).toBe('failed');
      // The endpoint is unauthenticated: the part, not the path (that goes to the log).
      expect(res.json().error.message).toMatch(/the publication catalog is not readable/);
      expect(res.body).not.toContain(s.outDir);
      const api = await empty.app.inject({ url: '/grid-modelling/DEMO/publications' });
      expect(api.statusCode).toBe(500);
      expect(api.json().error.code).toBe('HTTP_INTERNAL');
    } finally {
      await empty.close();
    }
  });

  test('/openapi.json is a valid OpenAPI 3.1 document listing every route', async () => {
    const res = await s.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(validator.version).toBe('3.1');
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path}`);
    const routes = s.app
      .printRoutes({ commonPrefix: false, method: undefined })
      .split('\n')
      .filter((l) => l.includes('('));
    expect(routes.length).toBeGreaterThan(10);
    const expected = [
      'GET /grid-modelling/{licenceArea}/publications',
      'GET /grid-modelling/{licenceArea}/stage2/fault-level/existing',
      'GET /grid-modelling/{licenceArea}/stage2/system-capacity/existing',
      'GET /grid-modelling/{licenceArea}/stage2/system-capacity/future/1',
      'GET /grid-modelling/{licenceArea}/stage3/fault-level/existing',
      'GET /grid-modelling/{licenceArea}/stage3/system-capacity/existing',
      'GET /grid-modelling/{licenceArea}/stage3/system-capacity/future/{k}',
      'GET /grid-modelling/{licenceArea}/stage3/nets/maximum-demand',
      'GET /grid-modelling/{licenceArea}/stage3/nets/minimum-demand',
      'GET /grid-modelling/{licenceArea}/stage3/development-projects',
      'GET /grid-modelling/{licenceArea}/stage3/development-projects/{projectId}',
      'GET /grid-modelling/{licenceArea}/stage2/fault-level/existing/{cimFile}',
      'GET /grid-modelling/{licenceArea}/stage3/fault-level/existing/{cimFile}',
      'GET /grid-modelling/{licenceArea}/stage3/nets/maximum-demand/{cimFile}',
      'GET /grid-modelling/{licenceArea}/stage3/development-projects/{projectId}/{cimFile}',
      'GET /heatmap',
      'GET /dar/v1/auth/token',
      'POST /dar/v1/auth/token',
      'GET /dar/v1/auth/jwks',
      'POST /dar/v1/auth/signing-keys/rotate',
      'GET /dar/v1/accounts',
      'POST /dar/v1/accounts',
      'POST /dar/v1/accounts/{accountId}/rotate-secret',
      'POST /dar/v1/accounts/{accountId}/suspend',
      'POST /dar/v1/accounts/{accountId}/reactivate',
      'POST /dar/v1/identity-records',
      'GET /dar/v1/identity-records',
      'GET /dar/v1/identity-records/{ir}',
      'DELETE /dar/v1/identity-records/{ir}',
      'POST /dar/v1/access-records',
      'GET /dar/v1/access-records/{ak}',
      'PUT /dar/v1/access-records/{ak}',
      'DELETE /dar/v1/access-records/{ak}',
      'GET /dar/v1/meter-points/{mpxn}/access-records',
      'GET /dar/v1/records',
      'GET /dar/v1/data-users/{duid}',
      'POST /dar/v1/discovered-access',
      'POST /dar/v1/cot-events',
      'POST /dar/v1/webhooks',
      'GET /dar/v1/webhooks',
      'PATCH /dar/v1/webhooks/{wid}',
      'DELETE /dar/v1/webhooks/{wid}',
      'POST /dar/v1/identity-records/{ir}/re-identify',
      'GET /dar/v1/identity-records/{ir}/re-identify/{tokenRef}',
      'GET /dar/v1/identity-records/exists',
      'POST /dar/v1/identity-records/reidentify',
      'GET /dar/v1/identity-records/reidentify/{tokenRef}',
      'DELETE /dar/v1/identity-records/{ir}/credentials/{credentialId}',
      'POST /dar/v1/portal/magic-link',
      'POST /dar/v1/portal/session',
      'DELETE /dar/v1/portal/session',
      'GET /dar/v1/portal/records',
      'POST /dar/v1/portal/records/{recordRef}/withdraw',
      'POST /dar/v1/portal/passkeys/register/options',
      'POST /dar/v1/portal/passkeys/register/verify',
      'POST /dar/v1/portal/passkeys/assert/options',
      'POST /dar/v1/portal/passkeys/assert/verify',
      'GET /dar/v1/portal/credentials',
      'DELETE /dar/v1/portal/credentials/{credentialId}',
      'GET /tariff/v1/suppliers',
      'GET /tariff/v1/users',
      'GET /tariff/v1/users/{user_id}',
      'GET /tariff/v1/tariff/customer',
      'GET /tariff/v1/tariff/{mpid}',
      'GET /tariff/v1/tariff/{mpid}/{tariff_id}',
      'POST /tariff/v1/consent',
      'DELETE /tariff/v1/consent/{registration_id}',
      'POST /tariff/v1/webhook',
      'POST /tariff/v1/report',
      'GET /health',
      'GET /ready',
      'GET /openapi.json',
      'GET /docs',
      'GET /portal',
      'GET /',
      'GET /{path}',
    ];
    expect([...documented].sort()).toEqual(expected.sort());
    const op = doc.paths['/grid-modelling/{licenceArea}/stage3/fault-level/existing/{cimFile}'].get;
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:licenceArea', 'path:cimFile', 'query:publicationYear', 'query:period', 'query:version']);
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/rdf+xml', 'application/json']);
    expect(doc.paths['/dar/v1/accounts'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  test('/docs is a readable page of every operation with curl examples', async () => {
    const res = await s.app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('/grid-modelling/{licenceArea}/stage3/nets/maximum-demand/{cimFile}');
    expect(res.body).toContain("curl -i 'http://localhost:80/grid-modelling/DEMO/stage3/nets/maximum-demand/EQ.xml'");
    expect(res.body).not.toMatch(/<script/);
  });

  test('every response carries the security headers and a request id', async () => {
    const res = await s.app.inject({ url: '/grid-modelling/DEMO/publications' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^tid_/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const preflight = await s.app.inject({ method: 'OPTIONS', url: '/grid-modelling/DEMO/publications', headers: { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
  });
});
