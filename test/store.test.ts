// The SQLite store: WAL and foreign keys on, migrations once and in order, a newer schema refused,
// a failed migration leaves nothing behind, secrets only as scrypt hashes.

import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS, hashSecret, openStore, verifySecret } from '../src/store/index.js';

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'ltds-store-')), 'data', 'ltds.sqlite');

describe('store', () => {
  test('a new file is created (0600) in WAL mode with foreign keys on and every migration applied', () => {
    const file = dbFile();
    const store = openStore(file);
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(store.ping()).toBe(true);
      // foreign keys are enforced
      expect(() => store.db.prepare("INSERT INTO account_events (account_id, event, at) VALUES ('acc_nobody', 'created', 'now')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  test('reopening runs no migration twice and keeps the data', async () => {
    const file = dbFile();
    const a = openStore(file);
    const { account } = await a.accounts.add({ name: 'Keep me', role: 'portal' });
    a.close();
    const b = openStore(file);
    try {
      expect(b.accounts.get(account.accountId)?.name).toBe('Keep me');
      expect(b.db.prepare('SELECT count(*) AS n FROM account_events').get()).toEqual({ n: 1 });
    } finally {
      b.close();
    }
  });

  test('a store written by a newer toolkit is refused with STORE_VERSION', () => {
    const file = dbFile();
    const a = openStore(file);
    a.db.pragma('user_version = 99');
    a.close();
    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'STORE_VERSION', message: expect.stringMatching(/schema version 99/) }));
  });

  test('a failing migration is rolled back whole and reported with STORE_OPEN', () => {
    const file = dbFile();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' }];
    expect(() => openStore(file, { migrations: broken })).toThrow(expect.objectContaining({ code: 'STORE_OPEN', message: expect.stringMatching(/migration 2 \(broken\)/) }));
    const store = openStore(file);
    try {
      expect(store.schemaVersion).toBe(1);
      expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  test('tx() commits all or nothing', async () => {
    const store = openStore(':memory:');
    try {
      const { account } = await store.accounts.add({ name: 'A', role: 'admin' });
      expect(() =>
        store.tx(() => {
          store.db.prepare('UPDATE accounts SET name = ? WHERE account_id = ?').run('changed', account.accountId);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(store.accounts.get(account.accountId)?.name).toBe('A');
    } finally {
      store.close();
    }
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

  test('accounts: roles are checked, data users get a DUID, status changes are events', async () => {
    const store = openStore(':memory:');
    try {
      await expect(store.accounts.add({ name: 'x', role: 'root' as never })).rejects.toMatchObject({ code: 'USAGE' });
      const { account } = await store.accounts.add({ name: 'Flex', role: 'data_user' });
      expect(account.duid).toMatch(/^duid_[0-9a-f]{24}$/);
      expect(account.accountId).toMatch(/^acc_[0-9a-f]{24}$/);
      store.accounts.setStatus(account.accountId, 'suspended');
      store.accounts.setStatus(account.accountId, 'active');
      const events = store.db.prepare('SELECT event FROM account_events WHERE account_id = ? ORDER BY id').all(account.accountId);
      expect(events).toEqual([{ event: 'created' }, { event: 'suspended' }, { event: 'reactivated' }]);
      expect(() => store.accounts.setStatus('acc_missing', 'suspended')).toThrow(expect.objectContaining({ code: 'ACCOUNT_NOT_FOUND' }));
    } finally {
      store.close();
    }
  });
});
