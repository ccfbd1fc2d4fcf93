// Re-identification (api-dar.md): a Data User or Portal Operator asks the person to prove it is
// them — by a magic link mailed to the record's email, or by a passkey — and polls a token (`mlr_`)
// that is valid one hour, single-use and bound to the account that started it. The person does the
// proving on the portal page; a confirmed proof also gives them a portal session (sessions.ts).

import { randomBytes } from 'node:crypto';
import type { MailTransport, MailReceipt } from '../mail/transport.js';
import { LtdsError } from '../errors/index.js';
import { conflict, forbidden, iso, notFound, type Actor, type DarDb, type RegisterContext } from './context.js';
import { newDarId, isDarId } from './ids.js';
import { ownRow } from './identity-records.js';
import { maskEmail } from './keys.js';
import { meterPointKey } from './mpxn.js';
import { invalidRequest } from './problems.js';
import { validateMpxnParam } from './validate.js';
import type { DarIdentityRecordsTable, DarReidentificationsTable } from './store/tables.js';
import type { ReIdentifyMethod } from './wire/index.js';

/** A re-identification token lives one hour; a magic link 15 minutes. */
export const TOKEN_TTL_MS = 3_600_000;
export const LINK_TTL_MS = 15 * 60_000;

/** What re-identification needs beyond the register: where the portal page is, and how mail leaves. */
export interface PortalDeps {
  mail: MailTransport;
  /** Told of every mail sent (the host logs where it went: never the link, never the address). */
  onMail?: (receipt: MailReceipt, transport: string) => void;
  /** Told of a mail that failed in the background (the page's own magic-link request). */
  onMailError?: (err: unknown, transport: string) => void;
}

export const tokenExpired = (what: string, at: string) => new LtdsError('DAR_TOKEN_EXPIRED', `the ${what} expired at ${at}; start again`, { what, 'expired-at': at });
export const tokenUsed = (what: string) => new LtdsError('DAR_TOKEN_USED', `the ${what} was already used (it is single-use); start again`, { what });
const factorMissing = (message: string, method: string) => new LtdsError('DAR_FACTOR_MISSING', message, { method });

/** A fresh secret for a link or ceremony: 32 random bytes, base64url (43 characters). */
export const newSecret = () => randomBytes(32).toString('base64url');

export interface StartBody {
  method: ReIdentifyMethod;
  'redirect-url'?: string;
  'passkey-return-url'?: string;
}

export interface Started {
  tokenRef: string;
  method: ReIdentifyMethod;
  magicLink?: { dispatchedTo: string; expiresAt: string; tokenRef: string; redirectUrl?: string };
  passkey?: { redirectUrl: string; tokenRef: string; expiresAt: string; returnUrl?: string };
}

/** The live (not anonymised) Identity Records of every Data User at a meter point, newest first. */
export async function recordsAt(db: DarDb, mpxnKey: string): Promise<DarIdentityRecordsTable[]> {
  return db.selectFrom('dar_identity_records').selectAll().where('mpxn_key', '=', mpxnKey).where('anonymised_at', 'is', null).orderBy('created_at', 'desc').orderBy('ir').execute();
}

