// Passkeys (WebAuthn, through @simplewebauthn/server): registration onto an Identity Record and
// assertion that proves the person and opens a portal session. Challenges are single-use and live
// five minutes; the relying party (id, name, expected origin) comes from the host's configuration.

import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse, type AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { LtdsError } from '../errors/index.js';
import { forbidden, iso, notFound, type RegisterContext } from './context.js';
import { summaryOfCredential } from './credentials.js';
import { newDarId } from './ids.js';
import { meterPointKey } from './mpxn.js';
import { confirmToken, tokenExpired, tokenUsed } from './reidentify.js';
import { openSession, type PortalSession } from './sessions.js';
import { identitySubject, recordAudit } from './audit.js';
import type { DarChallengesTable, DarReidentificationsTable, DarTables } from './store/tables.js';
import { validateMpxnParam } from './validate.js';
import type { PasskeyCredentialSummary } from './wire/index.js';

export const CHALLENGE_TTL_MS = 5 * 60_000;

/** The relying party the browser talks to: its id (a domain), display name and the page's origin. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

const refused = (why: string) => new LtdsError('DAR_PASSKEY_REFUSED', `passkey refused: ${why}`, {});

/** The pending passkey token a ceremony secret names (404 unknown; 410 expired or used). */
async function ceremonyToken(ctx: RegisterContext, ceremony: string, method: string): Promise<DarReidentificationsTable> {
  const row = await ctx.db.selectFrom('dar_reidentifications').selectAll().where('ceremony_hash', '=', ctx.keys.secretHash('ceremony', ceremony)).executeTakeFirst();
  if (!row || row.method !== method) throw notFound(`${method} ceremony`, '(not one this register started)');
  if (row.status !== 'pending') throw tokenUsed(`${method} ceremony`);
  if (iso(ctx.now()) > row.expires_at) throw tokenExpired(`${method} ceremony`, row.expires_at);
  return row;
}

async function saveChallenge(ctx: RegisterContext, c: Omit<DarChallengesTable, 'challenge_id' | 'created_at' | 'expires_at' | 'used_at'>): Promise<string> {
  const id = newDarId('chl');
  const now = ctx.now();
  await ctx.db.insertInto('dar_challenges').values({ ...c, challenge_id: id, created_at: iso(now), expires_at: iso(new Date(now.getTime() + CHALLENGE_TTL_MS)), used_at: null }).execute();
  return id;
}

/** Takes a challenge once: 404 unknown or of another kind, 410 used or expired. */
async function spendChallenge(ctx: RegisterContext, id: string, kind: string): Promise<DarChallengesTable> {
  const row = await ctx.db.selectFrom('dar_challenges').selectAll().where('challenge_id', '=', id).executeTakeFirst();
  if (!row || row.kind !== kind) throw notFound('passkey challenge', id);
  const now = iso(ctx.now());
  if (row.used_at) throw tokenUsed('passkey challenge');
  if (now > row.expires_at) throw tokenExpired('passkey challenge', row.expires_at);
  const res = await ctx.db.updateTable('dar_challenges').set({ used_at: now }).where('challenge_id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw tokenUsed('passkey challenge');
  return row;
}

/** Who may register: a portal session (onto its first record) or a Data User's passkey-register ceremony. */
export async function registrationOptions(ctx: RegisterContext, rp: RelyingParty, by: { session?: PortalSession; ceremony?: string }): Promise<{ challengeId: string; options: Record<string, unknown> }> {
  let ir: string;
  let tokenRef: string | null = null;
  if (by.ceremony !== undefined) {
    const t = await ceremonyToken(ctx, by.ceremony, 'passkey-register');
    ir = t.ir!;
    tokenRef = t.token_ref;
  } else if (by.session) {
    const first = by.session.irs[0];
    if (first === undefined) throw new LtdsError('DAR_PORTAL_SESSION', 'portal session refused: the session holds no identity record to register a passkey onto', {});
    ir = first;
  } else {
    throw new LtdsError('DAR_PORTAL_SESSION', 'portal session refused: registering a passkey needs a portal session (or the ceremony of a passkey-register redirect)', {});
  }
  const record = await ctx.db.selectFrom('dar_identity_records').select(['mpxn_key', 'anonymised_at']).where('ir', '=', ir).executeTakeFirst();
  if (!record || record.anonymised_at || !record.mpxn_key) throw notFound('identity record', ir);
  const existing = await ctx.db.selectFrom('dar_credentials').select(['webauthn_id', 'transports_json']).where('ir', '=', ir).execute();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: `meter point …${record.mpxn_key.slice(-4)}`,
    userDisplayName: `Smart-meter data, meter point ending ${record.mpxn_key.slice(-4)}`,
    userID: isoUint8Array.fromUTF8String(ir),
    attestationType: 'none',
    timeout: CHALLENGE_TTL_MS,
    excludeCredentials: existing.map((c) => ({ id: c.webauthn_id, transports: JSON.parse(c.transports_json) as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const challengeId = await saveChallenge(ctx, { kind: 'register', challenge: options.challenge, ir, mpxn_key: record.mpxn_key, token_ref: tokenRef, session_hash: by.session?.hash ?? null });
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

/** Verifies a registration and stores the credential on the record; confirms the ceremony's token. */
export async function registrationVerify(ctx: RegisterContext, rp: RelyingParty, by: { session?: PortalSession }, challengeId: string, response: Record<string, unknown>): Promise<PasskeyCredentialSummary> {
  const c = await spendChallenge(ctx, challengeId, 'register');
  // The challenge is bound to whoever asked for it: the same session, or the ceremony (no session).
  if (c.session_hash !== null && c.session_hash !== by.session?.hash) throw forbidden('this passkey challenge was issued to another portal session');
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response: response as never, expectedChallenge: c.challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false });
  } catch (err) {
    throw refused((err as Error).message);
  }
  if (!verified.verified) throw refused('the registration did not verify');
  const cred = verified.registrationInfo.credential;
  const at = iso(ctx.now());
  const row = {
    credential_id: newDarId('cred'),
    ir: c.ir!,
    webauthn_id: cred.id,
    public_key: isoBase64URL.fromBuffer(cred.publicKey),
    counter: cred.counter,
    transports_json: JSON.stringify(cred.transports ?? []),
    registered_at: at,
  };
  await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const dup = await db.selectFrom('dar_credentials').select(['credential_id']).where('webauthn_id', '=', cred.id).executeTakeFirst();
    if (dup) throw refused('this authenticator credential is already registered');
    await db.insertInto('dar_credentials').values(row).execute();
    await recordAudit(db, { subject: identitySubject(row.ir), action: 'credential-added', at, by: 'portal', detail: { 'credential-id': row.credential_id } });
    if (c.token_ref) await confirmToken(db, c.token_ref, at);
  });
  return summaryOfCredential(row);
}

