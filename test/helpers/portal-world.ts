// A real host with a register two people use, for the portal page's browser tests: person A at
// MPAN 1312345678907 with records in every state (a consent record and a legitimate-interests
// record ACTIVE, one EXPIRED by the sweep, one REVOKED, one DISCOVERED by the DCC), person B at
// MPAN 1012345678903 with one record of a company A never dealt with. Data User 1 subscribes a
// loopback webhook receiver. Magic-link mails go to an outbox folder the test reads. The host is
// the real server (buildServer) listening on loopback, with its webhook worker on, in this process.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openRegister, sweep } from '../../src/dar/index.js';
import { OutboxMail as OutboxTransport } from '../../src/mail/transport.js';
import { buildServer } from '../../src/server/app.js';
import { ALL_MIGRATIONS } from '../../src/services/migrations.js';
import { openStore, type Engine } from '../../src/store/index.js';
import { consentRecord, identityBody, legitimateInterestsRecord, mutate } from './dar-fixtures.js';
import { testDatabase, type TestDatabase } from './engines.js';
import { basic, emptyOut } from './host.js';
import { startReceiver, type Receiver } from './receiver.js';

export const PERSON_A = { mpan: '1312345678907', email: 'alex.a@example.com' } as const;
export const PERSON_B = { mpan: '1012345678903', email: 'bo.b@example.com' } as const;
/** Words that belong to person B's record only: the page must never show them to A. */
export const B_ONLY = { organisation: 'Bramble Solar Ltd', purpose: 'Export readings for the Bramble solar buy-back scheme' } as const;

export interface PortalWorld {
  engine: Engine;
  database: TestDatabase;
  /** The host as the browser sees it: `http://localhost:<port>` (WebAuthn needs a domain, not an IP). */
  origin: string;
  outbox: string;
  receiver: Receiver;
  /** The DAR API as a Data User: path under /dar/v1 → JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies the tests read field by field
  du1(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** A's withdrawable consent record (Data User 1), and A's Identity Record there. */
  consentAk: string;
  irA: string;
  close(): Promise<void>;
}

/** One mail of the outbox folder: its file name, recipient and the portal link it carries. */
export interface OutboxMail {
  file: string;
  to: string;
  link: string | undefined;
}

/** Undoes quoted-printable (soft line breaks, =XX) when the mail says it is so encoded. */
function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(raw)) return `${head}\n\n${body}`;
  return `${head}\n\n${body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))}`;
}

/** Every mail in the outbox folder (read with this test's own parsing, not the toolkit's). */
export function readMails(dir: string): OutboxMail[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return names.map((file) => {
    const text = decodeBody(readFileSync(join(dir, file), 'utf8'));
    const to = /^To:\s*(.+)$/im.exec(text)?.[1]!.trim() ?? '';
    const link = /https?:\/\/[^\s"<>]+\/portal#link=[A-Za-z0-9_-]+/.exec(text)?.[0];
    return { file, to, link };
  });
}

/** Waits for the outbox to hold more than `before` mails; returns the new ones. */
export async function newMails(dir: string, before: number, timeoutMs = 30_000): Promise<OutboxMail[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const all = readMails(dir);
    if (all.length > before) return all.slice(before);
    if (Date.now() > until) throw new Error(`no new mail in ${dir} within ${timeoutMs} ms (it holds ${all.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function portalWorld(engine: Engine): Promise<PortalWorld> {
  const database = await testDatabase(engine);
  const receiver = await startReceiver();
  const store = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
  const add = (name: string, role: 'data_user' | 'dcc') => store.accounts.add({ name, role });
  const [du1, du2, du3, dcc] = [await add('Octo Flex Ltd', 'data_user'), await add('Grid Insights plc', 'data_user'), await add(B_ONLY.organisation, 'data_user'), await add('DCC', 'dcc')];
  const outbox = mkdtempSync(join(tmpdir(), 'ltds-portal-outbox-'));
  const { app } = await buildServer({
    outDir: emptyOut(),
    store,
    log: false,
    keyRotationHours: 0,
    tokenRateLimit: { max: 100_000, windowMs: 60_000 },
    darWebhooks: { pollMs: 100 },
    portal: { mail: new OutboxTransport(outbox) },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const origin = base.replace('127.0.0.1', 'localhost');
  const api = async (account: { account: { accountId: string }; secret: string }) => {
    const token = ((await (await fetch(`${base}/dar/v1/auth/token`, { headers: { authorization: basic(account.account.accountId, account.secret) } })).json()) as { 'bearer-token': string })['bearer-token'];
    return async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}/dar/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
  };
  const [one, two, three, feed] = [await api(du1), await api(du2), await api(du3), await api(dcc)];
  const ok = async (p: Promise<{ status: number; json: { ir?: string } & Record<string, unknown> }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };

  // The record that will expire first: it needs the sweep a few seconds from now.
  const irA1 = (await ok(one('POST', '/identity-records', identityBody(PERSON_A.mpan, PERSON_A.email)), 'A at Data User 1')).ir as string;
  const soon = new Date(Date.now() + 4000).toISOString();
  await ok(one('POST', '/access-records', mutate(mutate(mutate(consentRecord(irA1, soon), 'processing.purpose', 'A three-month trial of a smart-charging tariff'), 'processing.data-types', ['HH-CONSUMPTION']), 'access-event.controller-reference', 'TRIAL-7')), 'expiring');
  const consent = (await ok(one('POST', '/access-records', consentRecord(irA1)), 'consent')) as { 'access-token': { key: string } };
  const irA2 = (await ok(two('POST', '/identity-records', identityBody(PERSON_A.mpan)), 'A at Data User 2')).ir as string;
  await ok(two('POST', '/access-records', legitimateInterestsRecord(irA2)), 'legitimate interests');
  const gone = (await ok(two('POST', '/access-records', mutate(mutate(consentRecord(irA2), 'processing.purpose', 'Energy-saving tips by email'), 'record-metadata.controller-arrangement.controllers[0].name', 'Grid Insights plc')), 'to revoke')) as { 'access-token': { key: string } };
  await ok(two('DELETE', `/access-records/${gone['access-token'].key}`, { reason: 'customer asked by phone' }), 'revoke');
  await ok(feed('POST', '/discovered-access', { mpxn: PERSON_A.mpan, 'organisation-name': 'Meter Readers Direct', 'organisation-reference': 'MRD-1', 'first-seen': '2026-09-01', 'last-seen': '2026-10-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'DCC-TL-9' }), 'discovered');
  const irB = (await ok(three('POST', '/identity-records', identityBody(PERSON_B.mpan, PERSON_B.email)), 'B')).ir as string;
  await ok(three('POST', '/access-records', mutate(mutate(mutate(consentRecord(irB), 'processing.purpose', B_ONLY.purpose), 'record-metadata.controller-arrangement.controllers[0].name', B_ONLY.organisation), 'processing.data-types', ['HH-EXPORT'])), 'B consent');
  receiver.secret = (await ok(one('POST', '/webhooks', { 'callback-url': receiver.url, 'alert-email': 'ops@example.com' }), 'webhook'))['signing-secret'] as string;

  // Past the first record's expiry: the sweep moves it to EXPIRED.
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 200)));
  const swept = await sweep(await openRegister(store));
  if (swept.expired !== 1) throw new Error(`the sweep expired ${JSON.stringify(swept)}, not one record`);

  return {
    engine,
    database,
    origin,
    outbox,
    receiver,
    du1: one,
    consentAk: consent['access-token'].key,
    irA: irA1,
    close: async () => {
      await app.close();
      await store.close();
      await receiver.close();
      await database.drop();
    },
  };
}
