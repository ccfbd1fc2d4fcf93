// `ltds serve`: the serving host over a publication folder (LTDS grid-modelling API, heatmap API,
// static files, auth, OpenAPI), printing the URLs it serves.

import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Option, type Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import { positiveInt, wholeNumber } from '../options.js';
import { openCliStore, storeOptions } from '../store.js';

export { defaultDbPath } from '../store.js';

export function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new LtdsError('USAGE', `--port must be a whole number from 0 to 65535, got '${v}'`, { option: '--port', value: v });
  return n;
}

export interface ServeOptions {
  out: string;
  port: number;
  host: string;
  db?: string;
  /** PostgreSQL store (`postgres://…`) instead of the SQLite file. */
  databaseUrl?: string;
  requireToken?: boolean;
  tokenTtl: number;
  tokenRateLimit: number;
  keyRotationHours: number;
  /** MB of published zips kept in memory for downloads (default: the server's, 256; 0 = always from disk). */
  memoryCache?: number;
  cors: string | false;
  log: string;
  trustProxy?: boolean;
  json?: boolean;
  /** DAR verify requests per client per minute (0 = no limit). */
  darVerifyRateLimit?: number;
  darStrictMprn?: boolean;
  /** False with --no-webhooks: this host does not deliver webhook events. */
  webhooks?: boolean;
  webhookPollMs?: number;
  webhookTimeoutMs?: number;
  webhookLeaseMs?: number;
  /** Customer portal: the page's origin, the WebAuthn relying party, and where mail goes. */
  portalOrigin?: string;
  rpId?: string;
  rpName?: string;
  smtpUrl?: string;
  mailFrom?: string;
  /** Outbox folder when there is no SMTP URL (default <out>/../data/outbox). */
  outbox?: string;
  /** Seed the demo register into a new store and print the portal URL and outbox (ltds start). */
  demo?: boolean;
}

/** The URLs a running host serves, for people and for tests. */
export function servedUrls(base: string, area: string | undefined, heatmapPage: string | undefined): Record<string, string> {
  return {
    api: `${base}/grid-modelling/${area ?? '{licenceArea}'}/publications`,
    heatmapApi: `${base}/heatmap?licenceArea=${area ?? '{licenceArea}'}`,
    openapi: `${base}/openapi.json`,
    docs: `${base}/docs`,
    index: `${base}/`,
    ...(heatmapPage ? { heatmapPage: `${base}/${heatmapPage}` } : {}),
    token: `${base}/dar/v1/auth/token`,
    health: `${base}/health`,
    ready: `${base}/ready`,
  };
}

const LABELS: Record<string, string> = {
  api: 'LTDS grid-modelling API',
  heatmapApi: 'heatmap API',
  openapi: 'OpenAPI document',
  docs: 'API docs page',
  index: 'publication index page',
  heatmapPage: 'heatmap page',
  token: 'token endpoint',
  health: 'liveness',
  ready: 'readiness',
};

