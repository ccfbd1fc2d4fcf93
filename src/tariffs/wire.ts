// The tariff API's wire objects as zod schemas (snake_case, as api-tariffs.md). One schema per object
// drives validation, the TypeScript type and the OpenAPI document. Money is a decimal string, never a
// JSON number. The structural rules zod cannot say (bands cover the day, months and days cover the
// year, block bounds rise) live in validate-tariff.ts.

import { z } from 'zod';
import { DECIMAL_PATTERN, UNSIGNED_DECIMAL_PATTERN } from './money.js';

/** GSP groups: the 14 electricity distribution areas. */
export const GSP_GROUPS = ['_A', '_B', '_C', '_D', '_E', '_F', '_G', '_H', '_J', '_K', '_L', '_M', '_N', '_P'] as const;
/** Gas local distribution zones. */
export const LDZS = ['EA', 'EM', 'NE', 'NO', 'NT', 'NW', 'SC', 'SE', 'SO', 'SW', 'WM', 'WN', 'WS'] as const;
/** Days of the week as tariffs name them, Monday first. */
export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TARIFF_TYPES = ['static', 'dynamic'] as const;
export const FUEL_TYPES = ['electricity', 'gas'] as const;
export const ENERGY_FLOWS = ['import', 'export'] as const;
export const PAYMENT_METHODS = ['direct_debit', 'non_direct_debit', 'prepayment'] as const;
export const METER_TYPES = ['single_rate', 'economy_7', 'economy_10', 'smart', 'half_hourly'] as const;
export const CUSTOMER_TYPES = ['domestic', 'non_domestic'] as const;
export const USER_STATUSES = ['active', 'suspended', 'disabled', 'removed'] as const;

/** `trf_` + 32 lowercase hex. */
export const TARIFF_ID_PATTERN = /^trf_[0-9a-f]{32}$/;
/** `usr_` + 32 lowercase hex. */
export const USER_ID_PATTERN = /^usr_[0-9a-f]{32}$/;
/** A Market Participant Id: 4 upper-case letters or digits. */
export const MPID_PATTERN = /^[A-Z0-9]{4}$/;

const decimal = z.string().regex(DECIMAL_PATTERN, 'must be a decimal string such as "0.2451" (no exponent, no JSON number)');
const unsignedDecimal = z.string().regex(UNSIGNED_DECIMAL_PATTERN, 'must be a non-negative decimal string such as "0.5342"');
const wallClock = z.string().regex(/^(([01]\d|2[0-3]):(00|30)|24:00)$/, 'must be a wall-clock time on the half hour, "00:00" to "24:00"');
const instant = z.iso.datetime({ offset: false, precision: undefined }).describe('ISO-8601 UTC instant');
const date = z.iso.date();

/** One price step of a band: `to_kwh` is the block's upper bound in kWh per local day, null for the last. */
export const PriceSchema = z.strictObject({
  unit_price: decimal.describe('£/kWh'),
  to_kwh: unsignedDecimal.nullable(),
});

/** A time band: wall-clock `start` to `end` (end ≤ start wraps past midnight; "24:00" is the day's end). */
export const BandSchema = z.strictObject({
  band: z.string().min(1).max(40),
  start: wallClock,
  end: wallClock,
  prices: z.array(PriceSchema).min(1),
});

/** Hours a rate period deliberately does not price. */
export const TimeRangeSchema = z.strictObject({ start: wallClock, end: wallClock });

/** The bands that apply in some months on some days of the week. */
export const RatePeriodSchema = z.strictObject({
  months: z.array(z.int().min(1).max(12)).min(1),
  days_of_week: z.array(z.enum(DAYS_OF_WEEK)).min(1),
  bands: z.array(BandSchema).min(1),
  uncovered_hours: z.array(TimeRangeSchema).optional(),
});

/** One half-hour of a dynamic tariff's price series: `start` is a UTC instant on the half hour. */
export const SeriesPriceSchema = z.strictObject({ start: instant, unit_price: decimal });

/** A supplier's tariff. Static tariffs price by `rates`; dynamic ones by `price_series`. */
export const TariffSchema = z.strictObject({
  tariff_id: z.string().regex(TARIFF_ID_PATTERN, 'must be trf_ followed by 32 lowercase hex digits'),
  supplier_mpid: z.string().regex(MPID_PATTERN, 'must be a 4-character MPID (A–Z, 0–9)'),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  tariff_type: z.enum(TARIFF_TYPES),
  fuel_type: z.enum(FUEL_TYPES),
  energy_flow: z.enum(ENERGY_FLOWS),
  payment_method: z.enum(PAYMENT_METHODS),
  meter_type: z.enum(METER_TYPES),
  customer_type: z.enum(CUSTOMER_TYPES),
  region: z.enum([...GSP_GROUPS, ...LDZS]),
  percentage_green: z.number().min(0).max(100),
  standing_charge: unsignedDecimal.describe('£/day'),
  vat_included: z.boolean(),
  vat_rate: unsignedDecimal,
  valid_from: date,
  valid_to: date.nullable(),
  sellable_from: date,
  sellable_to: date.nullable(),
  version: z.int().min(1),
  last_modified: instant,
  rates: z.array(RatePeriodSchema).default([]),
  price_series: z.array(SeriesPriceSchema).optional(),
});

