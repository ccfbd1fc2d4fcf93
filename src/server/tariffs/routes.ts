// The Tariff Interoperability API under /tariff/v1 (api-tariffs.md): thin adapters that check the
// request with the wire's zod schemas (every failing field named), authenticate (supplier API key,
// RTI User bearer token), call the register and shape the response: `{data, meta}` lists and
// `{code, message, details}` errors (the host's error handler renders them for this prefix).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { LtdsError } from '../../errors/index.js';
import {
  ConsentRequestSchema, MPID_PATTERN, PageQuerySchema, ReportSchema, TARIFF_ID_PATTERN, TariffListQuerySchema, USER_ID_PATTERN, UserListQuerySchema, WebhookRequestSchema, fieldPath,
} from '../../tariffs/index.js';
import {
  customerTariff, getTariff, getUser, listSuppliers, listTariffs, listUsers, recordReport, registerConsent, registerWebhook, revokeConsent, verifySupplierKey, verifyUserToken, type Page,
} from '../../tariffs/index.js';
import type { ServerContext } from '../context.js';
import { httpError } from '../errors.js';
import { TariffResponses as R, tariffRequest as Q, tariffResponse } from './schemas.js';

/** Parses `input` with `schema` or throws one 400 naming every failing field. */
function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  // One entry per failing field (a field that breaks two rules gets both messages in one entry).
  const byField = new Map<string, string[]>();
  for (const i of r.error.issues) {
    const unknown = i.code === 'unrecognized_keys' ? i.keys : [];
    const field = unknown.length > 0 ? unknown.join(', ') : fieldPath(i.path);
    const text = unknown.length > 0 ? `unknown ${where} ${unknown.map((k) => `'${k}'`).join(', ')}` : i.message;
    byField.set(field, [...(byField.get(field) ?? []), text]);
  }
  const fields = [...byField].map(([field, texts]) => ({ field, message: texts[0]!.startsWith('unknown ') ? texts.join('; ') : `${where} '${field}' ${texts.join('; ')}` }));
  throw new LtdsError('HTTP_BAD_REQUEST', fields.map((f) => f.message).join('; '), { fields });
}

function pathParam(value: string, pattern: RegExp, name: string, what: string): string {
  if (!pattern.test(value)) throw new LtdsError('HTTP_BAD_REQUEST', `path parameter '${name}' ${what}, got '${value.slice(0, 80)}'`, { fields: [{ field: name, message: what }] });
  return value;
}

function list<T>(page: Page<T>, q: { limit: number; offset: number }): { data: T[]; meta: { total: number; limit: number; offset: number; next_offset: number | null } } {
  return { data: page.data, meta: { total: page.total, limit: q.limit, offset: q.offset, next_offset: q.offset + q.limit < page.total ? q.offset + q.limit : null } };
}

