// The Tariff API in the OpenAPI document: the document is valid OpenAPI 3.1; every tariff route has
// its parameters, request body and success and error responses with schemas (from the zod wire
// schemas); and real answers of every route match the schema documented for their status, so the
// document cannot drift from what the host sends.

import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importTariffs, issueSupplierKey, issueUserToken, readTariffInputs } from '../src/tariffs/index.js';
import { eachEngine } from './helpers/engines.js';
import { testServer, type TestServer } from './helpers/server.js';

const SAMPLES = join(import.meta.dirname, '../samples/tariffs');
const E7 = 'trf_7a51ff00000000000000000000000002';
const USER = 'usr_5e1f0000000000000000000000000001';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the OpenAPI document, read field by field

/** Every tariff operation, with what it must document. */
const ROUTES: { op: string; params?: string[]; query?: string[]; body?: boolean; ok: string; errors: string[]; security?: string }[] = [
  { op: 'GET /tariff/v1/suppliers', query: ['limit', 'offset'], ok: '200', errors: ['400'] },
  { op: 'GET /tariff/v1/users', query: ['limit', 'offset', 'active'], ok: '200', errors: ['400', '401'] },
  { op: 'GET /tariff/v1/users/{user_id}', params: ['user_id'], ok: '200', errors: ['400', '401', '404'] },
  { op: 'GET /tariff/v1/tariff/customer', query: ['mpxn'], ok: '200', errors: ['400', '401', '403', '404'], security: 'rtiUserBearer' },
  {
    op: 'GET /tariff/v1/tariff/{mpid}',
    params: ['mpid'],
    query: ['limit', 'offset', 'tariff_type', 'fuel_type', 'energy_flow', 'payment_method', 'region', 'meter_type', 'customer_type', 'valid_from', 'valid_to'],
    ok: '200',
    errors: ['400', '404'],
  },
  { op: 'GET /tariff/v1/tariff/{mpid}/{tariff_id}', params: ['mpid', 'tariff_id'], ok: '200', errors: ['400', '404'] },
  { op: 'POST /tariff/v1/consent', body: true, ok: '201', errors: ['400', '401', '403', '404'], security: 'rtiUserBearer' },
  { op: 'DELETE /tariff/v1/consent/{registration_id}', params: ['registration_id'], ok: '204', errors: ['400', '401', '403', '404'], security: 'rtiUserBearer' },
  { op: 'POST /tariff/v1/webhook', body: true, ok: '201', errors: ['400', '401', '403', '404'], security: 'rtiUserBearer' },
  { op: 'POST /tariff/v1/report', body: true, ok: '202', errors: ['400', '401'], security: 'supplierApiKey' },
];

