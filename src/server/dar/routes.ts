// The Data Access Register API under /dar/v1: thin adapters (schema for the document, role guard,
// one domain call, the `response` envelope). Bodies and queries are validated by the domain's zod
// schemas so one 400 names every failing field.

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  anonymiseIdentityRecord,
  createAccessRecord,
  createIdentityRecord,
  createSubscription,
  deleteSubscription,
  getDataUser,
  getIdentityRecord,
  idPattern,
  listMeterPoint,
  listOwnRecords,
  listSubscriptions,
  meterPointKey,
  lookupIdentityRecords,
  replaceAccessRecord,
  revokeAccessRecord,
  submitCotEvent,
  submitDiscoveredAccess,
  updateSubscription,
  verifyAccessRecord,
  type Actor,
  type Problem,
  type RegisterContext,
} from '../../dar/index.js';
import { invalidRequest, parseOrThrow } from '../../dar/problems.js';
import * as W from '../../dar/wire/index.js';
import type { ServerContext } from '../context.js';
import { darEnvelope, httpError } from '../errors.js';
import { jsonSchema, pathParams } from './schemas.js';
import { portalApiRoutes, type PortalOptions } from './portal-routes.js';
import { spendToken } from '../../dar/reidentify.js';
import { openSession, recordRef } from '../../dar/sessions.js';
import { validateMpxnParam } from '../../dar/validate.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Log the route pattern instead of the URL (the URL carries a secret or PII). */
    redactUrl?: boolean;
  }
}

export interface DarRoutesOptions {
  ctx: ServerContext;
  register: RegisterContext;
  /** Verify requests allowed per client per window; `false` for none (benchmarks). */
  verifyRateLimit: { max: number; windowMs: number } | false;
  /** Re-identification, passkeys and the customer portal's API (docs/portal-api.md). */
  portal: PortalOptions;
}

const bearer = [{ bearerAuth: [] }] as const;
const TAG = 'Data Access Register';
const envelopeOf = (schema: Parameters<typeof jsonSchema>[0], description: string) => jsonSchema(schema, 'output', description);

function actorOf(req: FastifyRequest): Actor {
  const p = req.principal;
  if (!p) throw httpError('HTTP_UNAUTHORIZED', 'a bearer token is required', { darCode: 'AUTH001', scheme: 'Bearer' });
  return { accountId: p.accountId, role: p.role, duid: p.duid };
}

/** Doubts the register accepted (an MPRN whose check digits do not match), as `Warning` headers. */
function warn(reply: FastifyReply, warnings: Problem[]): FastifyReply {
  if (warnings.length) reply.header('warning', warnings.map((w) => `199 ltds "${`${w.field}: ${w.message}`.replace(/["\\]/g, '')}"`).join(', '));
  return reply;
}

