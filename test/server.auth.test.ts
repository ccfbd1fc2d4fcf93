// Authentication: Basic → bearer JWT, expiry, suspension, roles, tampering, key rotation, rate
// limiting, the accounts CLI, and no secret or token in any log; on each store engine.

import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { runLtds } from './helpers/cli.js';
import { eachEngine, testDatabase } from './helpers/engines.js';
import { LOG_DIR, testServer, type TestServer } from './helpers/server.js';

const secrets = new Set<string>();
const tokens = new Set<string>();
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let clock = 0;
const now = () => new Date(clock);

const serverLogs: string[] = [];

eachEngine('auth on %s', (engine) => {
  let s: TestServer;
  let admin: { id: string; secret: string };
  let user: { id: string; secret: string; duid: string };

  async function account(role: 'admin' | 'data_user' | 'data_provider' | 'dcc' | 'portal', name: string = role) {
    const { account: a, secret } = await s.store.accounts.add({ name, role });
    secrets.add(secret);
    return { id: a.accountId, secret, duid: a.duid as string };
  }

  async function token(id: string, secret: string, method: 'GET' | 'POST' = 'GET'): Promise<string> {
    const res = await s.app.inject({ method, url: '/dar/v1/auth/token', headers: { authorization: basic(id, secret) } });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json()['bearer-token'] as string;
    tokens.add(t);
    return t;
  }

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  beforeAll(async () => {
    clock = Date.parse('2026-11-26T00:00:00Z');
    s = await testServer(`auth-${engine}`, { engine, requireToken: true, tokenTtlSeconds: 600, now, tokenRateLimit: { max: 1000, windowMs: 60_000 } });
    admin = await account('admin', 'Ops team');
    user = await account('data_user', 'Flex Ltd');
  });
  afterAll(async () => {
    serverLogs.push(...s.logs);
    await s.close();
  });

  describe('token endpoint', () => {
    test('Basic credentials give a short-lived EdDSA JWT with kid and the documented claims (GET and POST)', async () => {
      const res = await s.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(user.id, user.secret) } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      tokens.add(body['bearer-token']);
      expect(body.expires).toBe(600);
      expect(body.response['transaction-id']).toMatch(/^tid_[0-9a-f]{24}$/);
      const header = decodeProtectedHeader(body['bearer-token']);
      expect(header.alg).toBe('EdDSA');
      expect(header.kid).toMatch(/^key_[0-9a-f]{16}$/);
      const claims = decodeJwt(body['bearer-token']);
      expect(claims).toMatchObject({ sub: user.id, role: 'data_user', duid: user.duid, iss: 'ltds-toolkit', aud: 'ltds-api' });
      expect(claims.exp! - claims.iat!).toBe(600);
      expect(claims.iat).toBe(Math.floor(clock / 1000));
      const viaPost = await token(user.id, user.secret, 'POST');
      expect(decodeJwt(viaPost).sub).toBe(user.id);
    });

    test('the token opens the protected publications; no token, a malformed header or Basic there is a 401', async () => {
      const t = await token(user.id, user.secret);
      const ok = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(t) });
      expect(ok.statusCode).toBe(200);
      const file = await s.app.inject({ url: '/grid-modelling/DEMO/stage3/fault-level/existing/EQ.xml', headers: bearer(t) });
      expect(file.statusCode).toBe(200);
      for (const headers of [{}, { authorization: 'Bearer' }, { authorization: basic(user.id, user.secret) }, { authorization: 'Token abc' }]) {
        const res = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="ltds"');
        expect(res.json().error.code).toBe('HTTP_UNAUTHORIZED');
      }
      for (const url of ['/heatmap?licenceArea=DEMO', '/DEMO/2026-02/v1/manifest.json']) {
        expect((await s.app.inject({ url })).statusCode, url).toBe(401);
        expect((await s.app.inject({ url, headers: bearer(t) })).statusCode, url).toBe(200);
      }
      // Pages stay readable without a token (a browser cannot send one); the data they link does not.
      const index = await s.app.inject({ url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toContain('text/html');
      // authentication comes before validation: no token, no hint about the parameters
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/stage3/fault-level/existing?publicationYear=bad' })).statusCode).toBe(401);
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/stage3/fault-level/existing?publicationYear=bad', headers: bearer(t) })).statusCode).toBe(400);
      // operations endpoints stay open for probes
      expect((await s.app.inject({ url: '/health' })).statusCode).toBe(200);
      expect((await s.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    });

    test('wrong secret, unknown account and malformed credentials are 401s in the DAR error shape', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ authorization: basic(user.id, 'sk_wrong') }, 'AUTH002'],
        [{ authorization: basic('acc_000000000000000000000000', user.secret) }, 'AUTH002'],
        [{ authorization: basic(user.id, user.secret.slice(0, -1)) }, 'AUTH002'],
        [{}, 'AUTH001'],
        [{ authorization: 'Basic !!!' }, 'AUTH001'],
        [{ authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }, 'AUTH001'],
      ];
      for (const [headers, code] of cases) {
        const res = await s.app.inject({ url: '/dar/v1/auth/token', headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('Basic');
        const body = res.json();
        expect(body.errors[0]['error-code']).toBe(code);
        expect(body.response.resource).toBe('/dar/v1/auth/token');
      }
    });

    test('a token expires after its lifetime', async () => {
      const t = await token(user.id, user.secret);
      clock += 599_000;
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(t) })).statusCode).toBe(200);
      clock += 2_000;
      const res = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(t) });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toMatch(/expired/);
    });

    test('a suspended account gets no token and its tokens stop working; reactivated, it works again', async () => {
      const u = await account('data_user', 'Soon suspended');
      const t = await token(u.id, u.secret);
      await s.store.accounts.setStatus(u.id, 'suspended');
      const refused = await s.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(u.id, u.secret) } });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().errors[0]).toEqual({ 'error-code': 'AUTH005', message: `account ${u.id} is suspended` });
      const old = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(t) });
      expect(old.statusCode).toBe(401);
      expect(old.json().error.message).toMatch(/suspended/);
      await s.store.accounts.setStatus(u.id, 'active');
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(t) })).statusCode).toBe(200);
    });

    test('tampered, unsigned, foreign-key and wrong-audience tokens are 401s', async () => {
      const t = await token(user.id, user.secret);
      const [h = '', p = '', sig = ''] = t.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = [h, Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url'), sig].join('.');
      const flipped = [h, p, sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11)].join('.');
      const none = [Buffer.from(JSON.stringify({ alg: 'none', kid: decodeProtectedHeader(t).kid })).toString('base64url'), p, ''].join('.');
      const foreignKey = generateKeyPairSync('ed25519').privateKey;
      const foreign = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(t).kid! }).sign(foreignKey);
      const unknownKid = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: 'key_0000000000000000' }).sign(foreignKey);
      const ownKey = createPrivateKey((await s.store.signingKeys.active()).privatePem);
      const wrongAud = await new SignJWT({ ...payload, aud: 'someone-else' }).setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(t).kid! }).sign(ownKey);
      for (const [name, bad, why] of [
        ['forged role', forged, /signature/],
        ['flipped signature', flipped, /signature|malformed/],
        ['alg none', none, /malformed|unknown/],
        ['foreign key', foreign, /signature/],
        ['unknown kid', unknownKid, /unknown or retired key/],
        ['wrong audience', wrongAud, /aud/],
        ['garbage', 'abc.def.ghi', /malformed/],
      ] as const) {
        tokens.add(bad);
        const res = await s.app.inject({ url: '/dar/v1/accounts', headers: bearer(bad) });
        expect(res.statusCode, name).toBe(401);
        expect(res.json().errors[0]['error-code'], name).toBe('AUTH003');
        expect(res.json().errors[0].message, name).toMatch(why);
      }
    });

    test('a role the route does not allow is a 403; the admin role manages accounts over the API', async () => {
      const userToken = await token(user.id, user.secret);
      const denied = await s.app.inject({ url: '/dar/v1/accounts', headers: bearer(userToken) });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().errors[0]['error-code']).toBe('AUTH004');
      expect(denied.json().errors[0].message).toMatch(/role 'data_user' may not use this operation/);
      const adminToken = await token(admin.id, admin.secret);
      const created = await s.app.inject({ method: 'POST', url: '/dar/v1/accounts', headers: bearer(adminToken), payload: { name: 'DCC', role: 'dcc' } });
      expect(created.statusCode).toBe(201);
      const c = created.json();
      secrets.add(c['secret-key']);
      expect(created.headers.location).toBe(`/dar/v1/accounts/${c.account['account-id']}`);
      expect(c.account).toMatchObject({ name: 'DCC', role: 'dcc', status: 'active', duid: null });
      const dccToken = await token(c.account['account-id'], c['secret-key']);
      expect(decodeJwt(dccToken).role).toBe('dcc');
      const list = await s.app.inject({ url: '/dar/v1/accounts', headers: bearer(adminToken) });
      expect(list.json().accounts.map((a: { name: string }) => a.name)).toContain('DCC');
      expect(list.body).not.toMatch(/scrypt|secret/);
      const rotated = await s.app.inject({ method: 'POST', url: `/dar/v1/accounts/${c.account['account-id']}/rotate-secret`, headers: bearer(adminToken) });
      secrets.add(rotated.json()['secret-key']);
      expect((await s.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(c.account['account-id'], c['secret-key']) } })).statusCode).toBe(401);
      await token(c.account['account-id'], rotated.json()['secret-key']);
      const suspended = await s.app.inject({ method: 'POST', url: `/dar/v1/accounts/${c.account['account-id']}/suspend`, headers: bearer(adminToken) });
      expect(suspended.json().account.status).toBe('suspended');
      const bad = await s.app.inject({ method: 'POST', url: '/dar/v1/accounts', headers: bearer(adminToken), payload: { name: 'X', role: 'superuser', extra: 1 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]['error-code']).toBe('VAL001');
      expect(bad.json().errors[0].message).toMatch(/unknown body field 'extra'.*body field 'role' must be one of/);
      const missing = await s.app.inject({ method: 'POST', url: '/dar/v1/accounts/acc_000000000000000000000000/suspend', headers: bearer(adminToken) });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errors[0]['error-code']).toBe('NOT001');
      const malformed = await s.app.inject({ method: 'POST', url: '/dar/v1/accounts', headers: { ...bearer(adminToken), 'content-type': 'application/json' }, payload: '{"name":' });
      expect(malformed.statusCode).toBe(400);
    });

    test('after a key rotation, tokens of the previous key verify until they expire; new tokens use the new kid', async () => {
      const before = await token(user.id, user.secret);
      const oldKid = decodeProtectedHeader(before).kid;
      const adminToken = await token(admin.id, admin.secret);
      const rotated = await s.app.inject({ method: 'POST', url: '/dar/v1/auth/signing-keys/rotate', headers: bearer(adminToken) });
      expect(rotated.statusCode).toBe(200);
      const newKid = rotated.json().kid;
      expect(newKid).not.toBe(oldKid);
      const after = await token(user.id, user.secret);
      expect(decodeProtectedHeader(after).kid).toBe(newKid);
      clock += 300_000;
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(after) })).statusCode).toBe(200);
      const still = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(before) });
      expect(still.statusCode, still.body).toBe(200);
      const jwks = (await s.app.inject({ url: '/dar/v1/auth/jwks' })).json();
      expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, newKid].sort());
      expect(jwks.keys.every((k: { d?: string; kty: string }) => k.d === undefined && k.kty === 'OKP')).toBe(true);
      clock += 301_000;
      const expired = await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(before) });
      expect(expired.statusCode).toBe(401);
      const fresh = await token(user.id, user.secret);
      expect(decodeProtectedHeader(fresh).kid).toBe(newKid);
      expect((await s.app.inject({ url: '/grid-modelling/DEMO/publications', headers: bearer(fresh) })).statusCode).toBe(200);
      const later = (await s.app.inject({ url: '/dar/v1/auth/jwks' })).json();
      expect(later.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid]);
    });
  });

  test('the token endpoint is rate-limited per client: 429 with Retry-After', async () => {
    const limited = await testServer(`auth-rate-${engine}`, { engine, tokenRateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const { account: a, secret } = await limited.store.accounts.add({ name: 'R', role: 'data_user' });
      secrets.add(secret);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, i === 0 ? 'sk_wrong' : secret) }, remoteAddress: '10.0.0.1' });
        codes.push(res.statusCode);
        if (res.statusCode === 200) tokens.add(res.json()['bearer-token']);
        if (res.statusCode === 429) {
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(res.json().errors[0].message).toMatch(/too many token requests/);
        }
      }
      expect(codes).toEqual([401, 200, 200, 429, 429]);
      const other = await limited.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, secret) }, remoteAddress: '10.0.0.2' });
      expect(other.statusCode).toBe(200);
      tokens.add(other.json()['bearer-token']);
      // publications stay public by default
      expect((await limited.app.inject({ url: '/grid-modelling/DEMO/publications' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('ltds accounts add|list|rotate-secret|suspend|reactivate manage the store the server uses', async () => {
    const database = await testDatabase(engine);
    const db = 'file' in database.location ? ['--db', database.location.file] : ['--database-url', database.location.url];
    const open = () => openStore({ ...database.location, migrations: ALL_MIGRATIONS });
    const added = await runLtds(['accounts', 'add', ...db, '--role', 'data_provider', '--name', 'Meter Data Co', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const { account: a, secretKey } = JSON.parse(added.stdout);
    secrets.add(secretKey);
    expect(a).toMatchObject({ name: 'Meter Data Co', role: 'data_provider', status: 'active' });
    expect(secretKey).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const list = await runLtds(['accounts', 'list', ...db]);
    expect(list.stdout).toContain(a.accountId);
    expect(list.stdout).not.toContain(secretKey);
    const rotated = await runLtds(['accounts', 'rotate-secret', a.accountId, ...db, '--json']);
    const newSecret = JSON.parse(rotated.stdout).secretKey;
    secrets.add(newSecret);
    const store = await open();
    try {
      const creds = (await store.accounts.credentials(a.accountId))!;
      expect(creds.secretHash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(creds.secretHash).not.toContain(newSecret);
    } finally {
      await store.close();
    }
    const viaServer = await testServer(`auth-cli-${engine}`, { store: await open() });
    try {
      expect((await viaServer.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, secretKey) } })).statusCode).toBe(401);
      const ok = await viaServer.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, newSecret) } });
      expect(ok.statusCode).toBe(200);
      tokens.add(ok.json()['bearer-token']);
      const suspend = await runLtds(['accounts', 'suspend', a.accountId, ...db, '--json']);
      expect(JSON.parse(suspend.stdout).status).toBe('suspended');
      expect((await viaServer.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, newSecret) } })).statusCode).toBe(401);
      await runLtds(['accounts', 'reactivate', a.accountId, ...db]);
      expect((await viaServer.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(a.accountId, newSecret) } })).statusCode).toBe(200);
    } finally {
      await viaServer.close();
    }
    const unknown = await runLtds(['accounts', 'suspend', 'acc_000000000000000000000000', ...db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/ACCOUNT_NOT_FOUND/);
    const badRole = await runLtds(['accounts', 'add', ...db, '--role', 'root', '--name', 'x']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/root.*Allowed choices/s);
    await database.drop();
  });
});

test('no secret or token appears in any server log of the test run', () => {
  expect(secrets.size).toBeGreaterThan(5);
  expect(tokens.size).toBeGreaterThan(10);
  const logs = readdirSync(LOG_DIR).map((f) => readFileSync(join(LOG_DIR, f), 'utf8'));
  const all = logs.join('\n') + serverLogs.join('');
  expect(all.length).toBeGreaterThan(1000);
  expect(all).toContain('"url":"/dar/v1/auth/token"');
  for (const secret of secrets) expect(all.includes(secret)).toBe(false);
  for (const t of tokens) {
    expect(all.includes(t)).toBe(false);
    expect(all.includes(t.split('.')[2] || t)).toBe(false);
  }
  expect(all).not.toMatch(/sk_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ|authorization|Basic [A-Za-z0-9+/=]{8,}/i);
});
