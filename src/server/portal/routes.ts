// GET /portal: the customer portal page (src/portal/) and its assets, all from this host: the page
// script and style sheet, and the SimpleWebAuthn browser bundle read from its installed package
// (so the page never loads anything from another origin). Every asset carries a SHA-256 ETag.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LtdsError } from '../../errors/index.js';
import { PORTAL_CSP, PORTAL_CSS, PORTAL_ICON, PORTAL_PATHS, portalPageHtml, portalScript } from '../../portal/page/index.js';
import type { ServerContext } from '../context.js';
import { REVALIDATE, sendFile } from '../http-file.js';

/** The version of @simplewebauthn/browser the route name promises. */
const WEBAUTHN_VERSION = '13.3.0';

/** The UMD bundle of @simplewebauthn/browser (defines `SimpleWebAuthnBrowser`), checked to be the promised version. */
export function webauthnBundle(): Buffer {
  const require = createRequire(import.meta.url);
  // The package's main is script/index.js; the bundle is beside it under dist/bundle/.
  const root = dirname(dirname(require.resolve('@simplewebauthn/browser')));
  const file = join(root, 'dist', 'bundle', 'index.umd.min.js');
  const bytes = readFileSync(file);
  const banner = bytes.subarray(0, 80).toString('utf8');
  if (!banner.includes(`@simplewebauthn/browser@${WEBAUTHN_VERSION}`)) {
    throw new LtdsError('PORTAL_ASSET_VERSION', `${file} is not @simplewebauthn/browser ${WEBAUTHN_VERSION} (its banner reads '${banner.split('\n')[0]}')`, { file, expected: WEBAUTHN_VERSION });
  }
  return bytes;
}

interface Asset {
  bytes: Buffer;
  etag: string;
  contentType: string;
}

const asset = (text: string | Buffer, contentType: string): Asset => {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { bytes, etag: createHash('sha256').update(bytes).digest('hex'), contentType };
};

/** Headers of every portal response: the CSP, no framing, no referrer, nothing shared cross-origin. */
function pageHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', PORTAL_CSP);
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'publickey-credentials-create=(self), publickey-credentials-get=(self), camera=(), microphone=(), geolocation=(), payment=()');
}

/** Registers `GET /portal` and `GET /portal/assets/*`. */
export async function portalRoutes(app: FastifyInstance, { ctx }: { ctx: ServerContext }): Promise<void> {
  const assets = new Map<string, Asset>([
    [PORTAL_PATHS.page, asset(portalPageHtml({ api: ctx.prefixes.dar }), 'text/html; charset=utf-8')],
    [PORTAL_PATHS.script, asset(portalScript(), 'text/javascript; charset=utf-8')],
    [PORTAL_PATHS.style, asset(PORTAL_CSS, 'text/css; charset=utf-8')],
    [PORTAL_PATHS.webauthn, asset(webauthnBundle(), 'text/javascript; charset=utf-8')],
    [PORTAL_PATHS.icon, asset(PORTAL_ICON, 'image/svg+xml')],
  ]);
  const tags = ['Customer portal'];
  for (const [path, a] of assets) {
    const page = path === PORTAL_PATHS.page;
    app.get(
      path,
      {
        // The page is documented (like /docs); its assets are not API operations.
        schema: page
          ? {
              summary: 'The customer portal page: find a meter point, prove it is you, see and withdraw its records',
              tags,
              response: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }, 304: { description: 'Not modified.' } },
            }
          : { hide: true },
      },
      async (req: FastifyRequest, reply: FastifyReply) => {
        pageHeaders(reply);
        return sendFile(req, reply, a.bytes, { etag: a.etag, size: a.bytes.length, contentType: a.contentType, cacheControl: REVALIDATE });
      },
    );
  }
  // `/portal/` (as people type it) is the page too.
  app.get(`${PORTAL_PATHS.page}/`, { schema: { hide: true } }, async (req, reply) => reply.redirect(`${PORTAL_PATHS.page}${req.url.slice(PORTAL_PATHS.page.length + 1)}`, 301));
}
