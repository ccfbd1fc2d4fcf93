// The serving host: one Fastify app with one plugin per API (LTDS grid modelling, heatmap, auth,
// static files), the shared error handling, request logs, health checks and the OpenAPI document.

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { toolkitVersion } from '../io/toolkit-version.js';
import type { Store } from '../store/index.js';
import { DAR_WEBHOOK_TOPIC, endpointOf, openRegister, type RegisterContext } from '../dar/index.js';
import { WEBHOOK_TOPIC as TARIFF_WEBHOOK_TOPIC, tariffWebhookEndpoint } from '../tariffs/index.js';
import { WebhookWorker, type AttemptRecord } from '../webhooks/index.js';
import { authRoutes } from './auth/routes.js';
import { darRoutes } from './dar/routes.js';
import type { PortalOptions } from './dar/portal-routes.js';
import { OutboxMail } from '../mail/transport.js';
import { bearerGuard } from './auth/guard.js';
import { TokenService } from './auth/tokens.js';
import type { Prefixes, ServerContext } from './context.js';
import { httpError, newRequestId, sendError, statusOf, toHttpError, type ErrorShape } from './errors.js';
import { heatmapRoutes } from './heatmap/routes.js';
import { Catalog } from './ltds/catalog.js';
import { ltdsRoutes } from './ltds/routes.js';
import { PublishedZips } from './ltds/zips.js';
import { OpenApiCollector, docsPage } from './openapi.js';
import { PAGE_CSP, staticRoutes } from './static/routes.js';
import { portalRoutes } from './portal/routes.js';
import { tariffRoutes } from './tariffs/routes.js';

export interface ServerOptions {
  /** The publication folder (contracts.md §4). */
  outDir: string;
  /** The opened store (accounts, signing keys; later the DAR and tariff registers). */
  store: Store;
  /** Require a bearer token for the publications (LTDS, heatmap, static files). Default false: public. */
  requireToken?: boolean;
  prefixes?: Partial<Prefixes>;
  /** Bearer token lifetime in seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** Token endpoint rate limit per client (default 10 per 60 s). */
  tokenRateLimit?: { max: number; windowMs: number };
  /** Rotate the signing key when the active one is older than this (hours; default 24; 0 = never). */
  keyRotationHours?: number;
  issuer?: string;
  audience?: string;
  /** Clock for tokens (tests move it). */
  now?: () => Date;
  /** Where JSON-line request logs go (default stdout); `false` for none. */
  log?: Writable | false;
  logLevel?: 'info' | 'warn' | 'error' | 'debug';
  /** `Access-Control-Allow-Origin` for API responses (default `*`; `false` for no CORS). */
  corsOrigin?: string | false;
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a reverse proxy (for client addresses and rate limits). */
  trustProxy?: boolean;
  /** Bytes of published zips kept in memory for whole downloads (default 256 MiB; 0 = always from disk). */
  memoryCacheBytes?: number;
  /** DAR: refuse MPRNs whose check digits do not match (default: accept with a `Warning` header). */
  darStrictMprn?: boolean;
  /** Deliver webhook events of the DAR and the Tariff API from this host (one worker per topic over the outbox); off unless given. */
  darWebhooks?: { pollMs?: number; timeoutMs?: number; leaseMs?: number; concurrency?: number } | false;
  /** DAR: verify requests per client per window (default 600 per 60 s); `false` for no limit. */
  darVerifyRateLimit?: { max: number; windowMs: number } | false;
  /** The customer portal's API: page origin, WebAuthn relying party, mail (default: an outbox folder under the OS temp folder). */
  portal?: Partial<PortalOptions>;
}

const DEFAULT_PREFIXES: Prefixes = { gridModelling: '/grid-modelling', heatmap: '/heatmap', dar: '/dar/v1', tariff: '/tariff/v1' };


/** Fastify's own per-request lines are off: the onResponse hook writes one line per request instead. */
class RequestLogs extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(): void {}
}

/** Query parameters whose values are credentials: never written to a log. */
const SECRET_PARAM = /token|key|secret|pass|auth|sig|credential|session|code/i;

/** A request URL for the log: the value of every credential-like query parameter replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is judged as written
      }
      return eq !== -1 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/**
 * Errors Node's HTTP parser answers before Fastify sees a request (431 headers too large, 408, a
 * malformed request), in the API's error shape rather than Fastify's.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HTTP_HEADERS_TOO_LARGE', 'the request headers are over the size limit']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'HTTP_REQUEST_TIMEOUT', 'the request was not received in time']
        : [400, 'HTTP_BAD_REQUEST', 'the request is not valid HTTP'];
  const requestId = newRequestId();
  const body = JSON.stringify({ error: { status, code, message, details: {}, requestId } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A path pattern as a regular expression, for telling 405 from 404. */
