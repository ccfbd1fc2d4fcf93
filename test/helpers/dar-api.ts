// A DAR host for inject() tests: accounts of every role with their tokens, and a call helper that
// checks the `response` envelope on every body it gets.

import { expect } from 'vitest';
import type { Engine } from '../../src/store/index.js';
import { testServer, type TestServer } from './server.js';

export type Caller = 'du1' | 'du2' | 'provider' | 'dcc' | 'admin' | 'portal' | 'anonymous';

export interface DarApi {
  s: TestServer;
  duid: { du1: string; du2: string };
  token: Record<Exclude<Caller, 'anonymous'>, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body the test reads field by field
  call(as: Caller, method: string, url: string, body?: unknown): Promise<{ status: number; json: any; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** Every JSON body of the DAR carries `response` with a `tid_` transaction id (204 has no body). */
export function expectEnvelope(status: number, body: string, url: string): void {
  // The JWK Set is a standard document (RFC 7517), not a DAR body.
  if (url.endsWith('/auth/jwks') && status === 200) return;
  if (status === 204) {
    expect(body).toBe('');
    return;
  }
  const json = JSON.parse(body);
  expect(json.response, `${url}: ${body.slice(0, 300)}`).toBeDefined();
  expect(json.response['transaction-id']).toMatch(/^tid_[0-9a-f]{24}$/);
  expect(json.response.resource).toBe(url.split('?')[0]);
  expect(Number.isNaN(Date.parse(json.response.timestamp))).toBe(false);
  if (status >= 400) {
    expect(Array.isArray(json.errors) && json.errors.length > 0).toBe(true);
    for (const e of json.errors) expect(e['error-code']).toMatch(/^(AUTH00[1-5]|VAL00[1-3]|NOT001|CON001|SRV001)$/);
  }
}

/** A host on `engine` with two Data Users, a Data Provider, the DCC, an admin and a portal. */
export async function darApi(name: string, engine: Engine, options: Parameters<typeof testServer>[1] = {}): Promise<DarApi> {
  const s = await testServer(name, { engine, tokenRateLimit: { max: 100_000, windowMs: 60_000 }, darVerifyRateLimit: false, ...options });
  const token = {} as DarApi['token'];
  const duid = {} as DarApi['duid'];
  const roles = { du1: 'data_user', du2: 'data_user', provider: 'data_provider', dcc: 'dcc', admin: 'admin', portal: 'portal' } as const;
  for (const [who, role] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][]) {
    const { account, secret } = await s.store.accounts.add({ name: `${who} org`, role });
    const res = await s.app.inject({ url: '/dar/v1/auth/token', headers: { authorization: basic(account.accountId, secret) } });
    token[who] = res.json()['bearer-token'];
    if (who === 'du1' || who === 'du2') duid[who] = account.duid as string;
  }
  return {
    s,
    duid,
    token,
    async call(as, method, url, body) {
      const headers: Record<string, string> = as === 'anonymous' ? {} : { authorization: `Bearer ${token[as]}` };
      const res = await s.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
      expectEnvelope(res.statusCode, res.body, url);
      return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined, headers: res.headers, body: res.body };
    },
    close: () => s.close(),
  };
}

/** The [code, field] pairs of a DAR 400, sorted by field. */
export function errorFields(json: { errors: { 'error-code': string; message: string }[] }): [string, string][] {
  return json.errors.map((e) => [e['error-code'], e.message.slice(0, e.message.indexOf(': '))] as [string, string]).sort((a, b) => a[1].localeCompare(b[1]));
}
