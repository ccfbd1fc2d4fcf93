// The SQLite store's driver: a write is acknowledged, and seen by the process's other queries, only
// after a sync of the write-ahead log that started after it (rolled-back work and reads owe none), kept
// prepared statements see schema changes and survive eviction, and compiled-once queries answer
// like the queries they stand for on both engines.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSqlite } from '../src/store/connect.js';
import { preparedQuery, type StoreTables } from '../src/store/index.js';
import { eachEngine, openTestStore, type TestStore } from './helpers/engines.js';

type Tables = { items: { id: string; n: number } };

describe('SQLite driver: durable acknowledgements', () => {
  let dir: string;
  let db: Kysely<Tables>;
  /** What happened, in order: `wrote i`, `sync-start k`, `sync-end k`, `ack i`. */
  const events: string[] = [];
  let syncs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ltds-driver-'));
    const conn = openSqlite(join(dir, 'd.sqlite'), async () => {
      const k = syncs++;
      events.push(`sync-start ${k}`);
      await new Promise((r) => setTimeout(r, 5)); // a disk that takes a while
      events.push(`sync-end ${k}`);
    });
    db = conn.db.withTables<Tables>() as unknown as Kysely<Tables>;
    await sql`create table items (id text primary key, n integer not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** For each acknowledged write: some sync started after it was written and ended before its acknowledgement. */
  function expectSyncedBeforeAck(ids: string[]): void {
    for (const id of ids) {
      const wrote = events.indexOf(`wrote ${id}`);
      const ack = events.indexOf(`ack ${id}`);
      expect(wrote, id).toBeGreaterThanOrEqual(0);
      expect(ack, id).toBeGreaterThan(wrote);
      const covered = events.some((e, i) => e.startsWith('sync-start') && i > wrote && events.indexOf(e.replace('start', 'end')) < ack && events.indexOf(e.replace('start', 'end')) > i);
      expect(covered, `write ${id} acknowledged without a sync after it`).toBe(true);
    }
  }

  test('concurrent transactions are each acknowledged after a sync that followed their commit', async () => {
    events.length = 0;
    const before = syncs;
    const ids = Array.from({ length: 20 }, (_, i) => `t${i}`);
    await Promise.all(
      ids.map((id) =>
        db
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('items').values({ id, n: 1 }).execute();
            events.push(`wrote ${id}`);
          })
          .then(() => events.push(`ack ${id}`)),
      ),
    );
    expectSyncedBeforeAck(ids);
    expect(syncs - before).toBeGreaterThan(0);
    expect(syncs - before).toBeLessThanOrEqual(ids.length);
    expect((await db.selectFrom('items').select('id').where('id', 'like', 't%').execute()).length).toBe(20);
  });

  test('a read asked for while a commit is being synced runs after the sync: nothing here reads a change before it is durable', async () => {
    events.length = 0;
    const write = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('items').values({ id: 'r1', n: 1 }).execute();
        events.push('wrote r1');
      })
      .then(() => events.push('ack r1'));
    // Asked for once the sync has started (the write's transaction is committed by then).
    while (!events.some((e) => e.startsWith('sync-start'))) await new Promise((r) => setImmediate(r));
    const read = await db.selectFrom('items').select('id').where('id', '=', 'r1').executeTakeFirst();
    events.push('read r1');
    await write;
    expect(read).toEqual({ id: 'r1' });
    const start = events.findIndex((e) => e.startsWith('sync-start'));
    expect(events.indexOf('read r1')).toBeGreaterThan(events.indexOf(events[start]!.replace('start', 'end')));
  });

  test('a write outside a transaction is acknowledged after a sync too', async () => {
    events.length = 0;
    const p = db.insertInto('items').values({ id: 'auto', n: 2 }).execute();
    events.push('wrote auto'); // the statement runs after this (a later microtask), so any sync after this mark follows it too
    await p;
    events.push('ack auto');
    expectSyncedBeforeAck(['auto']);
  });

  test('reads and rolled-back transactions owe no sync', async () => {
    const before = syncs;
    await db.selectFrom('items').selectAll().execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 'gone', n: 3 }).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(syncs).toBe(before);
    expect(await db.selectFrom('items').select('id').where('id', '=', 'gone').executeTakeFirst()).toBeUndefined();
  });

  test('kept statements see a schema change and answer correctly after eviction', async () => {
    const all = () => db.selectFrom('items').selectAll().where('id', '=', 'auto').executeTakeFirstOrThrow();
    expect(await all()).toEqual({ id: 'auto', n: 2 });
    await sql`alter table items add column note text`.execute(db);
    expect(await all()).toEqual({ id: 'auto', n: 2, note: null });
    // More distinct statements than the driver keeps: the first ones are prepared again.
    for (let i = 0; i < 300; i++) expect((await sql<{ v: number }>`select ${i} + ${sql.lit(i)} as v`.execute(db)).rows[0]!.v).toBe(2 * i);
    expect(await all()).toEqual({ id: 'auto', n: 2, note: null });
  });
});

eachEngine('compiled-once queries on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(engine);
    await store.accounts.add({ name: 'A Ltd', role: 'data_user' });
    await store.accounts.add({ name: 'B Ltd', role: 'admin' });
  });
  afterAll(() => store.close());

  const byRole = preparedQuery((role: string, name: string) => (db: Kysely<StoreTables>) => db.selectFrom('accounts').select(['name', 'role']).where('role', '=', role as 'admin').where('name', '<>', name).orderBy('name'));

  test('answer like the query they stand for, with new values each call, in and out of a transaction', async () => {
    expect(await byRole.rows(store.db, 'admin', 'nobody')).toEqual([{ name: 'B Ltd', role: 'admin' }]);
    expect(await byRole.rows(store.db, 'data_user', 'nobody')).toEqual([{ name: 'A Ltd', role: 'data_user' }]);
    expect(await byRole.rows(store.db, 'data_user', 'A Ltd')).toEqual([]);
    expect(await store.transaction((trx) => byRole.first(trx, 'admin', 'x'))).toEqual({ name: 'B Ltd', role: 'admin' });
  });

  test('an argument that does not reach the SQL as a parameter is refused', async () => {
    const folded = preparedQuery((role: string) => (db: Kysely<StoreTables>) => db.selectFrom('accounts').select(sql.lit(role).as('r')));
    await expect(folded.rows(store.db, 'admin')).rejects.toThrow(/argument 0 is not a parameter/);
  });
});