/** Registers `serve`. */
export function registerServe(program: Command): void {
  storeOptions(
    program
      .command('serve')
      .description('serve a publication folder: LTDS grid-modelling API, heatmap API, static files, auth and OpenAPI')
      .addOption(new Option('--out <dir>', 'publication folder to serve').default('out').env('LTDS_OUT'))
      .addOption(new Option('--port <n>', 'TCP port (0 = any free port)').default(8080).argParser(port).env('LTDS_PORT'))
      .addOption(new Option('--host <address>', 'address to listen on (0.0.0.0 for every interface)').default('127.0.0.1').env('LTDS_HOST')),
  )
    .addOption(new Option('--require-token', 'require a bearer token for the publications (public by default)').env('LTDS_REQUIRE_TOKEN'))
    .option('--token-ttl <seconds>', 'bearer token lifetime', positiveInt('--token-ttl'), 7200)
    .option('--token-rate-limit <n>', 'token requests allowed per client per minute', positiveInt('--token-rate-limit'), 10)
    .option('--key-rotation-hours <n>', 'rotate the token signing key after this many hours', positiveInt('--key-rotation-hours'), 24)
    .addOption(new Option('--memory-cache <MB>', 'MB of published zips kept in memory, so downloads are sent without reading the disk (0 = always from disk)').default(256).argParser(wholeNumber('--memory-cache')).env('LTDS_MEMORY_CACHE_MB'))
    .option('--cors <origin>', "Access-Control-Allow-Origin for API responses ('*' by default)", '*')
    .option('--no-cors', 'send no CORS headers')
    .option('--log <file>', "request log (JSON lines): a file, or '-' for standard output (standard error with --json)", '-')
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy')
    .option('--json', 'print the served URLs as one JSON line, the only line on standard output')
    .option('--dar-verify-rate-limit <n>', 'DAR verify requests allowed per client per minute (0 = no limit)', wholeNumber('--dar-verify-rate-limit'), 600)
    .option('--dar-strict-mprn', 'refuse MPRNs whose check digits do not match (default: accept with a Warning header)')
    .option('--no-webhooks', 'do not deliver DAR or Tariff API webhook events from this host (another host does)')
    .option('--webhook-poll-ms <n>', 'how often the webhook worker looks for due deliveries', positiveInt('--webhook-poll-ms'), 1000)
    .option('--webhook-timeout-ms <n>', 'how long a receiver has to answer one delivery', positiveInt('--webhook-timeout-ms'), 10_000)
    .option('--webhook-lease-ms <n>', 'how long a claimed delivery is held before another worker may retry it (default timeout + 30 s)', positiveInt('--webhook-lease-ms'))
    .addOption(new Option('--portal-origin <url>', 'origin of the customer portal page: base of magic links, WebAuthn expected origin (default: the request\'s own origin, for development)').env('LTDS_PORTAL_ORIGIN'))
    .addOption(new Option('--rp-id <host>', 'WebAuthn relying-party id, a domain (default: the portal origin\'s host name)').env('LTDS_RP_ID'))
    .addOption(new Option('--rp-name <name>', 'WebAuthn relying-party name shown by authenticators').env('LTDS_RP_NAME'))
    .addOption(new Option('--smtp-url <url>', 'send portal mail (magic links) by SMTP: smtp://host:587 or smtps://user:pass@host:465 (default: write it to the outbox folder)').env('LTDS_SMTP_URL'))
    .addOption(new Option('--mail-from <address>', 'sender of portal mail').env('LTDS_MAIL_FROM'))
    .option('--demo', 'seed the demo Data Access Register into a new store (what ltds start does) and print the portal URL and the outbox folder')
    .addOption(new Option('--outbox <dir>', 'without --smtp-url, portal mail is written here, one .eml file per message (default <out>/../data/outbox)').env('LTDS_OUTBOX'))
    .addHelpText(
      'after',
      `
Examples:
  $ ltds serve                                  # out/ on http://127.0.0.1:8080
  $ ltds serve --out /srv/ltds/out --host 0.0.0.0 --port 80 --require-token
  $ LTDS_PORT=9000 ltds serve --log /var/log/ltds.jsonl
  $ ltds serve --database-url postgres://ltds@db.internal:5432/ltds   # PostgreSQL store`,
    )
    .action(runServe);
}

/** Refuses a portal origin that is not an http(s) origin, or a relying-party id the origin's host does not end in. */
function checkPortalOptions(opts: ServeOptions): void {
  if (opts.portalOrigin !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(opts.portalOrigin);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.pathname !== '/' || u.search || u.hash) {
      throw new LtdsError('USAGE', `--portal-origin must be an origin like https://portal.example.com (scheme, host, optional port; no path), got '${opts.portalOrigin}'`, { option: '--portal-origin', value: opts.portalOrigin });
    }
    if (opts.rpId !== undefined && u.hostname !== opts.rpId && !u.hostname.endsWith(`.${opts.rpId}`)) {
      throw new LtdsError('USAGE', `--rp-id '${opts.rpId}' must be the portal origin's host name or a domain it ends in ('${u.hostname}')`, { option: '--rp-id', value: opts.rpId });
    }
  }
}

