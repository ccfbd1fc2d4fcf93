// Cross-Data-User creation (issue 20, api-dar.md `reidentification-token`, docs/portal-api.md) over
// inject(), on SQLite and PostgreSQL: a Data User with no Identity Record for the person re-identifies
// them by MPxN (magic link from the outbox), then registers an Access Record with the confirmed token.
// The token is spent by the create (single use), bound to its initiator, valid one hour; the record
// links to a new PII-free Identity Record of the caller, shown in the meter point's list and the history.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { eachEngine } from './helpers/engines.js';
import { darApi, errorFields, type Caller, type DarApi } from './helpers/dar-api.js';
import { consentRecord, identityBody, mutate } from './helpers/dar-fixtures.js';
import { readOutbox } from '../src/mail/transport.js';

const B = '/dar/v1';
const MPXN = '1312345678907';
const OTHER = '1012345678903';
const ORIGIN = 'https://portal.example.test';

const ltdsCode = (json: { errors: { 'ltds-code'?: string; 'error-code': string }[] }) => [json.errors[0]!['error-code'], json.errors[0]!['ltds-code']];

/** A consent record naming its person by `token` instead of an Identity Record. */
const byToken = (token: string) => ({ ...mutate(consentRecord('ir_000000000000000000000000'), 'record-metadata.identity-record-ref', undefined), 'reidentification-token': token });

