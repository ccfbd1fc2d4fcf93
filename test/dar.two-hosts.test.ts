// No duplicate delivery from two hosts on one PostgreSQL database: two real `ltds serve` processes
// share the database and both run the webhook worker; events are made through the API of both
// hosts (revocations fire consent.withdrawal); one loopback receiver, which checks every
// signature with its own HMAC code, counts deliveries by event id: each arrives exactly once, and
// the two hosts' request logs account for every attempt (each host delivered some: the workers
// really competed for the same rows).

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { ENGINES, testDatabase, type TestDatabase } from './helpers/engines.js';
import { emptyOut, startHost, type Host } from './helpers/host.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';
import { startReceiver, type Receiver } from './helpers/receiver.js';
import { LOG_DIR } from './helpers/server.js';

const EVENTS = 40;
// Both hosts poll every 20 ms; a delivery takes the receiver 300 ms to answer, so one host's 16
// delivery slots cannot drain the outbox alone before the other polls.
const WORKER = ['--webhook-poll-ms', '20', '--webhook-timeout-ms', '20000'];

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

describe.runIf(ENGINES.includes('postgres'))('two hosts on one PostgreSQL database', () => {
  test(`${EVENTS} events made through both hosts' APIs are each delivered exactly once`, async () => {
    const database: TestDatabase = await testDatabase('postgres');
    cleanups.push(() => database.drop());
    const receiver: Receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const store = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
    const { account, secret } = await store.accounts.add({ name: 'Octo Flex Ltd', role: 'data_user' });
    await store.close();

    // The hosts' request logs go where the suite's log scan reads them.
    mkdirSync(LOG_DIR, { recursive: true });
    const logs = ['a', 'b'].map((n) => join(LOG_DIR, `dar-two-hosts-${n}-${process.pid}.jsonl`));
    const out = emptyOut();
    const hosts: Host[] = [];
    for (const log of logs) {
      const h = await startHost(database, out, [...WORKER, '--log', log]);
      cleanups.push(() => h.stop());
      hosts.push(h);
    }

    const basic = `Basic ${Buffer.from(`${account.accountId}:${secret}`).toString('base64')}`;
    const token = ((await (await fetch(`${hosts[0]!.url}/dar/v1/auth/token`, { headers: { authorization: basic } })).json()) as { 'bearer-token': string })['bearer-token'];
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies the test reads field by field
    const call = async (host: Host, method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${host.url}/dar/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
      return res.json();
    };

    receiver.secret = (await call(hosts[1]!, 'POST', '/webhooks', { 'callback-url': receiver.url, 'alert-email': 'ops@example.com' }))['signing-secret'];
    const ir = (await call(hosts[0]!, 'POST', '/identity-records', identityBody())).ir as string;
    const aks: string[] = [];
    for (let i = 0; i < EVENTS; i++) aks.push((await call(hosts[i % 2]!, 'POST', '/access-records', consentRecord(ir)))['access-token'].key);

    // Answer slowly from now on, then revoke everything at once through both hosts.
    receiver.delayMs = 300;
    await Promise.all(aks.map((ak, i) => call(hosts[i % 2]!, 'DELETE', `/access-records/${ak}`, { reason: 'moved out' })));

    await receiver.waitFor(EVENTS, 90_000);
    // Give a duplicate every chance to arrive: a few more poll rounds of both workers.
    await new Promise((r) => setTimeout(r, 1500));
    const byEvent = new Map<string, number>();
    for (const r of receiver.received) byEvent.set(r.eventId, (byEvent.get(r.eventId) ?? 0) + 1);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
    expect(receiver.received.every((r) => r.json['event-type'] === 'consent.withdrawal')).toBe(true);
    expect(byEvent.size).toBe(EVENTS);
    expect([...byEvent.values()].filter((n) => n !== 1)).toEqual([]);

    // Every attempt is in exactly one host's log, as delivered; both hosts delivered some.
    const delivered = logs.map((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"webhook delivery"'))
        .map((l) => JSON.parse(l) as { webhook: { event: string; outcome: string } }),
    );
    const all = delivered.flat();
    expect(all.map((d) => d.webhook.outcome).filter((o) => o !== 'delivered')).toEqual([]);
    expect(new Set(all.map((d) => d.webhook.event))).toEqual(new Set(byEvent.keys()));
    expect(all).toHaveLength(EVENTS);
    expect(delivered.map((d) => d.length > 0)).toEqual([true, true]);

    const after = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
    const jobs = await after.db.selectFrom('jobs').select(['status', 'attempts']).execute();
    await after.close();
    expect(jobs.filter((j) => j.status === 'done' && j.attempts === 1)).toHaveLength(EVENTS);
  });
});
