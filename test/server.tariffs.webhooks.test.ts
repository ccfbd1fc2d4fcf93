// Tariff API webhook delivery through the host's own worker (ltds serve's buildServer with webhooks
// on), on SQLite and PostgreSQL, to a real loopback receiver that checks every signature with its
// own HMAC code: revoke → 403 on the next customer request and `consent.revoked` delivered signed in
// the spec's TariffEvent envelope; a failing receiver retried on the ladder (injected clock); an
// event whose webhook was replaced in between goes to the new URL with the new id and secret; an
// RTI User without a webhook leaves a dead delivery and an alert; delivered events are not purged.

import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { WEBHOOK_TOPIC, importTariffs, issueUserToken, readTariffInputs } from '../src/tariffs/index.js';
import { RETRY_LADDER_MS, listAlerts, type WebhookTables } from '../src/webhooks/index.js';
import { eachEngine } from './helpers/engines.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { testServer, type TestServer } from './helpers/server.js';

const SAMPLES = join(import.meta.dirname, '../samples/tariffs');
const E7 = 'trf_7a51ff00000000000000000000000002';
const FLAT = 'trf_7a51ff00000000000000000000000001';
const USER = 'usr_5e1f0000000000000000000000000001';

/** Waits until `check` holds (the host's worker polls every 20 ms). */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

