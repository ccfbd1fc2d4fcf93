// The OpenAPI 3.1 document, generated from the route schemas as routes are registered, and a
// readable docs page rendered from it (plain HTML, no scripts, nothing fetched from the internet).

import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
    /** OpenAPI security requirements, e.g. `[{ bearerAuth: [] }]`. */
    security?: readonly Record<string, readonly string[]>[];
    /** Leave the route out of the document. */
    hide?: boolean;
  }
}

type Json = Record<string, unknown>;

interface CollectedRoute {
  method: string;
  url: string;
  schema: Json;
  errorShape: string;
}

/** Collects routes as they are registered (install before any route). */
export class OpenApiCollector {
  readonly routes: CollectedRoute[] = [];

  constructor(private readonly shapeFor: (url: string) => string) {}

  install(app: FastifyInstance): void {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || (route.schema as Json | undefined)?.hide) continue;
        this.routes.push({ method: method.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Json, errorShape: this.shapeFor(route.url) });
      }
    });
  }

  /** The OpenAPI 3.1 document of every collected route. */
  document(info: { title: string; version: string; description: string }): Json {
    const paths: Record<string, Json> = {};
    for (const r of this.routes) {
      const path = openApiPath(r.url);
      const s = r.schema;
      const parameters: Json[] = [];
      const addParams = (schema: Json | undefined, where: 'path' | 'query' | 'header') => {
        if (!schema) return;
        const props = (schema.properties ?? {}) as Record<string, Json>;
        const required = new Set((schema.required ?? []) as string[]);
        for (const [name, prop] of Object.entries(props)) {
          const { description, ...rest } = prop;
          parameters.push({ name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: rest });
        }
      };
      addParams(s.params as Json | undefined, 'path');
      if (r.url.endsWith('*')) parameters.push({ name: 'path', in: 'path', required: true, description: 'Path of a file under the publication folder.', schema: { type: 'string' } });
      addParams(s.querystring as Json | undefined, 'query');
      addParams(s.headers as Json | undefined, 'header');
      const responses: Record<string, Json> = {};
      for (const [status, resp] of Object.entries((s.response ?? {}) as Record<string, Json>)) {
        if (resp.content) responses[status] = { description: resp.description ?? `HTTP ${status}`, content: resp.content };
        else if (Object.keys(resp).length === 1 && resp.description) responses[status] = { description: resp.description };
        else {
          const { description, ...schema } = resp;
          responses[status] = { description: description ?? `HTTP ${status}`, content: { 'application/json': { schema } } };
        }
      }
      const errorRef = { $ref: `#/components/responses/${r.errorShape === 'dar' ? 'DarError' : r.errorShape === 'tariff' ? 'TariffError' : 'Error'}` };
      for (const status of ['400', '404', '500']) responses[status] ??= errorRef;
      if (s.security) {
        responses['401'] ??= errorRef;
        responses['403'] ??= errorRef;
      }
      const op: Json = {
        operationId: operationId(r.method, r.url),
        summary: s.summary ?? `${r.method.toUpperCase()} ${path}`,
        ...(s.description ? { description: s.description } : {}),
        ...(s.tags ? { tags: s.tags } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } } : {}),
        responses,
        ...(s.security ? { security: s.security } : {}),
      };
      paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
    }
    return {
      openapi: '3.1.0',
      info,
      jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic', description: '`account_id:secret_key`, for the token endpoint only.' },
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          rtiUserBearer: { type: 'http', scheme: 'bearer', description: 'Tariff API: the RTI User token of `ltds tariffs user-token` (opaque, not a JWT).' },
          supplierApiKey: { type: 'apiKey', in: 'header', name: 'X-Supplier-API-Key', description: 'Tariff API: the supplier key of `ltds tariffs supplier-key`.' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['status', 'code', 'message'],
                properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' }, requestId: { type: 'string' } },
              },
            },
          },
          TariffError: {
            type: 'object',
            required: ['code', 'message', 'details'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
          },
          DarError: {
            type: 'object',
            required: ['response', 'errors'],
            properties: {
              response: { type: 'object', properties: { resource: { type: 'string' }, timestamp: { type: 'string' }, 'transaction-id': { type: 'string' } } },
              errors: { type: 'array', items: { type: 'object', properties: { 'error-code': { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
        responses: {
          Error: { description: 'An error: a stable code and a message naming what was wrong.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          TariffError: { description: 'A Tariff API error: {code, message, details}.', content: { 'application/json': { schema: { $ref: '#/components/schemas/TariffError' } } } },
          DarError: { description: 'A Data Access Register error (AUTH001…, VAL001…, NOT001, SRV001).', content: { 'application/json': { schema: { $ref: '#/components/schemas/DarError' } } } },
        },
      },
    };
  }
}

/** `/a/:b/*` → `/a/{b}/{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

function operationId(method: string, url: string): string {
  const words = url
    .replace(/\*$/, 'path')
    .split(/[/:-]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, ''));
  return [method, ...words].map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A readable page of the document: every operation with its parameters, responses and a curl line. */
export function docsPage(doc: Json, baseUrl: string): string {
  const info = doc.info as Json;
  const sections = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0]!;
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map((p) => {
          const sch = p.schema as Json;
          const type = sch.enum ? (sch.enum as unknown[]).map((v) => `<code>${esc(v)}</code>`).join(' | ') : esc(sch.type ?? 'string') + (sch.pattern ? ` <code>${esc(sch.pattern)}</code>` : '');
          return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}${p.required ? ', required' : ''}</td><td>${type}</td><td>${esc(p.description ?? '')}</td></tr>`;
        })
        .join('');
      const responses = Object.entries(op.responses as Record<string, Json>)
        .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description ?? (r.$ref ? 'error (see the error shape)' : ''))}${r.content ? ` — ${Object.keys(r.content as Json).map((t) => `<code>${esc(t)}</code>`).join(', ')}` : ''}</li>`)
        .join('');
      const example = path.replace(/\{licenceArea\}/, 'DEMO').replace(/\{cimFile\}/, 'EQ.xml').replace(/\{k\}/, '1');
      const auth = op.security ? ' -H "Authorization: Bearer $TOKEN"' : '';
      const html = `<section><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3><p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}${params ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th></tr>${params}</table>` : ''}<ul>${responses}</ul><pre>curl -i${method === 'get' ? '' : ` -X ${esc(method.toUpperCase())}`}${auth} '${esc(baseUrl + example)}'</pre></section>`;
      sections.set(tag, [...(sections.get(tag) ?? []), html]);
    }
  }
  const body = [...sections.entries()].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('')}`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${esc(info.title)} — API</title><style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h3{font-size:1rem;margin:1.4rem 0 .3rem}code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{background:#f4f4f4;padding:.5rem;overflow:auto}table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:3.5rem;padding:0 .3rem;color:#fff;background:#2a6;border-radius:3px;text-align:center}.m.post{background:#26a}.m.delete{background:#a33}
</style></head><body><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${esc(info.description)}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${body}</body></html>`;
}
