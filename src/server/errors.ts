// One error factory for every API on the host: stable codes (src/errors/codes.ts), the HTTP status
// that goes with each, and the error body in the shape of the API the request was for.

import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, LtdsError, isLtdsError, type ErrorCode } from '../errors/index.js';

/** HTTP status per code; codes not listed are server failures (500). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  HTTP_BAD_REQUEST: 400,
  HTTP_UNAUTHORIZED: 401,
  HTTP_FORBIDDEN: 403,
  HTTP_NOT_FOUND: 404,
  HTTP_METHOD_NOT_ALLOWED: 405,
  HTTP_NOT_ACCEPTABLE: 406,
  HTTP_PAYLOAD_TOO_LARGE: 413,
  HTTP_RANGE_NOT_SATISFIABLE: 416,
  HTTP_REQUEST_TIMEOUT: 408,
  HTTP_HEADERS_TOO_LARGE: 431,
  HTTP_RATE_LIMITED: 429,
  HTTP_UNAVAILABLE: 503,
  ACCOUNT_NOT_FOUND: 404,
  DAR_INVALID: 400,
  DAR_NOT_FOUND: 404,
  DAR_FORBIDDEN: 403,
  DAR_CONFLICT: 409,
  DAR_TOKEN_EXPIRED: 410,
  DAR_TOKEN_USED: 410,
  DAR_NOT_INITIATOR: 403,
  DAR_FACTOR_MISSING: 422,
  DAR_PORTAL_SESSION: 401,
  DAR_PASSKEY_REFUSED: 401,
  TARIFF_NOT_FOUND: 404,
  TARIFF_INVALID: 400,
  TARIFF_READINGS: 400,
};

/** The status an error is answered with. */
export function statusOf(err: LtdsError): number {
  return STATUS[err.code] ?? 500;
}

/** Makes an HTTP error: `code` fixes the status; `params` name what was wrong (parameter, value, ...). */
export function httpError(code: ErrorCode, message: string, params: Record<string, unknown> = {}): LtdsError {
  return new LtdsError(code, message, params);
}

/** The error body styles of the host's APIs. */
export type ErrorShape = 'ltds' | 'dar' | 'tariff';

/** DAR error codes (api-dar.md) for the host's codes. */
export function darCode(err: LtdsError): string {
  switch (err.code) {
    case 'HTTP_UNAUTHORIZED':
      return typeof err.params.darCode === 'string' ? err.params.darCode : 'AUTH001';
    case 'HTTP_FORBIDDEN':
    case 'DAR_FORBIDDEN':
    case 'DAR_NOT_INITIATOR':
      return 'AUTH004';
    case 'DAR_TOKEN_EXPIRED':
    case 'DAR_TOKEN_USED':
    case 'DAR_PORTAL_SESSION':
    case 'DAR_PASSKEY_REFUSED':
      return 'AUTH003';
    case 'DAR_FACTOR_MISSING':
      return 'VAL003';
    case 'DAR_INVALID':
      return 'VAL001';
    case 'DAR_NOT_FOUND':
      return 'NOT001';
    case 'DAR_CONFLICT':
      return 'CON001';
    case 'HTTP_RATE_LIMITED':
      return 'AUTH005';
    case 'HTTP_BAD_REQUEST':
    case 'HTTP_PAYLOAD_TOO_LARGE':
    case 'HTTP_HEADERS_TOO_LARGE':
    case 'HTTP_NOT_ACCEPTABLE':
      return 'VAL001';
    case 'HTTP_NOT_FOUND':
    case 'ACCOUNT_NOT_FOUND':
      return 'NOT001';
    case 'HTTP_METHOD_NOT_ALLOWED':
      return 'VAL002';
    default:
      return 'SRV001';
  }
}

/** Refusals whose DAR code is shared by several reasons: the body also names the exact one (`ltds-code`). */
const REASON_CODES: ReadonlySet<string> = new Set(['DAR_TOKEN_EXPIRED', 'DAR_TOKEN_USED', 'DAR_NOT_INITIATOR', 'DAR_FACTOR_MISSING', 'DAR_PORTAL_SESSION', 'DAR_PASSKEY_REFUSED']);

/** The DAR `response` envelope every DAR body carries. */
export function darEnvelope(request: FastifyRequest): { resource: string; timestamp: string; 'transaction-id': string } {
  return { resource: request.url.split('?')[0]!, timestamp: new Date().toISOString(), 'transaction-id': String(request.id) };
}

