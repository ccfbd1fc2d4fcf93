// At-least-once across a crash: the host is killed with SIGKILL while a webhook delivery is in
// flight (committed, claimed, not acknowledged); a new host on the same database delivers it
// after the claim's lease runs out. Nothing is lost; the receiver sees the same event id again.

import { expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { eachEngine, testDatabase } from './helpers/engines.js';
import { emptyOut, startHost } from './helpers/host.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';
import { startReceiver } from './helpers/receiver.js';

const WORKER = ['--webhook-poll-ms', '100', '--webhook-timeout-ms', '20000', '--webhook-lease-ms', '2000'];

eachEngine('webhook delivery across kill -9 on %s', (engine) => {
  test('a delivery in flight when the host dies is delivered by the next host', async () => {
    const database = await testDatabase(engine);
    const rec = await startReceiver();
    try {
      const store = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      const { account, secret } = await store.accounts.add({ name: 'Flex Ltd', role: 'data_user' });
      await store.close();
      const out = emptyOut();
      const first = await startHost(database, out, WORKER);
      const B = `${first.url}/dar/v1`;
      const token = ((await (await fetch(`${B}/auth/token`, { headers: { authorization: `Basic ${Buffer.from(`${account.accountId}:${secret}`).toString('base64')}` } })).json()) as { 'bearer-token': string })['bearer-token'];
      const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body the test reads field by field
      const post = async (path: string, body: unknown, method = 'POST') => (await fetch(`${B}${path}`, { method, headers: h, body: JSON.stringify(body) })).json() as Promise<any>;
      rec.secret = (await post('/webhooks', { 'callback-url': rec.url, 'alert-email': 'ops@example.com' }))['signing-secret'];
      const ir = (await post('/identity-records', identityBody())).ir;
      const ak = (await post('/access-records', consentRecord(ir)))['access-token'].key;
      rec.respond = () => (rec.received.length === 1 ? 'hang' : 200);
      const revoked = await post(`/access-records/${ak}`, { reason: 'moved out' }, 'DELETE');
      expect(revoked['revoked-at']).toBeDefined();
      await rec.waitFor(1);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      const second = await startHost(database, out, WORKER);
      try {
        await rec.waitFor(2, 30_000);
        expect(rec.received[1]!.eventId).toBe(rec.received[0]!.eventId);
        expect(rec.received.every((r) => r.signatureValid)).toBe(true);
        expect(rec.received[1]!.json).toMatchObject({ 'event-type': 'consent.withdrawal', payload: { 'revoked-at': revoked['revoked-at'] } });
      } finally {
        await second.stop();
      }
      const after = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
      const jobs = await after.db.selectFrom('jobs').selectAll().execute();
      await after.close();
      expect(jobs.map((j) => j.status)).toEqual(['done']);
    } finally {
      await rec.close();
      await database.drop();
    }
  });
});
