// The demo register `ltds start` seeds into a new store, so a newcomer can open the customer portal
// at once: a demo Data User, one person on a demo MPAN with an email, and a record in each state
// (ACTIVE consent, EXPIRED, REVOKED, DISCOVERED). Nothing is seeded into a register that has records.

import type { Store } from '../store/index.js';
import { createAccessRecord, revokeAccessRecord } from './access-records.js';
import type { Actor, RegisterContext } from './context.js';
import { setDataUserProfile } from './data-users.js';
import { submitDiscoveredAccess } from './dcc-feeds.js';
import { createIdentityRecord } from './identity-records.js';
import { sweep } from './sweep.js';

/** The demo meter point (a valid MPAN core: check digit 7) and the person's email. */
export const DEMO_MPAN = '1312345678907';
export const DEMO_EMAIL = 'demo.customer@example.com';

function record(ir: string, o: { name: string; url: string; basis: 'uk-consent' | 'uk-legitimate-interests'; purpose: string; types: string[]; registered: string; expiry: string; ref: string }) {
  const consent = o.basis === 'uk-consent';
  return {
    'record-metadata': {
      'schema-version': '1.0',
      'controller-arrangement': { 'arrangement-type': 'sole', controllers: [{ name: o.name, role: 'sole', 'contact-url': o.url, ...(consent ? {} : { 'lia-reference': `LIA-${o.ref}` }) }] },
      'identity-record-ref': ir,
    },
    notice: consent ? { 'shared-notice': { 'terms-url': `${o.url}/terms`, 'notice-version': '2.0', 'notice-language': 'en-GB' } } : null,
    processing: { 'legal-basis': o.basis, purpose: o.purpose, 'data-types': o.types, jurisdiction: 'GB' },
    'access-event': { state: 'ACTIVE', 'registered-at': o.registered, expiry: o.expiry, 'controller-reference': o.ref, ...(consent ? { consent: { 'consent-type': 'expressed-consent', method: 'online form' } } : { consent: null }) },
  };
}

/**
 * Seeds the demo register when the store holds no Identity Record and no Data User account yet;
 * returns what it made, or null when the register was not new (idempotent).
 */
export async function seedDemoRegister(store: Store, ctx: RegisterContext): Promise<{ duid: string; ir: string; mpan: string; email: string } | null> {
  const any = await ctx.db.selectFrom('dar_identity_records').select(['ir']).limit(1).executeTakeFirst();
  const accounts = await store.accounts.list();
  if (any || accounts.some((a) => a.role === 'data_user')) return null;
  const { account } = await store.accounts.add({ name: 'Demo Energy Ltd', role: 'data_user' });
  const duid = account.duid!;
  const actor: Actor = { accountId: account.accountId, role: 'data_user', duid };
  await setDataUserProfile(ctx, { duid, displayName: 'Demo Energy Ltd', contactUrl: 'https://demo-energy.example.co.uk', dataTypes: ['HH-CONSUMPTION', 'TARIFF-IMPORT'] });
  const { ir } = await createIdentityRecord(ctx, actor, {
    'pii-principal': { mpxn: DEMO_MPAN, 'move-in-date': '2021-03-01', address: { addressLine1: '1 Demo Street', townCity: 'York', postcode: 'YO1 7HH' } },
    'expressed-by': 'data-subject',
    email: DEMO_EMAIL,
  });
  const now = ctx.now();
  const year = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
  // ACTIVE, on consent: the one the customer can withdraw.
  await createAccessRecord(ctx, actor, record(ir, { name: 'Demo Energy Ltd', url: 'https://demo-energy.example.co.uk', basis: 'uk-consent', purpose: 'Half-hourly readings to offer you a cheaper time-of-use tariff', types: ['HH-CONSUMPTION', 'TARIFF-IMPORT'], registered: year(-30), expiry: year(335), ref: 'DEMO-ACTIVE' }));
  // REVOKED: given, then withdrawn.
  const revoked = await createAccessRecord(ctx, actor, record(ir, { name: 'Solar Savings Co', url: 'https://solar-savings.example.co.uk', basis: 'uk-consent', purpose: 'Export readings to size a home battery', types: ['HH-EXPORT'], registered: year(-200), expiry: year(165), ref: 'DEMO-REVOKED' }));
  await revokeAccessRecord(ctx, actor, revoked.ak, 'the customer changed their mind');
  // EXPIRED: registered in the past with an expiry that has since passed (the real sweep moves it).
  const past = new Date(now.getTime() - 400 * 86_400_000);
  const then = { ...ctx, now: () => past };
  await createAccessRecord(then, actor, record(ir, { name: 'Heat Pump Insights Ltd', url: 'https://heatpump-insights.example.co.uk', basis: 'uk-legitimate-interests', purpose: 'Monthly consumption to check a heat pump installation', types: ['MTH-CONSUMPTION'], registered: past.toISOString(), expiry: year(-35), ref: 'DEMO-EXPIRED' }));
  await sweep(ctx);
  // DISCOVERED: the DCC saw an organisation read the meter with no record in the register.
  await submitDiscoveredAccess(ctx, { accountId: 'demo-seed', role: 'dcc', duid: null }, {
    mpxn: DEMO_MPAN,
    'organisation-name': 'Unregistered Analytics Ltd',
    'organisation-reference': 'DCC-ORG-4471',
    'first-seen': year(-60).slice(0, 10),
    'last-seen': year(-2).slice(0, 10),
    'data-types-observed': ['HH-CONSUMPTION'],
    'source-reference': 'DCC-TXLOG-DEMO-1',
  });
  return { duid, ir, mpan: DEMO_MPAN, email: DEMO_EMAIL };
}
