// Authentication on the DAR prefix: the token endpoint (Basic → bearer JWT, rate-limited per
// client), the JWK Set, signing-key rotation and account management for the admin role.

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLES, decoyHash, verifySecret, type Account, type Role } from '../../store/index.js';
import type { ServerContext } from '../context.js';
import { darEnvelope, httpError } from '../errors.js';
import type { TokenService } from './tokens.js';

export interface AuthRoutesOptions {
  ctx: ServerContext;
  tokens: TokenService;
  /** Token requests allowed per client per window (default 10 per minute). */
  tokenRateLimit: { max: number; windowMs: number };
}

/** Account id and secret of an `Authorization: Basic` header (401 AUTH001 when missing or malformed). */
export function basicCredentials(request: FastifyRequest): { accountId: string; secret: string } {
  const header = request.headers.authorization;
  const refuse = (why: string) => httpError('HTTP_UNAUTHORIZED', why, { darCode: 'AUTH001', scheme: 'Basic' });
  if (!header) throw refuse('HTTP Basic credentials are required (account_id:secret_key)');
  const m = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!m) throw refuse('the Authorization header is not "Basic <base64 of account_id:secret_key>"');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || decoded.length > 512) throw refuse('the Basic credentials are not account_id:secret_key');
  return { accountId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const accountJson = (a: Account) => ({ 'account-id': a.accountId, name: a.name, role: a.role, duid: a.duid, status: a.status, 'created-at': a.createdAt, 'updated-at': a.updatedAt });

const accountSchema = {
  type: 'object',
  properties: {
    'account-id': { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    duid: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['active', 'suspended'] },
    'created-at': { type: 'string' },
    'updated-at': { type: 'string' },
  },
} as const;
const envelope = { type: 'object', properties: { resource: { type: 'string' }, timestamp: { type: 'string' }, 'transaction-id': { type: 'string' } } } as const;
const accountParams = { type: 'object', required: ['accountId'], properties: { accountId: { type: 'string', pattern: '^acc_[0-9a-f]{24}$', description: 'Account id.' } } } as const;
const admin = [{ bearerAuth: [] }] as const;

/** Registers the auth routes (mounted under ctx.prefixes.dar). */
export async function authRoutes(app: FastifyInstance, { ctx, tokens, tokenRateLimit }: AuthRoutesOptions): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => httpError('HTTP_RATE_LIMITED', `too many token requests from this client: at most ${context.max} per ${context.after}; retry in ${Math.ceil(context.ttl / 1000)} s`, { retryAfter: Math.ceil(context.ttl / 1000) }),
  });
  const adminOnly = ctx.bearer(['admin']);

  const tokenSchema = {
    summary: 'Obtain a bearer token',
    description: 'Exchange HTTP Basic credentials (`account_id:secret_key`) for a short-lived JWT. Cache and reuse it until it expires. Rate-limited per client.',
    tags: ['Authentication'],
    security: [{ basicAuth: [] }],
    response: {
      200: {
        description: 'A bearer token and its lifetime in seconds.',
        type: 'object',
        required: ['bearer-token', 'expires'],
        properties: { response: envelope, 'bearer-token': { type: 'string' }, expires: { type: 'integer' } },
      },
    },
  } as const;
  const issue = async (req: FastifyRequest) => {
    const { accountId, secret } = basicCredentials(req);
    const found = await ctx.store.accounts.credentials(accountId);
    const ok = await verifySecret(secret, found?.secretHash ?? (await decoyHash()));
    if (!found || !ok) throw httpError('HTTP_UNAUTHORIZED', 'invalid account id or secret key', { darCode: 'AUTH002', scheme: 'Basic' });
    // The hash took ~40 ms to check: a secret rotated or an account suspended meanwhile (by this
    // host or another) wins, so the token is issued against the account as it is now.
    const current = await ctx.store.accounts.credentials(accountId);
    if (!current || current.secretHash !== found.secretHash) throw httpError('HTTP_UNAUTHORIZED', 'invalid account id or secret key', { darCode: 'AUTH002', scheme: 'Basic' });
    if (current.account.status !== 'active') throw httpError('HTTP_UNAUTHORIZED', `account ${accountId} is suspended`, { darCode: 'AUTH005', scheme: 'Basic' });
    const { token, expires } = await tokens.issue(current.account);
    return { response: darEnvelope(req), 'bearer-token': token, expires };
  };
  const limited = { rateLimit: { max: tokenRateLimit.max, timeWindow: tokenRateLimit.windowMs } };
  app.get('/auth/token', { config: limited, schema: tokenSchema }, async (req, reply) => reply.header('cache-control', 'no-store').send(await issue(req)));
  app.post('/auth/token', { config: limited, schema: { ...tokenSchema, summary: 'Obtain a bearer token (POST alias)' } }, async (req, reply) => reply.header('cache-control', 'no-store').send(await issue(req)));

  app.get(
    '/auth/jwks',
    { schema: { summary: 'The public keys that verify bearer tokens (JWK Set)', tags: ['Authentication'], response: { 200: { description: 'JWK Set', type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } } } } },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(await tokens.jwks()),
  );
  app.post(
    '/auth/signing-keys/rotate',
    { onRequest: adminOnly, schema: { summary: 'Rotate the token signing key (admin)', description: 'Tokens signed by the previous key stay valid until they expire.', tags: ['Authentication'], security: admin, response: { 200: { description: 'The new key id', type: 'object', properties: { response: envelope, kid: { type: 'string' } } } } } },
    async (req) => ({ response: darEnvelope(req), kid: await tokens.rotate() }),
  );

  app.get(
    '/accounts',
    { onRequest: adminOnly, schema: { summary: 'List accounts (admin)', tags: ['Accounts'], security: admin, response: { 200: { description: 'Accounts (never their secrets)', type: 'object', properties: { response: envelope, accounts: { type: 'array', items: accountSchema } } } } } },
    async (req) => ({ response: darEnvelope(req), accounts: (await ctx.store.accounts.list()).map(accountJson) }),
  );
  app.post<{ Body: { name: string; role: Role; duid?: string } }>(
    '/accounts',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'Create an account (admin)',
        description: 'Returns the secret key once; only its scrypt hash is stored.',
        tags: ['Accounts'],
        security: admin,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'role'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: [...ROLES] }, duid: { type: 'string', pattern: '^duid_[0-9a-f]{24}$' } },
        },
        response: { 201: { description: 'The account and its secret key', type: 'object', properties: { response: envelope, account: accountSchema, 'secret-key': { type: 'string' } } } },
      },
    },
    async (req, reply) => {
      const { account, secret } = await ctx.store.accounts.add({ name: req.body.name, role: req.body.role, duid: req.body.duid });
      return reply.code(201).header('cache-control', 'no-store').header('location', `${ctx.prefixes.dar}/accounts/${account.accountId}`).send({ response: darEnvelope(req), account: accountJson(account), 'secret-key': secret });
    },
  );
  app.post<{ Params: { accountId: string } }>(
    '/accounts/:accountId/rotate-secret',
    { onRequest: adminOnly, schema: { summary: "Replace an account's secret key (admin)", tags: ['Accounts'], security: admin, params: accountParams, response: { 200: { description: 'The new secret key', type: 'object', properties: { response: envelope, 'secret-key': { type: 'string' } } } } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send({ response: darEnvelope(req), 'secret-key': await ctx.store.accounts.rotateSecret(req.params.accountId) }),
  );
  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['reactivate', 'active'],
  ] as const) {
    app.post<{ Params: { accountId: string } }>(
      `/accounts/:accountId/${action}`,
      { onRequest: adminOnly, schema: { summary: `${action === 'suspend' ? 'Suspend' : 'Reactivate'} an account (admin)`, tags: ['Accounts'], security: admin, params: accountParams, response: { 200: { description: 'The account', type: 'object', properties: { response: envelope, account: accountSchema } } } } },
      async (req) => ({ response: darEnvelope(req), account: accountJson(await ctx.store.accounts.setStatus(req.params.accountId, status)) }),
    );
  }
}