eachEngine('tariff webhooks on %s', (engine) => {
  let clock = Date.parse('2026-11-26T12:00:00.000Z');
  const now = () => new Date(clock);
  let s: TestServer;
  let token: string;
  let rec: Receiver | undefined;
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
    s.app.inject({ method, url: `/tariff/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const jobs = () => s.store.db.selectFrom('jobs').selectAll().where('topic', '=', WEBHOOK_TOPIC).orderBy('created_at').orderBy('job_id').execute();
  const pending = async () => (await jobs()).filter((j) => j.status === 'pending');

  beforeAll(async () => {
    s = await testServer(`tariff-webhooks-${engine}`, { engine, now, darWebhooks: { pollMs: 20, timeoutMs: 3000 } });
    await importTariffs(s.store, readTariffInputs([SAMPLES]));
    token = await issueUserToken(s.store, USER);
  });
  afterAll(async () => s?.close());
  afterEach(async () => {
    await rec?.close();
    rec = undefined;
  });

  async function hook(): Promise<{ webhookId: string; receiver: Receiver }> {
    const receiver = await startReceiver('tariff');
    const r = await send('POST', '/webhook', { supplier_mpid: 'ZLNT', url: receiver.url });
    expect([200, 201]).toContain(r.statusCode);
    const body = r.json<{ webhook_id: string; signing_secret: string }>();
    receiver.secret = body.signing_secret;
    return { webhookId: body.webhook_id, receiver };
  }

  test('revoke: the next customer request is 403 and the receiver gets consent.revoked, signed, in the TariffEvent envelope', async () => {
    const { webhookId, receiver } = await hook();
    rec = receiver;
    expect((await send('POST', '/consent', { registration_id: 'reg-hook-1', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }] })).statusCode).toBe(201);
    expect((await send('GET', '/tariff/customer?mpxn=1900012345678')).statusCode).toBe(200);
    expect((await send('DELETE', '/consent/reg-hook-1')).statusCode).toBe(204);
    const after = await send('GET', '/tariff/customer?mpxn=1900012345678');
    expect(after.statusCode).toBe(403);
    expect(after.json<{ code: string }>().code).toBe('http_forbidden');

    await receiver.waitFor(1);
    const got = receiver.received[0]!;
    expect(got.signatureValid).toBe(true);
    expect(got.timestamp).toBe(Math.floor(clock / 1000));
    // api-tariffs.md names the header `webhook-signature`; the toolkit's own X-Ltds-* headers are not sent.
    expect(got.headers['webhook-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(Object.keys(got.headers).filter((h) => h.startsWith('x-ltds-'))).toEqual([]);
    expect(got.json).toEqual({
      webhook_id: webhookId,
      webhook_timestamp: now().toISOString(),
      event_id: got.eventId,
      type: 'consent.revoked',
      event_timestamp: now().toISOString(),
      mpxn: '1900012345678',
      tariff_id: E7,
      supplier_mpid: 'ZLNT',
    });
    expect(got.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    await until('the delivery to be recorded done', async () => (await jobs()).at(-1)?.status === 'done');
    // The host logs each attempt by event and endpoint reference; never the meter point or the secret.
    await until('the attempt to be logged', () => s.logs.some((l) => l.includes(got.eventId)));
    const line = JSON.parse(s.logs.find((l) => l.includes(got.eventId)) ?? '{}') as { msg?: string; webhook?: unknown };
    expect(line).toMatchObject({ msg: 'webhook delivery', webhook: { event: got.eventId, endpoint: `${USER}/ZLNT`, attempt: 1, outcome: 'delivered', status: 200 } });
    expect(s.logs.join('')).not.toContain('1900012345678');
    expect(s.logs.join('')).not.toContain(receiver.secret);

    // Kept at least 72 hours: nothing purges the outbox, a later worker round leaves the row.
    clock += 73 * 3_600_000;
    await new Promise((r) => setTimeout(r, 100));
    const row = (await jobs()).find((j) => JSON.parse(j.payload).eventId === got.eventId);
    expect(row).toMatchObject({ status: 'done', attempts: 1 });
    expect(row?.finished_at).toBe(new Date(clock - 73 * 3_600_000).toISOString());
  });

  test('a failing receiver is retried on the ladder (1 min, then 5 min) and a later 2xx completes the delivery', async () => {
    const { receiver } = await hook();
    rec = receiver;
    receiver.respond = () => 500;
    await send('POST', '/consent', { registration_id: 'reg-hook-2', tariffs: [{ mpxn: '1900012345670', tariff_id: FLAT }] });
    expect((await send('DELETE', '/consent/reg-hook-2')).statusCode).toBe(204);
    await receiver.waitFor(1);
    const start = clock;
    await until('the first retry to be scheduled', async () => (await pending())[0]?.last_error === 'HTTP 500');
    let [job] = await pending();
    expect(job).toMatchObject({ attempts: 1, due_at: new Date(start + RETRY_LADDER_MS[0]!).toISOString(), locked_by: null });
    // Not before the step is over: a second short of it, the worker (polling every 20 ms) leaves it.
    clock = start + RETRY_LADDER_MS[0]! - 1000;
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);
    clock = start + RETRY_LADDER_MS[0]!;
    await receiver.waitFor(2);
    await until('the second retry to be scheduled', async () => (await pending())[0]?.attempts === 2 && (await pending())[0]?.locked_by === null);
    [job] = await pending();
    expect(job!.due_at).toBe(new Date(clock + RETRY_LADDER_MS[1]!).toISOString());
    // The same event each time (one id, the same event fields), each attempt signed at its own time.
    const a = receiver.received[0]!;
    const b = receiver.received[1]!;
    expect(b.eventId).toBe(a.eventId);
    expect([a.signatureValid, b.signatureValid]).toEqual([true, true]);
    expect(b.json.webhook_timestamp).toBe(new Date(start + RETRY_LADDER_MS[0]!).toISOString());
    expect({ ...b.json, webhook_timestamp: undefined }).toEqual({ ...a.json, webhook_timestamp: undefined });
    receiver.respond = () => 204;
    clock += RETRY_LADDER_MS[1]!;
    await receiver.waitFor(3);
    await until('the delivery to be done', async () => (await jobs()).at(-1)?.status === 'done');
    expect((await jobs()).at(-1)).toMatchObject({ status: 'done', attempts: 3 });
  });

  test('an event waiting for retry goes to the webhook that replaced the old one (new URL, id and secret)', async () => {
    const old = await hook();
    old.receiver.respond = () => 503;
    await send('POST', '/consent', { registration_id: 'reg-hook-3', tariffs: [{ mpxn: '1900012345671', tariff_id: E7 }] });
    expect((await send('DELETE', '/consent/reg-hook-3')).statusCode).toBe(204);
    await old.receiver.waitFor(1);
    expect(old.receiver.received[0]!.json.webhook_id).toBe(old.webhookId);
    await until('the retry to be scheduled', async () => (await pending())[0]?.last_error === 'HTTP 503');
    const replaced = await hook();
    rec = replaced.receiver;
    expect(replaced.webhookId).not.toBe(old.webhookId);
    clock += RETRY_LADDER_MS[0]!;
    await replaced.receiver.waitFor(1);
    const got = replaced.receiver.received[0]!;
    expect(got.signatureValid).toBe(true);
    expect(got.json).toMatchObject({ webhook_id: replaced.webhookId, type: 'consent.revoked', mpxn: '1900012345671' });
    expect(got.eventId).toBe(old.receiver.received[0]!.eventId);
    expect(old.receiver.received).toHaveLength(1);
    await old.receiver.close();
  });

  test('an RTI User without a webhook for the supplier: the delivery is dead at once and an alert is recorded', async () => {
    await s.store.db.withTables<{ tariff_webhooks: { user_id: string } }>().deleteFrom('tariff_webhooks').where('user_id', '=', USER).execute();
    await send('POST', '/consent', { registration_id: 'reg-hook-4', tariffs: [{ mpxn: '1900012345672', tariff_id: E7 }] });
    expect((await send('DELETE', '/consent/reg-hook-4')).statusCode).toBe(204);
    await until('the delivery to be given up', async () => (await jobs()).at(-1)?.status === 'dead');
    const job = (await jobs()).at(-1);
    expect(job?.last_error).toBe(`endpoint ${USER}/ZLNT no longer exists`);
    const alerts = await listAlerts(s.store.db as unknown as Kysely<WebhookTables>, WEBHOOK_TOPIC);
    expect(alerts[0]).toMatchObject({ topic: WEBHOOK_TOPIC, endpoint: `${USER}/ZLNT`, job_id: job?.job_id, attempts: 1 });
  });
});
