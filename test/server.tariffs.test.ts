// The Tariff API under /tariff/v1 through inject(), on SQLite and PostgreSQL: every route, every
// filter, paging edges, each validation error naming its field, supplier keys, RTI tokens, consent
// (403 on the next request after revoke, consent.revoked in the outbox in the same transaction).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importTariffs, issueSupplierKey, issueUserToken, pendingEvents, readTariffInputs } from '../src/tariffs/index.js';
import { eachEngine } from './helpers/engines.js';
import { testServer, type TestServer } from './helpers/server.js';

const SAMPLES = join(import.meta.dirname, '../samples/tariffs');
const E7 = 'trf_7a51ff00000000000000000000000002';
const FLAT = 'trf_7a51ff00000000000000000000000001';
const SEASONAL = 'trf_7a51ff00000000000000000000000005';
const EV = 'trf_7a51ff00000000000000000000000003';
const USER = 'usr_5e1f0000000000000000000000000001';
const SUSPENDED = 'usr_5e1f0000000000000000000000000002';

eachEngine('tariff API on %s', (engine) => {
  let s: TestServer;
  let supplierKey: string;
  let token: string;
  let suspendedToken: string;
  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url: `/tariff/v1${url}`, headers });
  const send = (method: 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    s.app.inject({ method, url: `/tariff/v1${url}`, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });

  beforeAll(async () => {
    s = await testServer(`tariffs-${engine}`, { engine });
    const result = await importTariffs(s.store, readTariffInputs([SAMPLES]));
    expect(result.tariffs).toEqual({ added: 6, updated: 0, unchanged: 0 });
    supplierKey = await issueSupplierKey(s.store, 'ZLNT');
    token = await issueUserToken(s.store, USER);
    suspendedToken = await issueUserToken(s.store, SUSPENDED);
  });
  afterAll(async () => s?.close());

  test('an import that fails inside its transaction leaves nothing behind', async () => {
    const inputs = readTariffInputs([SAMPLES]);
    const newcomer = { ...inputs.suppliers[0]!, mpid: 'ZNEW', name: 'Newcomer (fictitious)' };
    const orphan = { ...inputs.tariffs[0]!, tariff_id: `trf_${'e'.repeat(32)}`, supplier_mpid: 'ZGHO' };
    await expect(importTariffs(s.store, { suppliers: [newcomer], tariffs: [inputs.tariffs[0]!, orphan], users: [] })).rejects.toThrow(
      `tariffs[1].supplier_mpid: supplier ZGHO of tariff trf_${'e'.repeat(32)} is not in the register or the import`,
    );
    const db = s.store.db.withTables<{ tariff_suppliers: { mpid: string } }>();
    expect((await db.selectFrom('tariff_suppliers').select('mpid').orderBy('mpid').execute()).map((r) => r.mpid)).toEqual(['ZFNM', 'ZLNT']);
  });

  describe('suppliers', () => {
    test('lists both suppliers with paging meta', async () => {
      const r = await get('/suppliers');
      expect(r.statusCode).toBe(200);
      const body = r.json<{ data: { mpid: string; active: boolean; api_base_url: string }[]; meta: unknown }>();
      expect(body.data.map((x) => x.mpid)).toEqual(['ZFNM', 'ZLNT']);
      expect(body.data[1]).toEqual({ mpid: 'ZLNT', name: 'Lanternwick Energy (fictitious)', api_base_url: 'https://tariffs.lanternwick.example/tariff/v1', oauth_authorization_url: 'https://auth.lanternwick.example/oauth/authorize', oauth_token_url: 'https://auth.lanternwick.example/oauth/token', active: true });
      expect(body.meta).toEqual({ total: 2, limit: 20, offset: 0, next_offset: null });
    });

    test.each([
      ['?limit=1', ['ZFNM'], { total: 2, limit: 1, offset: 0, next_offset: 1 }],
      ['?limit=1&offset=1', ['ZLNT'], { total: 2, limit: 1, offset: 1, next_offset: null }],
      ['?offset=2', [], { total: 2, limit: 20, offset: 2, next_offset: null }],
      ['?offset=99', [], { total: 2, limit: 20, offset: 99, next_offset: null }],
      ['?limit=100', ['ZFNM', 'ZLNT'], { total: 2, limit: 100, offset: 0, next_offset: null }],
    ])('paging %s', async (q, mpids, meta) => {
      const body = (await get(`/suppliers${q}`)).json<{ data: { mpid: string }[]; meta: unknown }>();
      expect([body.data.map((x) => x.mpid), body.meta]).toEqual([mpids, meta]);
    });
  });

  describe('paging and query validation (400 naming every field)', () => {
    test.each([
      ['/suppliers?limit=0', [{ field: 'limit', message: "query parameter 'limit' Too small: expected number to be >=1" }]],
      ['/suppliers?limit=101', [{ field: 'limit', message: "query parameter 'limit' Too big: expected number to be <=100" }]],
      ['/suppliers?limit=abc', [{ field: 'limit', message: "query parameter 'limit' Invalid input: expected number, received NaN" }]],
      ['/suppliers?offset=-1', [{ field: 'offset', message: "query parameter 'offset' Too small: expected number to be >=0" }]],
      ['/suppliers?limit=1.5&offset=x', [{ field: 'limit', message: "query parameter 'limit' must be a whole number" }, { field: 'offset', message: "query parameter 'offset' Invalid input: expected number, received NaN" }]],
      ['/suppliers?colour=red', [{ field: 'colour', message: "unknown query parameter 'colour'" }]],
      ['/tariff/ZLNT?tariff_type=fixed&region=_Z&valid_from=2026-13-01', [
        { field: 'tariff_type', message: `query parameter 'tariff_type' Invalid option: expected one of "static"|"dynamic"` },
        { field: 'region', message: expect.stringContaining("query parameter 'region' Invalid option: expected one of") as unknown as string },
        { field: 'valid_from', message: "query parameter 'valid_from' Invalid ISO date" },
      ]],
      ['/users?active=yes', [{ field: 'active', message: `query parameter 'active' Invalid option: expected one of "true"|"false"` }]],
    ])('%s', async (url, fields) => {
      const r = await get(url);
      expect(r.statusCode).toBe(400);
      const body = r.json<{ code: string; message: string; details: { fields: unknown[] } }>();
      expect(body.code).toBe('http_bad_request');
      expect(body.details.fields).toEqual(fields);
    });

    test.each([
      ['/tariff/zlnt', 'mpid'],
      ['/tariff/ZLNT/trf_nothex', 'tariff_id'],
      ['/users/usr_123', 'user_id'],
    ])('a malformed path parameter %s is a 400 naming it', async (url, field) => {
      const r = await get(url);
      expect(r.statusCode).toBe(400);
      expect(r.json<{ details: { fields: { field: string }[] } }>().details.fields[0]!.field).toBe(field);
    });
  });

  describe('tariffs', () => {
    const ids = async (q: string): Promise<string[]> => {
      const r = await get(`/tariff/ZLNT${q}`);
      expect(r.statusCode).toBe(200);
      return r.json<{ data: { tariff_id: string }[] }>().data.map((t) => t.tariff_id);
    };
    test('a supplier list shows id, name and last_modified only', async () => {
      const body = (await get('/tariff/ZLNT')).json<{ data: unknown[]; meta: unknown }>();
      expect(body.data[0]).toEqual({ tariff_id: FLAT, name: 'Lanternwick Simple Fixed (single rate)', last_modified: '2026-01-01T09:00:00.000Z' });
      expect(body.meta).toEqual({ total: 3, limit: 20, offset: 0, next_offset: null });
    });
    test.each([
      ['', [FLAT, E7, SEASONAL]],
      ['?tariff_type=static', [FLAT, E7, SEASONAL]],
      ['?tariff_type=dynamic', []],
      ['?fuel_type=electricity', [FLAT, E7, SEASONAL]],
      ['?fuel_type=gas', []],
      ['?energy_flow=import', [FLAT, E7, SEASONAL]],
      ['?energy_flow=export', []],
      ['?payment_method=direct_debit', [FLAT, E7, SEASONAL]],
      ['?payment_method=prepayment', []],
      ['?region=_C', [FLAT, E7, SEASONAL]],
      ['?region=_J', []],
      ['?meter_type=economy_7', [E7]],
      ['?meter_type=single_rate', [FLAT, SEASONAL]],
      ['?customer_type=domestic', [FLAT, E7, SEASONAL]],
      ['?customer_type=non_domestic', []],
      ['?valid_from=2026-06-01', [FLAT, E7, SEASONAL]],
      ['?valid_to=2025-12-31', []],
      ['?valid_to=2026-01-01', [FLAT, E7, SEASONAL]],
      ['?meter_type=single_rate&limit=1', [FLAT]],
      ['?meter_type=single_rate&limit=1&offset=1', [SEASONAL]],
    ])('filter %s', async (q, expected) => {
      expect(await ids(q)).toEqual(expected);
    });
    test('validity filters on a tariff that ends: the dynamic week', async () => {
      const fen = async (q: string) => (await get(`/tariff/ZFNM${q}`)).json<{ data: { tariff_id: string }[] }>().data.map((t) => t.tariff_id);
      const dynamic = 'trf_7a51ff00000000000000000000000006';
      expect(await fen('?tariff_type=dynamic')).toEqual([dynamic]);
      expect(await fen('?tariff_type=dynamic&valid_from=2026-10-26')).toEqual([]);
      expect(await fen('?tariff_type=dynamic&valid_from=2026-10-25')).toEqual([dynamic]);
      expect(await fen('?tariff_type=dynamic&valid_to=2026-10-18')).toEqual([]);
      expect(await fen('?energy_flow=export')).toEqual(['trf_7a51ff00000000000000000000000004']);
      expect(await fen('?region=_J&meter_type=smart')).toEqual([EV, 'trf_7a51ff00000000000000000000000004']);
    });
    test('detail is the tariff as imported, money as decimal strings', async () => {
      const r = await get(`/tariff/ZLNT/${E7}`);
      expect(r.statusCode).toBe(200);
      const t = r.json<{ data: { standing_charge: string; rates: { bands: { prices: { unit_price: string }[] }[] }[] } }>().data;
      expect(t.standing_charge).toBe('0.5512');
      expect(t.rates[0]!.bands[0]!.prices[0]!.unit_price).toBe('0.1452');
    });
    test.each([
      ['/tariff/ZZZZ', 'no supplier ZZZZ'],
      [`/tariff/ZFNM/${E7}`, `no tariff ${E7} of supplier ZFNM`],
      [`/tariff/ZLNT/trf_${'0'.repeat(32)}`, `no tariff trf_${'0'.repeat(32)} of supplier ZLNT`],
      ['/users/usr_' + 'f'.repeat(32), `no RTI User usr_${'f'.repeat(32)}`],
    ])('%s is 404 tariff_not_found', async (url, message) => {
      const r = await get(url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'tariff_not_found', message });
    });
    test('unknown routes and methods answer in the tariff error shape', async () => {
      const r = await get('/nothing');
      expect(r.statusCode).toBe(404);
      expect(r.json<{ code: string }>().code).toBe('http_not_found');
      const m = await s.app.inject({ method: 'PUT', url: '/tariff/v1/suppliers' });
      expect(m.statusCode).toBe(405);
      expect(m.json<{ code: string }>().code).toBe('http_method_not_allowed');
    });
  });

  describe('RTI Users and supplier keys', () => {
    test('the public list shows summaries; a supplier key shows registration data', async () => {
      const pub = (await get('/users')).json<{ data: Record<string, unknown>[] }>();
      expect(pub.data.map((u) => u.user_id)).toEqual([USER, SUSPENDED]);
      expect(pub.data.every((u) => !('registration' in u))).toBe(true);
      const full = (await get('/users', { 'x-supplier-api-key': supplierKey })).json<{ data: { registration?: { company_number: string } }[] }>();
      expect(full.data.map((u) => u.registration?.company_number)).toEqual(['00000001', '00000002']);
      const one = (await get(`/users/${USER}`, { 'x-supplier-api-key': supplierKey })).json<{ data: { display_name: string; registration: unknown } }>();
      expect(one.data.display_name).toBe('Brightwatt');
      expect(one.data.registration).toBeDefined();
      expect((await get(`/users/${USER}`)).json<{ data: Record<string, unknown> }>().data.registration).toBeUndefined();
    });
    test.each([
      ['?active=true', [USER]],
      ['?active=false', [SUSPENDED]],
      ['?limit=1&offset=1', [SUSPENDED]],
    ])('users filter %s', async (q, expected) => {
      expect((await get(`/users${q}`)).json<{ data: { user_id: string }[] }>().data.map((u) => u.user_id)).toEqual(expected);
    });
    test('a wrong, mistyped or revoked-looking key is 401, never the public view', async () => {
      const wrong = supplierKey.slice(0, -4) + (supplierKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      for (const key of [wrong, 'sk_sup_0000000000000000_' + 'A'.repeat(43), 'nonsense']) {
        const r = await get('/users', { 'x-supplier-api-key': key });
        expect(r.statusCode).toBe(401);
        expect(r.json<{ code: string }>().code).toBe('http_unauthorized');
      }
    });
    test('the key is stored only as a SHA-256 hash', async () => {
      const rows = await s.store.db.withTables<{ tariff_supplier_keys: { secret_sha256: string } }>().selectFrom('tariff_supplier_keys').select('secret_sha256').execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.secret_sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(supplierKey).not.toContain(r.secret_sha256);
      }
    });
  });

  describe('performance reports', () => {
    const report = { reporting_period_start: '2026-11-01T00:00:00.000Z', reporting_period_end: '2026-12-01T00:00:00.000Z', tariff_requests: 1200, tariff_changes: 3, availability_pct: 99.95, success_pct: 99.5, response_time_ms: { p50: 12, p95: 40, p99: 85 } };
    test('a supplier key files a report: 202 with its id', async () => {
      const r = await s.app.inject({ method: 'POST', url: '/tariff/v1/report', headers: { 'x-supplier-api-key': supplierKey }, payload: report });
      expect(r.statusCode).toBe(202);
      expect(r.json<{ report_id: string }>().report_id).toMatch(/^rpt_[0-9a-f]{32}$/);
    });
    test('without a key: 401', async () => {
      const r = await s.app.inject({ method: 'POST', url: '/tariff/v1/report', payload: report });
      expect(r.statusCode).toBe(401);
    });
    test('each bad field is named', async () => {
      const r = await s.app.inject({ method: 'POST', url: '/tariff/v1/report', headers: { 'x-supplier-api-key': supplierKey }, payload: { ...report, availability_pct: 101, tariff_requests: -1, response_time_ms: { p50: 1, p95: 2 }, extra: 1 } });
      expect(r.statusCode).toBe(400);
      expect(r.json<{ details: { fields: { field: string }[] } }>().details.fields.map((f) => f.field).sort()).toEqual(['availability_pct', 'extra', 'response_time_ms.p99', 'tariff_requests']);
      const order = await s.app.inject({ method: 'POST', url: '/tariff/v1/report', headers: { 'x-supplier-api-key': supplierKey }, payload: { ...report, reporting_period_end: report.reporting_period_start } });
      expect(order.json<{ details: { fields: unknown[] } }>().details.fields).toEqual([{ field: 'reporting_period_end', message: "body field 'reporting_period_end' must be after reporting_period_start" }]);
      const json = await s.app.inject({ method: 'POST', url: '/tariff/v1/report', headers: { 'x-supplier-api-key': supplierKey, 'content-type': 'application/json' }, payload: '{"broken"' });
      expect(json.statusCode).toBe(400);
      expect(json.json<{ code: string }>().code).toBe('http_bad_request');
    });
  });

  describe('webhooks', () => {
    test('register, then replace: one per RTI User per supplier', async () => {
      const a = await send('POST', '/webhook', { supplier_mpid: 'ZLNT', url: 'https://hooks.brightwatt.example/tariffs' });
      expect(a.statusCode).toBe(201);
      const first = a.json<{ webhook_id: string; signing_secret: string }>();
      expect(first.webhook_id).toMatch(/^whk_[0-9a-f]{32}$/);
      expect(first.signing_secret).toMatch(/^whsec_/);
      const b = await send('POST', '/webhook', { supplier_mpid: 'ZLNT', url: 'https://hooks.brightwatt.example/v2' });
      expect(b.statusCode).toBe(200);
      const rows = await s.store.db.withTables<{ tariff_webhooks: { webhook_id: string; url: string; user_id: string } }>().selectFrom('tariff_webhooks').selectAll().where('user_id', '=', USER).execute();
      expect(rows.map((r) => [r.webhook_id, r.url])).toEqual([[b.json<{ webhook_id: string }>().webhook_id, 'https://hooks.brightwatt.example/v2']]);
    });
    test.each([
      [{ supplier_mpid: 'ZLNT', url: 'http://hooks.example/x' }, ['url']],
      [{ supplier_mpid: 'zl', url: 'ftp://x' }, ['supplier_mpid', 'url']],
      [{ url: 'https://x.example/' }, ['supplier_mpid']],
      [{ supplier_mpid: 'ZZZZ', url: 'https://x.example/' }, ['supplier_mpid']],
    ])('bad webhook %j names %j', async (body, fields) => {
      const r = await send('POST', '/webhook', body);
      expect(r.statusCode).toBe(400);
      expect(r.json<{ details: { fields: { field: string }[] } }>().details.fields.map((f) => f.field)).toEqual(fields);
    });
  });

  describe('consent', () => {
    test('register, read the customer tariff, revoke: 403 on the next request and consent.revoked in the outbox', async () => {
      const before = (await pendingEvents(s.store)).length;
      const reg = await send('POST', '/consent', { registration_id: 'reg-001', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }, { mpxn: '1900012345679', tariff_id: FLAT }] });
      expect(reg.statusCode).toBe(201);
      const again = await send('POST', '/consent', { registration_id: 'reg-001', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }, { mpxn: '1900012345679', tariff_id: FLAT }] });
      expect(again.statusCode).toBe(200);
      const c = await get('/tariff/customer?mpxn=1900012345678', { authorization: `Bearer ${token}` });
      expect(c.statusCode).toBe(200);
      expect(c.json<{ data: { tariff_id: string }; meta: unknown }>()).toMatchObject({ data: { tariff_id: E7 }, meta: { mpxn: '1900012345678', registration_id: 'reg-001' } });
      expect(c.headers['cache-control']).toBe('no-store');
      // The meter point (personal data) and the token never reach the request log.
      expect(s.logs.join('')).toContain('"url":"/tariff/v1/tariff/customer"');
      expect(s.logs.join('')).not.toContain('1900012345678');
      expect(s.logs.join('')).not.toContain(token.slice(-20));
      const del = await send('DELETE', '/consent/reg-001');
      expect(del.statusCode).toBe(204);
      const after = await get('/tariff/customer?mpxn=1900012345678', { authorization: `Bearer ${token}` });
      expect(after.statusCode).toBe(403);
      expect(after.json<{ code: string }>().code).toBe('http_forbidden');
      const events = (await pendingEvents(s.store)).slice(before).sort((a, b) => a.mpxn.localeCompare(b.mpxn));
      expect(events.map((e) => [e.type, e.mpxn, e.tariff_id, e.supplier_mpid, e.user_id])).toEqual([
        ['consent.revoked', '1900012345678', E7, 'ZLNT', USER],
        ['consent.revoked', '1900012345679', FLAT, 'ZLNT', USER],
      ]);
      expect(events[0]!.webhook_id).toMatch(/^whk_/);
      expect(events[0]!.event_id).toMatch(/^evt_[0-9a-f]{32}$/);
      // Revoking again changes nothing and writes no second event; reusing the id is refused.
      expect((await send('DELETE', '/consent/reg-001')).statusCode).toBe(204);
      expect((await pendingEvents(s.store)).length).toBe(before + 2);
      const reuse = await send('POST', '/consent', { registration_id: 'reg-001', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }] });
      expect(reuse.statusCode).toBe(400);
      expect(reuse.json<{ details: { fields: { field: string }[] } }>().details.fields[0]!.field).toBe('registration_id');
    });

    test('a tariff update raises tariff.update for standing consents only', async () => {
      await send('POST', '/consent', { registration_id: 'reg-002', tariffs: [{ mpxn: '1900099999999', tariff_id: SEASONAL }] });
      const before = (await pendingEvents(s.store)).length;
      const inputs = readTariffInputs([SAMPLES]);
      const seasonal = inputs.tariffs.find((t) => t.tariff_id === SEASONAL);
      if (seasonal === undefined) throw new Error('sample missing');
      seasonal.standing_charge = '0.4600';
      seasonal.version = 2;
      expect((await importTariffs(s.store, inputs)).tariffs).toEqual({ added: 0, updated: 1, unchanged: 5 });
      const events = (await pendingEvents(s.store)).slice(before);
      expect(events.map((e) => [e.type, e.mpxn, e.tariff_id])).toEqual([['tariff.update', '1900099999999', SEASONAL]]);
      expect((await get(`/tariff/ZLNT/${SEASONAL}`)).json<{ data: { standing_charge: string } }>().data.standing_charge).toBe('0.4600');
    });

    test('without consent, for another meter point, or for another user: 403', async () => {
      expect((await get('/tariff/customer?mpxn=1900000000000', { authorization: `Bearer ${token}` })).statusCode).toBe(403);
    });

    test.each([
      [{}, ['registration_id', 'tariffs']],
      [{ registration_id: 'bad id!', tariffs: [] }, ['registration_id', 'tariffs']],
      [{ registration_id: 'r1', tariffs: [{ mpxn: 'abc', tariff_id: 'trf_x' }] }, ['tariffs[0].mpxn', 'tariffs[0].tariff_id']],
      [{ registration_id: 'r1', tariffs: [{ mpxn: '1900012345678', tariff_id: `trf_${'0'.repeat(32)}` }] }, ['tariffs[0].tariff_id']],
      [{ registration_id: 'r1', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }, { mpxn: '1900012345678', tariff_id: FLAT }] }, ['tariffs[1].mpxn']],
    ])('bad consent %j names %j', async (body, fields) => {
      const r = await send('POST', '/consent', body);
      expect(r.statusCode).toBe(400);
      expect(r.json<{ details: { fields: { field: string }[] } }>().details.fields.map((f) => f.field)).toEqual(fields);
    });

    test('revoking an unknown registration is 404; the customer endpoint needs mpxn', async () => {
      expect((await send('DELETE', '/consent/nope')).statusCode).toBe(404);
      const r = await get('/tariff/customer', { authorization: `Bearer ${token}` });
      expect(r.statusCode).toBe(400);
      expect(r.json<{ details: { fields: { field: string }[] } }>().details.fields[0]!.field).toBe('mpxn');
    });

    test.each([
      ['no token', {}, 401],
      ['a malformed header', { authorization: 'Basic abc' }, 401],
      ['a wrong token', { authorization: `Bearer sk_rti_${'5e1f' + '0'.repeat(27)}1_${'A'.repeat(43)}` }, 401],
      ['a supplier key as bearer', { authorization: 'Bearer sk_sup_0000000000000000_' + 'A'.repeat(43) }, 401],
    ])('consent routes refuse %s', async (_name, headers, status) => {
      for (const [method, url] of [['POST', '/tariff/v1/consent'], ['DELETE', '/tariff/v1/consent/reg-001'], ['POST', '/tariff/v1/webhook'], ['GET', '/tariff/v1/tariff/customer?mpxn=1900012345678']] as const) {
        const r = await s.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
        expect(r.statusCode).toBe(status);
        expect(r.json<{ code: string }>().code).toBe('http_unauthorized');
      }
    });

    test('a suspended RTI User is 403', async () => {
      const r = await get('/tariff/customer?mpxn=1900012345678', { authorization: `Bearer ${suspendedToken}` });
      expect(r.statusCode).toBe(403);
      expect(r.json<{ message: string }>().message).toBe(`RTI User ${SUSPENDED} is suspended`);
    });
  });
});
