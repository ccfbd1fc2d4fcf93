// Portal sessions: what a person (or a Portal Operator acting for them) holds after proving who
// they are. An opaque `pst_` bearer kept only as its keyed hash, thirty minutes, one meter point.
// With it: every record at the meter point in plain facts, withdrawal of active consent, passkeys.

import { randomBytes } from 'node:crypto';
import { LtdsError } from '../errors/index.js';
import { conflict, iso, notFound, type DarDb, type RegisterContext } from './context.js';
import { credentialsOf, removeCredential } from './credentials.js';
import { discoveredOf, leadController, revokeRow } from './access-records.js';
import { confirmToken, recordsAt, tokenExpired, tokenUsed } from './reidentify.js';
import { identitySubject, recordAudit } from './audit.js';
import type { DarAccessRecordsTable, DarTables } from './store/tables.js';
import { invalidRequest } from './problems.js';
import { CONSENT_BASES, type AccessRecord, type PasskeyCredentialSummary, type PortalRecord } from './wire/index.js';

export const SESSION_TTL_MS = 30 * 60_000;

export interface PortalSession {
  hash: string;
  mpxnKey: string;
  irs: string[];
  expiresAt: string;
}

const refused = (why: string) => new LtdsError('DAR_PORTAL_SESSION', `portal session refused: ${why}; re-identify again`, {});

/** Opens a session on a meter point for some Identity Records; the token is returned here only. */
export async function openSession(ctx: RegisterContext, db: DarDb, mpxnKey: string, irs: string[], via: string): Promise<{ token: string; expiresAt: string; mpxn: string }> {
  const token = `pst_${randomBytes(24).toString('hex')}`;
  const now = ctx.now();
  const expiresAt = iso(new Date(now.getTime() + SESSION_TTL_MS));
  await db.insertInto('dar_portal_sessions').values({ session_hash: ctx.keys.secretHash('session', token), mpxn_key: mpxnKey, irs_json: JSON.stringify(irs), via, created_at: iso(now), expires_at: expiresAt, ended_at: null }).execute();
  return { token, expiresAt, mpxn: mpxnKey };
}

/** The session a bearer names (401 DAR_PORTAL_SESSION when missing, unknown, ended or expired). */
export async function sessionOf(ctx: RegisterContext, token: string | undefined): Promise<PortalSession> {
  if (!token || !/^pst_[0-9a-f]{48}$/.test(token)) throw refused('send Authorization: Bearer pst_… from POST /portal/session or the passkey verify');
  const hash = ctx.keys.secretHash('session', token);
  const row = await ctx.db.selectFrom('dar_portal_sessions').selectAll().where('session_hash', '=', hash).executeTakeFirst();
  if (!row) throw refused('unknown session');
  if (row.ended_at) throw refused(`the session ended at ${row.ended_at}`);
  if (iso(ctx.now()) > row.expires_at) throw refused(`the session expired at ${row.expires_at}`);
  return { hash, mpxnKey: row.mpxn_key, irs: JSON.parse(row.irs_json) as string[], expiresAt: row.expires_at };
}

/** Ends a session (sign out). */
export async function endSession(ctx: RegisterContext, session: PortalSession): Promise<void> {
  await ctx.db.updateTable('dar_portal_sessions').set({ ended_at: iso(ctx.now()) }).where('session_hash', '=', session.hash).execute();
}

/** Exchanges a magic link's secret for a session (single use, 15 minutes); confirms its token. */
export async function exchangeLink(ctx: RegisterContext, link: string): Promise<{ token: string; expiresAt: string; mpxn: string }> {
  const hash = ctx.keys.secretHash('link', link);
  const row = await ctx.db.selectFrom('dar_reidentifications').selectAll().where('link_hash', '=', hash).executeTakeFirst();
  if (!row || !row.ir) throw notFound('magic link', '(the link is not one this register sent; ask for a new one)');
  const now = iso(ctx.now());
  if (row.status !== 'pending') throw tokenUsed('magic link');
  if (now > row.link_expires_at!) throw tokenExpired('magic link', row.link_expires_at!);
  return ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const res = await db.updateTable('dar_reidentifications').set({ status: 'confirmed', confirmed_at: now }).where('token_ref', '=', row.token_ref).where('status', '=', 'pending').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw tokenUsed('magic link');
    // The same person's records at the meter point with other Data Users: same email.
    const linked = await db.selectFrom('dar_identity_records').select(['email_hash']).where('ir', '=', row.ir!).executeTakeFirst();
    const same = linked?.email_hash ? (await recordsAt(db, row.mpxn_key)).filter((r) => r.email_hash === linked.email_hash).map((r) => r.ir) : [];
    const irs = [...new Set([row.ir!, ...same])];
    // A page-started link is spent here; an account's token stays confirmed for its initiator.
    if (row.initiator === null) await db.updateTable('dar_reidentifications').set({ status: 'used', used_at: now }).where('token_ref', '=', row.token_ref).execute();
    await recordAudit(db, { subject: identitySubject(row.ir!), action: 'reidentified', at: now, by: 'portal', detail: { method: 'magic-link', 'token-ref': row.token_ref } });
    return openSession(ctx, db, row.mpxn_key, irs, 'magic-link');
  });
}