/** Serves a publication folder until SIGINT/SIGTERM (the action of `ltds serve`, reused by `ltds start`). */
export async function runServe(opts: ServeOptions): Promise<void> {
  {
      const outDir = resolve(opts.out);
      const [{ buildServer }, store] = await Promise.all([import('../../server/app.js'), openCliStore({ db: opts.db, databaseUrl: opts.databaseUrl, out: outDir })]);
      const dbFile = store.where;
      // With --json, standard output carries exactly one line (the URLs), so request logs go to standard error.
      const log = opts.log === '-' ? (opts.json ? process.stderr : process.stdout) : createWriteStream(opts.log, { flags: 'a' });
      let built: Awaited<ReturnType<typeof buildServer>>;
      const { OutboxMail, SmtpMail } = await import('../../mail/transport.js');
      const outbox = resolve(opts.outbox ?? join(dirname(outDir), 'data', 'outbox'));
      let seeded: string | undefined;
      try {
        checkPortalOptions(opts);
        const mail = opts.smtpUrl ? new SmtpMail(opts.smtpUrl, opts.mailFrom) : new OutboxMail(outbox, opts.mailFrom);
        if (opts.demo) {
          const [{ openRegister }, { seedDemoRegister }] = await Promise.all([import('../../dar/index.js'), import('../../dar/demo.js')]);
          const demo = await seedDemoRegister(store, await openRegister(store));
          seeded = demo ? `demo register: seeded (Demo Energy Ltd; MPAN ${demo.mpan}, email ${demo.email}; records ACTIVE, EXPIRED, REVOKED, DISCOVERED)` : 'demo register: not seeded (the register already has records)';
        }
        built = await buildServer({
          portal: { mail, ...(opts.portalOrigin ? { origin: opts.portalOrigin } : {}), ...(opts.rpId ? { rpId: opts.rpId } : {}), ...(opts.rpName ? { rpName: opts.rpName } : {}) },
          outDir,
          store,
          requireToken: Boolean(opts.requireToken),
          tokenTtlSeconds: opts.tokenTtl,
          tokenRateLimit: { max: opts.tokenRateLimit, windowMs: 60_000 },
          keyRotationHours: opts.keyRotationHours,
          ...(opts.memoryCache === undefined ? {} : { memoryCacheBytes: opts.memoryCache * 1024 * 1024 }),
          corsOrigin: opts.cors,
          log,
          trustProxy: Boolean(opts.trustProxy),
          darVerifyRateLimit: (opts.darVerifyRateLimit ?? 600) > 0 ? { max: opts.darVerifyRateLimit ?? 600, windowMs: 60_000 } : false,
          darStrictMprn: Boolean(opts.darStrictMprn),
          darWebhooks: opts.webhooks === false ? false : { pollMs: opts.webhookPollMs, timeoutMs: opts.webhookTimeoutMs, leaseMs: opts.webhookLeaseMs },
        });
      } catch (err) {
        await store.close();
        throw err;
      }
      const { app, ctx } = built;
      try {
        await app.listen({ port: opts.port, host: opts.host });
      } catch (err) {
        await app.close();
        await store.close();
        throw new LtdsError('SERVE_LISTEN', `cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`, { host: opts.host, port: opts.port }, {}, err);
      }
      // Installed before the URLs are printed, so a supervisor that reads them may stop us at once.
      const stop = () => {
        app
          .close()
          .then(() => store.close())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const addr = app.server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address;
      const base = `http://${host}:${addr.port}`;
      const health = ctx.catalog.health();
      let area: string | undefined;
      let heatmapPage: string | undefined;
      if (health.ok) {
        const pubs = ctx.catalog.all();
        area = pubs[0]?.area;
        const withMap = pubs.find((p) => p.manifest.files.some((f) => f.path === 'heatmap/index.html'));
        heatmapPage = withMap ? `${withMap.path}/heatmap/` : undefined;
      }
      const urls = servedUrls(base, area, heatmapPage);
      const portalUrl = `${opts.portalOrigin ?? base.replace('//127.0.0.1:', '//localhost:')}/portal`;
      if (opts.json) {
        const demo = opts.demo ? { portal: portalUrl, outbox: opts.smtpUrl ? null : outbox, demoSeeded: seeded?.startsWith('demo register: seeded') ?? false } : {};
        process.stdout.write(JSON.stringify({ event: 'listening', url: base, outDir, db: dbFile, engine: store.engine, publications: health.publications ?? 0, urls, ...demo }) + '\n');
      } else {
        const lines = [`ltds serve: ${outDir} on ${base} (${store.engine} store ${dbFile})`];
        if (!health.ok) lines.push(`  warning: ${health.message}; /ready answers 503 until a publication is there`);
        else lines.push(`  ${health.publications} publication(s)${opts.requireToken ? ', bearer token required' : ', public'}`);
        for (const [k, v] of Object.entries(urls)) lines.push(`  ${(LABELS[k] ?? k).padEnd(24)} ${v}`);
        if (opts.demo) {
          if (seeded) lines.push(seeded);
          lines.push(`portal: ${portalUrl}`, `outbox: ${opts.smtpUrl ? '(mail goes by SMTP)' : outbox} (magic links are written here)`);
        }
        process.stdout.write(lines.join('\n') + '\n');
      }
  }
}
