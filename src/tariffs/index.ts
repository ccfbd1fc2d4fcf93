// The tariff domain: wire schemas, validation, Europe/London time, exact money and bills. No store,
// no HTTP: the CLI and the server both call these.

/** Wire schemas and types of the tariff API (suppliers, tariffs, bands, prices, import bundles). */
export {
  TariffSchema, SupplierSchema, TariffBundleSchema, RtiUserSchema, ConsentRequestSchema, WebhookRequestSchema, ReportSchema, PageQuerySchema, UserListQuerySchema, TariffListQuerySchema, RatePeriodSchema, BandSchema, PriceSchema, SeriesPriceSchema, TimeRangeSchema,
  GSP_GROUPS, LDZS, DAYS_OF_WEEK, TARIFF_TYPES, FUEL_TYPES, ENERGY_FLOWS, PAYMENT_METHODS, METER_TYPES, CUSTOMER_TYPES, USER_STATUSES,
  TARIFF_ID_PATTERN, USER_ID_PATTERN, MPID_PATTERN,
  type Tariff, type Supplier, type TariffBundle, type RatePeriod, type Band, type Price, type SeriesPrice, type TimeRange, type DayOfWeek,
  type RtiUser, type ConsentRequest, type WebhookRequest, type Report, type TariffListQuery,
} from './wire.js';
/** Structural checks of tariffs and import bundles, collecting every issue with its field path. */
export { checkTariff, checkBundle, tariffIssues, zodIssues, fieldPath, type TariffIssue } from './validate-tariff.js';
/** Europe/London wall-clock time for UTC instants, and the length of clock-change days. */
export { toLondon, londonOffsetMinutes, londonMidnight, londonDayHours, type LondonTime } from './london-time.js';
/** Exact money: the Decimal constructor, pence rounding and wire formatting. */
export { Money, ZERO, toPence, formatPounds, formatExact, DECIMAL_PATTERN } from './money.js';
/** Half-hourly readings from CSV (`timestamp,kWh`) or built in code. */
export { parseReadingsCsv, readingsOf, type Readings } from './readings.js';
/** The exact bill of a tariff over readings, and its text rendering. */
export { billTariff, formatBill, type Bill, type BillLine, type BillOptions } from './bill.js';
/** Reading tariff files and folders (import bundles, single tariffs). */
export { readTariffFile, readTariffInputs, invalidTariffs, type TariffInputs } from './files.js';
/** The register over the store: import, lists, consent, webhooks, reports, credentials. */
export {
  importTariffs, listSuppliers, listUsers, getUser, listTariffs, getTariff, registerConsent, revokeConsent, customerTariff, registerWebhook, recordReport,
  issueSupplierKey, verifySupplierKey, issueUserToken, verifyUserToken, type Page,
} from './register.js';
/** Events for RTI Users' webhooks: queued in the outbox, delivered by the webhook worker (resolver, envelope). */
export { enqueueEvent, tariffEnvelope, tariffWebhookEndpoint, pendingEvents, webhookRef, WEBHOOK_TOPIC, TARIFF_SIGNING, type TariffEvent, type TariffEventEnvelope } from './events.js';
/** The tariff register's schema steps (200–299) and table types. */
export { TARIFF_MIGRATIONS } from './migrations.js';
export type { TariffTables } from './tables.js';