/** The error body for `shape`. Internal failures never leak their message. */
export function errorBody(shape: ErrorShape, err: LtdsError, request: FastifyRequest): unknown {
  const status = statusOf(err);
  const internal = status >= 500 && err.code !== 'HTTP_UNAVAILABLE';
  const message = internal ? `internal error (request ${String(request.id)})` : err.message;
  const details = internal ? {} : { ...err.params };
  delete (details as Record<string, unknown>).darCode;
  switch (shape) {
    case 'dar': {
      // A DAR 400 names every failing field, one entry each (VAL001 field, VAL003 rule across fields).
      const problems = Array.isArray(err.params.problems) ? (err.params.problems as { field: string; code: string; message: string }[]) : [];
      const exact = REASON_CODES.has(err.code) ? { 'ltds-code': err.code } : {};
      const errors = problems.length > 0 && !internal ? problems.map((p) => ({ 'error-code': p.code, message: `${p.field}: ${p.message}` })) : [{ 'error-code': darCode(err), message, ...exact }];
      return { response: darEnvelope(request), errors };
    }
    case 'tariff':
      return { code: err.code.toLowerCase(), message, details };
    default:
      return { error: { status, code: internal ? 'HTTP_INTERNAL' : err.code, message, details, requestId: String(request.id) } };
  }
}

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' };

/** Turns Fastify's schema-validation failure into one 400 naming every failing parameter. */
export function validationError(err: FastifyError, request: FastifyRequest): LtdsError {
  const context = err.validationContext ?? 'querystring';
  const what = CONTEXT_NAMES[context] ?? context;
  const source = (context === 'querystring' ? request.query : context === 'params' ? request.params : context === 'body' ? request.body : request.headers) as Record<string, unknown> | undefined;
  const problems: { parameter: string; problem: string }[] = [];
  for (const v of err.validation ?? []) {
    const params = v.params as Record<string, unknown>;
    if (v.keyword === 'additionalProperties') {
      problems.push({ parameter: String(params.additionalProperty), problem: `unknown ${what} '${String(params.additionalProperty)}'` });
      continue;
    }
    const name = v.keyword === 'required' ? String(params.missingProperty) : (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const value = source && name in source ? source[name] : undefined;
    const found = value === undefined ? '' : ` (got '${String(value).slice(0, 80)}')`;
    let problem: string;
    if (v.keyword === 'required') problem = `${what} '${name}' is required`;
    else if (v.keyword === 'enum') problem = `${what} '${name}' must be one of ${(params.allowedValues as unknown[]).map((x) => `'${String(x)}'`).join(', ')}${found}`;
    else if (v.keyword === 'pattern') problem = `${what} '${name}' must match ${String(params.pattern)}${found}`;
    else problem = `${what} '${name}' ${v.message ?? 'is invalid'}${found}`;
    problems.push({ parameter: name, problem });
  }
  if (problems.length === 0) problems.push({ parameter: context, problem: err.message });
  return httpError('HTTP_BAD_REQUEST', problems.map((p) => p.problem).join('; '), {
    parameter: problems[0]!.parameter,
    parameters: problems.map((p) => p.parameter),
  });
}

/** Any thrown thing as an LtdsError with an HTTP meaning. */
export function toHttpError(err: unknown, request: FastifyRequest): LtdsError {
  if (isLtdsError(err)) return err;
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return validationError(fe, request);
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) return httpError('HTTP_PAYLOAD_TOO_LARGE', 'the request body is over the size limit');
  if (status === 415) return httpError('HTTP_BAD_REQUEST', `unsupported Content-Type '${String(request.headers['content-type'] ?? '')}'`, { parameter: 'content-type' });
  if (status === 429) return httpError('HTTP_RATE_LIMITED', 'too many requests; retry later');
  if (status >= 400 && status < 500) return httpError('HTTP_BAD_REQUEST', fe.message || 'bad request');
  return new LtdsError('HTTP_INTERNAL', ERROR_CODES.HTTP_INTERNAL, {}, {}, err);
}

/** Sends `err` in `shape`; adds `Allow` for 405 and `Retry-After` for 429 when the error names them. */
export function sendError(reply: FastifyReply, shape: ErrorShape, err: LtdsError): FastifyReply {
  const status = statusOf(err);
  if (status === 405 && Array.isArray(err.params.allow)) reply.header('allow', (err.params.allow as string[]).join(', '));
  if (status === 429 && typeof err.params.retryAfter === 'number') reply.header('retry-after', String(err.params.retryAfter));
  if (status === 401) reply.header('www-authenticate', err.params.scheme === 'Basic' ? 'Basic realm="ltds", charset="UTF-8"' : 'Bearer realm="ltds"');
  reply.removeHeader('etag');
  reply.removeHeader('content-disposition');
  reply.removeHeader('cache-control');
  reply.removeHeader('content-length');
  if (status !== 416) reply.removeHeader('content-range');
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(errorBody(shape, err, request(reply)));
}

function request(reply: FastifyReply): FastifyRequest {
  return reply.request;
}

// Request ids are drawn from a pool of CSPRNG bytes refilled 4 KiB at a time (one system call per
// ~340 requests instead of one per request).
let pool = Buffer.alloc(0);
let poolAt = 0;

/** A request id / DAR transaction id: `tid_` + 24 lowercase hex. */
export function newRequestId(): string {
  if (poolAt + 12 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 12;
  return `tid_${pool.toString('hex', poolAt - 12, poolAt)}`;
}
