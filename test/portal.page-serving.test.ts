// The portal page as the host serves it (inject, no browser): the page and its three assets come
// from this host with a strict CSP, SHA-256 ETags and 304s; the page names no other origin; the
// script is valid JavaScript; the WebAuthn helper is the installed @simplewebauthn/browser 13.3.0
// byte for byte; every legal basis and data type of the DAR has its plain-English words.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATA_TYPES as WIRE_DATA_TYPES, LEGAL_BASES } from '../src/dar/wire/common.js';
import { DATA_TYPES, LEGAL_BASIS, PORTAL_PATHS, STATES } from '../src/portal/page/index.js';
import { testServer, type TestServer } from './helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer('portal-page-serving');
});
afterAll(async () => s?.close());

const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers });

/** The CSP's directives as a map. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));
}

describe('GET /portal', () => {
  test('is an HTML page under a CSP that allows only this host and nothing inline', async () => {
    const res = await get('/portal');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    for (const d of ['script-src', 'style-src', 'connect-src', 'img-src']) expect(csp.get(d), d).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe|\*|https?:|data:/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  test('loads its script, style sheet and WebAuthn helper from this host, and has no inline script, style or handler', async () => {
    const html = (await get('/portal')).body;
    const srcs = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(srcs.map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1])).toEqual([PORTAL_PATHS.webauthn, PORTAL_PATHS.script]);
    expect(srcs.every((m) => m[2]!.trim() === '')).toBe(true);
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
    expect(html).toContain(`<link rel="stylesheet" href="${PORTAL_PATHS.style}">`);
    // No URL of another origin anywhere in the page.
    expect(html.match(/(?:src|href|action)="(?:https?:)?\/\/[^"]*"/g)).toBeNull();
    // Every field has a label.
    for (const id of [...html.matchAll(/<input [^>]*id="([^"]+)"/g)].map((m) => m[1])) expect(html, id).toContain(`<label for="${id}">`);
  });

  test('/portal/ redirects to /portal', async () => {
    const res = await get('/portal/');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/portal');
  });
});

describe('portal assets', () => {
  test.each([
    [PORTAL_PATHS.script, 'text/javascript; charset=utf-8'],
    [PORTAL_PATHS.style, 'text/css; charset=utf-8'],
    [PORTAL_PATHS.webauthn, 'text/javascript; charset=utf-8'],
    [PORTAL_PATHS.icon, 'image/svg+xml'],
  ])('%s: served with its type, a SHA-256 ETag and 304 on revalidation', async (path, type) => {
    const res = await get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers.etag).toBe(`"${createHash('sha256').update(res.rawPayload).digest('hex')}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const again = await get(path, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  test('the script is valid JavaScript, uses no eval-like construct and never writes markup', async () => {
    const js = (await get(PORTAL_PATHS.script)).body;
    expect(() => new Script(js)).not.toThrow();
    expect(js).not.toMatch(/\beval\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    // Calls go to the DAR API of this host only (relative URLs).
    expect(js).not.toMatch(/fetch\(\s*['"]/);
    expect(js).toContain("fetch(API + path");
  });

  test('the WebAuthn helper is the installed @simplewebauthn/browser 13.3.0 UMD bundle, byte for byte', async () => {
    const res = await get(PORTAL_PATHS.webauthn);
    const installed = readFileSync(new URL('../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js', import.meta.url));
    expect(res.rawPayload.equals(installed)).toBe(true);
    expect(res.body.slice(0, 60)).toContain('@simplewebauthn/browser@13.3.0');
    expect(res.body).toContain('SimpleWebAuthnBrowser');
  });
});

describe('the words the page uses', () => {
  test('every legal basis has a name and one sentence; exactly the two consent bases can be withdrawn', () => {
    expect(Object.keys(LEGAL_BASIS).sort()).toEqual([...LEGAL_BASES].sort());
    for (const [basis, w] of Object.entries(LEGAL_BASIS)) {
      expect(w.name.length, basis).toBeGreaterThan(3);
      // One sentence: ends with a full stop, no other sentence-ending stop inside.
      expect(w.sentence, basis).toMatch(/^[A-Z][^.!?]*\.$/);
    }
    expect(Object.entries(LEGAL_BASIS).filter(([, w]) => w.consent).map(([b]) => b).sort()).toEqual(['uk-consent', 'uk-explicit-consent']);
  });

  test('every data type and every state has its words', () => {
    expect(Object.keys(DATA_TYPES).sort()).toEqual([...WIRE_DATA_TYPES].sort());
    expect(Object.keys(STATES).sort()).toEqual(['ACTIVE', 'DISCOVERED', 'EXPIRED', 'REVOKED']);
  });
});
