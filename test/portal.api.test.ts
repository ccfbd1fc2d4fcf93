// The customer portal's API and re-identification (issue 20, docs/portal-api.md) over inject(), on
// SQLite and PostgreSQL: magic links from the outbox, single-use and expiring tokens bound to their
// initiator, the portal session and withdrawal (consent.withdrawal queued), the portal role,
// anonymised records, missing factors (422), and passkeys verified for real against a software
// authenticator (registration, assertion, single-use challenges, listing and removal).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eachEngine } from './helpers/engines.js';
import { darApi, type DarApi } from './helpers/dar-api.js';
import { consentRecord, identityBody, legitimateInterestsRecord } from './helpers/dar-fixtures.js';
import { SoftAuthenticator } from './helpers/soft-authenticator.js';
import { readOutbox } from '../src/mail/transport.js';

const B = '/dar/v1';
const MPXN = '1312345678907';
const OTHER = '1012345678903';
const ORIGIN = 'https://portal.example.test';
const RP_ID = 'portal.example.test';

/** The `link` secret of the newest mail in the outbox, and the mail. */
function newestLink(api: DarApi): { link: string; to: string; text: string; path: string } {
  const mail = readOutbox(api.s.outbox)[0]!;
  expect(mail, 'a mail in the outbox').toBeDefined();
  const link = /#link=([A-Za-z0-9_-]{43})$/.exec(mail.link ?? '')?.[1];
  expect(link, mail.text).toBeDefined();
  return { link: link!, to: mail.to, text: mail.text, path: mail.path };
}

const ltdsCode = (json: { errors: { 'ltds-code'?: string; 'error-code': string }[] }) => [json.errors[0]!['error-code'], json.errors[0]!['ltds-code']];

