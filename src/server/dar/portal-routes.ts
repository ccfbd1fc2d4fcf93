// Re-identification, passkeys and the customer portal's API (docs/portal-api.md), under /dar/v1:
// the account routes of api-dar.md (data_user, portal) and the /portal/… routes the page and
// Portal Operators call with a portal session. Thin adapters over src/dar.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, RegisterContext } from '../../dar/index.js';
import { idPattern } from '../../dar/index.js';
import { ownRow } from '../../dar/identity-records.js';
import { credentialsOf, removeCredential } from '../../dar/credentials.js';
import { assertionOptions, assertionVerify, registrationOptions, registrationVerify, type RelyingParty } from '../../dar/passkeys.js';
import { identityExists, pollReidentification, requestMagicLink, startCrossReidentification, startReidentification, type PortalDeps, type Started, type TokenStatus } from '../../dar/reidentify.js';
import { endSession, exchangeLink, portalRecords, removeSessionCredential, sessionOf, withdrawRecord, type PortalSession } from '../../dar/sessions.js';
import { parseOrThrow } from '../../dar/problems.js';
import * as W from '../../dar/wire/index.js';
import type { MailTransport } from '../../mail/transport.js';
import type { ServerContext } from '../context.js';
import { darEnvelope } from '../errors.js';
import { jsonSchema, pathParams } from './schemas.js';

/** How the host runs the portal: where the page is, the WebAuthn relying party, and the mail. */
export interface PortalOptions {
  /** Origin of the portal page (`https://portal.example.com`); default: the request's own origin (development only). */
  origin?: string;
  /** WebAuthn relying-party id (a domain); default: the origin's host name. */
  rpId?: string;
  /** Relying-party name shown by authenticators. */
  rpName?: string;
  mail: MailTransport;
}

export interface PortalRoutesOptions {
  ctx: ServerContext;
  register: RegisterContext;
  portal: PortalOptions;
  actorOf: (req: FastifyRequest) => Actor;
  /** Per-client limit for the unauthenticated POST routes, when the host limits requests. */
  limit: { max: number; windowMs: number } | false;
}

const TAG = 'Customer portal';
const bearer = [{ bearerAuth: [] }] as const;
const out = (schema: Parameters<typeof jsonSchema>[0], description: string) => jsonSchema(schema, 'output', description);
const input = (schema: Parameters<typeof jsonSchema>[0]) => jsonSchema(schema, 'input');

function startedBody(s: Started): Record<string, unknown> {
  return {
    method: s.method,
    ...(s.magicLink ? { 'magic-link': { 'dispatched-to': s.magicLink.dispatchedTo, 'expires-at': s.magicLink.expiresAt, 'token-ref': s.magicLink.tokenRef, ...(s.magicLink.redirectUrl ? { 'redirect-url': s.magicLink.redirectUrl } : {}) } } : {}),
    ...(s.passkey ? { passkey: { 'redirect-url': s.passkey.redirectUrl, 'token-ref': s.passkey.tokenRef, 'expires-at': s.passkey.expiresAt, ...(s.passkey.returnUrl ? { 'return-url': s.passkey.returnUrl } : {}) } } : {}),
  };
}

const statusBody = (t: TokenStatus) => ({ method: t.method, status: t.status, ...(t.confirmedAt ? { 'confirmed-at': t.confirmedAt } : {}), 'expires-at': t.expiresAt, used: t.used });
const sessionBody = (s: { token: string; expiresAt: string; mpxn: string }) => ({ session: { token: s.token, 'expires-at': s.expiresAt, mpxn: s.mpxn } });