function patternRegex(url: string): RegExp {
  const body = url
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body.replace(/\/\.\*$/, '(?:/.*)?')}$`);
}

/** Builds the app (not listening). `app.close()` also closes the zip cache and timers, not the store. */
export async function buildServer(options: ServerOptions): Promise<{ app: FastifyInstance; ctx: ServerContext; tokens: TokenService }> {
  const prefixes: Prefixes = { ...DEFAULT_PREFIXES, ...options.prefixes };
  const now = options.now ?? (() => new Date());
  const version = toolkitVersion();
  const under = (url: string, prefix: string): boolean => url === prefix || url.startsWith(prefix + '/') || url.startsWith(prefix + '?');
  const shapeFor = (url: string): ErrorShape => (under(url, prefixes.dar) ? 'dar' : under(url, prefixes.tariff) ? 'tariff' : 'ltds');

  const app = Fastify({
    logger: options.log === false ? false : { level: options.logLevel ?? 'info', stream: options.log ?? process.stdout },
    logController: new RequestLogs(),
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? 1 << 20,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    clientErrorHandler,
    // A URL Fastify cannot route (bad percent-encoding, over-long parameter): the API's 400.
    frameworkErrors: (err, req, reply) => {
      const e = err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? httpError('HTTP_BAD_REQUEST', 'the request URL is not valid (a malformed percent-encoding or an over-long path segment)', { parameter: 'url' }) : toHttpError(err, req);
      return sendError(reply, shapeFor(req.url), e);
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: true, useDefaults: true } },
  });
  // Response schemas document the API; bodies are plain JSON.stringify (nothing silently dropped).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const collector = new OpenApiCollector(shapeFor);
  collector.install(app);
  const routeTable: { method: string; url: string; re: RegExp }[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of Array.isArray(r.method) ? r.method : [r.method]) routeTable.push({ method: m, url: r.url, re: patternRegex(r.url) });
  });

  const tokens = new TokenService(options.store, {
    ttlSeconds: options.tokenTtlSeconds ?? 7200,
    issuer: options.issuer ?? 'ltds-toolkit',
    audience: options.audience ?? 'ltds-api',
    now,
  });
  const ctx: ServerContext = {
    outDir: resolve(options.outDir),
    catalog: new Catalog(resolve(options.outDir)),
    zips: new PublishedZips(128, options.memoryCacheBytes),
    store: options.store,
    prefixes,
    publicationGuard: undefined,
    bearer: (roles) => bearerGuard(tokens, roles),
  };
  if (options.requireToken) ctx.publicationGuard = ctx.bearer();

  // Security headers on every response; a request id clients can quote.
  // (A callback hook, not an async one: it runs on every request, and a promise per hook costs.)
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers({ 'x-request-id': String(req.id), 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
    done();
  });
  // One JSON line per request: never headers, never bodies; routes that carry a secret in the
  // path (DAR access keys) set `config.redactUrl` and are logged by their pattern only.
  app.addHook('onResponse', async (req, reply) => {
    const config = (req.routeOptions.config ?? {}) as { redactUrl?: boolean };
    req.log.info(
      {
        method: req.method,
        url: config.redactUrl ? req.routeOptions.url : redactUrl(req.url),
        route: req.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        ip: req.ip,
        account: req.principal?.accountId,
      },
      'request',
    );
  });

  if (options.corsOrigin !== false) {
    await app.register(cors, {
      origin: options.corsOrigin ?? '*',
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Accept', 'Range', 'If-None-Match', 'If-Range', 'Content-Type', 'X-Supplier-API-Key'],
      exposedHeaders: ['ETag', 'Content-Disposition', 'Content-Range', 'Content-Length', 'Accept-Ranges', 'Retry-After', 'X-Request-Id', 'Content-Location'],
      maxAge: 600,
    });
  }

  app.setErrorHandler((err, req, reply) => {
    const e = toHttpError(err, req);
    if (statusOf(e) >= 500) req.log.error({ code: e.code, err: (e.cause as Error | undefined) ?? e }, 'request failed');
    return sendError(reply, shapeFor(req.url), e);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const apiPath = Object.values(prefixes).some((p) => path === p || path.startsWith(p + '/'));
    const allow = [...new Set(routeTable.filter((r) => r.re.test(path) && !(apiPath && r.url.endsWith('*'))).map((r) => r.method))];
    if (allow.length > 0) return sendError(reply, shapeFor(path), httpError('HTTP_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path.slice(0, 200)} (allowed: ${allow.join(', ')})`, { allow, method: req.method }));
    return sendError(reply, shapeFor(path), httpError('HTTP_NOT_FOUND', `no route ${req.method} ${path.slice(0, 200)}`, { missing: 'route', path }));
  });

  const info = { title: 'LTDS toolkit serving host', version, description: 'LTDS grid-modelling API, capacity heatmaps, publication files and authentication.' };
  app.get('/health', { schema: { summary: 'Liveness', tags: ['Operations'], response: { 200: { description: 'The process is up', type: 'object', properties: { status: { type: 'string' } } } } } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: the database and the publication catalog are reachable',
        tags: ['Operations'],
        response: {
          200: { description: 'Ready', type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, engine: { type: 'string', enum: ['sqlite', 'postgres'] }, publications: { type: 'integer' } } },
          503: { description: 'Not ready; the body says which part failed', type: 'object' },
        },
      },
    },
    async (req, reply) => {
      const db = await options.store.ping();
      const engine = options.store.engine;
      const catalog = ctx.catalog.health();
      reply.header('cache-control', 'no-store');
      if (db && catalog.ok) return reply.send({ status: 'ready', database: 'ok', engine, publications: catalog.publications });
      // The endpoint is public: which part failed, yes; paths and parser messages go to the log only.
      if (!catalog.ok) req.log.warn({ catalog: catalog.message }, 'not ready: the publication catalog is not readable');
      throw httpError('HTTP_UNAVAILABLE', [db ? '' : `the ${engine} database does not answer`, catalog.ok ? '' : 'the publication catalog is not readable (details in the server log)'].filter(Boolean).join('; '), {
        database: db ? 'ok' : 'failed',
        engine,
        catalog: catalog.ok ? 'ok' : 'failed',
      });
    },
  );
  let openapi: Record<string, unknown> | undefined;
  app.get('/openapi.json', { schema: { summary: 'This OpenAPI 3.1 document', tags: ['Operations'], response: { 200: { description: 'OpenAPI 3.1', type: 'object' } } } }, async () => (openapi ??= collector.document(info)));
  app.get('/docs', { schema: { summary: 'Readable API documentation', tags: ['Operations'], response: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } } } }, async (req: FastifyRequest, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .send(docsPage((openapi ??= collector.document(info)), `${req.protocol}://${req.host}`)),
  );

  await app.register(ltdsRoutes, { prefix: prefixes.gridModelling, ctx });
  await app.register(heatmapRoutes, { prefix: prefixes.heatmap, ctx });
  await app.register(authRoutes, { prefix: prefixes.dar, ctx, tokens, tokenRateLimit: options.tokenRateLimit ?? { max: 10, windowMs: 60_000 } });
  const register: RegisterContext = await openRegister(options.store, { now, strictMprn: options.darStrictMprn });
  const portal: PortalOptions = { ...options.portal, mail: options.portal?.mail ?? new OutboxMail(join(tmpdir(), 'ltds-outbox')) };
  await app.register(darRoutes, { prefix: prefixes.dar, ctx, register, verifyRateLimit: options.darVerifyRateLimit ?? { max: 600, windowMs: 60_000 }, portal });
  await app.register(tariffRoutes, { prefix: prefixes.tariff, ctx });
  await app.register(portalRoutes, { ctx });
  await app.register(staticRoutes, { ctx });

  // The webhook workers (the DAR's and the Tariff API's topics): deliveries leave the outbox here,
  // never on a request's path.
  const workers: WebhookWorker[] = [];
  if (options.darWebhooks) {
    const w = options.darWebhooks;
    const common = {
      store: options.store,
      now,
      pollMs: w.pollMs,
      timeoutMs: w.timeoutMs,
      leaseMs: w.leaseMs,
      concurrency: w.concurrency,
      onAttempt: (a: AttemptRecord) => app.log.info({ webhook: { job: a.jobId, event: a.eventId, endpoint: a.endpoint, attempt: a.attempt, outcome: a.outcome, status: a.status, error: a.error, ms: a.ms } }, 'webhook delivery'),
    };
    workers.push(new WebhookWorker({ ...common, topic: DAR_WEBHOOK_TOPIC, resolve: (wid) => endpointOf(register, wid) }));
    workers.push(new WebhookWorker({ ...common, topic: TARIFF_WEBHOOK_TOPIC, resolve: (ref) => tariffWebhookEndpoint(options.store, ref) }));
    app.addHook('onReady', async () => workers.forEach((worker) => worker.start()));
  }

  const rotationMs = (options.keyRotationHours ?? 24) * 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  if (rotationMs > 0) {
    // Checked in the rotation's transaction: hosts on one database whose timers fire together rotate once.
    const check = async () => {
      await options.store.signingKeys.rotateIfOlder(rotationMs, tokens.options.ttlSeconds);
    };
    await check();
    // A failed periodic check (database briefly away) is retried at the next tick; /ready reports it.
    timer = setInterval(() => void check().catch(() => {}), Math.min(rotationMs, 3_600_000));
    timer.unref();
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await Promise.all(workers.map((worker) => worker.stop()));
    ctx.zips.close();
  });
  return { app, ctx, tokens };
}
