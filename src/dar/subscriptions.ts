// Webhook subscriptions of a Data User: create (the signing secret is returned once), list, change
// given fields (optionally a new secret), delete (deliveries already queued still go).

import { randomBytes } from 'node:crypto';
import { duidOf, forbidden, iso, notFound, type Actor, type RegisterContext } from './context.js';
import { isDarId, newDarId } from './ids.js';
import { invalidRequest, parseOrThrow } from './problems.js';
import type { DarWebhooksTable } from './store/tables.js';
import { WebhookRegistrationRequest, WebhookUpdateRequest, type WebhookEventType, type WebhookSubscription } from './wire/index.js';

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

function toWire(row: DarWebhooksTable): WebhookSubscription {
  return {
    wid: row.wid,
    'callback-url': row.callback_url,
    'alert-email': row.alert_email,
    'notify-days-before': row.notify_days_before,
    'event-types': JSON.parse(row.event_types_json) as WebhookEventType[],
    'created-at': row.created_at,
    active: Boolean(row.active),
  };
}

/** Registers a subscription; the signing secret is in this answer only. */
export async function createSubscription(ctx: RegisterContext, actor: Actor, body: unknown): Promise<{ webhook: WebhookSubscription; secret: string }> {
  const duid = duidOf(actor);
  const v = parseOrThrow(WebhookRegistrationRequest, body);
  const wid = newDarId('wid');
  const secret = newSecret();
  const at = iso(ctx.now());
  const row: DarWebhooksTable = {
    wid,
    duid,
    callback_url: v['callback-url'],
    alert_email: v['alert-email'],
    notify_days_before: v['notify-days-before'],
    event_types_json: JSON.stringify([...new Set(v['event-types'])]),
    active: v.active ? 1 : 0,
    secret_sealed: ctx.keys.seal(secret, `webhook:${wid}`),
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
  await ctx.db.insertInto('dar_webhooks').values(row).execute();
  return { webhook: toWire(row), secret };
}

/** The caller's subscriptions (not deleted). */
export async function listSubscriptions(ctx: RegisterContext, actor: Actor): Promise<WebhookSubscription[]> {
  const rows = await ctx.db.selectFrom('dar_webhooks').selectAll().where('duid', '=', duidOf(actor)).where('deleted_at', 'is', null).orderBy('created_at').orderBy('wid').execute();
  return rows.map(toWire);
}

async function ownRow(ctx: RegisterContext, actor: Actor, wid: string): Promise<DarWebhooksTable> {
  const duid = duidOf(actor);
  if (!isDarId('wid', wid)) throw invalidRequest([{ field: 'wid', code: 'VAL001', message: 'must be wid_ followed by 24 lowercase hex characters' }], 'request parameter');
  const row = await ctx.db.selectFrom('dar_webhooks').selectAll().where('wid', '=', wid).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound('webhook subscription', wid);
  if (row.duid !== duid) throw forbidden('this webhook subscription belongs to another Data User');
  return row;
}

/** Changes only the given fields; `rotate-secret` gives a new signing secret (returned once). */
export async function updateSubscription(ctx: RegisterContext, actor: Actor, wid: string, body: unknown): Promise<{ webhook: WebhookSubscription; secret?: string }> {
  const row = await ownRow(ctx, actor, wid);
  const v = parseOrThrow(WebhookUpdateRequest, body);
  const secret = v['rotate-secret'] ? newSecret() : undefined;
  const next: DarWebhooksTable = {
    ...row,
    ...(v['callback-url'] !== undefined ? { callback_url: v['callback-url'] } : {}),
    ...(v['alert-email'] !== undefined ? { alert_email: v['alert-email'] } : {}),
    ...(v['notify-days-before'] !== undefined ? { notify_days_before: v['notify-days-before'] } : {}),
    ...(v['event-types'] !== undefined ? { event_types_json: JSON.stringify([...new Set(v['event-types'])]) } : {}),
    ...(v.active !== undefined ? { active: v.active ? 1 : 0 } : {}),
    ...(secret ? { secret_sealed: ctx.keys.seal(secret, `webhook:${wid}`) } : {}),
    updated_at: iso(ctx.now()),
  };
  const { wid: _w, duid: _d, created_at: _c, deleted_at: _x, ...set } = next;
  await ctx.db.updateTable('dar_webhooks').set(set).where('wid', '=', wid).execute();
  return { webhook: toWire(next), ...(secret ? { secret } : {}) };
}

/** Deletes a subscription (kept, marked deleted: queued deliveries still go). */
export async function deleteSubscription(ctx: RegisterContext, actor: Actor, wid: string): Promise<void> {
  await ownRow(ctx, actor, wid);
  const at = iso(ctx.now());
  await ctx.db.updateTable('dar_webhooks').set({ deleted_at: at, active: 0, updated_at: at }).where('wid', '=', wid).execute();
}

/** Where a delivery for `wid` goes and its secret (deleted subscriptions too: in-flight deliveries still go). */
export async function endpointOf(ctx: RegisterContext, wid: string): Promise<{ url: string; secret: string; alertEmail: string } | undefined> {
  const row = await ctx.db.selectFrom('dar_webhooks').selectAll().where('wid', '=', wid).executeTakeFirst();
  if (!row) return undefined;
  return { url: row.callback_url, secret: ctx.keys.open(row.secret_sealed, `webhook:${wid}`), alertEmail: row.alert_email };
}
