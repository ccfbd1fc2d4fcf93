// Cross-Data-User creation (api-dar.md, Access Record `reidentification-token`): a Data User that
// holds no Identity Record for a person registers an Access Record on the strength of a confirmed
// re-identification it started by MPxN. The token is spent in the create's own transaction.
//
// What the record links to: a new Identity Record of the *calling* Data User for the token's meter
// point, holding no PII of the other Data User's record (no address, move-in date, email or
// passkeys) — only the meter point and a principal-verification saying how the person was proved
// (method `re-identification:<method>`, `verified-at` the confirmation, `reference` the token ref).
// The caller owns it like any record it made: it can PUT with it, look it up by MPxN, anonymise it.
// The re-identified record of the other Data User is not linked, so its owner's anonymisation is
// never blocked by someone else's records.

import { LtdsError } from '../errors/index.js';
import { identitySubject, recordAudit } from './audit.js';
import { conflict, duidOf, notFound, type Actor, type DarDb, type RegisterContext } from './context.js';
import { newDarId } from './ids.js';
import { linkableIdentity } from './identity-records.js';
import { tokenExpired, tokenUsed } from './reidentify.js';
import type { AccessRecord } from './wire/index.js';

/** The Identity Record an Access Record being created links to, and what its history says of it. */
export interface CreateLink {
  ir: string;
  mpxnKey: string;
  /** Detail of the record's `created` history entry (set when a token made the link). */
  detail?: Record<string, unknown>;
}

/**
 * Resolves the Identity Record of a create inside its transaction: the body's own
 * `identity-record-ref`, or a new record of the caller made by spending `reidentification-token`.
 * The rules already refused both or neither. `hint` names the new Access Record (`ak_…abcd`).
 */
export async function identityForCreate(ctx: RegisterContext, actor: Actor, record: AccessRecord, db: DarDb, at: string, hint: string): Promise<CreateLink> {
  const token = record['reidentification-token'];
  if (token === undefined) {
    const ir = record['record-metadata']['identity-record-ref']!;
    return { ir, ...(await linkableIdentity(ctx, actor, ir, db)) };
  }
  return spendForCreate(ctx, actor, token, db, at, hint);
}

/** Checks and spends a token (single use, same transaction) and makes the caller's Identity Record. */
async function spendForCreate(ctx: RegisterContext, actor: Actor, tokenRef: string, db: DarDb, at: string, hint: string): Promise<CreateLink> {
  const duid = duidOf(actor);
  const row = await db.selectFrom('dar_reidentifications').selectAll().where('token_ref', '=', tokenRef).executeTakeFirst();
  if (!row) throw notFound('re-identification token', tokenRef);
  if (row.initiator !== actor.accountId) throw new LtdsError('DAR_NOT_INITIATOR', `re-identification token ${tokenRef} was started by another account; only its initiator may use it`, { tokenRef });
  if (row.status === 'used') throw tokenUsed('re-identification token');
  if (at > row.expires_at) throw tokenExpired('re-identification token', row.expires_at);
  if (row.status !== 'confirmed') throw conflict(`re-identification token ${tokenRef} is not confirmed yet: the person has not opened the link or used the passkey`, { status: row.status });
  const spent = await db.updateTable('dar_reidentifications').set({ status: 'used', used_at: at }).where('token_ref', '=', tokenRef).where('status', '=', 'confirmed').executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw tokenUsed('re-identification token');

  const ir = newDarId('ir');
  const verification = { method: `re-identification:${row.method}`, 'verified-at': row.confirmed_at ?? at, outcome: 'verified', reference: tokenRef };
  await db
    .insertInto('dar_identity_records')
    .values({
      ir,
      duid,
      mpxn_key: row.mpxn_key,
      pii_sealed: ctx.keys.seal(JSON.stringify({ 'principal-verification': verification }), `pii:${ir}`),
      email_hash: null,
      email_sealed: null,
      email_masked: null,
      created_at: at,
      created_by: actor.accountId,
      anonymised_at: null,
    })
    .execute();
  const detail = { 'reidentification-token': tokenRef, method: row.method };
  await recordAudit(db, { subject: identitySubject(ir), action: 'created', at, by: actor.accountId, detail: { ...detail, 'access-record': hint } });
  return { ir, mpxnKey: row.mpxn_key, detail: { ...detail, 'identity-record-ref': ir } };
}
