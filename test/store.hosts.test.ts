// Real `ltds serve` processes on the store: a bad --database-url is one line and exit 1; /ready
// names the engine; two hosts on one PostgreSQL database issue tokens and rotate secrets and keys
// at once without losing or duplicating a row; kill -9 during a write load loses no acknowledged
// write and leaves no half change, on each engine.

import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { runLtds } from './helpers/cli.js';
import { ENGINES, PG_ADMIN_URL, eachEngine, testDatabase, type TestDatabase } from './helpers/engines.js';
import { emptyOut, startHost, storeArgs, tokenFrom, type Host } from './helpers/host.js';
import { testServer } from './helpers/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, checked by the assertions
type Body = Record<string, any>;
const json = async (res: Response): Promise<Body> => (await res.json()) as Body;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database(engine: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const db = await testDatabase(engine);
  cleanups.push(() => db.drop());
  return db;
}

async function host(db: TestDatabase, out: string, extra: string[] = []): Promise<Host> {
  const h = await startHost(db, out, extra);
  cleanups.push(() => h.stop());
  return h;
}

/** An admin account made with the CLI, as an operator would. */
async function adminAccount(db: TestDatabase): Promise<{ id: string; secret: string }> {
  const r = await runLtds(['accounts', 'add', ...storeArgs(db), '--role', 'admin', '--name', 'Ops', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const { account, secretKey } = JSON.parse(r.stdout);
  return { id: account.accountId, secret: secretKey };
}

async function bearerOf(h: Host, id: string, secret: string): Promise<string> {
  const res = await tokenFrom(h, id, secret);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await json(res))['bearer-token'];
}

const pgMissing = () => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/ltds_missing_${randomBytes(4).toString('hex')}`;
  return u.toString();
};

describe.runIf(ENGINES.includes('postgres'))('--database-url failures', () => {
  test.each([
    ['a URL of another scheme', () => 'mysql://root:hunter2@127.0.0.1/ltds', /STORE_URL: .*scheme 'mysql'.*postgres:\/\//],
    ['not a URL', () => 'database please', /STORE_URL: .*is not a URL/],
    ['a refused connection', () => 'postgres://postgres@127.0.0.1:1/ltds', /STORE_CONNECT: .*connection refused at 127\.0\.0\.1:1/],
    ['a missing database', pgMissing, /STORE_CONNECT: .*database 'ltds_missing_[0-9a-f]{8}' does not exist/],
  ])('%s is one clear line and exit status 1 (serve and accounts)', async (_name, url, message) => {
    const out = emptyOut();
    for (const args of [
      ['serve', '--out', out, '--port', '0', '--database-url', url()],
      ['accounts', 'list', '--database-url', url()],
    ]) {
      const r = await runLtds(args);
      expect(r.code, r.stderr).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at |hunter2/);
      expect(r.stdout).toBe('');
    }
  });

  test('LTDS_DATABASE_URL is read, and --db with it is a usage error', async () => {
    const r = await runLtds(['accounts', 'list'], { env: { LTDS_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' } });
    expect(r.stderr).toMatch(/STORE_CONNECT: .*127\.0\.0\.1:1/);
    const both = await runLtds(['accounts', 'list', '--db', '/tmp/x.sqlite'], { env: { LTDS_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' } });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/USAGE: give --db <file> \(SQLite\) or --database-url <url> \(PostgreSQL\), not both/);
  });
});

eachEngine('/ready on %s', (engine) => {
  test('reports the engine and whether the database answers', async () => {
    const s = await testServer(`ready-${engine}`, { engine });
    try {
      const ok = await s.app.inject({ url: '/ready' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'ready', database: 'ok', engine });
      await s.store.close(); // the database goes away under the host
      const down = await s.app.inject({ url: '/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.json().error).toMatchObject({ code: 'HTTP_UNAVAILABLE', message: `the ${engine} database does not answer`, details: { database: 'failed', engine } });
    } finally {
      await s.app.close();
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('two hosts on one PostgreSQL database', () => {
  test('tokens issued and secrets and keys rotated through both at once: every token verifies on both, no row lost or duplicated', { timeout: 120_000 }, async () => {
    const db = await database('postgres');
    const admin = await adminAccount(db);
    const out = emptyOut();
    const [a, b] = await Promise.all([host(db, out), host(db, out)]);
    const hosts = [a, b];
    const adminToken = await bearerOf(a, admin.id, admin.secret);
    const auth = { authorization: `Bearer ${adminToken}` };

    const tokens: { token: string; role: string }[] = [{ token: adminToken, role: 'admin' }];
    const created: string[] = [];
    const kids: string[] = [];
    const N = 12;
    const oneAccount = async (i: number) => {
      const via = hosts[i % 2]!;
      const other = hosts[(i + 1) % 2]!;
      const role = i % 3 === 0 ? 'admin' : 'data_user';
      const res = await fetch(`${via.url}/dar/v1/accounts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: `acct ${i}`, role }) });
      expect(res.status).toBe(201);
      const body = await json(res);
      const id = body.account['account-id'];
      created.push(id);
      tokens.push({ token: await bearerOf(other, id, body['secret-key']), role });
      const rotated = await fetch(`${other.url}/dar/v1/accounts/${id}/rotate-secret`, { method: 'POST', headers: auth });
      expect(rotated.status).toBe(200);
      const fresh = (await json(rotated))['secret-key'];
      expect((await tokenFrom(via, id, body['secret-key'])).status).toBe(401); // the old secret, on the other host
      tokens.push({ token: await bearerOf(via, id, fresh), role });
    };
    const rotateKey = async (h: Host) => {
      const res = await fetch(`${h.url}/dar/v1/auth/signing-keys/rotate`, { method: 'POST', headers: auth });
      expect(res.status).toBe(200);
      kids.push((await json(res)).kid);
    };
    // accounts, tokens and secret rotations on both hosts, with key rotations on both at the same moments
    await Promise.all([...Array.from({ length: N }, (_, i) => oneAccount(i)), ...Array.from({ length: 3 }, () => [rotateKey(a), rotateKey(b)]).flat()]);

    for (const { token, role } of tokens) {
      for (const h of hosts) {
        const res = await fetch(`${h.url}/dar/v1/accounts`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `${role} token on ${h.url}: ${await res.clone().text()}`).toBe(role === 'admin' ? 200 : 403);
      }
    }
    const store = await openStore({ ...db.location, migrations: ALL_MIGRATIONS });
    try {
      const accounts = await store.db.selectFrom('accounts').select('account_id').execute();
      expect(accounts.map((r) => r.account_id).sort()).toEqual([admin.id, ...created].sort());
      const events = await store.db.selectFrom('account_events').select(['account_id', 'event']).execute();
      for (const id of created) expect(events.filter((e) => e.account_id === id).map((e) => e.event).sort()).toEqual(['created', 'secret-rotated']);
      const keys = await store.db.selectFrom('signing_keys').select(['kid', 'retired_at']).execute();
      expect(keys.filter((k) => k.retired_at === null)).toHaveLength(1);
      expect(keys).toHaveLength(1 + 6); // the key made at start-up (once, by one of the two) and six rotations
      expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length);
      for (const kid of [...kids, ...tokens.map((t) => decodeProtectedHeader(t.token).kid!)]) expect(keys.map((k) => k.kid)).toContain(kid);
    } finally {
      await store.close();
    }
    expect(a.stderr() + b.stderr()).toBe('');
  });
});

