// Wire building blocks shared by every DAR object: enumerations, ids, formats, the UK address and
// the `response` envelope (api-dar-fields.md). Each is one zod schema: it validates, types the
// domain and becomes the OpenAPI schema.

import { z } from 'zod';
import { checkMpxn } from '../mpxn.js';
import { POSTCODE_PATTERN, isCalendarDate, isInstant, webUrlProblem } from '../formats.js';
import { idPattern, type IdPrefix } from '../ids.js';

export const DATA_TYPES = ['HH-CONSUMPTION', 'HH-EXPORT', 'MTH-CONSUMPTION', 'MTH-EXPORT', 'ANNUAL-CONSUMPTION', 'ANNUAL-EXPORT', 'TARIFF-IMPORT', 'TARIFF-EXPORT'] as const;
export const ACCESS_STATES = ['ACTIVE', 'EXPIRED', 'REVOKED', 'DISCOVERED'] as const;
export const LEGAL_BASES = ['uk-consent', 'uk-explicit-consent', 'uk-legitimate-interests', 'uk-public-task', 'uk-legal-obligation', 'uk-contract'] as const;
/** Legal bases that rest on consent: they need a notice and `access-event.consent`. */
export const CONSENT_BASES: readonly string[] = ['uk-consent', 'uk-explicit-consent'];
export const CONSENT_TYPES = ['expressed-consent', 'explicit-consent'] as const;
export const EXPRESSED_BY = ['data-subject', 'authorised-representative'] as const;
export const ARRANGEMENT_TYPES = ['sole', 'joint', 'group'] as const;
export const CONTROLLER_ROLES = ['sole', 'lead', 'joint', 'member'] as const;
export const DATA_USER_STATUSES = ['active', 'suspended', 'terminated'] as const;
export const WEBHOOK_EVENT_TYPES = ['consent.expiring', 'tenancy.change', 'consent.withdrawal'] as const;

/** An id of one kind (`ak_…`, `ir_…`, …). */
export const idOf = (prefix: IdPrefix) => z.string().regex(new RegExp(idPattern(prefix)), `must be ${prefix}_ followed by 24 lowercase hex characters`);

export const AccessKey = idOf('ak');
export const IdentityRecordKey = idOf('ir');
export const DataUserId = idOf('duid');
export const WebhookId = idOf('wid');

/** MPxN: format and MPAN check digit here; the MPRN check is the domain's (a warning unless strict). */
export const MPxN = z
  .string()
  .superRefine((v, ctx) => {
    const error = checkMpxn(v, false).error;
    if (error) ctx.addIssue({ code: 'custom', message: error });
  })
  .meta({ description: 'An MPAN core (13 digits, last a check digit), a full 21-digit MPAN, or an MPRN (6–10 digits).', pattern: '^(?:[0-9]{6,10}|[0-9]{13}|[0-9]{21})$' });

export const DataTypes = z.array(z.enum(DATA_TYPES)).min(1, 'must list at least one data type');
export const AccessState = z.enum(ACCESS_STATES);
export const LegalBasis = z.enum(LEGAL_BASES);

/** An ISO 8601 instant with a zone (`Z` or an offset) naming a real day and time. */
export const Instant = z.string().refine(isInstant, 'must be an ISO 8601 instant with a zone, e.g. 2026-01-31T09:30:00Z').meta({ format: 'date-time' });
/** A calendar date `YYYY-MM-DD` that exists. */
export const CalendarDate = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD that exists').meta({ format: 'date' });
/** An absolute http(s) URL. */
export const WebUrl = z
  .string()
  .max(2048)
  .superRefine((v, ctx) => {
    const p = webUrlProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  })
  .meta({ format: 'uri' });
export const Email = z.email('must be an email address').max(254);

/** A UK postal address (camelCase keys, as the spec writes them). */
export const UKAddress = z.strictObject({
  addressLine1: z.string().min(1).max(100),
  addressLine2: z.string().max(100).optional(),
  townCity: z.string().min(1).max(100),
  county: z.string().max(100).optional(),
  postcode: z.string().regex(POSTCODE_PATTERN, 'must be a UK postcode in capitals, e.g. SW1A 1AA'),
});

/** The `response` metadata every DAR body carries. */
export const ResponseMetadata = z.object({
  resource: z.string(),
  timestamp: Instant,
  'transaction-id': idOf('tid'),
});

export const ErrorDetail = z.object({ 'error-code': z.string(), message: z.string() });
export const ErrorResponse = z.object({ response: ResponseMetadata, errors: z.array(ErrorDetail).min(1) });

export type UKAddress = z.infer<typeof UKAddress>;
export type DataType = (typeof DATA_TYPES)[number];
export type AccessStateValue = (typeof ACCESS_STATES)[number];
export type LegalBasisValue = (typeof LEGAL_BASES)[number];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