eachEngine('the Tariff API in the OpenAPI document on %s', (engine) => {
  let s: TestServer;
  let doc: Json;
  let key: string;
  let token: string;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  beforeAll(async () => {
    s = await testServer(`tariffs-openapi-${engine}`, { engine });
    await importTariffs(s.store, readTariffInputs([SAMPLES]));
    key = await issueSupplierKey(s.store, 'ZLNT');
    token = await issueUserToken(s.store, USER);
    doc = (await s.app.inject({ url: '/openapi.json' })).json();
  });
  afterAll(async () => s?.close());

  const operation = (op: string): Json => {
    const [method = '', path = ''] = op.split(' ');
    return doc.paths[path]?.[method.toLowerCase()];
  };

  test('the document is valid OpenAPI 3.1 and lists exactly the tariff routes above', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const tariffOps = Object.entries(doc.paths as Record<string, Json>)
      .filter(([p]) => p.startsWith('/tariff/v1/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(tariffOps.sort()).toEqual(ROUTES.map((r) => r.op).sort());
  });

  test.each(ROUTES)('$op documents its parameters, body, answers and errors with schemas', (r) => {
    const op = operation(r.op);
    const params = (op.parameters ?? []) as Json[];
    expect(params.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(r.params ?? []);
    expect(params.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(r.query ?? []);
    for (const p of params) expect(p.schema, `${r.op} ${p.name}`).toHaveProperty('type');
    if (r.body) {
      const body = op.requestBody.content['application/json'].schema;
      expect(body.type).toBe('object');
      expect(Object.keys(body.properties).length).toBeGreaterThan(1);
      expect(body.required.length).toBeGreaterThan(0);
    } else expect(op.requestBody).toBeUndefined();
    const ok = op.responses[r.ok];
    if (r.ok === '204') expect(ok.content).toBeUndefined();
    else {
      const schema = ok.content['application/json'].schema;
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
    }
    for (const status of r.errors) {
      const e = op.responses[status];
      const schema = e.content?.['application/json'].schema;
      expect(schema, `${r.op} ${status}`).toMatchObject({ type: 'object', required: ['code', 'message', 'details'] });
    }
    if (r.security) expect(op.security).toEqual([{ [r.security]: [] }]);
    if (r.security) expect(doc.components.securitySchemes[r.security]).toBeDefined();
    // An undocumented error status falls back to the Tariff API's error shape, not the host's.
    expect(op.responses['500']).toEqual({ $ref: '#/components/responses/TariffError' });
  });

  test("every route's real answers match the schema documented for their status", async () => {
    const bearer = { authorization: `Bearer ${token}` };
    const calls: { op: string; method: 'GET' | 'POST' | 'DELETE'; url: string; headers?: Record<string, string>; body?: unknown }[] = [
      { op: 'GET /tariff/v1/suppliers', method: 'GET', url: '/tariff/v1/suppliers?limit=1' },
      { op: 'GET /tariff/v1/suppliers', method: 'GET', url: '/tariff/v1/suppliers?limit=0' },
      { op: 'GET /tariff/v1/users', method: 'GET', url: '/tariff/v1/users' },
      { op: 'GET /tariff/v1/users', method: 'GET', url: '/tariff/v1/users', headers: { 'x-supplier-api-key': key } },
      { op: 'GET /tariff/v1/users', method: 'GET', url: '/tariff/v1/users', headers: { 'x-supplier-api-key': 'nope' } },
      { op: 'GET /tariff/v1/users/{user_id}', method: 'GET', url: `/tariff/v1/users/${USER}`, headers: { 'x-supplier-api-key': key } },
      { op: 'GET /tariff/v1/users/{user_id}', method: 'GET', url: `/tariff/v1/users/usr_${'0'.repeat(32)}` },
      { op: 'GET /tariff/v1/tariff/{mpid}', method: 'GET', url: '/tariff/v1/tariff/ZLNT?meter_type=economy_7' },
      { op: 'GET /tariff/v1/tariff/{mpid}', method: 'GET', url: '/tariff/v1/tariff/ZLNT?region=_Z' },
      { op: 'GET /tariff/v1/tariff/{mpid}/{tariff_id}', method: 'GET', url: `/tariff/v1/tariff/ZLNT/${E7}` },
      { op: 'GET /tariff/v1/tariff/{mpid}/{tariff_id}', method: 'GET', url: `/tariff/v1/tariff/ZLNT/trf_${'0'.repeat(32)}` },
      { op: 'POST /tariff/v1/webhook', method: 'POST', url: '/tariff/v1/webhook', headers: bearer, body: { supplier_mpid: 'ZLNT', url: 'https://hooks.example.com/t' } },
      { op: 'POST /tariff/v1/consent', method: 'POST', url: '/tariff/v1/consent', headers: bearer, body: { registration_id: 'reg-doc', tariffs: [{ mpxn: '1900012345678', tariff_id: E7 }] } },
      { op: 'POST /tariff/v1/consent', method: 'POST', url: '/tariff/v1/consent', headers: bearer, body: { registration_id: 'reg doc', tariffs: [] } },
      { op: 'GET /tariff/v1/tariff/customer', method: 'GET', url: '/tariff/v1/tariff/customer?mpxn=1900012345678', headers: bearer },
      { op: 'DELETE /tariff/v1/consent/{registration_id}', method: 'DELETE', url: '/tariff/v1/consent/reg-doc', headers: bearer },
      { op: 'GET /tariff/v1/tariff/customer', method: 'GET', url: '/tariff/v1/tariff/customer?mpxn=1900012345678', headers: bearer },
      { op: 'GET /tariff/v1/tariff/customer', method: 'GET', url: '/tariff/v1/tariff/customer?mpxn=1900012345678' },
      {
        op: 'POST /tariff/v1/report',
        method: 'POST',
        url: '/tariff/v1/report',
        headers: { 'x-supplier-api-key': key },
        body: { reporting_period_start: '2026-11-01T00:00:00.000Z', reporting_period_end: '2026-12-01T00:00:00.000Z', tariff_requests: 1, tariff_changes: 0, availability_pct: 99.9, success_pct: 99, response_time_ms: { p50: 1, p95: 2, p99: 3 } },
      },
    ];
    const seen = new Set<string>();
    for (const c of calls) {
      const res = await s.app.inject({ method: c.method, url: c.url, headers: c.headers, ...(c.body === undefined ? {} : { payload: c.body as object }) });
      const documented = operation(c.op).responses[String(res.statusCode)];
      expect(documented, `${c.method} ${c.url} answered ${res.statusCode}, which ${c.op} does not document`).toBeDefined();
      seen.add(`${c.op} ${res.statusCode}`);
      if (res.statusCode === 204) {
        expect(res.body).toBe('');
        continue;
      }
      const schema = documented.content['application/json'].schema;
      const validate = ajv.compile(schema);
      expect(validate(res.json()), `${c.method} ${c.url} (${res.statusCode}): ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    // Each route's success answer was checked, and some of each error shape.
    for (const r of ROUTES) expect(seen, r.op).toContain(`${r.op} ${r.ok}`);
    for (const status of ['400', '401', '403', '404']) expect([...seen].some((k) => k.endsWith(` ${status}`)), status).toBe(true);
  });
});