eachEngine('kill -9 during a write load on %s', (engine) => {
  test('every acknowledged write is there after a restart, and no half change is', { timeout: 120_000 }, async () => {
    const db = await database(engine);
    const admin = await adminAccount(db);
    const out = emptyOut();
    const first = await host(db, out);
    const adminToken = await bearerOf(first, admin.id, admin.secret);
    const auth = { authorization: `Bearer ${adminToken}` };
    const acked = new Set<string>();
    const rotationsAcked = new Map<string, number>();
    let stop = false;
    let n = 0;
    const client = async () => {
      while (!stop) {
        try {
          const res = await fetch(`${first.url}/dar/v1/accounts`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: `load ${n++}`, role: 'data_user' }) });
          if (res.status !== 201) continue;
          const id = (await json(res)).account['account-id'];
          acked.add(id);
          const rotated = await fetch(`${first.url}/dar/v1/accounts/${id}/rotate-secret`, { method: 'POST', headers: auth });
          if (rotated.status === 200) rotationsAcked.set(id, (rotationsAcked.get(id) ?? 0) + 1);
        } catch {
          return; // the host is gone
        }
      }
    };
    const load = Promise.all(Array.from({ length: 4 }, client));
    const started = Date.now();
    while (acked.size < 25 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL'); // in the middle of the load: requests are in flight
    await load;
    stop = true;
    expect(acked.size).toBeGreaterThanOrEqual(25);

    const second = await host(db, out);
    const listed = await fetch(`${second.url}/dar/v1/accounts`, { headers: auth });
    expect(listed.status).toBe(200); // the signing key and the admin survived too
    const ids = new Set<string>((await json(listed)).accounts.map((x: { 'account-id': string }) => x['account-id']));
    for (const id of acked) expect(ids.has(id), id).toBe(true);

    const store = await openStore({ ...db.location, migrations: ALL_MIGRATIONS });
    try {
      const accounts = await store.db.selectFrom('accounts').select(['account_id', 'created_at', 'updated_at']).execute();
      const events = await store.db.selectFrom('account_events').select(['account_id', 'event', 'at']).execute();
      // no half change: every account has exactly one 'created' event, every event its account, and
      // the account's last change time is the time of its last event (no update without its event)
      for (const acc of accounts) {
        const own = events.filter((e) => e.account_id === acc.account_id);
        expect(own.filter((e) => e.event === 'created'), acc.account_id).toHaveLength(1);
        expect(acc.updated_at).toBe(own.map((e) => e.at).sort().at(-1));
        expect(own.filter((e) => e.event === 'secret-rotated').length).toBeGreaterThanOrEqual(rotationsAcked.get(acc.account_id) ?? 0);
      }
      const known = new Set(accounts.map((x) => x.account_id));
      expect(events.every((e) => known.has(e.account_id))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