eachEngine('customer portal API on %s', (engine) => {
  let api: DarApi;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  let ir: string;
  let ak: string;
  let liAk: string;
  let bare: string;
  const session = (token: string) => ({ authorization: `Bearer ${token}` });
  const inject = async (method: string, url: string, headers: Record<string, string> = {}, payload?: object) => {
    const r = await api.s.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined, headers: r.headers };
  };
  const exchange = (link: string) => inject('POST', `${B}/portal/session`, {}, { link });

  beforeAll(async () => {
    api = await darApi(`portal-api-${engine}`, engine, { now, portal: { origin: ORIGIN, rpId: RP_ID } });
    ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(MPXN, 'jo.person@example.com'))).json.ir;
    ak = (await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir))).json['access-token'].key;
    liAk = (await api.call('du1', 'POST', `${B}/access-records`, legitimateInterestsRecord(ir))).json['access-token'].key;
    bare = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(OTHER))).json.ir;
    await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': 'https://hooks.example.com/dar', 'alert-email': 'ops@example.com', 'event-types': ['consent.withdrawal'] });
  });
  afterAll(() => api.close());

  test('magic link: start, mail in the outbox (the log names the file, never the link), poll, exchange once, records, withdraw', async () => {
    const started = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'magic-link', 'redirect-url': 'https://flex.example.co.uk/back' });
    expect(started.status).toBe(201);
    const ref = started.json['magic-link']['token-ref'];
    expect(ref).toMatch(/^mlr_[0-9a-f]{24}$/);
    expect(started.headers.location).toBe(`${B}/identity-records/${ir}/re-identify/${ref}`);
    expect(started.json['magic-link']['dispatched-to']).toBe('j***@e***.com');
    const expires = Date.parse(started.json['magic-link']['expires-at']) - now().getTime();
    expect(expires).toBeGreaterThan(14 * 60_000);
    expect(expires).toBeLessThanOrEqual(15 * 60_000);

    const mail = newestLink(api);
    expect(mail.to).toBe('jo.person@example.com');
    expect(mail.text).toContain(`${ORIGIN}/portal#link=${mail.link}`);
    const logs = api.s.logs.join('');
    expect(logs).toContain(mail.path);
    expect(logs).not.toContain(mail.link);
    expect(logs).not.toContain('jo.person@example.com');

    expect((await api.call('du1', 'GET', started.headers.location as string)).json).toMatchObject({ method: 'magic-link', status: 'pending', used: false });

    const s = await exchange(mail.link);
    expect(s.status).toBe(201);
    expect(s.json.session).toMatchObject({ mpxn: MPXN });
    expect(s.json.session.token).toMatch(/^pst_[0-9a-f]{48}$/);
    const replay = await exchange(mail.link);
    expect(replay.status).toBe(410);
    expect(ltdsCode(replay.json)).toEqual(['AUTH003', 'DAR_TOKEN_USED']);
    const polled = await api.call('du1', 'GET', started.headers.location as string);
    expect(polled.json).toMatchObject({ status: 'confirmed' });
    expect(Date.parse(polled.json['confirmed-at'])).not.toBeNaN();

    const records = await inject('GET', `${B}/portal/records`, session(s.json.session.token));
    expect(records.status).toBe(200);
    const consent = records.json['access-records'].find((r: { purpose: string }) => r.purpose === consentRecord(ir).processing.purpose);
    const li = records.json['access-records'].find((r: { 'legal-basis': string }) => r['legal-basis'] === 'uk-legitimate-interests');
    expect(consent).toMatchObject({ state: 'ACTIVE', organisation: 'Octo Flex Ltd', withdrawable: true, 'data-types': ['HH-CONSUMPTION', 'TARIFF-IMPORT'], expiry: '2027-06-30T00:00:00.000Z' });
    expect(li).toMatchObject({ state: 'ACTIVE', withdrawable: false });
    expect(JSON.stringify(records.json)).not.toContain(ak);

    // Legitimate interests is not the person's to withdraw; the consent record is.
    expect((await inject('POST', `${B}/portal/records/${li['record-ref']}/withdraw`, session(s.json.session.token), {})).status).toBe(409);
    const w = await inject('POST', `${B}/portal/records/${consent['record-ref']}/withdraw`, session(s.json.session.token), { reason: 'I switched supplier' });
    expect(w.status).toBe(200);
    expect(w.json).toMatchObject({ 'record-ref': consent['record-ref'], state: 'REVOKED' });
    const v = await api.call('provider', 'GET', `${B}/access-records/${ak}`);
    expect(v.json['access-record']['access-event']).toMatchObject({ state: 'REVOKED', 'revoked-at': w.json['revoked-at'] });
    const jobs = await api.s.store.db.selectFrom('jobs').select(['payload']).where('topic', '=', 'webhook:dar').execute();
    const events = jobs.map((j) => JSON.parse(JSON.parse(j.payload).body ?? '{}')).filter((e) => e['event-type'] === 'consent.withdrawal');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ ak: `ak_…${ak.slice(-4)}`, mpxn: MPXN, duid: api.duid.du1, reason: 'I switched supplier', 'withdrawn-via': 'portal' });
    expect((await inject('POST', `${B}/portal/records/${consent['record-ref']}/withdraw`, session(s.json.session.token), {})).status).toBe(409);

    // Sign out: the session stops working.
    expect((await inject('DELETE', `${B}/portal/session`, session(s.json.session.token))).status).toBe(204);
    const after = await inject('GET', `${B}/portal/records`, session(s.json.session.token));
    expect(after.status).toBe(401);
    expect(ltdsCode(after.json)).toEqual(['AUTH003', 'DAR_PORTAL_SESSION']);
    // Neither the session nor the link reached the request log.
    const all = api.s.logs.join('');
    expect(all).not.toContain(s.json.session.token);
    expect(all).not.toMatch(/pst_[0-9a-f]{48}|#link=|ceremony=/);
  });

  test('expired: a magic link after 15 minutes, a token after an hour, a session after 30 minutes', async () => {
    const started = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'magic-link' });
    const { link } = newestLink(api);
    offsetMs += 16 * 60_000;
    const late = await exchange(link);
    expect(late.status).toBe(410);
    expect(ltdsCode(late.json)).toEqual(['AUTH003', 'DAR_TOKEN_EXPIRED']);
    expect((await api.call('du1', 'GET', started.headers.location as string)).json.status).toBe('expired');

    await inject('POST', `${B}/portal/magic-link`, {}, { mpxn: MPXN, email: 'Jo.Person@example.com' });
    const s = await exchange(newestLink(api).link);
    expect(s.status).toBe(201);
    offsetMs += 31 * 60_000;
    const r = await inject('GET', `${B}/portal/records`, session(s.json.session.token));
    expect(r.status).toBe(401);
    expect(ltdsCode(r.json)).toEqual(['AUTH003', 'DAR_PORTAL_SESSION']);
  });

  test('wrong initiator: another Data User cannot poll or spend a token; the portal role spends its own once', async () => {
    const started = await api.call('portal', 'POST', `${B}/identity-records/reidentify`, { mpxn: MPXN, method: 'magic-link', email: 'jo.person@example.com' });
    expect(started.status).toBe(201);
    const ref = started.json['magic-link']['token-ref'];
    expect(started.headers.location).toBe(`${B}/identity-records/reidentify/${ref}`);
    const other = await api.call('du2', 'GET', `${B}/identity-records/reidentify/${ref}`);
    expect(other.status).toBe(403);
    expect(ltdsCode(other.json)).toEqual(['AUTH004', 'DAR_NOT_INITIATOR']);
    // Not confirmed yet: nothing to spend.
    expect((await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${ref}`)).status).toBe(409);
    expect((await exchange(newestLink(api).link)).status).toBe(201);
    expect((await api.call('portal', 'GET', `${B}/identity-records/reidentify/${ref}`)).json.status).toBe('confirmed');
    // The portal role without a token, or with another account's, is refused.
    expect((await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records`)).status).toBe(400);
    const du2Spend = await api.call('du2', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${ref}`);
    expect(du2Spend.status).toBe(403);
    const list = await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${ref}`);
    expect(list.status).toBe(200);
    expect(list.json['access-records'].length).toBeGreaterThanOrEqual(2);
    expect(list.json['access-records'][0]['record-ref']).toMatch(/^rec_[0-9a-f]{24}$/);
    expect(list.json['portal-session'].token).toMatch(/^pst_/);
    const again = await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${ref}`);
    expect(again.status).toBe(410);
    expect(ltdsCode(again.json)).toEqual(['AUTH003', 'DAR_TOKEN_USED']);
    // The operator's session reads the same records as the page does.
    expect((await inject('GET', `${B}/portal/records`, session(list.json['portal-session'].token))).json['access-records']).toHaveLength(list.json['access-records'].length);
  });

  test('a token spent after its hour is refused as expired', async () => {
    const started = await api.call('portal', 'POST', `${B}/identity-records/reidentify`, { mpxn: MPXN, method: 'magic-link' });
    const ref = started.json['magic-link']['token-ref'];
    expect((await exchange(newestLink(api).link)).status).toBe(201);
    offsetMs += 61 * 60_000;
    const late = await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${ref}`);
    expect(late.status).toBe(410);
    expect(ltdsCode(late.json)).toEqual(['AUTH003', 'DAR_TOKEN_EXPIRED']);
  });

  test('missing factor is 422: no email for a magic link, no passkey for an assertion', async () => {
    const noEmail = await api.call('du1', 'POST', `${B}/identity-records/${bare}/re-identify`, { method: 'magic-link' });
    expect(noEmail.status).toBe(422);
    expect(ltdsCode(noEmail.json)).toEqual(['VAL003', 'DAR_FACTOR_MISSING']);
    expect((await api.call('du1', 'POST', `${B}/identity-records/${bare}/re-identify`, { method: 'passkey-assert' })).status).toBe(422);
    expect((await api.call('du2', 'POST', `${B}/identity-records/reidentify`, { mpxn: OTHER, method: 'magic-link' })).status).toBe(422);
    expect((await api.call('du2', 'POST', `${B}/identity-records/reidentify`, { mpxn: MPXN, method: 'magic-link', email: 'someone.else@example.com' })).status).toBe(422);
    // And a bad method is a 400 naming the field.
    const bad = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'sms' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].message).toMatch(/^method: /);
  });

  test('exists: whether a record is held at the MPxN and which methods it supports; no ir, no PII', async () => {
    for (const who of ['du2', 'portal'] as const) {
      const r = await api.call(who, 'GET', `${B}/identity-records/exists?mpxn=${MPXN}`);
      expect(r.json).toMatchObject({ mpxn: MPXN, exists: true, methods: ['magic-link'] });
      expect(JSON.stringify(r.json)).not.toMatch(/ir_|example\.com/);
    }
    expect((await api.call('portal', 'GET', `${B}/identity-records/exists?mpxn=2312345678900`)).json).toMatchObject({ exists: false, methods: [] });
    expect((await api.call('portal', 'GET', `${B}/identity-records/exists?mpxn=1312345678901`)).status).toBe(400);
  });

  test('the page asks for a link: 202 either way, a mail only when the email is on a record at the MPxN', async () => {
    const before = readOutbox(api.s.outbox).length;
    const miss = await inject('POST', `${B}/portal/magic-link`, {}, { mpxn: MPXN, email: 'not.them@example.com' });
    expect(miss.status).toBe(202);
    expect(readOutbox(api.s.outbox)).toHaveLength(before);
    const hit = await inject('POST', `${B}/portal/magic-link`, {}, { mpxn: MPXN, email: 'jo.person@example.com' });
    expect(hit.status).toBe(202);
    expect(Object.keys(hit.json).sort()).toEqual(Object.keys(miss.json).sort());
    expect(readOutbox(api.s.outbox)).toHaveLength(before + 1);
  });

  describe('passkeys', () => {
    const auth = new SoftAuthenticator(ORIGIN);
    let token: string;
    beforeAll(async () => {
      await inject('POST', `${B}/portal/magic-link`, {}, { mpxn: MPXN, email: 'jo.person@example.com' });
      token = (await exchange(newestLink(api).link)).json.session.token;
    });

    test('register with a session, list, assert to a new session, then the credential shows on the Identity Record', async () => {
      const o = await inject('POST', `${B}/portal/passkeys/register/options`, session(token), {});
      expect(o.status).toBe(200);
      expect(o.json.options.rp).toEqual({ id: RP_ID, name: 'LTDS Data Access Register' });
      expect(o.json.options.authenticatorSelection).toMatchObject({ residentKey: 'required' });
      const v = await inject('POST', `${B}/portal/passkeys/register/verify`, session(token), { 'challenge-id': o.json['challenge-id'], response: auth.register(o.json.options) });
      expect(v.status, JSON.stringify(v.json)).toBe(201);
      expect(v.json.credential['credential-id']).toMatch(/^cred_[0-9a-f]{24}$/);
      expect((await inject('GET', `${B}/portal/credentials`, session(token))).json.credentials).toEqual([v.json.credential]);
      // The challenge was spent.
      const replay = await inject('POST', `${B}/portal/passkeys/register/verify`, session(token), { 'challenge-id': o.json['challenge-id'], response: new SoftAuthenticator(ORIGIN).register(o.json.options) });
      expect(replay.status).toBe(410);
      expect(ltdsCode(replay.json)).toEqual(['AUTH003', 'DAR_TOKEN_USED']);

      const a = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, { mpxn: MPXN });
      expect(a.json.options.rpId).toBe(RP_ID);
      expect(a.json.options.allowCredentials ?? []).toEqual([]);
      const s = await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a.json['challenge-id'], response: auth.assert(a.json.options) });
      expect(s.status, JSON.stringify(s.json)).toBe(201);
      expect(s.json.session.mpxn).toBe(MPXN);
      expect((await inject('GET', `${B}/portal/records`, session(s.json.session.token))).status).toBe(200);
      expect((await api.call('du1', 'GET', `${B}/identity-records/${ir}`)).json['identity-record'].credentials).toEqual([v.json.credential]);
      expect((await api.call('du2', 'GET', `${B}/identity-records/exists?mpxn=${MPXN}`)).json.methods).toEqual(['magic-link', 'passkey-assert']);
    });

    test('refusals: another origin, another meter point, an expired challenge, an unknown credential', async () => {
      const a1 = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, {});
      const phished = await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a1.json['challenge-id'], response: auth.assert(a1.json.options, 0, { origin: 'https://evil.example.net' }) });
      expect(phished.status).toBe(401);
      expect(ltdsCode(phished.json)).toEqual(['AUTH003', 'DAR_PASSKEY_REFUSED']);
      const a2 = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, { mpxn: OTHER });
      expect((await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a2.json['challenge-id'], response: auth.assert(a2.json.options) })).status).toBe(401);
      const a3 = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, { mpxn: MPXN });
      offsetMs += 6 * 60_000;
      const late = await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a3.json['challenge-id'], response: auth.assert(a3.json.options) });
      expect(late.status).toBe(410);
      expect(ltdsCode(late.json)).toEqual(['AUTH003', 'DAR_TOKEN_EXPIRED']);
      const stranger = new SoftAuthenticator(ORIGIN);
      stranger.register({ challenge: 'x', rp: { id: RP_ID }, user: { id: 'u' } });
      const a4 = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, {});
      expect((await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a4.json['challenge-id'], response: stranger.assert(a4.json.options) })).status).toBe(401);
    });

    test('a Data User starts passkey-register and passkey-assert: the ceremony in the redirect confirms its token', async () => {
      const reg = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'passkey-register', 'passkey-return-url': 'https://flex.example.co.uk/done' });
      expect(reg.status).toBe(201);
      const url = new URL(reg.json.passkey['redirect-url']);
      expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/portal`);
      const ceremony = new URLSearchParams(url.hash.slice(1)).get('ceremony')!;
      expect(reg.json.passkey['return-url']).toBe('https://flex.example.co.uk/done');
      const o = await inject('POST', `${B}/portal/passkeys/register/options`, {}, { ceremony });
      expect(o.status).toBe(200);
      expect(o.json.options.excludeCredentials).toHaveLength(1);
      const device = new SoftAuthenticator(ORIGIN);
      expect((await inject('POST', `${B}/portal/passkeys/register/verify`, {}, { 'challenge-id': o.json['challenge-id'], response: device.register(o.json.options) })).status).toBe(201);
      expect((await api.call('du1', 'GET', `${B}/identity-records/${ir}/re-identify/${reg.json.passkey['token-ref']}`)).json.status).toBe('confirmed');
      // The ceremony is single-use.
      expect((await inject('POST', `${B}/portal/passkeys/register/options`, {}, { ceremony })).status).toBe(410);

      const as = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'passkey-assert' });
      const c2 = new URLSearchParams(new URL(as.json.passkey['redirect-url']).hash.slice(1)).get('ceremony')!;
      const a = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, { ceremony: c2 });
      expect((await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a.json['challenge-id'], response: device.assert(a.json.options) })).status).toBe(201);
      expect((await api.call('du1', 'GET', `${B}/identity-records/${ir}/re-identify/${as.json.passkey['token-ref']}`)).json.status).toBe('confirmed');
    });

    test('removal: by the session, and by the creating Data User; never by another', async () => {
      const creds = (await api.call('du1', 'GET', `${B}/identity-records/${ir}`)).json['identity-record'].credentials as { 'credential-id': string }[];
      expect(creds).toHaveLength(2);
      const [first, second] = creds.map((c) => c['credential-id']);
      expect((await api.call('du2', 'DELETE', `${B}/identity-records/${ir}/credentials/${first}`)).status).toBe(403);
      expect((await api.call('du1', 'DELETE', `${B}/identity-records/${ir}/credentials/cred_${'0'.repeat(24)}`)).status).toBe(404);
      expect((await api.call('du1', 'DELETE', `${B}/identity-records/${ir}/credentials/${first}`)).status).toBe(204);
      expect((await api.call('du1', 'DELETE', `${B}/identity-records/${ir}/credentials/${first}`)).status).toBe(404);
      expect((await inject('DELETE', `${B}/portal/credentials/${second}`, session(token))).status).toBe(204);
      expect((await api.call('du1', 'GET', `${B}/identity-records/${ir}`)).json['identity-record'].credentials).toEqual([]);
      // The history of the record says who proved it when, and which passkeys came and went.
      const history = (await api.call('du1', 'GET', `${B}/identity-records/${ir}?include=history`)).json['identity-record'].history as { action: string; by: string; detail?: Record<string, unknown> }[];
      const actions = history.map((h) => h.action);
      expect(actions.filter((a) => a === 'credential-added')).toHaveLength(2);
      expect(history.filter((h) => h.action === 'credential-removed').map((h) => h.detail?.['credential-id']).sort()).toEqual([first, second].sort());
      expect(history.find((h) => h.action === 'reidentified' && h.detail?.method === 'magic-link')).toBeDefined();
      expect(history.find((h) => h.action === 'reidentified' && h.detail?.method === 'passkey-assert')).toBeDefined();
    });
  });

  test('hostile or malformed input is a 400 naming the field, never a 500', async () => {
    const cases: [string, string, object, string][] = [
      ['POST', `${B}/portal/session`, { link: 42 }, 'link'],
      ['POST', `${B}/portal/session`, { link: 'x'.repeat(5000) }, 'link'],
      ['POST', `${B}/portal/magic-link`, { mpxn: MPXN, email: 'not-an-email' }, 'email'],
      ['POST', `${B}/portal/magic-link`, { mpxn: '1312345678901', email: 'a@example.com' }, 'mpxn'],
      ['POST', `${B}/portal/magic-link`, { mpxn: MPXN, email: 'a@example.com', extra: 1 }, 'extra'],
      ['POST', `${B}/portal/passkeys/assert/verify`, { 'challenge-id': 'chl_nothex', response: {} }, 'challenge-id'],
      ['POST', `${B}/portal/passkeys/assert/verify`, { 'challenge-id': `chl_${'0'.repeat(24)}`, response: 'a string' }, 'response'],
      ['POST', `${B}/portal/passkeys/assert/options`, { ceremony: 7 }, 'ceremony'],
    ];
    for (const [method, url, payload, field] of cases) {
      const r = await inject(method, url, {}, payload);
      expect(r.status, `${url} ${JSON.stringify(payload).slice(0, 80)}`).toBe(400);
      expect(r.json.errors.map((e: { message: string }) => e.message.split(':')[0])).toContain(field);
    }
    // A garbage WebAuthn response spends the challenge and is refused (401), not a crash; the challenge is gone after.
    const a = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, {});
    const cred = (await api.s.store.db.withTables<{ dar_credentials: { webauthn_id: string } }>().selectFrom('dar_credentials').select(['webauthn_id']).executeTakeFirst())?.webauthn_id ?? 'AAAA';
    const junk = await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a.json['challenge-id'], response: { id: cred, rawId: cred, type: 'public-key', response: { clientDataJSON: '!!', authenticatorData: 'AA', signature: 'AA' } } });
    expect(junk.status).toBe(401);
    expect((await inject('POST', `${B}/portal/passkeys/assert/verify`, {}, { 'challenge-id': a.json['challenge-id'], response: {} })).status).toBe(410);
    const bad = await inject('GET', `${B}/portal/records`, { authorization: 'Bearer pst_short' });
    expect(bad.status).toBe(401);
  });

  test('anonymisation: 409 while an ACTIVE record links to it; afterwards ir and links stay, PII and re-identification go', async () => {
    const busy = await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`);
    expect(busy.status).toBe(409);
    expect(busy.json.errors[0]['error-code']).toBe('CON001');
    await api.call('du1', 'DELETE', `${B}/access-records/${liAk}`);
    const done = await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`);
    expect(done.status).toBe(200);
    const got = (await api.call('du1', 'GET', `${B}/identity-records/${ir}`)).json['identity-record'];
    expect(got).toMatchObject({ ir, 'has-email': false, credentials: [] });
    expect(got['pii-principal']).toBeUndefined();
    expect(JSON.stringify(got)).not.toMatch(/jo\.person|Acacia|YO1/);
    const refused = await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'passkey-register' });
    expect(refused.status).toBe(409);
    expect(refused.json.errors[0]['error-code']).toBe('CON001');
    expect((await api.call('du2', 'GET', `${B}/identity-records/exists?mpxn=${MPXN}`)).json.exists).toBe(false);
    const before = readOutbox(api.s.outbox).length;
    await inject('POST', `${B}/portal/magic-link`, {}, { mpxn: MPXN, email: 'jo.person@example.com' });
    expect(readOutbox(api.s.outbox)).toHaveLength(before);
    // The access records still name the ir (the register's link survives).
    const linked = await api.s.store.db.withTables<{ dar_access_records: { ir: string | null } }>().selectFrom('dar_access_records').select(['ir']).where('ir', '=', ir).execute();
    expect(linked).toHaveLength(2);
  });
  // Last: it moves the clock a day on, past the accounts' bearer tokens.
  test('the sweep drops challenges and sessions a day after they lapse, and nothing younger', async () => {
    const db = api.s.store.db.withTables<{ dar_challenges: { challenge_id: string }; dar_portal_sessions: { session_hash: string } }>();
    const fresh = await inject('POST', `${B}/portal/passkeys/assert/options`, {}, {});
    const count = async () => [(await db.selectFrom('dar_challenges').select(['challenge_id']).execute()).length, (await db.selectFrom('dar_portal_sessions').select(['session_hash']).execute()).length];
    const [challenges, sessions] = await count();
    expect(challenges).toBeGreaterThan(0);
    expect(sessions).toBeGreaterThan(0);
    const { openRegister, sweep } = await import('../src/dar/index.js');
    await sweep(await openRegister(api.s.store, { now }));
    expect(await db.selectFrom('dar_challenges').select(['challenge_id']).where('challenge_id', '=', fresh.json['challenge-id']).execute()).toHaveLength(1);
    offsetMs += 25 * 3_600_000;
    await sweep(await openRegister(api.s.store, { now }));
    expect(await count()).toEqual([0, 0]);
  });
});