/** The bearer of a portal session (`Authorization: Bearer pst_…`). */
function sessionToken(req: FastifyRequest): string | undefined {
  const m = /^Bearer +(pst_[0-9a-f]{48}) *$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** Registers the routes on the DAR plugin (the caller's validator and error handling apply). */
export async function portalApiRoutes(app: FastifyInstance, { ctx, register, portal, actorOf, limit }: PortalRoutesOptions): Promise<void> {
  const base = ctx.prefixes.dar;
  const dataUser = ctx.bearer(['data_user']);
  const dataUserOrPortal = ctx.bearer(['data_user', 'portal']);
  const initiators = ctx.bearer(['data_user', 'portal']);
  const deps: PortalDeps = {
    mail: portal.mail,
    onMail: (r, transport) => app.log.info({ mail: { transport, id: r.id, ...(r.path ? { file: r.path } : {}) } }, 'portal mail sent (the link is in the message, never in this log)'),
    onMailError: (err, transport) => app.log.error({ mail: { transport, code: (err as { code?: string }).code ?? 'MAIL_FAILED' } }, 'portal mail not sent'),
  };
  const originOf = (req: FastifyRequest) => (portal.origin ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
  const rpOf = (req: FastifyRequest): RelyingParty => {
    const origin = originOf(req);
    return { origin, id: portal.rpId ?? new URL(origin).hostname, name: portal.rpName ?? 'LTDS Data Access Register' };
  };
  const session = (req: FastifyRequest): Promise<PortalSession> => sessionOf(register, sessionToken(req));
  const env = (req: FastifyRequest) => darEnvelope(req);
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
  const limited = { redactUrl: false, ...(limit ? { rateLimit: { max: limit.max, timeWindow: limit.windowMs } } : {}) };
  const irParam = { ir: { pattern: idPattern('ir'), description: 'Identity Record key.' } };
  const tokenParam = { tokenRef: { pattern: idPattern('mlr'), description: 'Re-identification token reference.' } };
  const credParam = { credentialId: { pattern: idPattern('cred'), description: 'Passkey credential id.' } };
  const body = <S extends Parameters<typeof parseOrThrow>[0]>(schema: S, req: FastifyRequest) => parseOrThrow(schema, req.body ?? {});

  // Re-identification by the accounts (api-dar.md).
  app.post<{ Params: { ir: string } }>(
    '/identity-records/:ir/re-identify',
    {
      onRequest: dataUser,
      schema: { summary: 'Start re-identifying the person behind an Identity Record', description: 'Magic link (mailed; 15 min) or passkey (a redirect to the portal page). The token is valid 1 h, single-use, and only this account may poll it. 409 anonymised; 422 when the record lacks the factor.', tags: [TAG], security: bearer, params: pathParams(irParam), body: input(W.ReIdentifyRequest), response: { 201: out(W.ReIdentifyResponse, 'Started; Location is the poll URL.') } },
    },
    async (req, reply) => {
      const s = await startReidentification(register, deps, actorOf(req), req.params.ir, body(W.ReIdentifyRequest, req), originOf(req));
      return noStore(reply).code(201).header('location', `${base}/identity-records/${req.params.ir}/re-identify/${s.tokenRef}`).send({ response: env(req), ...startedBody(s) });
    },
  );
  app.get<{ Params: { ir: string; tokenRef: string } }>(
    '/identity-records/:ir/re-identify/:tokenRef',
    { onRequest: dataUser, schema: { summary: 'Poll a re-identification (initiator only)', tags: [TAG], security: bearer, params: pathParams({ ...irParam, ...tokenParam }), response: { 200: out(W.ReIdentifyStatusResponse, 'Its status.') } } },
    async (req) => ({ response: env(req), ...statusBody(await pollReidentification(register, actorOf(req), req.params.tokenRef, req.params.ir)) }),
  );
  app.get(
    '/identity-records/exists',
    { onRequest: dataUserOrPortal, schema: { summary: 'Whether any Data User holds an Identity Record for an MPxN', description: 'And the re-identification methods available; no ir, no PII.', tags: [TAG], security: bearer, querystring: input(W.ExistsQuery), response: { 200: out(W.ExistsResponse, 'The answer.') } } },
    async (req) => {
      const q = parseOrThrow(W.ExistsQuery, req.query ?? {}, undefined, 'query');
      return { response: env(req), mpxn: q.mpxn, ...(await identityExists(register, q.mpxn)) };
    },
  );
  app.post(
    '/identity-records/reidentify',
    { onRequest: initiators, schema: { summary: 'Start re-identification across Data Users, by MPxN', description: 'magic-link (to a record at the MPxN with an email; with `email`, only that one) or passkey-assert (any passkey of a record at the MPxN).', tags: [TAG], security: bearer, body: input(W.CrossReIdentifyRequest), response: { 201: out(W.ReIdentifyResponse, 'Started; Location is the poll URL.') } } },
    async (req, reply) => {
      const s = await startCrossReidentification(register, deps, actorOf(req), body(W.CrossReIdentifyRequest, req), originOf(req));
      return noStore(reply).code(201).header('location', `${base}/identity-records/reidentify/${s.tokenRef}`).send({ response: env(req), ...startedBody(s) });
    },
  );
  app.get<{ Params: { tokenRef: string } }>(
    '/identity-records/reidentify/:tokenRef',
    { onRequest: initiators, schema: { summary: 'Poll a cross-Data-User re-identification (initiator only)', tags: [TAG], security: bearer, params: pathParams(tokenParam), response: { 200: out(W.ReIdentifyStatusResponse, 'Its status.') } } },
    async (req) => ({ response: env(req), ...statusBody(await pollReidentification(register, actorOf(req), req.params.tokenRef, null)) }),
  );
  app.delete<{ Params: { ir: string; credentialId: string } }>(
    '/identity-records/:ir/credentials/:credentialId',
    { onRequest: dataUser, schema: { summary: 'Remove a passkey credential of an Identity Record (creator)', tags: [TAG], security: bearer, params: pathParams({ ...irParam, ...credParam }), response: { 204: { description: 'Removed.' } } } },
    async (req, reply) => {
      await ownRow(register, actorOf(req), req.params.ir);
      await removeCredential(register, [req.params.ir], req.params.credentialId, actorOf(req).accountId);
      return reply.code(204).send();
    },
  );

  // The portal page (and Portal Operators with a session).
  app.post(
    '/portal/magic-link',
    { config: limited, schema: { summary: 'Ask for a magic link (portal page)', description: 'Always 202: a mail goes only when a record at the MPxN has that email (nothing says whether one has).', tags: [TAG], body: input(W.MagicLinkRequest), response: { 202: out(W.MagicLinkAccepted, 'Accepted.') } } },
    async (req, reply) => {
      const r = await requestMagicLink(register, deps, body(W.MagicLinkRequest, req), originOf(req));
      return noStore(reply).code(202).send({ response: env(req), 'expires-at': r.expiresAt, message: 'If a record at this meter point has this email, a link is on its way; it works once, for 15 minutes.' });
    },
  );
  app.post(
    '/portal/session',
    { config: limited, schema: { summary: 'Exchange a magic link for a portal session', description: '410 when the link expired or was used.', tags: [TAG], body: input(W.LinkExchangeRequest), response: { 201: out(W.PortalSessionResponse, 'A session (30 min, one meter point).') } } },
    async (req, reply) => noStore(reply).code(201).send({ response: env(req), ...sessionBody(await exchangeLink(register, body(W.LinkExchangeRequest, req).link)) }),
  );
  app.delete('/portal/session', { schema: { summary: 'End the portal session', tags: [TAG], security: bearer, response: { 204: { description: 'Ended.' } } } }, async (req, reply) => {
    await endSession(register, await session(req));
    return reply.code(204).send();
  });
  app.get('/portal/records', { schema: { summary: 'Every record at the session’s meter point, and its passkeys', tags: [TAG], security: bearer, response: { 200: out(W.PortalRecordsResponse, 'The records.') } } }, async (req, reply) => {
    const r = await portalRecords(register, await session(req));
    return noStore(reply).send({ response: env(req), mpxn: r.mpxn, 'access-records': r.records, credentials: r.credentials });
  });
  app.post<{ Params: { recordRef: string } }>(
    '/portal/records/:recordRef/withdraw',
    { schema: { summary: 'Withdraw consent: revoke an ACTIVE consent-based record', description: 'Fires consent.withdrawal to the Data User. 409 unless ACTIVE and consent-based.', tags: [TAG], security: bearer, params: pathParams({ recordRef: { pattern: '^rec_[0-9a-f]{24}$', description: 'The record reference from GET /portal/records.' } }), body: input(W.WithdrawRequest), response: { 200: out(W.WithdrawResponse, 'Withdrawn.') } } },
    async (req) => {
      const s = await session(req);
      const r = await withdrawRecord(register, s, req.params.recordRef, body(W.WithdrawRequest, req).reason);
      return { response: env(req), 'record-ref': r.ref, state: 'REVOKED', 'revoked-at': r.revokedAt };
    },
  );
  app.post(
    '/portal/passkeys/register/options',
    { config: limited, schema: { summary: 'WebAuthn registration options (portal session, or a passkey-register ceremony)', tags: [TAG], body: input(W.PasskeyOptionsRequest), response: { 200: out(W.PasskeyOptionsResponse, 'Options for startRegistration.') } } },
    async (req, reply) => {
      const b = body(W.PasskeyOptionsRequest, req);
      const s = b.ceremony === undefined ? await session(req) : undefined;
      const r = await registrationOptions(register, rpOf(req), { session: s, ceremony: b.ceremony });
      return noStore(reply).send({ response: env(req), 'challenge-id': r.challengeId, options: r.options });
    },
  );
  app.post(
    '/portal/passkeys/register/verify',
    { config: limited, schema: { summary: 'Verify a WebAuthn registration; stores the passkey on the Identity Record', tags: [TAG], body: input(W.PasskeyVerifyRequest), response: { 201: out(W.CredentialResponse, 'Registered.') } } },
    async (req, reply) => {
      const b = body(W.PasskeyVerifyRequest, req);
      const token = sessionToken(req);
      const s = token ? await session(req) : undefined;
      return reply.code(201).send({ response: env(req), credential: await registrationVerify(register, rpOf(req), { session: s }, b['challenge-id'], b.response) });
    },
  );
  app.post(
    '/portal/passkeys/assert/options',
    { config: limited, schema: { summary: 'WebAuthn assertion options (discoverable credentials)', tags: [TAG], body: input(W.PasskeyOptionsRequest), response: { 200: out(W.PasskeyOptionsResponse, 'Options for startAuthentication.') } } },
    async (req, reply) => {
      const b = body(W.PasskeyOptionsRequest, req);
      const r = await assertionOptions(register, rpOf(req), b);
      return noStore(reply).send({ response: env(req), 'challenge-id': r.challengeId, options: r.options });
    },
  );
  app.post(
    '/portal/passkeys/assert/verify',
    { config: limited, schema: { summary: 'Verify a WebAuthn assertion: a portal session', tags: [TAG], body: input(W.PasskeyVerifyRequest), response: { 201: out(W.PortalSessionResponse, 'A session (30 min, one meter point).') } } },
    async (req, reply) => {
      const b = body(W.PasskeyVerifyRequest, req);
      return noStore(reply).code(201).send({ response: env(req), ...sessionBody(await assertionVerify(register, rpOf(req), b['challenge-id'], b.response)) });
    },
  );
  app.get('/portal/credentials', { schema: { summary: 'The passkeys of the session’s records', tags: [TAG], security: bearer, response: { 200: out(W.CredentialsResponse, 'Passkeys.') } } }, async (req) => ({
    response: env(req),
    credentials: await credentialsOf(register.db, (await session(req)).irs),
  }));
  app.delete<{ Params: { credentialId: string } }>(
    '/portal/credentials/:credentialId',
    { schema: { summary: 'Remove one of the session’s passkeys', tags: [TAG], security: bearer, params: pathParams(credParam), response: { 204: { description: 'Removed.' } } } },
    async (req, reply) => {
      await removeSessionCredential(register, await session(req), req.params.credentialId);
      return reply.code(204).send();
    },
  );
}