export { confirmToken };

/** The record reference the portal names a record by (the ak itself is never kept). */
export function recordRef(ctx: RegisterContext, akHash: string): string {
  return `rec_${ctx.keys.secretHash('record-ref', akHash).slice(0, 24)}`;
}

/** One row in plain facts for the page. */
function portalRecordOf(ctx: RegisterContext, row: DarAccessRecordsTable): PortalRecord {
  const ref = recordRef(ctx, row.ak_hash);
  if (row.record_json === null) {
    const d = discoveredOf(row);
    return { 'record-ref': ref, state: row.state as PortalRecord['state'], organisation: d['organisation-name'], 'data-types': d['data-types-observed'], 'registered-at': row.registered_at, expiry: null, withdrawable: false, 'first-seen': d['first-seen'], ...(d['last-seen'] ? { 'last-seen': d['last-seen'] } : {}) };
  }
  const r = JSON.parse(row.record_json) as AccessRecord;
  const lead = leadController(r);
  return {
    'record-ref': ref,
    state: row.state as PortalRecord['state'],
    organisation: lead?.name ?? r['record-metadata']['controller-arrangement'].controllers[0]?.name ?? 'unknown',
    ...(lead?.['contact-url'] ? { 'contact-url': lead['contact-url'] } : {}),
    purpose: r.processing.purpose,
    'legal-basis': r.processing['legal-basis'],
    'data-types': r.processing['data-types'],
    'registered-at': row.registered_at,
    expiry: row.expiry,
    ...(row.revoked_at ? { 'revoked-at': row.revoked_at } : {}),
    withdrawable: row.state === 'ACTIVE' && CONSENT_BASES.includes(r.processing['legal-basis']),
  };
}

/** Every Access and Discovered record at the session's meter point, oldest first, and the session's passkeys. */
export async function portalRecords(ctx: RegisterContext, session: PortalSession): Promise<{ mpxn: string; records: PortalRecord[]; credentials: PasskeyCredentialSummary[] }> {
  const rows = await ctx.db.selectFrom('dar_access_records').selectAll().where('mpxn_key', '=', session.mpxnKey).orderBy('created_at').orderBy('ak_hash').limit(1000).execute();
  return { mpxn: session.mpxnKey, records: rows.map((r) => portalRecordOf(ctx, r)), credentials: await credentialsOf(ctx.db, session.irs) };
}

/** Withdraws an ACTIVE consent-based record at the session's meter point; fires consent.withdrawal. */
export async function withdrawRecord(ctx: RegisterContext, session: PortalSession, ref: string, reason?: string): Promise<{ ref: string; revokedAt: string }> {
  if (!/^rec_[0-9a-f]{24}$/.test(ref)) throw invalidRequest([{ field: 'recordRef', code: 'VAL001', message: 'must be rec_ followed by 24 lowercase hex characters' }], 'request parameter');
  const rows = await ctx.db.selectFrom('dar_access_records').selectAll().where('mpxn_key', '=', session.mpxnKey).execute();
  const row = rows.find((r) => recordRef(ctx, r.ak_hash) === ref);
  if (!row) throw notFound('record at this meter point', ref);
  const record = row.record_json ? (JSON.parse(row.record_json) as AccessRecord) : undefined;
  if (!record || !CONSENT_BASES.includes(record.processing['legal-basis'])) throw conflict(`record ${ref} does not rest on your consent (${record?.processing['legal-basis'] ?? 'discovered access'}); ask the organisation instead`, { ref });
  const revokedAt = await revokeRow(ctx, row, `portal:${session.hash.slice(0, 12)}`, reason ?? 'withdrawn by the customer in the portal', { 'withdrawn-via': 'portal' });
  return { ref, revokedAt };
}

/** Removes a passkey of the session's records. */
export async function removeSessionCredential(ctx: RegisterContext, session: PortalSession, credentialId: string): Promise<void> {
  await removeCredential(ctx, session.irs, credentialId, 'portal');
}
