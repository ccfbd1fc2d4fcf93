// The Data Access Register domain: validation, records, feeds, subscriptions, the sweep.

/** Opens the register over a store. */
export { openRegister, type RegisterOptions } from './register.js';
/** Who acts, the shared context, the system actor. */
export { SYSTEM, type Actor, type RegisterContext } from './context.js';
/** DAR schema migrations (versions 100–199). */
export { DAR_MIGRATIONS } from './store/migrations.js';
/** The DAR tables as one Kysely interface. */
export type { DarTables } from './store/tables.js';
/** Identity Records. */
export { createIdentityRecord, lookupIdentityRecords, getIdentityRecord, anonymiseIdentityRecord } from './identity-records.js';
/** Access Records. */
export { createAccessRecord, verifyAccessRecord, replaceAccessRecord, revokeAccessRecord, akHint, type Verified } from './access-records.js';
/** Lists of records. */
export { listMeterPoint, listOwnRecords } from './access-lists.js';
/** DCC feeds. */
export { submitDiscoveredAccess, submitCotEvent } from './dcc-feeds.js';
/** Data User profiles. */
export { getDataUser, setDataUserProfile } from './data-users.js';
/** Webhook subscriptions and where deliveries go. */
export { createSubscription, listSubscriptions, updateSubscription, deleteSubscription, endpointOf } from './subscriptions.js';
/** The expiry sweep. */
export { sweep, type SweepResult } from './sweep.js';
/** The outbox topic of the register's webhook deliveries. */
export { DAR_WEBHOOK_TOPIC } from './events.js';
/** Meter point number checks. */
export { checkMpxn, mpanCheckDigit, mprnCheckDigits, meterPointKey, type MpxnCheck } from './mpxn.js';
/** Prefixed ids. */
export { newDarId, isDarId, idPattern } from './ids.js';
/** A field problem and the 400 naming them all. */
export { invalidRequest, type Problem } from './problems.js';
/** Request validation. */
export { validateAccessRecord, validateIdentityRecord, validateDiscoveredAccess, validateCotEvent } from './validate.js';
