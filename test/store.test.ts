// The store on both engines: migrations once and in order and recorded, a newer schema refused, a
// failed migration leaves nothing behind, foreign keys enforced, transactions all or nothing,
// secrets only as scrypt hashes, accounts and signing keys as before. SQLite specifics (WAL, 0600,
// adopting a file from before store_migrations) are tested on SQLite only.

import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { STORE_MIGRATIONS, hashSecret, openStore, strict, verifySecret, type Migration, type Store } from '../src/store/index.js';
import { eachEngine, openTestStore, testDatabase } from './helpers/engines.js';

const latest = ALL_MIGRATIONS.at(-1)!.version;

eachEngine('store on %s', (engine) => {
  test('a new database gets every migration, each recorded once, and answers ping', async () => {
    const store = await openTestStore(engine);
    try {
      expect(store.engine).toBe(engine);
      expect(store.schemaVersion).toBe(latest);
      expect(await store.ping()).toBe(true);
      const rows = await store.db.selectFrom('store_migrations').select(['version', 'name', 'applied_at']).orderBy('version').execute();
      expect(rows.map((r) => Number(r.version))).toEqual(ALL_MIGRATIONS.map((m) => m.version));
      expect(rows[0]!.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // foreign keys are enforced
      await expect(store.db.insertInto('account_events').values({ account_id: 'acc_nobody', event: 'created', at: 'now' }).execute()).rejects.toThrow(/foreign key/i);
      // CHECK constraints hold on both engines
      await expect(
        store.db.insertInto('accounts').values({ account_id: 'acc_x', name: 'x', role: 'root' as never, duid: null, secret_hash: 'h', status: 'active', created_at: 'a', updated_at: 'a' }).execute(),
      ).rejects.toThrow(/check/i);
    } finally {
      await store.close();
    }
  });

  test('reopening runs no migration twice and keeps the data', async () => {
    const database = await testDatabase(engine);
    try {
      const a = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      const { account } = await a.accounts.add({ name: 'Keep me', role: 'portal' });
      await a.close();
      const b = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      try {
        expect((await b.accounts.get(account.accountId))?.name).toBe('Keep me');
        const events = await b.db.selectFrom('account_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        expect(Number(events.n)).toBe(1);
        const applied = await b.db.selectFrom('store_migrations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        expect(Number(applied.n)).toBe(ALL_MIGRATIONS.length);
      } finally {
        await b.close();
      }
    } finally {
      await database.drop();
    }
  });

  test('a store written by a newer toolkit is refused with STORE_VERSION', async () => {
    const database = await testDatabase(engine);
    try {
      const a = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      await a.db.insertInto('store_migrations').values({ version: 99, name: 'from a newer toolkit', applied_at: new Date().toISOString() }).execute();
      await a.close();
      await expect(openStore({ ...database.location, migrations: ALL_MIGRATIONS })).rejects.toMatchObject({
        code: 'STORE_VERSION',
        message: expect.stringMatching(/schema version 99 \('from a newer toolkit'\).*newer toolkit/),
      });
    } finally {
      await database.drop();
    }
  });

  test('a failing migration is rolled back whole and reported with STORE_OPEN', async () => {
    const database = await testDatabase(engine);
    const broken: Migration = {
      version: latest + 1,
      name: 'broken',
      async up(db) {
        await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
        await db.insertInto('no_such_table').values({ x: 1 }).execute();
      },
    };
    try {
      await expect(openStore({ ...database.location, migrations: [...ALL_MIGRATIONS, broken] })).rejects.toMatchObject({
        code: 'STORE_OPEN',
        message: expect.stringMatching(new RegExp(`migration ${latest + 1} \\(broken\\)`)),
      });
      const store = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      try {
        expect(store.schemaVersion).toBe(latest);
        await expect(sql`select count(*) from half_done`.execute(store.db)).rejects.toThrow(/half_done/);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });

  test('two migrations with one version are refused before anything runs', async () => {
    const database = await testDatabase(engine);
    try {
      const twice = [...STORE_MIGRATIONS, { ...STORE_MIGRATIONS[0]!, name: 'again' }];
      await expect(openStore({ ...database.location, migrations: twice })).rejects.toMatchObject({ code: 'STORE_OPEN', message: expect.stringMatching(/both have version 1/) });
    } finally {
      await database.drop();
    }
  });

  test('transaction() commits all or nothing', async () => {
    const store = await openTestStore(engine);
    try {
      const { account } = await store.accounts.add({ name: 'A', role: 'admin' });
      await expect(
        store.transaction(async (trx) => {
          await trx.updateTable('accounts').set({ name: 'changed' }).where('account_id', '=', account.accountId).execute();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.accounts.get(account.accountId))?.name).toBe('A');
      await store.transaction(async (trx) => {
        await trx.updateTable('accounts').set({ name: 'B' }).where('account_id', '=', account.accountId).execute();
      });
      expect((await store.accounts.get(account.accountId))?.name).toBe('B');
    } finally {
      await store.close();
    }
  });

  test('hosts whose rotation timers fire together rotate the signing key once', async () => {
    let clock = Date.parse('2026-12-05T16:00:00.000Z');
    const now = () => new Date(clock);
    const a = await openTestStore(engine, ALL_MIGRATIONS, { now });
    const b = await openStore({ ...a.database.location, migrations: ALL_MIGRATIONS, now });
    try {
      const first = await a.signingKeys.active();
      const day = 24 * 3_600_000;
      expect(await Promise.all([a.signingKeys.rotateIfOlder(day, 7200), b.signingKeys.rotateIfOlder(day, 7200)])).toEqual([undefined, undefined]);
      clock += day;
      const rotated = await Promise.all([a, b, a, b].map((s) => s.signingKeys.rotateIfOlder(day, 7200)));
      expect(rotated.filter(Boolean)).toHaveLength(1);
      const rows = await a.db.selectFrom('signing_keys').select(['kid', 'retired_at']).execute();
      expect(rows).toHaveLength(2);
      expect(rows.find((r) => r.retired_at === null)?.kid).toBe(rotated.find(Boolean)!.kid);
      expect(rows.find((r) => r.retired_at !== null)?.kid).toBe(first.kid);
    } finally {
      await b.close();
      await a.close();
    }
  });

  test('racing read-modify-write transactions from two stores lose no update (retried on PostgreSQL, one writer on SQLite)', { timeout: 60_000 }, async () => {
    const counter: Migration = {
      version: 99,
      name: 'a counter for this test',
      async up(db, eng) {
        await db.schema.createTable('counters').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('n', 'integer', (c) => c.notNull()).modifyEnd(strict(eng)).execute();
      },
    };
    const a = await openTestStore(engine, [...ALL_MIGRATIONS, counter]);
    const b = await openStore({ ...a.database.location, migrations: [...ALL_MIGRATIONS, counter] });
    try {
      type Tables = { counters: { id: string; n: number } };
      await a.db.withTables<Tables>().insertInto('counters').values({ id: 'c', n: 0 }).execute();
      let runs = 0;
      const bump = (s: Store) =>
        s.transaction(async (trx) => {
          runs++;
          const t = trx.withTables<Tables>();
          const { n } = await t.selectFrom('counters').select('n').where('id', '=', 'c').executeTakeFirstOrThrow();
          await new Promise((r) => setTimeout(r, 2)); // widen the race
          await t.updateTable('counters').set({ n: Number(n) + 1 }).where('id', '=', 'c').execute();
        });
      await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 ? a : b)));
      const { n } = await a.db.withTables<Tables>().selectFrom('counters').select('n').where('id', '=', 'c').executeTakeFirstOrThrow();
      expect(Number(n)).toBe(30);
      if (engine === 'postgres') expect(runs).toBeGreaterThan(30); // some lost a serialisation race and ran again
    } finally {
      await b.close();
      await a.close();
    }
  });

  test('accounts: roles are checked, data users get a DUID, status changes are events', async () => {
    const store = await openTestStore(engine);
    try {
      await expect(store.accounts.add({ name: 'x', role: 'root' as never })).rejects.toMatchObject({ code: 'USAGE' });
      const { account } = await store.accounts.add({ name: 'Flex', role: 'data_user' });
      expect(account.duid).toMatch(/^duid_[0-9a-f]{24}$/);
      expect(account.accountId).toMatch(/^acc_[0-9a-f]{24}$/);
      await store.accounts.setStatus(account.accountId, 'suspended');
      await store.accounts.setStatus(account.accountId, 'suspended'); // no change, no event
      await store.accounts.setStatus(account.accountId, 'active');
      const events = await store.db.selectFrom('account_events').select('event').where('account_id', '=', account.accountId).orderBy('id').execute();
      expect(events).toEqual([{ event: 'created' }, { event: 'suspended' }, { event: 'reactivated' }]);
      await expect(store.accounts.setStatus('acc_missing', 'suspended')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
      await expect(store.accounts.rotateSecret('acc_missing')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
      expect(await store.db.selectFrom('account_events').select('id').where('account_id', '=', 'acc_missing').execute()).toEqual([]);
      expect((await store.accounts.list()).map((a) => a.name)).toEqual(['Flex']);
    } finally {
      await store.close();
    }
  });

  test('a rotated secret replaces the hash and is an event; the old secret no longer verifies', async () => {
    const store = await openTestStore(engine);
    try {
      const { account, secret } = await store.accounts.add({ name: 'R', role: 'dcc' });
      const before = (await store.accounts.credentials(account.accountId))!.secretHash;
      expect(await verifySecret(secret, before)).toBe(true);
      const fresh = await store.accounts.rotateSecret(account.accountId);
      const after = (await store.accounts.credentials(account.accountId))!.secretHash;
      expect(await verifySecret(secret, after)).toBe(false);
      expect(await verifySecret(fresh, after)).toBe(true);
      const events = await store.db.selectFrom('account_events').select('event').where('account_id', '=', account.accountId).orderBy('id').execute();
      expect(events.map((e) => e.event)).toEqual(['created', 'secret-rotated']);
    } finally {
      await store.close();
    }
  });

  test('signing keys: one active key, created once even when asked for at once; rotation keeps the old key verifying for its grace', async () => {
    let clock = Date.parse('2026-12-05T16:00:00.000Z');
    const store = await openTestStore(engine, ALL_MIGRATIONS, { now: () => new Date(clock) });
    try {
      const first = await Promise.all(Array.from({ length: 8 }, () => store.signingKeys.active()));
      expect(new Set(first.map((k) => k.kid)).size).toBe(1);
      const old = first[0]!;
      const next = await store.signingKeys.rotate(600);
      expect(next.kid).not.toBe(old.kid);
      expect((await store.signingKeys.active()).kid).toBe(next.kid);
      expect((await store.signingKeys.verifying()).map((k) => k.kid)).toEqual(expect.arrayContaining([old.kid, next.kid]));
      clock += 601_000;
      expect((await store.signingKeys.verifying()).map((k) => k.kid)).toEqual([next.kid]);
      await store.signingKeys.rotate(600);
      const rows = await store.db.selectFrom('signing_keys').select(['kid', 'retired_at']).execute();
      expect(rows.filter((r) => r.retired_at === null)).toHaveLength(1);
      expect(rows.map((r) => r.kid)).not.toContain(old.kid); // past its grace: deleted
    } finally {
      await store.close();
    }
  });
});

describe('store on sqlite only', () => {
  test('a new file is created (0600) in WAL mode with foreign keys on', async () => {
    const database = await testDatabase('sqlite');
    const { file } = database.location as { file: string };
    const store = await openStore({ file, migrations: ALL_MIGRATIONS });
    try {
      expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db)).rows[0]!.journal_mode).toBe('wal');
      expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db)).rows[0]!.foreign_keys).toBe(1);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // older toolkits read user_version to refuse a newer file
      expect((await sql<{ user_version: number }>`pragma user_version`.execute(store.db)).rows[0]!.user_version).toBe(latest);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  test('a file from before store_migrations (user_version 1) is adopted: its data kept, migration 1 not run again', async () => {
    const database = await testDatabase('sqlite');
    const { file } = database.location as { file: string };
    try {
      // Build a version-1 file exactly as the previous toolkit did: migration 1's tables, user_version 1.
      const first = await openStore({ file, migrations: STORE_MIGRATIONS.slice(0, 1) });
      const { account } = await first.accounts.add({ name: 'Old', role: 'admin' });
      await first.close();
      const raw = new Database(file);
      raw.exec('DROP TABLE store_migrations');
      raw.pragma('user_version = 1');
      raw.close();
      const store = await openStore({ file, migrations: ALL_MIGRATIONS });
      try {
        expect(store.schemaVersion).toBe(latest);
        expect((await store.accounts.get(account.accountId))?.name).toBe('Old');
        expect((await store.db.selectFrom('store_migrations').select('version').orderBy('version').execute()).map((r) => r.version)).toEqual(ALL_MIGRATIONS.map((m) => m.version));
      } finally {
        await store.close();
      }
      const newer = new Database(file);
      newer.exec('DROP TABLE store_migrations');
      newer.pragma('user_version = 7');
      newer.close();
      await expect(openStore({ file, migrations: ALL_MIGRATIONS })).rejects.toMatchObject({ code: 'STORE_VERSION', message: expect.stringMatching(/schema version 7/) });
    } finally {
      await database.drop();
    }
  });
});

test('secrets are scrypt hashes with a random salt, verified only by the right secret', async () => {
  const h1 = await hashSecret('sk_example');
  const h2 = await hashSecret('sk_example');
  expect(h1).not.toBe(h2);
  expect(h1).not.toContain('sk_example');
  expect(await verifySecret('sk_example', h1)).toBe(true);
  expect(await verifySecret('sk_exampl', h1)).toBe(false);
  expect(await verifySecret('sk_example', 'plain')).toBe(false);
});