eachEngine('access records created by re-identification token on %s', (engine) => {
  let api: DarApi;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  let du1Ir: string;

  /** `who` re-identifies the person at `mpxn` by magic link; confirmed unless `confirm` is false. */
  async function token(who: Caller, mpxn = MPXN, confirm = true): Promise<string> {
    const started = await api.call(who, 'POST', `${B}/identity-records/reidentify`, { mpxn, method: 'magic-link' });
    expect(started.status, started.body).toBe(201);
    const ref = started.json['magic-link']['token-ref'] as string;
    if (confirm) {
      const link = /#link=([A-Za-z0-9_-]{43})$/.exec(readOutbox(api.s.outbox)[0]!.link ?? '')![1];
      expect((await api.s.app.inject({ method: 'POST', url: `${B}/portal/session`, payload: { link } })).statusCode).toBe(201);
    }
    return ref;
  }
  const du2Records = async () => (await api.call('du2', 'GET', `${B}/records`)).json['access-records'].length as number;
  const du2Irs = async (mpxn = MPXN) => (await api.call('du2', 'GET', `${B}/identity-records?mpxn=${mpxn}`)).json['identity-records'].length as number;

  beforeAll(async () => {
    api = await darApi(`reid-create-${engine}`, engine, { now, portal: { origin: ORIGIN, rpId: 'portal.example.test' } });
    du1Ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(MPXN, 'jo.person@example.com'))).json.ir;
    expect((await api.call('du1', 'POST', `${B}/access-records`, consentRecord(du1Ir))).status).toBe(201);
  });
  afterAll(() => api.close());

  test('success: the record links to a new PII-free Identity Record of the caller; listing and history show it; the token is spent', async () => {
    const ref = await token('du2');
    const created = await api.call('du2', 'POST', `${B}/access-records`, byToken(ref));
    expect(created.status, created.body).toBe(201);
    const ak = created.json['access-token'].key as string;
    const ir = created.json['identity-record-ref'] as string;
    expect(ir).toMatch(/^ir_[0-9a-f]{24}$/);
    expect(ir).not.toBe(du1Ir);

    // The caller owns the new Identity Record; it holds how the person was proved, none of du1's PII.
    const own = await api.call('du2', 'GET', `${B}/identity-records/${ir}?include=history`);
    expect(own.status).toBe(200);
    const record = own.json['identity-record'];
    expect(record['principal-verification']).toMatchObject({ method: 're-identification:magic-link', outcome: 'verified', reference: ref });
    expect(record['pii-principal']).toBeUndefined();
    expect(record['has-email']).toBe(false);
    expect(JSON.stringify(own.json)).not.toMatch(/Acacia|YO1 7HH|2019-04-01|example\.com|j\*\*\*/);
    expect(record.history).toEqual([expect.objectContaining({ action: 'created', detail: { 'reidentification-token': ref, method: 'magic-link', 'access-record': `ak_…${ak.slice(-4)}` } })]);
    expect((await api.call('du1', 'GET', `${B}/identity-records/${ir}`)).status).toBe(403);
    expect((await api.call('du2', 'GET', `${B}/identity-records?mpxn=${MPXN}`)).json['identity-records'].map((r: { ir: string }) => r.ir)).toEqual([ir]);

    // The access record's history names the token and the Identity Record; verify shows neither link.
    const verified = await api.call('provider', 'GET', `${B}/access-records/${ak}?include=history`);
    expect(verified.json.history).toEqual([expect.objectContaining({ action: 'created', detail: { 'reidentification-token': ref, method: 'magic-link', 'identity-record-ref': ir } })]);
    expect(JSON.stringify(verified.json['access-record'])).not.toMatch(/ir_|mlr_/);
    expect(verified.json['access-record']['access-event'].state).toBe('ACTIVE');

    // The meter point's list: du2 may now list it (it holds a record there), and sees both Data Users' records.
    const list = await api.call('du2', 'GET', `${B}/meter-points/${MPXN}/access-records`);
    expect(list.status).toBe(200);
    const hints = list.json['access-records'].map((r: { 'ak-hint': string }) => r['ak-hint']);
    expect(hints).toContain(`ak_…${ak.slice(-4)}`);
    expect(list.json['access-records']).toHaveLength(2);
    expect(list.json['access-records'].find((r: { 'ak-hint': string }) => r['ak-hint'] === `ak_…${ak.slice(-4)}`)).toMatchObject({ 'controller-reference': 'CUST-0001', state: 'ACTIVE' });

    // A Portal Operator's listing (with its own spent token) shows it to the person too.
    const portalList = await api.call('portal', 'GET', `${B}/meter-points/${MPXN}/access-records?reidentification-token=${await token('portal')}`);
    expect(portalList.status).toBe(200);
    expect(portalList.json['access-records'].map((r: { 'ak-hint': string }) => r['ak-hint'])).toEqual(hints);

    // Spent: the initiator's poll says so. The record is the caller's: replaced by naming its new ir.
    expect((await api.call('du2', 'GET', `${B}/identity-records/reidentify/${ref}`)).json).toMatchObject({ status: 'confirmed', used: true });
    const replaced = await api.call('du2', 'PUT', `${B}/access-records/${ak}`, mutate(consentRecord(ir), 'processing.purpose', 'Tariff comparison'));
    expect(replaced.status, replaced.body).toBe(200);
    const withToken = await api.call('du2', 'PUT', `${B}/access-records/${ak}`, byToken(ref));
    expect(withToken.status).toBe(400);
    expect(errorFields(withToken.json)).toEqual([['VAL001', 'reidentification-token']]);
  });

  test('replayed: a second create with the same token is 410 DAR_TOKEN_USED and writes nothing', async () => {
    const ref = await token('du2');
    expect((await api.call('du2', 'POST', `${B}/access-records`, byToken(ref))).status).toBe(201);
    const [records, irs] = [await du2Records(), await du2Irs()];
    const again = await api.call('du2', 'POST', `${B}/access-records`, byToken(ref));
    expect(again.status).toBe(410);
    expect(ltdsCode(again.json)).toEqual(['AUTH003', 'DAR_TOKEN_USED']);
    expect([await du2Records(), await du2Irs()]).toEqual([records, irs]);
    // Two creates racing with one token (they may share one group commit): exactly one wins.
    const race = await token('du2');
    const both = await Promise.all([0, 1].map(() => api.call('du2', 'POST', `${B}/access-records`, byToken(race))));
    expect(both.map((r) => r.status).sort()).toEqual([201, 410]);
    expect([await du2Records(), await du2Irs()]).toEqual([records + 1, irs + 1]);
  });

  test('expired: a confirmed token past its hour is 410 DAR_TOKEN_EXPIRED', async () => {
    const ref = await token('du2');
    const [records, irs] = [await du2Records(), await du2Irs()];
    offsetMs += 61 * 60_000;
    const late = await api.call('du2', 'POST', `${B}/access-records`, byToken(ref));
    expect(late.status).toBe(410);
    expect(ltdsCode(late.json)).toEqual(['AUTH003', 'DAR_TOKEN_EXPIRED']);
    expect([await du2Records(), await du2Irs()]).toEqual([records, irs]);
  });

  test('wrong initiator: 403 DAR_NOT_INITIATOR, and the token stays usable by the account that started it', async () => {
    const ref = await token('du2');
    const other = await api.call('du1', 'POST', `${B}/access-records`, byToken(ref));
    expect(other.status).toBe(403);
    expect(ltdsCode(other.json)).toEqual(['AUTH004', 'DAR_NOT_INITIATOR']);
    // The portal role started one too, but creating records is for Data Users.
    const portalRef = await token('portal');
    expect((await api.call('portal', 'POST', `${B}/access-records`, byToken(portalRef))).status).toBe(403);
    expect((await api.call('du2', 'POST', `${B}/access-records`, byToken(ref))).status).toBe(201);
    const unknown = await api.call('du2', 'POST', `${B}/access-records`, byToken('mlr_000000000000000000000000'));
    expect([unknown.status, unknown.json.errors[0]['error-code']]).toEqual([404, 'NOT001']);
  });

  test('unconfirmed: a pending token is 409 and is not spent; confirmed later it works', async () => {
    const ref = await token('du2', MPXN, false);
    const [records, irs] = [await du2Records(), await du2Irs()];
    const pending = await api.call('du2', 'POST', `${B}/access-records`, byToken(ref));
    expect(pending.status).toBe(409);
    expect(pending.json.errors[0]['error-code']).toBe('CON001');
    expect(pending.json.errors[0].message).toContain('not confirmed');
    expect([await du2Records(), await du2Irs()]).toEqual([records, irs]);
    const link = /#link=([A-Za-z0-9_-]{43})$/.exec(readOutbox(api.s.outbox)[0]!.link ?? '')![1];
    expect((await api.s.app.inject({ method: 'POST', url: `${B}/portal/session`, payload: { link } })).statusCode).toBe(201);
    expect((await api.call('du2', 'POST', `${B}/access-records`, byToken(ref))).status).toBe(201);
  });

  test('both or neither of identity-record-ref and reidentification-token: 400 naming the fields; a malformed token is 400 too', async () => {
    const ref = await token('du2');
    const ownIr = (await api.call('du2', 'GET', `${B}/identity-records?mpxn=${MPXN}`)).json['identity-records'][0].ir as string;
    const both = await api.call('du2', 'POST', `${B}/access-records`, { ...consentRecord(ownIr), 'reidentification-token': ref });
    const neither = await api.call('du2', 'POST', `${B}/access-records`, mutate(consentRecord(ownIr), 'record-metadata.identity-record-ref', undefined));
    for (const r of [both, neither]) {
      expect(r.status).toBe(400);
      expect(errorFields(r.json)).toEqual([['VAL003', 'record-metadata.identity-record-ref']]);
      expect(r.json.errors[0].message).toContain('reidentification-token');
    }
    const malformed = await api.call('du2', 'POST', `${B}/access-records`, byToken('mlr_xyz'));
    expect(errorFields(malformed.json)).toEqual([['VAL001', 'reidentification-token']]);
    // None of them spent the token.
    expect((await api.call('du2', 'GET', `${B}/identity-records/reidentify/${ref}`)).json).toMatchObject({ status: 'confirmed', used: false });
  });

  test("the re-identified record is not linked: its owner may still anonymise it while the new record is ACTIVE", async () => {
    const ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(OTHER, 'sam.person@example.com'))).json.ir as string;
    const ref = await token('du2', OTHER);
    expect((await api.call('du2', 'POST', `${B}/access-records`, byToken(ref))).status).toBe(201);
    expect((await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`)).status).toBe(200);
    expect(await du2Irs(OTHER)).toBe(1);
  });

  test('the OpenAPI document carries the token on create and identity-record-ref in the answer', async () => {
    const doc = (await api.s.app.inject({ url: '/openapi.json' })).json();
    const post = doc.paths[`${B}/access-records`].post;
    const body = JSON.stringify(post.requestBody);
    expect(body).toContain('reidentification-token');
    expect(body).toContain('^mlr_[0-9a-f]{24}$');
    expect(JSON.stringify(post.responses['201'])).toContain('identity-record-ref');
  });
});
