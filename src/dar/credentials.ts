// Passkey credentials stored on Identity Records: listed (summaries only) and removed.

import { forbidden, iso, notFound, type DarDb, type RegisterContext } from './context.js';
import { identitySubject, recordAudit } from './audit.js';
import type { DarTables } from './store/tables.js';
import { isDarId } from './ids.js';
import { invalidRequest } from './problems.js';
import type { DarCredentialsTable } from './store/tables.js';
import type { PasskeyCredentialSummary } from './wire/index.js';

/** The summary of a stored credential. */
export function summaryOfCredential(row: DarCredentialsTable): PasskeyCredentialSummary {
  const transports = JSON.parse(row.transports_json) as string[];
  return { 'credential-id': row.credential_id, 'registered-at': row.registered_at, ...(transports.length ? { transports } : {}) };
}

/** The credentials of some Identity Records, oldest first. */
export async function credentialsOf(db: DarDb, irs: readonly string[]): Promise<PasskeyCredentialSummary[]> {
  if (irs.length === 0) return [];
  const rows = await db.selectFrom('dar_credentials').selectAll().where('ir', 'in', irs).orderBy('registered_at').orderBy('credential_id').execute();
  return rows.map(summaryOfCredential);
}

/** Removes one credential of one of `irs` (404 unknown; 403 when it is on another record); `by` goes into the history. */
export async function removeCredential(ctx: RegisterContext, irs: readonly string[], credentialId: string, by: string): Promise<void> {
  const db = ctx.db;
  if (!isDarId('cred', credentialId)) throw invalidRequest([{ field: 'credentialId', code: 'VAL001', message: 'must be cred_ followed by 24 lowercase hex characters' }], 'request parameter');
  const row = await db.selectFrom('dar_credentials').select(['ir']).where('credential_id', '=', credentialId).executeTakeFirst();
  if (!row) throw notFound('passkey credential', credentialId);
  if (!irs.includes(row.ir)) throw forbidden(`passkey credential ${credentialId} belongs to another identity record`);
  await ctx.store.transaction(async (trx) => {
    const t = trx.withTables<DarTables>();
    await t.deleteFrom('dar_credentials').where('credential_id', '=', credentialId).execute();
    await recordAudit(t, { subject: identitySubject(row.ir), action: 'credential-removed', at: iso(ctx.now()), by, detail: { 'credential-id': credentialId } });
  });
}