async function credentialCount(db: DarDb, irs: readonly string[]): Promise<number> {
  if (irs.length === 0) return 0;
  const r = await db.selectFrom('dar_credentials').select((eb) => eb.fn.countAll<string | number>().as('n')).where('ir', 'in', irs).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The plain-text mail of a magic link. */
function magicLinkMail(link: string, mpxnKey: string, expiresAt: string): { subject: string; text: string } {
  return {
    subject: 'Your link to see who can access your smart-meter data',
    text: [
      'Hello,',
      '',
      `You (or a company acting for you) asked to see who has access to the smart-meter data of meter point ending ${mpxnKey.slice(-4)}.`,
      '',
      'Open this link to see the records and withdraw consent you no longer want to give:',
      '',
      link,
      '',
      `The link works once, until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC (15 minutes).`,
      'If you did not ask for it, ignore this mail: nothing changes.',
      '',
    ].join('\n'),
  };
}

/**
 * Sends the magic link of a new token to the sealed email of `row`. In the background (the
 * portal page's own request, which must answer alike whether or not a mail goes) a failure is
 * reported to `onMailError` instead of failing the request.
 */
async function mailLink(ctx: RegisterContext, deps: PortalDeps, row: DarIdentityRecordsTable, origin: string, expiresAt: string, background: boolean): Promise<{ linkHash: string; to: string }> {
  const email = ctx.keys.open(row.email_sealed!, `email:${row.ir}`);
  const secret = newSecret();
  const link = `${origin}/portal#link=${secret}`;
  const sending = deps.mail.send({ to: email, ...magicLinkMail(link, row.mpxn_key!, expiresAt) }).then((receipt) => deps.onMail?.(receipt, deps.mail.describe));
  if (background) sending.catch((err: unknown) => deps.onMailError?.(err, deps.mail.describe));
  else await sending;
  return { linkHash: ctx.keys.secretHash('link', secret), to: email };
}

interface Target {
  /** The record the proof is for (null: any live record at the meter point, for a cross-Data-User passkey). */
  ir: DarIdentityRecordsTable | null;
  mpxnKey: string;
  method: ReIdentifyMethod;
}

/** Writes the token row, mails the link or makes the ceremony, and says what the initiator gets back. */
async function begin(ctx: RegisterContext, deps: PortalDeps, initiator: string | null, target: Target, body: StartBody, origin: string, background = false): Promise<Started> {
  const now = ctx.now();
  const tokenRef = newDarId('mlr');
  const expiresAt = iso(new Date(now.getTime() + TOKEN_TTL_MS));
  let linkHash: string | null = null;
  let linkExpiresAt: string | null = null;
  let ceremonyHash: string | null = null;
  let started: Started;
  if (target.method === 'magic-link') {
    linkExpiresAt = iso(new Date(now.getTime() + LINK_TTL_MS));
    const sent = await mailLink(ctx, deps, target.ir!, origin, linkExpiresAt, background);
    linkHash = sent.linkHash;
    started = { tokenRef, method: target.method, magicLink: { dispatchedTo: maskEmail(sent.to), expiresAt: linkExpiresAt, tokenRef, ...(body['redirect-url'] ? { redirectUrl: body['redirect-url'] } : {}) } };
  } else {
    const ceremony = newSecret();
    ceremonyHash = ctx.keys.secretHash('ceremony', ceremony);
    const redirectUrl = `${origin}/portal#ceremony=${ceremony}&method=${target.method}`;
    const returnUrl = body['passkey-return-url'] ?? body['redirect-url'];
    started = { tokenRef, method: target.method, passkey: { redirectUrl, tokenRef, expiresAt, ...(returnUrl ? { returnUrl } : {}) } };
  }
  await ctx.db
    .insertInto('dar_reidentifications')
    .values({
      token_ref: tokenRef,
      method: target.method,
      ir: target.ir?.ir ?? null,
      mpxn_key: target.mpxnKey,
      initiator,
      status: 'pending',
      link_hash: linkHash,
      link_expires_at: linkExpiresAt,
      ceremony_hash: ceremonyHash,
      redirect_url: body['redirect-url'] ?? null,
      return_url: body['passkey-return-url'] ?? null,
      created_at: iso(now),
      expires_at: expiresAt,
      confirmed_at: null,
      used_at: null,
    })
    .execute();
  return started;
}

/** `POST /identity-records/{ir}/re-identify`: the creator asks the person behind one record. */
export async function startReidentification(ctx: RegisterContext, deps: PortalDeps, actor: Actor, ir: string, body: StartBody, origin: string): Promise<Started> {
  const row = await ownRow(ctx, actor, ir);
  if (row.anonymised_at || !row.mpxn_key) throw conflict(`identity record ${ir} was anonymised at ${row.anonymised_at}; it cannot be re-identified`, { ir });
  if (body.method === 'magic-link' && !row.email_sealed) throw factorMissing(`identity record ${ir} has no email, so no magic link can be sent; use a passkey or add the email to a new record`, body.method);
  if (body.method === 'passkey-assert' && (await credentialCount(ctx.db, [ir])) === 0) throw factorMissing(`identity record ${ir} has no passkey; start passkey-register first`, body.method);
  return begin(ctx, deps, actor.accountId, { ir: row, mpxnKey: row.mpxn_key, method: body.method }, body, origin);
}

/** `POST /identity-records/reidentify`: across every Data User's records at a meter point. */
export async function startCrossReidentification(ctx: RegisterContext, deps: PortalDeps, actor: Actor, body: StartBody & { mpxn: string; email?: string }, origin: string): Promise<Started> {
  const mpxnKey = meterPointKey(validateMpxnParam(body.mpxn, 'mpxn', { strictMprn: ctx.strictMprn }).value);
  if (body.method === 'passkey-register') throw invalidRequest([{ field: 'method', code: 'VAL001', message: 'passkey-register needs one Identity Record: use POST /identity-records/{ir}/re-identify' }]);
  const rows = await recordsAt(ctx.db, mpxnKey);
  if (rows.length === 0) throw notFound('identity record at meter point', body.mpxn);
  if (body.method === 'magic-link') {
    const wanted = body.email === undefined ? undefined : ctx.keys.emailHash(body.email);
    const withEmail = rows.filter((r) => r.email_sealed && (wanted === undefined || r.email_hash === wanted));
    if (withEmail.length === 0) throw factorMissing(body.email === undefined ? 'no identity record at this meter point has an email' : 'no identity record at this meter point has that email', body.method);
    return begin(ctx, deps, actor.accountId, { ir: withEmail[0]!, mpxnKey, method: body.method }, body, origin);
  }
  if ((await credentialCount(ctx.db, rows.map((r) => r.ir))) === 0) throw factorMissing('no identity record at this meter point has a passkey', body.method);
  return begin(ctx, deps, actor.accountId, { ir: null, mpxnKey, method: body.method }, body, origin);
}

/** The portal page's own magic link: sent only when a live record at the MPxN has that email. */
export async function requestMagicLink(ctx: RegisterContext, deps: PortalDeps, body: { mpxn: string; email: string }, origin: string): Promise<{ expiresAt: string }> {
  const mpxnKey = meterPointKey(validateMpxnParam(body.mpxn, 'mpxn', { strictMprn: ctx.strictMprn }).value);
  const hash = ctx.keys.emailHash(body.email);
  const match = (await recordsAt(ctx.db, mpxnKey)).find((r) => r.email_hash === hash && r.email_sealed);
  if (!match) return { expiresAt: iso(new Date(ctx.now().getTime() + LINK_TTL_MS)) };
  // The mail leaves in the background, so the answer takes as long whether or not a record matched.
  const started = await begin(ctx, deps, null, { ir: match, mpxnKey, method: 'magic-link' }, { method: 'magic-link' }, origin, true);
  return { expiresAt: started.magicLink!.expiresAt };
}

/** The token an account started (404 unknown; 403 another account's; wrong record or route 404). */
async function initiatedRow(ctx: RegisterContext, actor: Actor, tokenRef: string, ir: string | null): Promise<DarReidentificationsTable> {
  if (!isDarId('mlr', tokenRef)) throw invalidRequest([{ field: 'tokenRef', code: 'VAL001', message: 'must be mlr_ followed by 24 lowercase hex characters' }], 'request parameter');
  const row = await ctx.db.selectFrom('dar_reidentifications').selectAll().where('token_ref', '=', tokenRef).executeTakeFirst();
  if (!row || (ir !== null && row.ir !== ir)) throw notFound('re-identification token', tokenRef);
  if (row.initiator !== actor.accountId) throw new LtdsError('DAR_NOT_INITIATOR', `re-identification token ${tokenRef} was started by another account; only its initiator may use it`, { tokenRef });
  return row;
}

export interface TokenStatus {
  method: ReIdentifyMethod;
  status: 'pending' | 'confirmed' | 'expired';
  confirmedAt?: string;
  expiresAt: string;
  used: boolean;
}

/** Poll: pending until the person proves it, confirmed after; expired past the hour (or an unopened link past 15 minutes). */
export async function pollReidentification(ctx: RegisterContext, actor: Actor, tokenRef: string, ir: string | null): Promise<TokenStatus> {
  const row = await initiatedRow(ctx, actor, tokenRef, ir);
  const now = iso(ctx.now());
  const lapsed = row.status === 'pending' ? now > row.expires_at || (row.link_expires_at !== null && now > row.link_expires_at) : row.status === 'confirmed' && now > row.expires_at;
  const status = lapsed ? 'expired' : row.status === 'pending' ? 'pending' : 'confirmed';
  return { method: row.method as ReIdentifyMethod, status, ...(row.confirmed_at ? { confirmedAt: row.confirmed_at } : {}), expiresAt: row.expires_at, used: row.status === 'used' };
}

/**
 * Spends a confirmed token of the calling account for a meter point (single use): the Portal
 * Operator's way to the records. Returns the records the proof covers.
 */
export async function spendToken(ctx: RegisterContext, actor: Actor, tokenRef: string, mpxnKey: string): Promise<{ irs: string[] }> {
  const row = await initiatedRow(ctx, actor, tokenRef, null);
  const now = iso(ctx.now());
  if (row.status === 'used') throw tokenUsed('re-identification token');
  if (now > row.expires_at) throw tokenExpired('re-identification token', row.expires_at);
  if (row.status !== 'confirmed') throw conflict(`re-identification token ${tokenRef} is not confirmed yet: the person has not opened the link or used the passkey`, { status: row.status });
  if (row.mpxn_key !== mpxnKey) throw forbidden(`re-identification token ${tokenRef} is for another meter point`);
  const res = await ctx.db.updateTable('dar_reidentifications').set({ status: 'used', used_at: now }).where('token_ref', '=', tokenRef).where('status', '=', 'confirmed').executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw tokenUsed('re-identification token');
  return { irs: row.ir ? [row.ir] : (await recordsAt(ctx.db, mpxnKey)).map((r) => r.ir) };
}

/** Marks a pending token confirmed (the person proved it on the page). */
export async function confirmToken(db: DarDb, tokenRef: string, at: string): Promise<void> {
  await db.updateTable('dar_reidentifications').set({ status: 'confirmed', confirmed_at: at }).where('token_ref', '=', tokenRef).where('status', '=', 'pending').execute();
}

/** `GET /identity-records/exists`: whether any Data User holds a live record at the MPxN, and the methods it supports. */
export async function identityExists(ctx: RegisterContext, mpxn: string): Promise<{ exists: boolean; methods: ReIdentifyMethod[] }> {
  const mpxnKey = meterPointKey(validateMpxnParam(mpxn, 'mpxn', { strictMprn: ctx.strictMprn }).value);
  const rows = await recordsAt(ctx.db, mpxnKey);
  const methods: ReIdentifyMethod[] = [];
  if (rows.some((r) => r.email_sealed)) methods.push('magic-link');
  if ((await credentialCount(ctx.db, rows.map((r) => r.ir))) > 0) methods.push('passkey-assert');
  return { exists: rows.length > 0, methods };
}
