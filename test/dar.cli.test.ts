// `ltds dar sweep|outbox|data-user` as an operator runs them, on each engine's store.

import { expect, test } from 'vitest';
import { createAccessRecord, createIdentityRecord, createSubscription, newDarId, openRegister, revokeAccessRecord, type DarTables } from '../src/dar/index.js';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { runLtds } from './helpers/cli.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';
import { eachEngine, testDatabase } from './helpers/engines.js';
import { storeArgs } from './helpers/host.js';

eachEngine('ltds dar on %s', (engine) => {
  test('sweep expires past records; outbox lists and replays; data-user sets a profile', async () => {
    const database = await testDatabase(engine);
    try {
      const store = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      const reg = await openRegister(store);
      const du = { accountId: 'acc_000000000000000000000009', role: 'data_user', duid: newDarId('duid') };
      await createSubscription(reg, du, { 'callback-url': 'http://127.0.0.1:9/never', 'alert-email': 'ops@example.com' });
      const { ir } = await createIdentityRecord(reg, du, identityBody());
      const soon = new Date(Date.now() + 4000).toISOString(); // room for the writes below on a busy machine
      const ak = (await createAccessRecord(reg, du, { ...consentRecord(ir, soon), 'access-event': { ...consentRecord(ir, soon)['access-event'], 'registered-at': new Date().toISOString() } })).ak;
      const other = (await createAccessRecord(reg, du, consentRecord(ir))).ak;
      await revokeAccessRecord(reg, du, other);
      // a delivery that went through the whole ladder
      await store.db.updateTable('jobs').set({ status: 'dead', last_error: 'HTTP 500', attempts: 6 }).execute();
      await store.close();
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 100)));

      const sweep = await runLtds(['dar', 'sweep', '--json', ...storeArgs(database)]);
      expect(sweep.code, sweep.stderr).toBe(0);
      expect(JSON.parse(sweep.stdout)).toEqual({ expired: 1, 'expiring-notices': 0 });

      const dead = await runLtds(['dar', 'outbox', '--state', 'dead', '--json', ...storeArgs(database)]);
      expect(dead.code, dead.stderr).toBe(0);
      const list = JSON.parse(dead.stdout) as { job: string; 'event-type': string; attempts: number; 'last-error': string }[];
      expect(list.map((d) => [d['event-type'], d.attempts, d['last-error']])).toEqual([['consent.withdrawal', 6, 'HTTP 500']]);
      expect(dead.stdout).not.toContain(ak);
      const replay = await runLtds(['dar', 'outbox', '--replay', list[0]!.job, ...storeArgs(database)]);
      expect(replay.code, replay.stderr).toBe(0);
      const pending = await runLtds(['dar', 'outbox', '--json', ...storeArgs(database)]);
      expect((JSON.parse(pending.stdout) as { job: string }[]).map((d) => d.job)).toEqual([list[0]!.job]);
      const again = await runLtds(['dar', 'outbox', '--replay', list[0]!.job, ...storeArgs(database)]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/no undelivered DAR webhook delivery/);

      const profile = await runLtds(['dar', 'data-user', du.duid!, '--name', 'Flex Ltd', '--contact-url', 'https://flex.example.com', '--data-types', 'HH-CONSUMPTION', '--json', ...storeArgs(database)]);
      expect(profile.code, profile.stderr).toBe(0);
      expect(JSON.parse(profile.stdout)).toMatchObject({ duid: du.duid, 'display-name': 'Flex Ltd', 'contact-url': 'https://flex.example.com', 'data-types-supported': ['HH-CONSUMPTION'], status: 'active' });
      const bad = await runLtds(['dar', 'data-user', du.duid!, '--name', 'X', '--contact-url', 'ftp://x', '--data-types', 'GAS', ...storeArgs(database)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/contact-url: must be an http or https URL/);
      expect(bad.stderr).toMatch(/data-types-supported/);

      const check = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      const states = await check.db.withTables<DarTables>().selectFrom('dar_access_records').select(['state']).orderBy('state').execute();
      await check.close();
      expect(states.map((s) => s.state)).toEqual(['EXPIRED', 'REVOKED']);
      expect((await runLtds(['dar', '--help'])).stdout).toMatch(/sweep/);
    } finally {
      await database.drop();
    }
  });
});
