// The demo register `ltds start` seeds into a new store: a record in each state on a valid demo
// MPAN whose person has an email, reachable through the portal's own magic link; seeded once and
// never into a register that already has records.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { eachEngine, openTestStore, type TestStore } from './helpers/engines.js';
import { openRegister, checkMpxn } from '../src/dar/index.js';
import { DEMO_EMAIL, DEMO_MPAN, seedDemoRegister } from '../src/dar/demo.js';
import { testServer, type TestServer } from './helpers/server.js';
import { readOutbox } from '../src/mail/transport.js';

const B = '/dar/v1';

eachEngine('the demo register on %s', (engine) => {
  let store: TestStore;
  let s: TestServer;
  beforeAll(async () => {
    store = await openTestStore(engine);
  });
  afterAll(async () => {
    await s?.app.close();
    await store.close();
  });

  test('seeds a new store once: a Data User, an Identity Record with an email, records ACTIVE, EXPIRED, REVOKED, DISCOVERED', async () => {
    expect(checkMpxn(DEMO_MPAN, false).error).toBeUndefined();
    const register = await openRegister(store);
    const seeded = await seedDemoRegister(store, register);
    expect(seeded).toMatchObject({ mpan: DEMO_MPAN, email: DEMO_EMAIL });
    expect(await seedDemoRegister(store, register)).toBeNull();
    const states = (await register.db.selectFrom('dar_access_records').select(['state']).where('mpxn_key', '=', DEMO_MPAN).execute()).map((r) => r.state).sort();
    expect(states).toEqual(['ACTIVE', 'DISCOVERED', 'EXPIRED', 'REVOKED']);

    // A newcomer's path: ask for the link on the page, find it in the outbox, see the four records.
    s = await testServer(`portal-demo-${engine}`, { store });
    const asked = await s.app.inject({ method: 'POST', url: `${B}/portal/magic-link`, payload: { mpxn: DEMO_MPAN, email: DEMO_EMAIL } });
    expect(asked.statusCode).toBe(202);
    const link = /#link=(.+)$/.exec(readOutbox(s.outbox)[0]!.link!)![1];
    const session = (await s.app.inject({ method: 'POST', url: `${B}/portal/session`, payload: { link } })).json().session.token;
    const records = (await s.app.inject({ url: `${B}/portal/records`, headers: { authorization: `Bearer ${session}` } })).json()['access-records'] as { state: string; withdrawable: boolean; organisation: string }[];
    expect(records.map((r) => [r.state, r.withdrawable]).sort()).toEqual([
      ['ACTIVE', true],
      ['DISCOVERED', false],
      ['EXPIRED', false],
      ['REVOKED', false],
    ]);
  });

  test('a register that already has a Data User is left alone', async () => {
    const other = await openTestStore(engine);
    try {
      await other.accounts.add({ name: 'Real Energy plc', role: 'data_user' });
      expect(await seedDemoRegister(other, await openRegister(other))).toBeNull();
      expect(await other.db.withTables<{ dar_identity_records: { ir: string } }>().selectFrom('dar_identity_records').select(['ir']).execute()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