/** A TI Energy Supplier in the central register. */
export const SupplierSchema = z.strictObject({
  mpid: z.string().regex(MPID_PATTERN, 'must be a 4-character MPID (A–Z, 0–9)'),
  name: z.string().min(1).max(200),
  api_base_url: z.url(),
  oauth_authorization_url: z.url(),
  oauth_token_url: z.url(),
  active: z.boolean(),
});

/** An RTI User: the public summary; `registration` is shown only with a supplier API key. */
export const RtiUserSchema = z.strictObject({
  user_id: z.string().regex(USER_ID_PATTERN, 'must be usr_ followed by 32 lowercase hex digits'),
  name: z.string().min(1).max(200),
  display_name: z.string().min(1).max(200),
  status: z.enum(USER_STATUSES),
  support: z.strictObject({ email: z.email().optional(), url: z.url().optional(), phone: z.string().max(40).optional() }),
  registration: z
    .strictObject({ company_number: z.string().min(1).max(20), contact_email: z.email(), address: z.string().min(1).max(500), redirect_uris: z.array(z.url()).default([]) })
    .optional(),
  last_modified: instant,
});

/** An import file: suppliers, tariffs and RTI Users together (any may be absent). */
export const TariffBundleSchema = z.strictObject({
  suppliers: z.array(SupplierSchema).default([]),
  tariffs: z.array(TariffSchema).default([]),
  users: z.array(RtiUserSchema).default([]),
});

/** `POST /consent`: the customer's consent for meter points, each with the tariff it is on. */
export const ConsentRequestSchema = z.strictObject({
  registration_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"'),
  tariffs: z
    .array(z.strictObject({ mpxn: z.string().regex(/^\d{6,15}$/, 'must be an MPAN core (13 digits) or MPRN (6–10 digits)'), tariff_id: z.string().regex(TARIFF_ID_PATTERN, 'must be trf_ followed by 32 lowercase hex digits') }))
    .min(1)
    .max(100),
});

/** `POST /webhook`: the one HTTPS URL of an RTI User for a supplier. */
export const WebhookRequestSchema = z.strictObject({
  supplier_mpid: z.string().regex(MPID_PATTERN, 'must be a 4-character MPID (A–Z, 0–9)'),
  url: z.url({ protocol: /^https?$/ }).refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u), 'must be an https:// URL (http:// only on loopback)'),
});

/** `POST /report`: a supplier's performance over a period. */
export const ReportSchema = z
  .strictObject({
    reporting_period_start: instant,
    reporting_period_end: instant,
    tariff_requests: z.int().min(0),
    tariff_changes: z.int().min(0),
    availability_pct: z.number().min(0).max(100),
    success_pct: z.number().min(0).max(100),
    response_time_ms: z.strictObject({ p50: z.number().min(0), p95: z.number().min(0), p99: z.number().min(0) }),
  })
  .refine((r) => r.reporting_period_end > r.reporting_period_start, { message: 'must be after reporting_period_start', path: ['reporting_period_end'] });

const limit = (max: number, dflt: number) => z.coerce.number<string>().int('must be a whole number').min(1).max(max).default(dflt);
const offset = z.coerce.number<string>().int('must be a whole number').min(0).default(0);

/** `?limit&offset` of the register lists. */
export const PageQuerySchema = z.strictObject({ limit: limit(100, 20), offset });

/** `GET /users` query. */
export const UserListQuerySchema = z.strictObject({ limit: limit(100, 20), offset, active: z.enum(['true', 'false']).optional() });

/** `GET /tariff/{mpid}` query: paging and every filter. */
export const TariffListQuerySchema = z.strictObject({
  limit: limit(100, 20),
  offset,
  tariff_type: z.enum(TARIFF_TYPES).optional(),
  fuel_type: z.enum(FUEL_TYPES).optional(),
  energy_flow: z.enum(ENERGY_FLOWS).optional(),
  payment_method: z.enum(PAYMENT_METHODS).optional(),
  region: z.enum([...GSP_GROUPS, ...LDZS]).optional(),
  meter_type: z.enum(METER_TYPES).optional(),
  customer_type: z.enum(CUSTOMER_TYPES).optional(),
  valid_from: date.optional().describe('tariffs still valid on or after this date'),
  valid_to: date.optional().describe('tariffs already valid on or before this date'),
});

export type Price = z.infer<typeof PriceSchema>;
export type Band = z.infer<typeof BandSchema>;
export type TimeRange = z.infer<typeof TimeRangeSchema>;
export type RatePeriod = z.infer<typeof RatePeriodSchema>;
export type SeriesPrice = z.infer<typeof SeriesPriceSchema>;
export type Tariff = z.infer<typeof TariffSchema>;
export type Supplier = z.infer<typeof SupplierSchema>;
export type TariffBundle = z.infer<typeof TariffBundleSchema>;
export type RtiUser = z.infer<typeof RtiUserSchema>;
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;
export type WebhookRequest = z.infer<typeof WebhookRequestSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type TariffListQuery = z.infer<typeof TariffListQuerySchema>;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];