/** Registers the DAR routes (mounted under ctx.prefixes.dar, beside the auth routes). */
export async function darRoutes(app: FastifyInstance, { ctx, register, verifyRateLimit, portal }: DarRoutesOptions): Promise<void> {
  // The zod schemas validate (every problem at once); the JSON schemas on the routes document.
  app.setValidatorCompiler(() => () => true);
  if (verifyRateLimit) {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_req, c) => httpError('HTTP_RATE_LIMITED', `too many verify requests from this client: at most ${c.max} per ${c.after}; retry in ${Math.ceil(c.ttl / 1000)} s`, { retryAfter: Math.ceil(c.ttl / 1000) }),
    });
  }
  const base = ctx.prefixes.dar;
  const dataUser = ctx.bearer(['data_user']);
  const dcc = ctx.bearer(['dcc']);
  const readers = ctx.bearer(['data_provider', 'data_user', 'admin']);
  const env = (req: FastifyRequest) => darEnvelope(req);
  const query = <S extends Parameters<typeof parseOrThrow>[0]>(schema: S, req: FastifyRequest) => parseOrThrow(schema, req.query ?? {}, undefined, 'query');
  const includeHistory = (req: FastifyRequest) => query(W.IncludeQuery, req).include === 'history';
  const irParam = pathParams({ ir: { pattern: idPattern('ir'), description: 'Identity Record key.' } });
  const akParam = pathParams({ ak: { pattern: idPattern('ak'), description: 'The access key (a bearer secret: never logged).' } });
  const widParam = pathParams({ wid: { pattern: idPattern('wid'), description: 'Webhook subscription id.' } });
  const checkIr = (ir: string) => {
    if (!/^ir_[0-9a-f]{24}$/.test(ir)) throw invalidRequest([{ field: 'ir', code: 'VAL001', message: 'must be ir_ followed by 24 lowercase hex characters' }], 'request parameter');
  };

  // Identity Records
  app.post(
    '/identity-records',
    {
      onRequest: dataUser,
      schema: {
        summary: 'Create an Identity Record',
        description: 'PII is sealed at rest; the email is kept as a keyed hash (lookup) plus a sealed copy, and shown masked.',
        tags: [TAG],
        security: bearer,
        body: jsonSchema(W.CreateIdentityRecordRequest, 'input'),
        response: { 201: envelopeOf(W.CreateIdentityRecordResponse, 'Created; Location names the record.') },
      },
    },
    async (req, reply) => {
      const { ir, warnings } = await createIdentityRecord(register, actorOf(req), req.body);
      return warn(reply, warnings).code(201).header('location', `${base}/identity-records/${ir}`).send({ response: env(req), ir });
    },
  );
  app.get(
    '/identity-records',
    {
      onRequest: dataUser,
      config: { redactUrl: true },
      schema: { summary: 'Look up own Identity Records by MPxN and/or email', tags: [TAG], security: bearer, querystring: jsonSchema(W.LookupIdentityRecordsQuery, 'input'), response: { 200: envelopeOf(W.LookupIdentityRecordsResponse, 'Matching records of the caller.') } },
    },
    async (req) => {
      const q = query(W.LookupIdentityRecordsQuery, req);
      if (q.mpxn === undefined && q.email === undefined) throw invalidRequest([{ field: 'mpxn', code: 'VAL001', message: 'give mpxn or email (or both)' }], 'query');
      return { response: env(req), 'identity-records': await lookupIdentityRecords(register, actorOf(req), q) };
    },
  );
  app.get<{ Params: { ir: string } }>(
    '/identity-records/:ir',
    {
      onRequest: dataUser,
      schema: { summary: 'Retrieve an Identity Record (creator only)', description: '`?include=history` adds the audit history.', tags: [TAG], security: bearer, params: irParam, querystring: jsonSchema(W.IncludeQuery, 'input'), response: { 200: envelopeOf(W.GetIdentityRecordResponse, 'The record.') } },
    },
    async (req) => {
      checkIr(req.params.ir);
      return { response: env(req), 'identity-record': await getIdentityRecord(register, actorOf(req), req.params.ir, { history: includeHistory(req) }) };
    },
  );
  app.delete<{ Params: { ir: string } }>(
    '/identity-records/:ir',
    {
      onRequest: dataUser,
      schema: { summary: 'Anonymise an Identity Record (GDPR Art. 17)', description: '409 while an ACTIVE Access Record links to it.', tags: [TAG], security: bearer, params: irParam, response: { 200: envelopeOf(W.AnonymiseIdentityRecordResponse, 'Anonymised.') } },
    },
    async (req) => {
      checkIr(req.params.ir);
      const r = await anonymiseIdentityRecord(register, actorOf(req), req.params.ir);
      return { response: env(req), ir: r.ir, 'anonymised-at': r.anonymisedAt };
    },
  );

  // Access Records
  app.post(
    '/access-records',
    {
      onRequest: dataUser,
      schema: {
        summary: 'Register an Access Record',
        description:
          'The access key is returned here once; the register keeps only its keyed hash. The record names its person by exactly one of `record-metadata.identity-record-ref` (an Identity Record of the caller) or top-level `reidentification-token` (cross-Data-User creation: a confirmed re-identification the caller started, spent here; the record then links to a new Identity Record of the caller for that MPxN, without the other record\'s PII, answered as `identity-record-ref`).',
        tags: [TAG],
        security: bearer,
        body: jsonSchema(W.AccessRecord, 'input'),
        response: { 201: envelopeOf(W.RegisterAccessResponse, 'Registered; Location is the verify URL.') },
      },
    },
    async (req, reply) => {
      const r = await createAccessRecord(register, actorOf(req), req.body);
      return warn(reply, r.warnings).code(201).header('cache-control', 'no-store').header('location', `${base}/access-records/${r.ak}`).send({ response: env(req), 'access-token': { key: r.ak, expiry: r.expiry }, ...(r.viaToken ? { 'identity-record-ref': r.ir } : {}) });
    },
  );
  const verifyConfig = { redactUrl: true, ...(verifyRateLimit ? { rateLimit: { max: verifyRateLimit.max, timeWindow: verifyRateLimit.windowMs } } : {}) };
  app.get<{ Params: { ak: string } }>(
    '/access-records/:ak',
    {
      config: verifyConfig,
      schema: {
        summary: 'Verify an Access Record (anyone holding the ak)',
        description: 'The record without PII; for discovered access, the DCC record. `?include=history` adds the audit history. Rate-limited per client.',
        tags: [TAG],
        params: akParam,
        querystring: jsonSchema(W.IncludeQuery, 'input'),
        response: { 200: envelopeOf(W.VerifyAccessResponse, 'The record.') },
      },
    },
    async (req, reply) => {
      const v = await verifyAccessRecord(register, req.params.ak, { history: includeHistory(req) });
      reply.header('cache-control', 'no-store');
      return { response: env(req), ...(v.record ? { 'access-record': v.record } : { 'discovered-access': v.discovered, state: v.state }), ...(v.history ? { history: v.history } : {}) };
    },
  );
  app.put<{ Params: { ak: string } }>(
    '/access-records/:ak',
    {
      onRequest: dataUser,
      config: { redactUrl: true },
      schema: { summary: 'Replace an ACTIVE Access Record (owner)', description: 'The whole payload; ak, created-at and owner kept. 409 unless ACTIVE.', tags: [TAG], security: bearer, params: akParam, body: jsonSchema(W.AccessRecord, 'input'), response: { 200: envelopeOf(W.RegisterAccessResponse, 'Replaced.') } },
    },
    async (req, reply) => {
      const r = await replaceAccessRecord(register, actorOf(req), req.params.ak, req.body);
      return warn(reply, r.warnings).header('cache-control', 'no-store').send({ response: env(req), 'access-token': { key: r.ak, expiry: r.expiry } });
    },
  );
  app.delete<{ Params: { ak: string } }>(
    '/access-records/:ak',
    {
      onRequest: dataUser,
      config: { redactUrl: true },
      schema: { summary: 'Revoke an Access Record (owner)', description: 'REVOKED with revoked-at and an optional reason; fires consent.withdrawal. 409 unless ACTIVE.', tags: [TAG], security: bearer, params: akParam, response: { 200: envelopeOf(W.RevokeAccessResponse, 'Revoked.') } },
    },
    async (req) => {
      const body = parseOrThrow(W.RevokeAccessRequest, req.body ?? {});
      const r = await revokeAccessRecord(register, actorOf(req), req.params.ak, body.reason);
      return { response: env(req), ak: r.ak, 'revoked-at': r.revokedAt };
    },
  );
  app.get<{ Params: { mpxn: string } }>(
    '/meter-points/:mpxn/access-records',
    {
      onRequest: ctx.bearer(['data_user', 'portal']),
      config: { redactUrl: true },
      schema: {
        summary: 'Every Access and Discovered record at a meter point',
        description:
          'For a Data User holding a record there; for a Portal Operator with `reidentification-token` (a confirmed token it started for this MPxN, spent here), which also gets `portal-session` and a `record-ref` per record. Records appear by ak-hint: the ak itself is a secret the register does not keep.',
        tags: [TAG],
        security: bearer,
        params: pathParams({ mpxn: { description: 'MPAN core, full MPAN or MPRN.' } }),
        querystring: jsonSchema(W.PortalListQuery, 'input'),
        response: { 200: envelopeOf(W.ListAccessRecordsResponse, 'The records.') },
      },
    },
    async (req, reply) => {
      const { 'reidentification-token': token, ...q } = query(W.PortalListQuery, req);
      const actor = actorOf(req);
      if (actor.role !== 'portal') {
        const r = await listMeterPoint(register, actor, req.params.mpxn, q);
        return { response: env(req), mpxn: r.mpxn, 'access-records': r.records };
      }
      if (token === undefined) throw invalidRequest([{ field: 'reidentification-token', code: 'VAL001', message: 'is required for the portal role: a confirmed re-identification token for this meter point' }], 'query');
      const key = meterPointKey(validateMpxnParam(req.params.mpxn, 'mpxn', { strictMprn: register.strictMprn }).value);
      const { irs } = await spendToken(register, actor, token, key);
      const session = await openSession(register, register.db, key, irs, 'token');
      const r = await listMeterPoint(register, { ...actor, duid: null }, req.params.mpxn, q, { any: true });
      reply.header('cache-control', 'no-store');
      return { response: env(req), mpxn: r.mpxn, 'access-records': r.records.map((rec, i) => ({ ...rec, 'record-ref': recordRef(register, r.hashes[i]!) })), 'portal-session': { token: session.token, 'expires-at': session.expiresAt, mpxn: session.mpxn } };
    },
  );
  app.get(
    '/records',
    {
      onRequest: dataUser,
      schema: { summary: 'Own records, filtered, newest first, by opaque cursor', tags: [TAG], security: bearer, querystring: jsonSchema(W.OwnRecordsQuery, 'input'), response: { 200: envelopeOf(W.OwnRecordsResponse, 'One page.') } },
    },
    async (req) => {
      const q = query(W.OwnRecordsQuery, req);
      const r = await listOwnRecords(register, actorOf(req), q);
      return { response: env(req), 'access-records': r.records, 'next-cursor': r.nextCursor };
    },
  );

  // Data Users
  app.get<{ Params: { duid: string } }>(
    '/data-users/:duid',
    {
      onRequest: readers,
      schema: { summary: 'A Data User profile and status', description: 'Data Providers and admins read any; a Data User its own.', tags: [TAG], security: bearer, params: pathParams({ duid: { pattern: idPattern('duid'), description: 'Data User id.' } }), response: { 200: envelopeOf(W.GetDataUserResponse, 'The profile.') } },
    },
    async (req) => ({ response: env(req), 'data-user': await getDataUser(register, actorOf(req), req.params.duid) }),
  );

  // DCC feeds
  app.post(
    '/discovered-access',
    {
      onRequest: dcc,
      schema: { summary: 'Submit discovered access (DCC)', description: '201 new; 200 when the same MPxN and organisation-reference update an existing one.', tags: [TAG], security: bearer, body: jsonSchema(W.SubmitDiscoveredAccessRequest, 'input'), response: { 200: envelopeOf(W.SubmitDiscoveredAccessResponse, 'Updated.'), 201: envelopeOf(W.SubmitDiscoveredAccessResponse, 'Recorded.') } },
    },
    async (req, reply) => {
      const r = await submitDiscoveredAccess(register, actorOf(req), req.body);
      if (r.created) reply.code(201).header('location', `${base}/access-records/${r.ak}`);
      return warn(reply, r.warnings).header('cache-control', 'no-store').send({ response: env(req), ak: r.ak, state: r.state });
    },
  );
  app.post(
    '/cot-events',
    {
      onRequest: dcc,
      schema: { summary: 'Submit a Change of Tenancy (DCC)', description: '201 and tenancy.change to every Data User with an ACTIVE record on the MPxN; 200 and no re-fire for a duplicate.', tags: [TAG], security: bearer, body: jsonSchema(W.CotEventRequest, 'input'), response: { 200: envelopeOf(W.CotEventResponse, 'Duplicate.'), 201: envelopeOf(W.CotEventResponse, 'Recorded.') } },
    },
    async (req, reply) => {
      const r = await submitCotEvent(register, actorOf(req), req.body);
      return warn(reply, r.warnings)
        .code(r.created ? 201 : 200)
        .send({ response: env(req), mpxn: r.mpxn, 'effective-date': r.effectiveDate, 'source-reference': r.sourceReference, 'active-records-affected': r.activeRecordsAffected, 'data-users-notified': r.dataUsersNotified });
    },
  );

  // Webhook subscriptions
  app.post(
    '/webhooks',
    {
      onRequest: dataUser,
      schema: { summary: 'Subscribe to webhook events', description: 'The signing secret is returned here once.', tags: [TAG], security: bearer, body: jsonSchema(W.WebhookRegistrationRequest, 'input'), response: { 201: envelopeOf(W.RegisterWebhookResponse, 'Subscribed.') } },
    },
    async (req, reply) => {
      const r = await createSubscription(register, actorOf(req), req.body);
      return reply.code(201).header('cache-control', 'no-store').header('location', `${base}/webhooks/${r.webhook.wid}`).send({ response: env(req), webhook: r.webhook, 'signing-secret': r.secret });
    },
  );
  app.get('/webhooks', { onRequest: dataUser, schema: { summary: 'List own webhook subscriptions', tags: [TAG], security: bearer, response: { 200: envelopeOf(W.ListWebhooksResponse, 'Subscriptions.') } } }, async (req) => ({
    response: env(req),
    webhooks: await listSubscriptions(register, actorOf(req)),
  }));
  app.patch<{ Params: { wid: string } }>(
    '/webhooks/:wid',
    {
      onRequest: dataUser,
      schema: { summary: 'Change a webhook subscription', description: 'Only the given fields; `rotate-secret` returns a new signing secret once.', tags: [TAG], security: bearer, params: widParam, body: jsonSchema(W.WebhookUpdateRequest, 'input'), response: { 200: envelopeOf(W.UpdateWebhookResponse, 'Changed.') } },
    },
    async (req, reply) => {
      const r = await updateSubscription(register, actorOf(req), req.params.wid, req.body);
      if (r.secret) reply.header('cache-control', 'no-store');
      return { response: env(req), webhook: r.webhook, ...(r.secret ? { 'signing-secret': r.secret } : {}) };
    },
  );
  app.delete<{ Params: { wid: string } }>(
    '/webhooks/:wid',
    { onRequest: dataUser, schema: { summary: 'Delete a webhook subscription', description: 'Deliveries already queued still go.', tags: [TAG], security: bearer, params: widParam, response: { 204: { description: 'Deleted.' } } } },
    async (req, reply) => {
      await deleteSubscription(register, actorOf(req), req.params.wid);
      return reply.code(204).send();
    },
  );

  await portalApiRoutes(app, { ctx, register, portal, actorOf, limit: verifyRateLimit ? { max: 30, windowMs: 60_000 } : false });
}
