// Webhook delivery against a real loopback receiver that checks every signature with its own HMAC
// code: delivery, each step of the retry ladder on an injected clock, undelivered + alert after the
// ladder, the expiry sweep's consent.expiring (once per record per subscription), no duplicate
// delivery from two workers on one PostgreSQL database, and a hanging receiver that slows no request.

import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { DAR_WEBHOOK_TOPIC, type DarTables, createAccessRecord, createIdentityRecord, createSubscription, endpointOf, newDarId, openRegister, revokeAccessRecord, sweep, verifyAccessRecord, type Actor, type RegisterContext } from '../src/dar/index.js';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore, type Store } from '../src/store/index.js';
import { RETRY_LADDER_MS, WebhookWorker, enqueueWebhook, listAlerts, type WebhookTables } from '../src/webhooks/index.js';
import { darApi } from './helpers/dar-api.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';
import { eachEngine, openTestStore, type TestStore } from './helpers/engines.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';

eachEngine('webhooks on %s', (engine) => {
  let clock = Date.parse('2026-11-26T12:00:00.000Z');
  const now = () => new Date(clock);
  let store: TestStore;
  let reg: RegisterContext;
  let rec: Receiver;
  const du: Actor = { accountId: 'acc_000000000000000000000001', role: 'data_user', duid: newDarId('duid') };
  const worker = (s: Pick<Store, 'db' | 'engine'> = store) => new WebhookWorker({ store: s, topic: DAR_WEBHOOK_TOPIC, resolve: (wid) => endpointOf(reg, wid), now, timeoutMs: 3000 });
  const jobs = () => store.db.selectFrom('jobs').selectAll().where('topic', '=', DAR_WEBHOOK_TOPIC).execute();

  beforeAll(async () => {
    store = await openTestStore(engine, undefined, { now });
    reg = await openRegister(store, { now });
  });
  afterAll(() => store.close());
  afterEach(async () => {
    await rec?.close();
    // Later tests start from an empty outbox and without the earlier subscriptions.
    await store.db.updateTable('jobs').set({ status: 'done' }).where('status', '=', 'pending').execute();
    await store.db.withTables<DarTables>().updateTable('dar_webhooks').set({ active: 0 }).execute();
  });

  async function subscribe(extra: Record<string, unknown> = {}) {
    rec = await startReceiver();
    const sub = await createSubscription(reg, du, { 'callback-url': rec.url, 'alert-email': 'alerts@du.example.com', ...extra });
    rec.secret = sub.secret;
    return sub.webhook.wid;
  }
  async function record(expiry = '2027-06-30T00:00:00Z') {
    const { ir } = await createIdentityRecord(reg, du, identityBody());
    return (await createAccessRecord(reg, du, { ...consentRecord(ir, expiry), 'access-event': { ...consentRecord(ir, expiry)['access-event'], 'registered-at': now().toISOString() } })).ak;
  }

  test('a revoke is delivered once, signed over <timestamp>.<body>, with the envelope', async () => {
    const wid = await subscribe();
    const ak = await record();
    await revokeAccessRecord(reg, du, ak, 'moved out');
    const run = await worker().runOnce();
    expect(run).toEqual({ delivered: 1, retried: 0, undelivered: 0 });
    expect(rec.received).toHaveLength(1);
    const got = rec.received[0]!;
    expect(got.signatureValid).toBe(true);
    expect(got.timestamp).toBe(Math.floor(clock / 1000));
    expect(got.json).toMatchObject({ 'event-type': 'consent.withdrawal', wid, 'occurred-at': now().toISOString(), payload: { ak: `ak_…${ak.slice(-4)}`, mpxn: '1312345678907', duid: du.duid, reason: 'moved out', 'controller-reference': 'CUST-0001' } });
    expect(got.json['event-id']).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(got.eventId).toBe(got.json['event-id']);
    expect(got.body).not.toContain(ak);
    expect((await jobs()).filter((j) => j.status === 'pending')).toEqual([]);
    expect(await worker().runOnce()).toEqual({ delivered: 0, retried: 0, undelivered: 0 });
  });

  test('a failing receiver is retried after 1 min, 5 min, 30 min, 2 h, 24 h, then undelivered with an alert', async () => {
    await subscribe();
    rec.respond = () => 500;
    await revokeAccessRecord(reg, du, await record());
    const w = worker();
    expect((await w.runOnce()).retried).toBe(1);
    for (const [i, delay] of RETRY_LADDER_MS.entries()) {
      clock += delay - 1000;
      expect(await w.runOnce(), `one second before step ${i + 1}`).toEqual({ delivered: 0, retried: 0, undelivered: 0 });
      clock += 1000;
      const last = i === RETRY_LADDER_MS.length - 1;
      expect(await w.runOnce(), `step ${i + 1}`).toEqual({ delivered: 0, retried: last ? 0 : 1, undelivered: last ? 1 : 0 });
    }
    expect(rec.received).toHaveLength(6);
    expect(new Set(rec.received.map((r) => r.eventId)).size).toBe(1);
    expect(rec.received.every((r) => r.signatureValid)).toBe(true);
    const dead = (await jobs()).filter((j) => j.status === 'dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.last_error).toBe('HTTP 500');
    const alerts = await listAlerts(store.db as never as import('kysely').Kysely<WebhookTables>, DAR_WEBHOOK_TOPIC);
    expect(alerts[0]).toMatchObject({ event_id: rec.received[0]!.eventId, alert_email: 'alerts@du.example.com', attempts: 6, error: 'HTTP 500' });
    clock += 48 * 3_600_000;
    expect(await w.runOnce()).toEqual({ delivered: 0, retried: 0, undelivered: 0 });
  });

  test('the sweep sends consent.expiring notify-days-before ahead, once per record per subscription, then expires', async () => {
    await subscribe({ 'notify-days-before': 10, 'event-types': ['consent.expiring'] });
    const soon = await record(new Date(clock + 5 * 86_400_000).toISOString());
    const later = await record(new Date(clock + 40 * 86_400_000).toISOString());
    expect(await sweep(reg)).toEqual({ expired: 0, expiringNotices: 1 });
    expect(await sweep(reg)).toEqual({ expired: 0, expiringNotices: 0 });
    await worker().runOnce();
    expect(rec.received.map((r) => [r.json['event-type'], r.json.payload.ak, r.json.payload['days-remaining']])).toEqual([['consent.expiring', `ak_…${soon.slice(-4)}`, 5]]);
    clock += 6 * 86_400_000;
    expect((await sweep(reg)).expired).toBeGreaterThanOrEqual(1);
    const v = await verifyAccessRecord(reg, soon, { history: true });
    expect(v.state).toBe('EXPIRED');
    expect(v.history!.map((h) => [h.action, h.by])).toEqual([['created', du.accountId], ['expired', 'system']]);
    expect((await verifyAccessRecord(reg, later)).state).toBe('ACTIVE');
  });

  test.runIf(engine === 'postgres')('two workers on one database deliver each event exactly once', async () => {
    const wid = await subscribe();
    const second = await openStore({ ...(store.database.location as { url: string }), migrations: ALL_MIGRATIONS });
    try {
      const N = 40;
      await store.transaction(async (trx) => {
        for (let i = 0; i < N; i++) await enqueueWebhook(trx, { topic: DAR_WEBHOOK_TOPIC, endpoint: wid, eventId: newDarId('evt'), body: JSON.stringify({ n: i }), now: now() });
      });
      const a = new WebhookWorker({ store, topic: DAR_WEBHOOK_TOPIC, resolve: (x) => endpointOf(reg, x), now, concurrency: 4 });
      const b = new WebhookWorker({ store: second, topic: DAR_WEBHOOK_TOPIC, resolve: (x) => endpointOf(reg, x), now, concurrency: 4 });
      const drain = async (w: WebhookWorker) => {
        let total = 0;
        for (let i = 0; i < 50 && rec.received.length < N; i++) total += (await w.runOnce()).delivered;
        return total;
      };
      const [da, db] = await Promise.all([drain(a), drain(b)]);
      expect(da + db).toBe(N);
      expect(da).toBeGreaterThan(0);
      expect(db).toBeGreaterThan(0);
      expect(rec.received).toHaveLength(N);
      expect(new Set(rec.received.map((r) => r.eventId)).size).toBe(N);
    } finally {
      await second.close();
    }
  });
});

eachEngine('a hanging receiver on %s', (engine) => {
  test('slows no API response; its delivery times out and is retried', async () => {
    const api = await darApi(`dar-webhooks-hang-${engine}`, engine, { darWebhooks: { pollMs: 20, timeoutMs: 6000 } });
    const rec = await startReceiver();
    try {
      rec.respond = () => 'hang';
      const B = '/dar/v1';
      const sub = await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': rec.url, 'alert-email': 'ops@example.com' });
      rec.secret = sub.json['signing-secret'];
      const ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody())).json.ir;
      const aks: string[] = [];
      for (let i = 0; i < 3; i++) aks.push((await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir))).json['access-token'].key);
      for (const ak of aks) expect((await api.call('du1', 'DELETE', `${B}/access-records/${ak}`)).status).toBe(200);
      await rec.waitFor(3);
      expect(rec.received.every((r) => r.signatureValid)).toBe(true);
      // Three deliveries hang now; the API answers all the same: every verify comes back while all
      // three deliveries are still held by the receiver (no attempt has ended: no error recorded yet).
      // An order of events, not a time limit, so a busy machine cannot make it flake.
      for (let i = 0; i < 20; i++) expect((await api.call('anonymous', 'GET', `${B}/access-records/${aks[0]}`)).status).toBe(200);
      const during = await api.s.store.db.selectFrom('jobs').select(['last_error']).where('topic', '=', DAR_WEBHOOK_TOPIC).execute();
      expect(during.map((j) => j.last_error)).toEqual(aks.map(() => null));
      await new Promise((r) => setTimeout(r, 8000));
      const failed = await api.s.store.db.selectFrom('jobs').selectAll().where('topic', '=', DAR_WEBHOOK_TOPIC).execute();
      expect(failed.map((j) => [j.status, j.last_error])).toEqual(aks.map(() => ['pending', 'no answer within 6000 ms']));
    } finally {
      await rec.close();
      await api.close();
    }
  });
});