/** The registered tariff routes. */
export async function tariffRoutes(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const store = opts.ctx.store;
  const tags = ['Tariffs'];
  // The zod schemas validate (every failing field at once); the JSON schemas on the routes document.
  app.setValidatorCompiler(() => () => true);
  const rti = [{ rtiUserBearer: [] }];
  const supplier = [{ supplierApiKey: [] }];

  /** The supplier an `X-Supplier-API-Key` belongs to; undefined without the header; 401 for a bad key. */
  const supplierOf = async (request: FastifyRequest, required: boolean): Promise<string | undefined> => {
    const key = request.headers['x-supplier-api-key'];
    if (key === undefined) {
      if (required) throw httpError('HTTP_UNAUTHORIZED', 'this operation needs a supplier API key (X-Supplier-API-Key)', { header: 'x-supplier-api-key', scheme: 'ApiKey' });
      return undefined;
    }
    const mpid = typeof key === 'string' ? await verifySupplierKey(store, key) : null;
    if (mpid === null) throw httpError('HTTP_UNAUTHORIZED', 'the supplier API key is not valid (unknown, revoked or mistyped)', { header: 'x-supplier-api-key', scheme: 'ApiKey' });
    return mpid;
  };

  /** The RTI User of a bearer token: 401 without a valid token, 403 when the user is not active. */
  const rtiUser = async (request: FastifyRequest): Promise<string> => {
    const header = request.headers.authorization;
    const m = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
    if (m === null) throw httpError('HTTP_UNAUTHORIZED', 'an RTI User bearer token is required (Authorization: Bearer <token>)', { header: 'authorization', scheme: 'Bearer' });
    const user = await verifyUserToken(store, m[1]!);
    if (user === null) throw httpError('HTTP_UNAUTHORIZED', 'the bearer token is not a valid RTI User token', { header: 'authorization', scheme: 'Bearer' });
    if (user.status !== 'active') throw httpError('HTTP_FORBIDDEN', `RTI User ${user.userId} is ${user.status}`, { user_id: user.userId, status: user.status });
    return user.userId;
  };

  app.get('/suppliers', { schema: { summary: 'TI Energy Suppliers', tags, querystring: Q.page, response: tariffResponse(200, R.suppliers, 'A page of suppliers.') } }, async (request) => {
    const q = parse(PageQuerySchema, request.query, 'query parameter');
    return list(await listSuppliers(store, q), q);
  });

  app.get('/users', { schema: { summary: 'RTI Users (full registration data with a supplier API key)', tags, querystring: Q.users, headers: Q.supplierKey(false), response: tariffResponse(200, R.users, 'A page of RTI Users.', [400, 401]) } }, async (request) => {
    const q = parse(UserListQuerySchema, request.query, 'query parameter');
    const full = (await supplierOf(request, false)) !== undefined;
    return list(await listUsers(store, q, full), q);
  });

  app.get<{ Params: { user_id: string } }>('/users/:user_id', { schema: { summary: 'One RTI User', tags, params: Q.params.user, headers: Q.supplierKey(false), response: tariffResponse(200, R.user, 'The RTI User.', [400, 401, 404]) } }, async (request) => {
    parse(PageQuerySchema.pick({}), request.query, 'query parameter');
    const id = pathParam(request.params.user_id, USER_ID_PATTERN, 'user_id', 'must be usr_ followed by 32 lowercase hex digits');
    const full = (await supplierOf(request, false)) !== undefined;
    return { data: await getUser(store, id, full) };
  });

  // The meter point in the query is personal data: the request log shows this route by its pattern only.
  app.get('/tariff/customer', { config: { redactUrl: true }, schema: { summary: "The tariff on a customer's meter point, while the customer's consent stands", tags, security: rti, querystring: Q.customer, response: tariffResponse(200, R.customerTariff, 'The tariff and the consent that allows it.', [400, 401, 403, 404]) } }, async (request, reply) => {
    const userId = await rtiUser(request);
    const q = parse(ConsentRequestSchema.shape.tariffs.element.pick({ mpxn: true }), request.query, 'query parameter');
    const r = await customerTariff(store, userId, q.mpxn);
    reply.header('cache-control', 'no-store');
    return { data: r.tariff, meta: { mpxn: q.mpxn, registration_id: r.registration_id } };
  });

  app.get<{ Params: { mpid: string } }>('/tariff/:mpid', { schema: { summary: "A supplier's tariffs, filtered and paged", tags, params: Q.params.mpid, querystring: Q.tariffs, response: tariffResponse(200, R.tariffs, 'A page of tariff summaries.', [400, 404]) } }, async (request) => {
    const mpid = pathParam(request.params.mpid, MPID_PATTERN, 'mpid', 'must be a 4-character MPID (A–Z, 0–9)');
    const q = parse(TariffListQuerySchema, request.query, 'query parameter');
    return list(await listTariffs(store, mpid, q), q);
  });

  app.get<{ Params: { mpid: string; tariff_id: string } }>('/tariff/:mpid/:tariff_id', { schema: { summary: 'A tariff in full', tags, params: Q.params.tariff, response: tariffResponse(200, R.tariff, 'The tariff.', [400, 404]) } }, async (request) => {
    const mpid = pathParam(request.params.mpid, MPID_PATTERN, 'mpid', 'must be a 4-character MPID (A–Z, 0–9)');
    const id = pathParam(request.params.tariff_id, TARIFF_ID_PATTERN, 'tariff_id', 'must be trf_ followed by 32 lowercase hex digits');
    parse(PageQuerySchema.pick({}), request.query, 'query parameter');
    return { data: await getTariff(store, mpid, id) };
  });

  app.post('/consent', { schema: { summary: "Register a customer's consent for meter points", description: '201 for a new registration; 200 when a standing one is replaced.', tags, security: rti, body: Q.consent, response: { ...tariffResponse(201, R.consent, 'Registered.', [400, 401, 403, 404]), ...tariffResponse(200, R.consent, 'Replaced.', []) } } }, async (request, reply) => {
    const userId = await rtiUser(request);
    const body = parse(ConsentRequestSchema, request.body, 'body field');
    const r = await registerConsent(store, userId, body);
    return reply.code(r.created ? 201 : 200).send({ data: { registration_id: body.registration_id, tariffs: body.tariffs } });
  });

  app.delete<{ Params: { registration_id: string } }>('/consent/:registration_id', { schema: { summary: 'Revoke a consent: sharing stops at once; consent.revoked is sent', tags, security: rti, params: Q.params.registration, response: tariffResponse(204, undefined, 'Revoked.', [400, 401, 403, 404]) } }, async (request, reply) => {
    const userId = await rtiUser(request);
    const id = pathParam(request.params.registration_id, /^[A-Za-z0-9_-]{1,64}$/, 'registration_id', 'must be 1–64 letters, digits, "_" or "-"');
    await revokeConsent(store, userId, id);
    return reply.code(204).send();
  });

  app.post('/webhook', { schema: { summary: 'Register or replace the webhook URL of an RTI User for a supplier', description: '201 for a new webhook, 200 for a replaced one; the signing secret is in this answer only.', tags, security: rti, body: Q.webhook, response: { ...tariffResponse(201, R.webhook, 'Registered.', [400, 401, 403, 404]), ...tariffResponse(200, R.webhook, 'Replaced.', []) } } }, async (request, reply) => {
    const userId = await rtiUser(request);
    const body = parse(WebhookRequestSchema, request.body, 'body field');
    const r = await registerWebhook(store, userId, body);
    return reply.code(r.replaced ? 200 : 201).send({ webhook_id: r.webhook_id, signing_secret: r.signing_secret });
  });

  app.post('/report', { schema: { summary: 'A supplier performance report', tags, security: supplier, body: Q.report, response: tariffResponse(202, R.report, 'Accepted.', [400, 401]) } }, async (request, reply) => {
    const mpid = (await supplierOf(request, true)) as string;
    const body = parse(ReportSchema, request.body, 'body field');
    const r = await recordReport(store, mpid, body);
    return reply.code(202).send({ report_id: r.report_id });
  });
}