/** Options for an assertion: discoverable credentials (no list, so nothing says whether the MPxN has any). */
export async function assertionOptions(ctx: RegisterContext, rp: RelyingParty, by: { mpxn?: string; ceremony?: string }): Promise<{ challengeId: string; options: Record<string, unknown> }> {
  let tokenRef: string | null = null;
  let mpxnKey: string | null = by.mpxn === undefined ? null : meterPointKey(validateMpxnParam(by.mpxn, 'mpxn', { strictMprn: ctx.strictMprn }).value);
  let ir: string | null = null;
  if (by.ceremony !== undefined) {
    const t = await ceremonyToken(ctx, by.ceremony, 'passkey-assert');
    tokenRef = t.token_ref;
    mpxnKey = t.mpxn_key;
    ir = t.ir;
  }
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'preferred', timeout: CHALLENGE_TTL_MS });
  const challengeId = await saveChallenge(ctx, { kind: 'assert', challenge: options.challenge, ir, mpxn_key: mpxnKey, token_ref: tokenRef, session_hash: null });
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

/** Verifies an assertion: a portal session on the credential's meter point; confirms the ceremony's token. */
export async function assertionVerify(ctx: RegisterContext, rp: RelyingParty, challengeId: string, response: Record<string, unknown>): Promise<{ token: string; expiresAt: string; mpxn: string }> {
  const c = await spendChallenge(ctx, challengeId, 'assert');
  const id = typeof response.id === 'string' ? response.id : '';
  const cred = await ctx.db.selectFrom('dar_credentials').selectAll().where('webauthn_id', '=', id).executeTakeFirst();
  if (!cred) throw refused('the credential is not registered with this register');
  const record = await ctx.db.selectFrom('dar_identity_records').select(['mpxn_key', 'anonymised_at']).where('ir', '=', cred.ir).executeTakeFirst();
  if (!record || record.anonymised_at || !record.mpxn_key) throw refused('the credential belongs to an anonymised record');
  if (c.mpxn_key !== null && c.mpxn_key !== record.mpxn_key) throw refused('the credential is not for this meter point');
  if (c.ir !== null && c.ir !== cred.ir) throw refused('the credential is not on the identity record being re-identified');
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: response as never,
      expectedChallenge: c.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: cred.webauthn_id, publicKey: isoBase64URL.toBuffer(cred.public_key), counter: Number(cred.counter), transports: JSON.parse(cred.transports_json) as AuthenticatorTransportFuture[] },
      requireUserVerification: false,
    });
  } catch (err) {
    throw refused((err as Error).message);
  }
  if (!verified.verified) throw refused('the assertion did not verify');
  const at = iso(ctx.now());
  const mpxnKey = record.mpxn_key;
  return ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    await db.updateTable('dar_credentials').set({ counter: verified.authenticationInfo.newCounter }).where('credential_id', '=', cred.credential_id).execute();
    if (c.token_ref) await confirmToken(db, c.token_ref, at);
    await recordAudit(db, { subject: identitySubject(cred.ir), action: 'reidentified', at, by: 'portal', detail: { method: 'passkey-assert', 'credential-id': cred.credential_id, ...(c.token_ref ? { 'token-ref': c.token_ref } : {}) } });
    return openSession(ctx, db, mpxnKey, [cred.ir], 'passkey');
  });
}
