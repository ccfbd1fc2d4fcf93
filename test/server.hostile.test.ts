// The serving host, round two (issue 18): token-protected responses are private to caches; the
// public readiness check does not leak paths or parser messages; credentials in query strings do
// not reach the log; framework and HTTP-parser errors come in the API's error shape; a JWT signed
// with the real key is still refused when its lifetime is longer than issued or it is from the future.

import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testServer, type TestServer } from './helpers/server.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const PINNED = '/grid-modelling/DEMO/stage2/fault-level/existing?publicationYear=2026&period=01&version=1';
const LATEST = '/grid-modelling/DEMO/stage2/fault-level/existing?publicationYear=2026&period=01';

let s: TestServer;
let token: string;

beforeAll(async () => {
  s = await testServer('hostile', { requireToken: true, tokenTtlSeconds: 600, tokenRateLimit: { max: 1000, windowMs: 60_000 } });
  const { account, secret } = await s.store.accounts.add({ name: 'Cache Ltd', role: 'data_user' });
  const res = await s.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(account.accountId, secret) } });
  token = res.json()['bearer-token'] as string;
});
afterAll(() => s.close());

describe('caching of token-protected responses', () => {
  test('with --require-token, a pinned file is private to the client (never public in a shared cache)', async () => {
    const res = await s.app.inject({ url: PINNED, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const latest = await s.app.inject({ url: LATEST, headers: { authorization: `Bearer ${token}` } });
    expect(latest.headers['cache-control']).toBe('private, no-cache');
    const notModified = await s.app.inject({ url: PINNED, headers: { authorization: `Bearer ${token}`, 'if-none-match': res.headers.etag as string } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers['cache-control']).toBe('private, max-age=31536000, immutable');
  });

  test('a public host keeps public caching', async () => {
    const open = await testServer('hostile-public');
    try {
      expect((await open.app.inject({ url: PINNED })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    } finally {
      await open.close();
    }
  });
});

describe('leaks', () => {
  test('/ready with a corrupt catalog says which part failed, without the path or the parser message', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'ltds-ready-'));
    writeFileSync(join(outDir, 'index.json'), '{"publications": [ oops');
    const broken = await testServer('hostile-ready', { outDir });
    try {
      const res = await broken.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      const body = res.body;
      expect(body).toMatch(/the publication catalog is not readable/);
      expect(body).not.toContain(outDir);
      expect(body).not.toMatch(/index\.json|JSON|position|Unexpected/);
      expect(res.json().error.details).toEqual({ database: 'ok', engine: 'sqlite', catalog: 'failed' });
      // The operator still finds the details in the log.
      expect(broken.logs.join('')).toContain(outDir);
    } finally {
      await broken.close();
    }
  });

  test('credentials in a query string are redacted in the request log', async () => {
    const before = s.logs.length;
    await s.app.inject({ url: `/grid-modelling/DEMO?access_token=${token}&api_key=k123&Token=t456&page=2` });
    const lines = s.logs.slice(before).join('');
    expect(lines).not.toContain(token);
    expect(lines).not.toMatch(/k123|t456/);
    expect(lines).toContain('access_token=[redacted]');
    expect(lines).toContain('page=2');
  });

  test("Fastify's bad-URL 400 comes in the API's error shape", async () => {
    const res = await s.app.inject({ url: '/grid-modelling/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('HTTP_BAD_REQUEST');
    expect(body.error.requestId).toMatch(/^tid_/);
    expect(body.error.message).toMatch(/request URL is not valid/);
    const dar = await s.app.inject({ url: '/dar/v1/%E0%A4%A' });
    expect(dar.statusCode).toBe(400);
    expect(dar.json().errors[0]['error-code']).toBe('VAL001');
  });

  test("Node's 431 (headers too large) comes in the API's error shape", async () => {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as AddressInfo;
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/health', headers: { 'x-big': 'x'.repeat(64 * 1024) } }, (r) => {
        let body = '';
        r.setEncoding('utf8').on('data', (d: string) => (body += d));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: { status: number; code: string; requestId: string } };
    expect(body.error.status).toBe(431);
    expect(body.error.code).toBe('HTTP_HEADERS_TOO_LARGE');
    expect(body.error.requestId).toMatch(/^tid_[0-9a-f]{24}$/);
  });
});

describe('JWT lifetime on verification', () => {
  async function forged(edit: (claims: Record<string, unknown>) => void): Promise<string> {
    const claims = decodeJwt(token) as Record<string, unknown>;
    edit(claims);
    // Signed with the host's own active key: only the claims are wrong.
    const key = createPrivateKey((await Promise.resolve(s.store.signingKeys.active())).privatePem);
    return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(token).kid!, typ: 'JWT' }).sign(key);
  }
  const use = (t: string) => s.app.inject({ url: PINNED, headers: { authorization: `Bearer ${t}` } });

  test('the issued token is accepted (the forgeries below differ only in their claims)', async () => {
    expect((await use(await forged(() => undefined))).statusCode).toBe(200);
  });

  test('a 100-year token signed with the real key is refused', async () => {
    const res = await use(await forged((c) => (c.exp = Number(c.iat) + 100 * 365 * 24 * 3600)));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/lifetime \(exp - iat\) is longer than the 600 s this service issues/);
  });

  test('a token issued in the future is refused; a little clock skew is tolerated', async () => {
    const future = await use(await forged((c) => {
      c.iat = Number(c.iat) + 3600;
      c.exp = Number(c.iat) + 600;
    }));
    expect(future.statusCode).toBe(401);
    expect(future.json().error.message).toMatch(/claim 'iat' is in the future/);
    const skewed = await use(await forged((c) => {
      c.iat = Number(c.iat) + 30;
      c.exp = Number(c.iat) + 600;
    }));
    expect(skewed.statusCode).toBe(200);
  });
});
