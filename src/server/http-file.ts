// Sending published bytes correctly: strong ETags, If-None-Match → 304, Range / If-Range → 206 or
// 416, Content-Length, Cache-Control and Content-Disposition. Shared by the LTDS, heatmap and static routes.

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpError } from './errors.js';

/** Read size for files sent from disk: large reads keep big downloads near disk speed. */
const CHUNK = 1 << 20;

/** Cache-Control for a version pinned by its URL (it never changes). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control for "latest" URLs: cache, but revalidate (cheap with the ETag) every time. */
export const REVALIDATE = 'public, no-cache';

/** What describes one representation. */
export interface Representation {
  /** Strong validator without quotes (a SHA-256 hex, maybe with a suffix per representation). */
  etag: string;
  contentType: string;
  cacheControl: string;
  /** File name for `Content-Disposition: attachment`; none for inline pages. */
  filename?: string;
  /** Byte length when known. */
  size?: number;
  /** Whether Range requests are honoured (byte-addressable representations only). */
  ranges?: boolean;
  /** Headers added as they are (Vary, Content-Location ...). */
  extra?: Record<string, string>;
}

/** True when `If-None-Match` names this ETag (weak comparison, as RFC 9110 says for this header) or is `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === `"${etag}"`);
}

/** One satisfiable byte range, `unsatisfiable`, or `null` to send the whole representation. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return null; // unknown unit: ignore, as RFC 9110 allows
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length !== 1) return null; // multiple ranges: the whole file, rather than multipart
  const r = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!r || (r[1] === '' && r[2] === '')) return null;
  if (r[1] === '') {
    const suffix = Number(r[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(r[1]);
  const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * A response that needed a bearer token must not be stored by shared caches (RFC 9111 §3.5):
 * `public` becomes `private` whenever the request was authenticated.
 */
export function cacheControlFor(request: FastifyRequest, cacheControl: string): string {
  return request.principal === undefined ? cacheControl : cacheControl.replace(/^public\b/, 'private');
}

function setHeaders(reply: FastifyReply, rep: Representation): void {
  reply.header('etag', `"${rep.etag}"`);
  reply.header('cache-control', cacheControlFor(reply.request, rep.cacheControl));
  reply.header('accept-ranges', rep.ranges ? 'bytes' : 'none');
  if (rep.filename) reply.header('content-disposition', contentDisposition(rep.filename));
  for (const [k, v] of Object.entries(rep.extra ?? {})) reply.header(k, v);
}

/**
 * Answers the conditional part of a request: sets the headers and returns `true` when a 304 was
 * sent (the caller then sends nothing else). Otherwise the range to send (or null for all of it).
 */
export function preconditions(request: FastifyRequest, reply: FastifyReply, rep: Representation): { done: true } | { done: false; range: { start: number; end: number } | null } {
  setHeaders(reply, rep);
  if (matchesIfNoneMatch(request.headers['if-none-match'], rep.etag)) {
    reply.code(304).removeHeader('content-disposition');
    reply.send();
    return { done: true };
  }
  if (!rep.ranges || rep.size === undefined || request.method !== 'GET') return { done: false, range: null };
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && String(ifRange).trim() !== `"${rep.etag}"`) return { done: false, range: null };
  const range = parseRange(request.headers.range, rep.size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${rep.size}`);
    throw httpError('HTTP_RANGE_NOT_SATISFIABLE', `the range '${String(request.headers.range)}' is outside the ${rep.size} bytes of the file`, { parameter: 'range', size: rep.size });
  }
  return { done: false, range };
}

/**
 * Sends a file (whole or one range) as `rep`: from disk given its path, or from memory given its
 * bytes (one copy into the socket, no reads, no per-chunk buffers).
 */
export function sendFile(request: FastifyRequest, reply: FastifyReply, source: string | Buffer, rep: Representation & { size: number }): FastifyReply {
  const pre = preconditions(request, reply, rep);
  if (pre.done) return reply;
  reply.type(rep.contentType);
  const head = request.method === 'HEAD';
  if (pre.range) {
    const { start, end } = pre.range;
    reply.code(206).header('content-range', `bytes ${start}-${end}/${rep.size}`).header('content-length', String(end - start + 1));
    if (head) return reply.send(Readable.from([]));
    return reply.send(typeof source === 'string' ? createReadStream(source, { start, end, highWaterMark: CHUNK }) : source.subarray(start, end + 1));
  }
  reply.header('content-length', String(rep.size));
  // HEAD: an empty stream keeps Content-Length (Fastify's HEAD hook resets it for a string body).
  if (head) return reply.send(Readable.from([]));
  return reply.send(typeof source === 'string' ? createReadStream(source, { highWaterMark: CHUNK }) : source);
}

/** Sends a stream (whole representation; no ranges) as `rep`; `open` is called only when bytes are needed. */
export async function sendStream(request: FastifyRequest, reply: FastifyReply, rep: Representation, open: () => Promise<Readable | Buffer | string>): Promise<FastifyReply> {
  const pre = preconditions(request, reply, { ...rep, ranges: false });
  if (pre.done) return reply;
  reply.type(rep.contentType);
  if (rep.size !== undefined) reply.header('content-length', String(rep.size));
  if (request.method === 'HEAD') return reply.send(Readable.from([]));
  return reply.send(await open());
}
