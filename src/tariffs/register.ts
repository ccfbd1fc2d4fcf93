// The tariff register over the store: import (one transaction, all or nothing), the lists and
// details the API serves, consent, webhooks, reports and credentials. Small functions, the SQL in
// view; every write that touches more than one row is one transaction, and every event about a
// change (consent.revoked, tariff.update) is an outbox job written in that same transaction.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LtdsError } from '../errors/index.js';
import type { Store, StoreTables } from '../store/index.js';
import { enqueueEvent } from './events.js';
import { newSupplierKey, newUserToken, parseSupplierKey, parseUserToken, secretMatches } from './credentials.js';
import type { TariffInputs } from './files.js';
import type { TariffTables, TariffUsersTable } from './tables.js';
import type { ConsentRequest, Report, RtiUser, Supplier, Tariff, TariffListQuery, WebhookRequest } from './wire.js';

type Db = Kysely<StoreTables & TariffTables>;

/** A page of a list: the rows and the total before paging. */
export interface Page<T> {
  data: T[];
  total: number;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const tables = (store: Store): Db => store.db.withTables<TariffTables>();
const notFound = (resource: string, id: string): LtdsError => new LtdsError('TARIFF_NOT_FOUND', `no ${resource} ${id}`, { resource, id });

/** Imports suppliers, tariffs and RTI Users in one transaction; a changed tariff raises `tariff.update` for its consents. */
export async function importTariffs(store: Store, inputs: Pick<TariffInputs, 'suppliers' | 'tariffs' | 'users'>): Promise<{ suppliers: number; tariffs: { added: number; updated: number; unchanged: number }; users: number; events: number }> {
  const at = store.now().toISOString();
  return store.transaction(async (trx) => {
    const db = trx.withTables<TariffTables>();
    for (const s of inputs.suppliers) {
      const row = { name: s.name, api_base_url: s.api_base_url, oauth_authorization_url: s.oauth_authorization_url, oauth_token_url: s.oauth_token_url, active: s.active ? 1 : 0, last_modified: at };
      await db.insertInto('tariff_suppliers').values({ mpid: s.mpid, ...row }).onConflict((oc) => oc.column('mpid').doUpdateSet(row)).execute();
    }
    const known = new Set((await db.selectFrom('tariff_suppliers').select('mpid').execute()).map((r) => r.mpid));
    const missing = inputs.tariffs.flatMap((t, i) => (known.has(t.supplier_mpid) ? [] : [{ field: `tariffs[${i}].supplier_mpid`, message: `supplier ${t.supplier_mpid} of tariff ${t.tariff_id} is not in the register or the import` }]));
    if (missing.length > 0) throw new LtdsError('TARIFF_INVALID', `${missing.map((m) => `${m.field}: ${m.message}`).join('; ')}`, { issues: missing });
    const counts = { added: 0, updated: 0, unchanged: 0 };
    let events = 0;
    for (const t of inputs.tariffs) {
      const body = JSON.stringify(t);
      const old = await db.selectFrom('tariff_tariffs').select(['body']).where('tariff_id', '=', t.tariff_id).executeTakeFirst();
      if (old?.body === body) {
        counts.unchanged++;
        continue;
      }
      const row = {
        supplier_mpid: t.supplier_mpid, name: t.name, tariff_type: t.tariff_type, fuel_type: t.fuel_type, energy_flow: t.energy_flow, payment_method: t.payment_method,
        meter_type: t.meter_type, customer_type: t.customer_type, region: t.region, valid_from: t.valid_from, valid_to: t.valid_to,
        standing_charge: t.standing_charge, vat_rate: t.vat_rate, version: t.version, last_modified: t.last_modified, body,
      };
      if (old === undefined) {
        await db.insertInto('tariff_tariffs').values({ tariff_id: t.tariff_id, ...row }).execute();
        counts.added++;
        continue;
      }
      await db.updateTable('tariff_tariffs').set(row).where('tariff_id', '=', t.tariff_id).execute();
      counts.updated++;
      // Every customer whose standing consent covers this tariff hears of the update.
      const meters = await db
        .selectFrom('tariff_consent_meters as m')
        .innerJoin('tariff_consents as c', (j) => j.onRef('c.user_id', '=', 'm.user_id').onRef('c.registration_id', '=', 'm.registration_id'))
        .select(['m.user_id', 'm.mpxn'])
        .where('m.tariff_id', '=', t.tariff_id)
        .where('c.revoked_at', 'is', null)
        .execute();
      for (const m of meters) {
        await enqueueEvent(trx, { type: 'tariff.update', user_id: m.user_id, mpxn: m.mpxn, tariff_id: t.tariff_id, supplier_mpid: t.supplier_mpid }, at);
        events++;
      }
    }
    for (const u of inputs.users) {
      const row = { name: u.name, display_name: u.display_name, status: u.status, support: JSON.stringify(u.support), registration: u.registration === undefined ? null : JSON.stringify(u.registration), last_modified: u.last_modified };
      await db.insertInto('tariff_users').values({ user_id: u.user_id, ...row, token_sha256: null }).onConflict((oc) => oc.column('user_id').doUpdateSet(row)).execute();
    }
    return { suppliers: inputs.suppliers.length, tariffs: counts, users: inputs.users.length, events };
  });
}

const toSupplier = (r: TariffTables['tariff_suppliers']): Supplier => ({ mpid: r.mpid, name: r.name, api_base_url: r.api_base_url, oauth_authorization_url: r.oauth_authorization_url, oauth_token_url: r.oauth_token_url, active: Number(r.active) === 1 });

/** The suppliers, by MPID. */
export async function listSuppliers(store: Store, page: { limit: number; offset: number }): Promise<Page<Supplier>> {
  const db = tables(store);
  const [rows, count] = await Promise.all([
    db.selectFrom('tariff_suppliers').selectAll().orderBy('mpid').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('tariff_suppliers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toSupplier), total: Number(count.n) };
}

/** An RTI User as the wire shows it: registration data only when `full`. */
function toUser(r: TariffUsersTable, full: boolean): RtiUser {
  const user: RtiUser = { user_id: r.user_id, name: r.name, display_name: r.display_name, status: r.status as RtiUser['status'], support: JSON.parse(r.support) as RtiUser['support'], last_modified: r.last_modified };
  if (full && r.registration !== null) user.registration = JSON.parse(r.registration) as RtiUser['registration'];
  return user;
}

/** RTI Users by id; `active` filters on status active (true) or any other status (false). */
export async function listUsers(store: Store, q: { limit: number; offset: number; active?: 'true' | 'false' }, full: boolean): Promise<Page<RtiUser>> {
  const db = tables(store);
  let base = db.selectFrom('tariff_users');
  if (q.active !== undefined) base = base.where('status', q.active === 'true' ? '=' : '<>', 'active');
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('user_id').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map((r) => toUser(r, full)), total: Number(count.n) };
}

/** One RTI User, or TARIFF_NOT_FOUND. */
export async function getUser(store: Store, userId: string, full: boolean): Promise<RtiUser> {
  const row = await tables(store).selectFrom('tariff_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (row === undefined) throw notFound('RTI User', userId);
  return toUser(row, full);
}

/** A supplier's tariffs (id, name, last_modified) matching every filter given, by tariff id. */
export async function listTariffs(store: Store, mpid: string, q: TariffListQuery): Promise<Page<{ tariff_id: string; name: string; last_modified: string }>> {
  const db = tables(store);
  /** The supplier's tariffs that pass every filter of the query. */
  const matching = (from: Db) => {
    let base = from.selectFrom('tariff_tariffs').where('supplier_mpid', '=', mpid);
    for (const k of ['tariff_type', 'fuel_type', 'energy_flow', 'payment_method', 'region', 'meter_type', 'customer_type'] as const) {
      const v = q[k];
      if (v !== undefined) base = base.where(k, '=', v);
    }
    // Valid at some time within [valid_from, valid_to]: starts by the window's end, ends after its start.
    if (q.valid_to !== undefined) base = base.where('valid_from', '<=', q.valid_to);
    if (q.valid_from !== undefined) {
      const from = q.valid_from;
      base = base.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]));
    }
    return base;
  };
  // The hot path is one statement: the page with the total beside each row, as an uncorrelated
  // subquery (evaluated once). Not a window count (`count(*) over ()`), which on SQLite adds a
  // co-routine and a temporary sort tree: the whole call took 67 µs with it, 45 µs with the
  // subquery (in-process, the sample tariffs). Only an empty page needs more: the total on its
  // own, and whether the supplier exists at all (404).
  const rows = await matching(db)
    .select(['tariff_id', 'name', 'last_modified', matching(db).select((eb) => eb.fn.countAll<number>().as('n')).as('total')])
    .orderBy('tariff_id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  if (rows.length > 0) return { data: rows.map((r) => ({ tariff_id: r.tariff_id, name: r.name, last_modified: r.last_modified })), total: Number(rows[0]!.total) };
  const supplier = await db.selectFrom('tariff_suppliers').select('mpid').where('mpid', '=', mpid).executeTakeFirst();
  if (supplier === undefined) throw notFound('supplier', mpid);
  const count = await matching(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { data: [], total: Number(count.n) };
}

/** A supplier's tariff in full, or TARIFF_NOT_FOUND. */
export async function getTariff(store: Store, mpid: string, tariffId: string): Promise<Tariff> {
  const row = await tables(store).selectFrom('tariff_tariffs').select('body').where('supplier_mpid', '=', mpid).where('tariff_id', '=', tariffId).executeTakeFirst();
  if (row === undefined) throw notFound('tariff', `${tariffId} of supplier ${mpid}`);
  return JSON.parse(row.body) as Tariff;
}

/** Registers (or, for a standing registration, replaces) a consent; 400 naming each unknown tariff. */
export async function registerConsent(store: Store, userId: string, req: ConsentRequest): Promise<{ created: boolean }> {
  const at = store.now().toISOString();
  return store.transaction(async (trx) => {
    const db = trx.withTables<TariffTables>();
    const ids = [...new Set(req.tariffs.map((t) => t.tariff_id))];
    const found = new Set((await db.selectFrom('tariff_tariffs').select('tariff_id').where('tariff_id', 'in', ids).execute()).map((r) => r.tariff_id));
    const fields = req.tariffs.flatMap((t, i) => (found.has(t.tariff_id) ? [] : [{ field: `tariffs[${i}].tariff_id`, message: `no tariff ${t.tariff_id}` }]));
    const seen = new Set<string>();
    req.tariffs.forEach((t, i) => {
      if (seen.has(t.mpxn)) fields.push({ field: `tariffs[${i}].mpxn`, message: `meter point ${t.mpxn} is listed twice` });
      seen.add(t.mpxn);
    });
    if (fields.length > 0) throw new LtdsError('HTTP_BAD_REQUEST', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
    const old = await db.selectFrom('tariff_consents').select(['revoked_at']).where('user_id', '=', userId).where('registration_id', '=', req.registration_id).executeTakeFirst();
    if (old?.revoked_at) {
      throw new LtdsError('HTTP_BAD_REQUEST', `registration ${req.registration_id} was revoked at ${old.revoked_at}; a new consent needs a new registration_id`, { fields: [{ field: 'registration_id', message: 'revoked; use a new registration_id' }] });
    }
    if (old === undefined) await db.insertInto('tariff_consents').values({ user_id: userId, registration_id: req.registration_id, created_at: at, revoked_at: null }).execute();
    else await db.deleteFrom('tariff_consent_meters').where('user_id', '=', userId).where('registration_id', '=', req.registration_id).execute();
    await db.insertInto('tariff_consent_meters').values(req.tariffs.map((t) => ({ user_id: userId, registration_id: req.registration_id, mpxn: t.mpxn, tariff_id: t.tariff_id }))).execute();
    return { created: old === undefined };
  });
}

/** Revokes a consent at once and writes `consent.revoked` per meter point in the same transaction. */
export async function revokeConsent(store: Store, userId: string, registrationId: string): Promise<{ events: number }> {
  const at = store.now().toISOString();
  return store.transaction(async (trx) => {
    const db = trx.withTables<TariffTables>();
    const consent = await db.selectFrom('tariff_consents').select('revoked_at').where('user_id', '=', userId).where('registration_id', '=', registrationId).executeTakeFirst();
    if (consent === undefined) throw notFound('consent registration', registrationId);
    if (consent.revoked_at !== null) return { events: 0 };
    await db.updateTable('tariff_consents').set({ revoked_at: at }).where('user_id', '=', userId).where('registration_id', '=', registrationId).execute();
    const meters = await db
      .selectFrom('tariff_consent_meters as m')
      .innerJoin('tariff_tariffs as t', 't.tariff_id', 'm.tariff_id')
      .select(['m.mpxn', 'm.tariff_id', 't.supplier_mpid'])
      .where('m.user_id', '=', userId)
      .where('m.registration_id', '=', registrationId)
      .orderBy('m.mpxn')
      .execute();
    for (const m of meters) await enqueueEvent(trx, { type: 'consent.revoked', user_id: userId, mpxn: m.mpxn, tariff_id: m.tariff_id, supplier_mpid: m.supplier_mpid }, at);
    return { events: meters.length };
  });
}

/** The tariff on `mpxn` while a consent of `userId` covers it; 403 otherwise (never registered or revoked). */
export async function customerTariff(store: Store, userId: string, mpxn: string): Promise<{ tariff: Tariff; registration_id: string }> {
  const row = await tables(store)
    .selectFrom('tariff_consent_meters as m')
    .innerJoin('tariff_consents as c', (j) => j.onRef('c.user_id', '=', 'm.user_id').onRef('c.registration_id', '=', 'm.registration_id'))
    .innerJoin('tariff_tariffs as t', 't.tariff_id', 'm.tariff_id')
    .select(['t.body', 'm.registration_id'])
    .where('m.user_id', '=', userId)
    .where('m.mpxn', '=', mpxn)
    .where('c.revoked_at', 'is', null)
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  if (row === undefined) throw new LtdsError('HTTP_FORBIDDEN', `no standing consent of this RTI User covers meter point ${mpxn}`, { mpxn });
  return { tariff: JSON.parse(row.body) as Tariff, registration_id: row.registration_id };
}

/** Registers or replaces the user's one webhook for a supplier; the signing secret is returned once. */
export async function registerWebhook(store: Store, userId: string, req: WebhookRequest): Promise<{ webhook_id: string; signing_secret: string; replaced: boolean }> {
  const at = store.now().toISOString();
  return store.transaction(async (trx) => {
    const db = trx.withTables<TariffTables>();
    const supplier = await db.selectFrom('tariff_suppliers').select('mpid').where('mpid', '=', req.supplier_mpid).executeTakeFirst();
    if (supplier === undefined) throw new LtdsError('HTTP_BAD_REQUEST', `supplier_mpid: no supplier ${req.supplier_mpid}`, { fields: [{ field: 'supplier_mpid', message: `no supplier ${req.supplier_mpid}` }] });
    const removed = await db.deleteFrom('tariff_webhooks').where('user_id', '=', userId).where('supplier_mpid', '=', req.supplier_mpid).executeTakeFirst();
    const hook = { webhook_id: `whk_${hex(16)}`, signing_secret: `whsec_${randomBytes(32).toString('base64url')}` };
    await db.insertInto('tariff_webhooks').values({ ...hook, user_id: userId, supplier_mpid: req.supplier_mpid, url: req.url, created_at: at }).execute();
    return { ...hook, replaced: Number(removed.numDeletedRows) > 0 };
  });
}

/** Records a supplier's performance report. */
export async function recordReport(store: Store, mpid: string, report: Report): Promise<{ report_id: string }> {
  const reportId = `rpt_${hex(16)}`;
  await tables(store).insertInto('tariff_reports').values({ report_id: reportId, supplier_mpid: mpid, body: JSON.stringify(report), received_at: store.now().toISOString() }).execute();
  return { report_id: reportId };
}

/** Issues a new API key for a supplier (shown once). */
export async function issueSupplierKey(store: Store, mpid: string): Promise<string> {
  const db = tables(store);
  const supplier = await db.selectFrom('tariff_suppliers').select('mpid').where('mpid', '=', mpid).executeTakeFirst();
  if (supplier === undefined) throw notFound('supplier', mpid);
  const k = newSupplierKey();
  await db.insertInto('tariff_supplier_keys').values({ key_id: k.keyId, mpid, secret_sha256: k.hash, created_at: store.now().toISOString(), revoked_at: null }).execute();
  return k.key;
}

/** The supplier a key belongs to, or null (unknown, revoked, inactive supplier or wrong secret). */
export async function verifySupplierKey(store: Store, key: string): Promise<string | null> {
  const parsed = parseSupplierKey(key);
  const row = parsed === null ? undefined : await tables(store).selectFrom('tariff_supplier_keys').select(['mpid', 'secret_sha256', 'revoked_at']).where('key_id', '=', parsed.keyId).executeTakeFirst();
  // The hash comparison runs whether or not the key exists, so timing does not tell which.
  const ok = secretMatches(parsed?.secret ?? '', row?.secret_sha256 ?? null);
  return ok && row !== undefined && row.revoked_at === null ? row.mpid : null;
}

/** Issues (replacing any earlier one) the bearer token of an RTI User (shown once). */
export async function issueUserToken(store: Store, userId: string): Promise<string> {
  const t = newUserToken(userId);
  const r = await tables(store).updateTable('tariff_users').set({ token_sha256: t.hash }).where('user_id', '=', userId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('RTI User', userId);
  return t.token;
}

/** The RTI User a bearer token belongs to, or null; a user who is not active gets `status` back to refuse with. */
export async function verifyUserToken(store: Store, token: string): Promise<{ userId: string; status: string } | null> {
  const parsed = parseUserToken(token);
  const row = parsed === null ? undefined : await tables(store).selectFrom('tariff_users').select(['user_id', 'status', 'token_sha256']).where('user_id', '=', parsed.userId).executeTakeFirst();
  const ok = secretMatches(parsed?.secret ?? '', row?.token_sha256 ?? null);
  return ok && row !== undefined ? { userId: row.user_id, status: row.status } : null;
}
