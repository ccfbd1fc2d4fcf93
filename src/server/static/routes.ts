// The publication folder as a static site: index page, heatmap pages, zips, reports. Only files
// inside the folder are served: `..`, encoded traversal, backslashes, NUL, dot-files and symlinks
// that lead outside are refused before the file system is touched.

import { realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashFile } from '../../io/hash-file.js';
import type { ServerContext } from '../context.js';
import { httpError } from '../errors.js';
import { IMMUTABLE, REVALIDATE, sendFile } from '../http-file.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
  '.zip': 'application/zip',
  '.xml': 'application/rdf+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.sarif': 'application/sarif+json',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Content Security Policy of served pages: nothing from other origins. */
export const PAGE_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The file-system path of a URL path under `root`, or a thrown 400/404. Every check happens on the
 * decoded segments, so `%2e%2e`, `%2f` and `%5c` cannot sneak a traversal past it.
 */
export function resolveStaticPath(root: string, urlPath: string): string {
  const raw = urlPath.split('?')[0]!;
  const refuse = (why: string) => httpError('HTTP_BAD_REQUEST', `the path '${raw.slice(0, 200)}' is refused: ${why}`, { parameter: 'path' });
  if (!raw.startsWith('/')) throw refuse('not an absolute URL path');
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(encoded);
    } catch {
      throw refuse('malformed percent-encoding');
    }
    if (seg.includes('\0')) throw refuse('NUL byte');
    if (seg.includes('/') || seg.includes('\\')) throw refuse('encoded slash or backslash');
    if (seg === '..' || seg === '.') throw refuse('climbs out of the publication folder');
    if (/^[A-Za-z]:/.test(seg)) throw refuse('drive letter');
    if (seg.startsWith('.')) throw httpError('HTTP_NOT_FOUND', `no published file '${raw.slice(0, 200)}'`, { missing: 'file', path: raw });
    segments.push(seg);
  }
  const full = resolve(root, ...segments.filter((s) => s !== ''));
  if (full !== root && !full.startsWith(root + sep)) throw refuse('outside the publication folder');
  return full;
}

interface Cached {
  sig: string;
  etag: Promise<string>;
}

const fileSha256 = async (path: string): Promise<string> => (await hashFile(path)).sha256;

/** Registers `GET /*` serving ctx.outDir. */
export async function staticRoutes(app: FastifyInstance, { ctx }: { ctx: ServerContext }): Promise<void> {
  const root = realpathSync(resolve(ctx.outDir));
  const etags = new Map<string, Cached>();

  /** The manifest record of a published file (size and SHA-256), when a manifest lists it. */
  const recordOf = (path: string): { size: number; sha256: string } | undefined => {
    const rel = path.slice(root.length + 1).split(sep).join('/');
    let pubs: ReturnType<typeof ctx.catalog.all>;
    try {
      pubs = ctx.catalog.all();
    } catch {
      return undefined; // no catalog yet: the file is hashed for its ETag
    }
    for (const pub of pubs) {
      if (rel.startsWith(pub.path + '/')) return pub.manifest.files.find((f) => f.path === rel.slice(pub.path.length + 1));
    }
    return undefined;
  };

  const etagOf = (path: string, st: Stats): Promise<string> => {
    const sig = `${st.ino}:${st.size}:${st.mtimeMs}`;
    const cached = etags.get(path);
    if (cached && cached.sig === sig) return cached.etag;
    const etag = fileSha256(path);
    etags.set(path, { sig, etag });
    if (etags.size > 10_000) etags.delete(etags.keys().next().value as string);
    return etag;
  };

  const apiPrefixes = Object.values(ctx.prefixes).map((p) => p.replace(/\/$/, ''));
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const urlPath = req.url.split('?')[0]!;
    // An API path no route matched: a 404 in that API's error shape, not a file lookup.
    if (apiPrefixes.some((p) => urlPath === p || urlPath.startsWith(p + '/'))) throw httpError('HTTP_NOT_FOUND', `no route ${req.method} ${urlPath.slice(0, 200)}`, { missing: 'route', path: urlPath });
    // With --require-token the token guards the data (zips, datasets, manifests, reports), not the
    // pages that describe it: a browser cannot send a bearer token, so pages stay readable.
    const page = urlPath.endsWith('/') || /\.html$/i.test(urlPath);
    if (ctx.publicationGuard && !page) await ctx.publicationGuard(req, reply);
    let path = resolveStaticPath(root, req.url);
    let st: Stats;
    const notFound = () => httpError('HTTP_NOT_FOUND', `no published file '${req.url.split('?')[0]!.slice(0, 200)}'`, { missing: 'file', path: req.url.split('?')[0] });
    try {
      st = statSync(path);
      if (st.isDirectory()) {
        if (!req.url.split('?')[0]!.endsWith('/')) return reply.redirect(`${req.url.split('?')[0]}/`, 301);
        path = join(path, 'index.html');
        st = statSync(path);
      }
      const real = realpathSync(path);
      if (real !== root && !real.startsWith(root + sep)) throw notFound();
    } catch (err) {
      if ((err as { code?: string }).code === 'HTTP_NOT_FOUND' || (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') throw notFound();
      throw err;
    }
    if (!st.isFile()) throw notFound();
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    if (ctx.publicationGuard && page && !type.startsWith('text/html')) await ctx.publicationGuard(req, reply);
    const inPublication = /^[^/]+\/\d{4}-\d{2}\/v\d+\//.test(path.slice(root.length + 1).split(sep).join('/'));
    if (type.startsWith('text/html')) reply.header('content-security-policy', PAGE_CSP);
    // A file a manifest lists is checked against it once (a mismatch is a 500, nothing is sent)
    // and then sent from memory like the API's zips; other files are sent from disk.
    const rec = recordOf(path);
    const bytes = rec ? await ctx.zips.bytes(path, rec) : undefined;
    return sendFile(req, reply, bytes ?? path, {
      etag: rec ? rec.sha256 : await etagOf(path, st),
      size: bytes ? bytes.length : st.size,
      contentType: type,
      cacheControl: inPublication ? IMMUTABLE : REVALIDATE,
      ranges: true,
    });
  };

  const schema = { summary: 'A file of the publication folder (index page, heatmap pages, zips, manifests, reports)', tags: ['Static files'] };
  app.get('/', { schema: { ...schema, summary: 'The publication index page' } }, handler);
  app.get('/*', { schema }, handler);
}
