// The Tariff API's request and response schemas for the route definitions (and so the OpenAPI
// document), converted from the zod wire schemas that also validate the requests (src/tariffs/wire.ts);
// the answers' envelopes (`{data, meta}` lists, `{data}` objects) are written once here.

import { z } from 'zod';
import { ConsentRequestSchema, MPID_PATTERN, PageQuerySchema, ReportSchema, RtiUserSchema, SupplierSchema, TARIFF_ID_PATTERN, TariffListQuerySchema, TariffSchema, USER_ID_PATTERN, UserListQuerySchema, WebhookRequestSchema } from '../../tariffs/index.js';
import { jsonSchema, pathParams } from '../dar/schemas.js';

type Json = Record<string, unknown>;

/** `meta` of a list: the total, the page asked for, and the next page's offset (null on the last). */
const ListMeta = z.strictObject({ total: z.int().min(0), limit: z.int().min(1).max(100), offset: z.int().min(0), next_offset: z.int().min(0).nullable() });
const listOf = (item: z.ZodType) => z.strictObject({ data: z.array(item), meta: ListMeta });

/** The answers, one per route. */
export const TariffResponses = {
  suppliers: listOf(SupplierSchema),
  users: listOf(RtiUserSchema),
  user: z.strictObject({ data: RtiUserSchema }),
  tariffs: listOf(TariffSchema.pick({ tariff_id: true, name: true, last_modified: true })),
  tariff: z.strictObject({ data: TariffSchema }),
  customerTariff: z.strictObject({ data: TariffSchema, meta: z.strictObject({ mpxn: z.string(), registration_id: z.string() }) }),
  consent: z.strictObject({ data: ConsentRequestSchema }),
  webhook: z.strictObject({ webhook_id: z.string().regex(/^whk_[0-9a-f]{32}$/), signing_secret: z.string().describe('HMAC-SHA256 key of the webhook-signature header; shown here only') }),
  report: z.strictObject({ report_id: z.string().regex(/^rpt_[0-9a-f]{32}$/) }),
} as const;

/** The Tariff API's error body: `{code, message, details}`; `details.fields` names every failing field of a 400. */
export const TariffErrorSchema = z.object({ code: z.string().describe('e.g. http_bad_request, tariff_not_found, http_unauthorized, http_forbidden'), message: z.string(), details: z.record(z.string(), z.unknown()) });

/** Request parts as JSON Schema. */
export const tariffRequest = {
  page: jsonSchema(PageQuerySchema, 'input'),
  users: jsonSchema(UserListQuerySchema, 'input'),
  tariffs: jsonSchema(TariffListQuerySchema, 'input'),
  customer: jsonSchema(ConsentRequestSchema.shape.tariffs.element.pick({ mpxn: true }), 'input'),
  consent: jsonSchema(ConsentRequestSchema, 'input'),
  webhook: jsonSchema(WebhookRequestSchema, 'input'),
  report: jsonSchema(ReportSchema, 'input'),
  supplierKey: (required: boolean): Json => ({
    type: 'object',
    ...(required ? { required: ['x-supplier-api-key'] } : {}),
    properties: { 'x-supplier-api-key': { type: 'string', description: required ? "The supplier's API key (ltds tariffs supplier-key)." : 'A supplier API key: the answer then includes full registration data.' } },
  }),
  params: {
    mpid: pathParams({ mpid: { pattern: MPID_PATTERN.source, description: 'Market Participant Id of the supplier (4 characters).' } }),
    tariff: pathParams({ mpid: { pattern: MPID_PATTERN.source, description: 'Market Participant Id of the supplier (4 characters).' }, tariff_id: { pattern: TARIFF_ID_PATTERN.source, description: 'trf_ + 32 lowercase hex.' } }),
    user: pathParams({ user_id: { pattern: USER_ID_PATTERN.source, description: 'usr_ + 32 lowercase hex.' } }),
    registration: pathParams({ registration_id: { pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'The id the RTI User registered the consent under.' } }),
  },
} as const;

/** A route's `response` map: the success answer plus the error statuses the route can give. */
export function tariffResponse(status: number, schema: z.ZodType | undefined, description: string, errors: readonly number[] = [400]): Json {
  const error = jsonSchema(TariffErrorSchema, 'output');
  return {
    [status]: schema ? jsonSchema(schema, 'output', description) : { description },
    ...Object.fromEntries(errors.map((e) => [e, { description: ERROR_TEXT[e] ?? `HTTP ${e}`, ...error }])),
  };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'A bad parameter or body: details.fields names every failing field.',
  401: 'No valid credential (supplier API key or RTI User bearer token).',
  403: 'The RTI User is not active, or no standing consent covers the meter point.',
  404: 'No such supplier, tariff, RTI User or consent (tariff_not_found).',
};
