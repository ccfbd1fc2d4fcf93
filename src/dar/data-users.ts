// Data User profiles: what a Data Provider checks about who is asking (status, contact, data types).
// A profile row gives contact URL and data types; otherwise the account alone answers.

import type { DarTables } from './store/tables.js';
import { DATA_TYPES, type DataType, type DataUserProfile } from './wire/index.js';
import { forbidden, iso, notFound, type Actor, type RegisterContext } from './context.js';
import { invalidRequest } from './problems.js';
import { isDarId } from './ids.js';
import { webUrlProblem } from './formats.js';

/** The profile of `duid`: data providers and admins read any; a Data User only its own. */
export async function getDataUser(ctx: RegisterContext, actor: Actor, duid: string): Promise<DataUserProfile> {
  if (!isDarId('duid', duid)) throw invalidRequest([{ field: 'duid', code: 'VAL001', message: 'must be duid_ followed by 24 lowercase hex characters' }], 'request parameter');
  if (actor.role === 'data_user' && actor.duid !== duid) throw forbidden('a Data User may read only its own profile');
  const accounts = (await ctx.store.accounts.list()).filter((a) => a.duid === duid && a.role === 'data_user');
  const row = await ctx.db.selectFrom('dar_data_users').selectAll().where('duid', '=', duid).executeTakeFirst();
  const account = accounts[0];
  // The profile row's columns are NOT NULL; without a row, the first data_user account names it.
  const named = row ? { name: row.display_name, registeredAt: row.registered_at } : account ? { name: account.name, registeredAt: account.createdAt } : undefined;
  if (named === undefined) throw notFound('data user', duid);
  const status = row?.status ?? (accounts.some((a) => a.status === 'active') ? 'active' : 'suspended');
  return {
    duid,
    'display-name': named.name,
    status: status as DataUserProfile['status'],
    'registered-at': named.registeredAt,
    ...(row?.suspended_at ? { 'suspended-at': row.suspended_at } : status === 'suspended' && account ? { 'suspended-at': account.updatedAt } : {}),
    'contact-url': row?.contact_url ?? `urn:ltds:duid:${duid}`,
    'data-types-supported': row ? (JSON.parse(row.data_types_json) as DataType[]) : [...DATA_TYPES],
  };
}

/** Sets a Data User's profile (operators, through `ltds dar data-user`). */
export async function setDataUserProfile(
  ctx: RegisterContext,
  profile: { duid: string; displayName: string; contactUrl: string; dataTypes: DataType[]; status?: DataUserProfile['status'] },
): Promise<DataUserProfile> {
  const problems = [];
  if (!isDarId('duid', profile.duid)) problems.push({ field: 'duid', code: 'VAL001' as const, message: 'must be duid_ followed by 24 lowercase hex characters' });
  const urlProblem = webUrlProblem(profile.contactUrl);
  if (urlProblem) problems.push({ field: 'contact-url', code: 'VAL001' as const, message: urlProblem });
  const unknown = profile.dataTypes.filter((t) => !(DATA_TYPES as readonly string[]).includes(t));
  if (profile.dataTypes.length === 0 || unknown.length) problems.push({ field: 'data-types-supported', code: 'VAL001' as const, message: `must list data types from ${DATA_TYPES.join(', ')}` });
  if (problems.length) throw invalidRequest(problems, 'profile');
  const at = iso(ctx.now());
  const status = profile.status ?? 'active';
  await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const existing = await db.selectFrom('dar_data_users').select(['registered_at', 'suspended_at', 'status']).where('duid', '=', profile.duid).executeTakeFirst();
    const values = {
      display_name: profile.displayName,
      contact_url: profile.contactUrl,
      data_types_json: JSON.stringify(profile.dataTypes),
      status,
      suspended_at: status === 'active' ? null : existing?.status === status ? existing.suspended_at : at,
    };
    if (existing) await db.updateTable('dar_data_users').set(values).where('duid', '=', profile.duid).execute();
    else await db.insertInto('dar_data_users').values({ duid: profile.duid, registered_at: at, ...values }).execute();
  });
  return getDataUser(ctx, { accountId: 'operator', role: 'admin', duid: null }, profile.duid);
}
