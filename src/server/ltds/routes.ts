// The LTDS grid-modelling API (api-ltds.md): case archives, single CIM files out of them, the
// publication list and the Development Project list, all read from the published catalog.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadCimStream } from '../../cim-xml/sources.js';
import { modelToJson } from '../../cim-xml/json.js';
import { LtdsError } from '../../errors/index.js';
import type { Stage } from '../../publication/index.js';
import type { ServerContext } from '../context.js';
import { httpError } from '../errors.js';
import { IMMUTABLE, REVALIDATE, sendFile, sendStream } from '../http-file.js';
import { negotiate } from '../negotiate.js';
import { findCase, label, publishedFile, type ManifestCase, type Publication, type Selector } from './catalog.js';
import {
  FAULT_LEVEL_FILES,
  NETS_FILES,
  PROJECT_FILES,
  cimFileParam,
  cimFileResponse,
  licenceAreaParam,
  projectIdParam,
  projectsResponse,
  publicationsResponse,
  selectorQuery,
  zipResponse,
} from './schemas.js';

type Params = { licenceArea: string; cimFile?: string; projectId?: string; k?: number };
type Req = FastifyRequest<{ Params: Params; Querystring: Selector }>;

/** Which case a route serves. */
interface CaseRoute {
  what: string;
  match: (c: ManifestCase, params: Params) => boolean;
}

const FAULT_LEVEL: CaseRoute = { what: 'Existing Fault Level (FaultLevel)', match: (c) => c.case === 'FaultLevel' };
const SYSCAP_EXISTING: CaseRoute = { what: 'Existing System Capacity (SystemCapacity_Existing)', match: (c) => c.case === 'SystemCapacity_Existing' };
const syscapYear = (fixed?: number): CaseRoute => ({
  what: fixed ? `Future Year ${fixed} System Capacity (SystemCapacity_Year${fixed})` : 'Future Year System Capacity',
  match: (c, p) => c.case === `SystemCapacity_Year${fixed ?? p.k}`,
});
const NETS_MAX: CaseRoute = { what: 'NETS Maximum Demand (GBMaximum_...)', match: (c) => c.case.startsWith('GBMaximum_') };
const NETS_MIN: CaseRoute = { what: 'NETS Minimum Demand (GBMinimum_...)', match: (c) => c.case.startsWith('GBMinimum_') };
const PROJECT: CaseRoute = { what: 'Development Project', match: (c, p) => c.kind === 'Difference' && c.projectId === p.projectId };

function isPinned(q: Selector): boolean {
  return q.publicationYear !== undefined && q.period !== undefined && q.version !== undefined;
}

function pinnedQuery(pub: Publication): string {
  return `publicationYear=${pub.year}&period=${pub.period}&version=${pub.version}`;
}

/** The API path of a case (or one of its files) for the publication, or null when no route serves it. */
function caseUrl(prefix: string, pub: Publication, c: ManifestCase, file?: string): string | null {
  const s = `${prefix}/${encodeURIComponent(pub.area)}/stage${pub.stage}`;
  let path: string | null = null;
  let files: readonly string[] = [];
  if (c.case === 'FaultLevel') [path, files] = [`${s}/fault-level/existing`, FAULT_LEVEL_FILES];
  else if (c.case === 'SystemCapacity_Existing') path = `${s}/system-capacity/existing`;
  else if (/^SystemCapacity_Year[1-5]$/.test(c.case)) {
    const k = Number(c.case.slice(-1));
    path = pub.stage === 2 && k !== 1 ? null : `${s}/system-capacity/future/${k}`;
  } else if (pub.stage === 3 && c.case.startsWith('GBMaximum_')) [path, files] = [`${s}/nets/maximum-demand`, NETS_FILES];
  else if (pub.stage === 3 && c.case.startsWith('GBMinimum_')) path = `${s}/nets/minimum-demand`;
  else if (pub.stage === 3 && c.kind === 'Difference' && c.projectId) [path, files] = [`${s}/development-projects/${encodeURIComponent(c.projectId)}`, PROJECT_FILES];
  if (path === null) return null;
  if (file !== undefined) {
    if (!files.includes(file)) return null;
    path = `${path}/${file}`;
  }
  return `${path}?${pinnedQuery(pub)}`;
}

function caseRecord(prefix: string, pub: Publication, c: ManifestCase) {
  const zip = publishedFile(pub, c.zip);
  return {
    case: c.case,
    kind: c.kind,
    projectId: c.projectId,
    zip: c.zip,
    size: zip?.size ?? null,
    sha256: zip?.sha256 ?? null,
    url: caseUrl(prefix, pub, c),
    staticUrl: `/${pub.path}/${c.zip}`,
    files: c.files.map((f) => ({ ...f, url: caseUrl(prefix, pub, c, f.name) })),
  };
}

function zipRecord(pub: Publication, c: ManifestCase) {
  const rec = publishedFile(pub, c.zip);
  if (!rec) throw new LtdsError('CATALOG_READ', `the manifest of ${label(pub)} lists case ${c.case} with zip ${c.zip}, but not the zip among its files`, { publication: label(pub), zip: c.zip });
  return rec;
}

/** Sends a JSON body with a strong ETag over its bytes (so listings revalidate to 304). */
function sendJson(request: FastifyRequest, reply: FastifyReply, body: unknown): Promise<FastifyReply> {
  const text = JSON.stringify(body);
  const etag = createHash('sha256').update(text).digest('hex');
  return sendStream(request, reply, { etag, contentType: 'application/json; charset=utf-8', cacheControl: REVALIDATE, size: Buffer.byteLength(text) }, async () => text);
}

export interface LtdsRoutesOptions {
  ctx: ServerContext;
}

/** Registers the LTDS grid-modelling routes (mounted under ctx.prefixes.gridModelling). */
export async function ltdsRoutes(app: FastifyInstance, { ctx }: LtdsRoutesOptions): Promise<void> {
  const prefix = ctx.prefixes.gridModelling;
  // The guard runs on request, before validation: a caller without a token learns nothing from a 400.
  const onRequest = ctx.publicationGuard ? [ctx.publicationGuard] : [];

  const selectCase = (req: Req, stage: Stage, route: CaseRoute): { pub: Publication; c: ManifestCase } => {
    const pub = ctx.catalog.select(req.params.licenceArea, req.query, stage);
    const c = findCase(pub, route.what, (x) => route.match(x, req.params));
    return { pub, c };
  };

  const archive = (stage: Stage, route: CaseRoute) => async (req: Req, reply: FastifyReply) => {
    const { pub, c } = selectCase(req, stage, route);
    const rec = zipRecord(pub, c);
    const path = join(pub.dir, rec.path);
    const bytes = await ctx.zips.bytes(path, rec);
    return sendFile(req, reply, bytes ?? path, {
      etag: rec.sha256,
      size: rec.size,
      contentType: 'application/zip',
      cacheControl: isPinned(req.query) ? IMMUTABLE : REVALIDATE,
      filename: c.zip,
      ranges: true,
      extra: { 'content-location': caseUrl(prefix, pub, c) ?? `/${pub.path}/${c.zip}` },
    });
  };

  const cimFile = (stage: Stage, route: CaseRoute) => async (req: Req, reply: FastifyReply) => {
    const { pub, c } = selectCase(req, stage, route);
    const name = req.params.cimFile as string;
    const file = c.files.find((f) => f.name === name);
    if (!file) throw httpError('HTTP_NOT_FOUND', `case ${c.case} of ${label(pub)} has no file ${name}`, { licenceArea: pub.area, publication: label(pub), case: c.case, missing: 'file', file: name });
    const format = negotiate(req.headers.accept, [
      ['xml', 'application/rdf+xml', 'application/xml', 'text/xml'],
      ['json', 'application/json'],
    ]);
    if (!format) throw httpError('HTTP_NOT_ACCEPTABLE', `${name} is available as application/rdf+xml or application/json, not '${req.headers.accept}'`, { parameter: 'accept', available: ['application/rdf+xml', 'application/json'] });
    const rec = zipRecord(pub, c);
    const zipPath = join(pub.dir, rec.path);
    const base = c.zip.replace(/\.zip$/, '');
    const common = {
      cacheControl: isPinned(req.query) ? IMMUTABLE : REVALIDATE,
      extra: { vary: 'Accept', 'content-location': caseUrl(prefix, pub, c, name) ?? `/${pub.path}/${c.zip}` },
    };
    if (format === 'xml') {
      return sendStream(req, reply, { ...common, etag: file.sha256, size: file.size, contentType: 'application/rdf+xml', filename: `${base}_${name}` }, async () => {
        const zip = await ctx.zips.open(zipPath, rec);
        return zip.entryBytes(name) ?? zip.openEntry(name);
      });
    }
    return sendStream(req, reply, { ...common, etag: `${file.sha256}.json`, contentType: 'application/json; charset=utf-8', filename: `${base}_${name.replace(/\.xml$/, '.json')}` }, async () => {
      const zip = await ctx.zips.open(zipPath, rec);
      const small = zip.entryBytes(name);
      const model = await loadCimStream(small ? Readable.from([small]) : await zip.openEntry(name));
      return JSON.stringify(modelToJson(model));
    });
  };

  const area = { licenceArea: licenceAreaParam };
  const archiveRoute = (path: string, summary: string, stage: Stage, route: CaseRoute, extraParams: Record<string, unknown> = {}) => {
    app.get<{ Params: Params; Querystring: Selector }>(
      path,
      {
        onRequest,
        schema: {
          summary,
          tags: [`Stage ${stage} publications`],
          params: { type: 'object', required: ['licenceArea', ...Object.keys(extraParams)], properties: { ...area, ...extraParams } },
          querystring: selectorQuery,
          response: zipResponse,
        },
      },
      archive(stage, route),
    );
  };
  const fileRoute = (path: string, summary: string, stage: Stage, route: CaseRoute, files: readonly string[], extraParams: Record<string, unknown> = {}) => {
    app.get<{ Params: Params; Querystring: Selector }>(
      path,
      {
        onRequest,
        schema: {
          summary,
          tags: ['CIM XML files'],
          params: { type: 'object', required: ['licenceArea', 'cimFile', ...Object.keys(extraParams)], properties: { ...area, ...extraParams, cimFile: cimFileParam(files) } },
          querystring: selectorQuery,
          response: cimFileResponse(summary),
        },
      },
      cimFile(stage, route),
    );
  };

  app.get<{ Params: Params; Querystring: Selector }>(
    '/:licenceArea/publications',
    {
      onRequest,
      schema: {
        summary: 'List the publications of a licence area and their cases',
        tags: ['Publications'],
        params: { type: 'object', required: ['licenceArea'], properties: area },
        querystring: selectorQuery,
        response: publicationsResponse,
      },
    },
    async (req: Req, reply) => {
      const q = req.query;
      const list = ctx.catalog
        .area(req.params.licenceArea)
        .filter((p) => (q.publicationYear === undefined || p.year === Number(q.publicationYear)) && (q.period === undefined || p.period === q.period) && (q.version === undefined || p.version === q.version));
      if (list.length === 0) throw httpError('HTTP_NOT_FOUND', `licence area '${req.params.licenceArea}' has no publication matching the query`, { licenceArea: req.params.licenceArea, missing: 'publication', ...q });
      return sendJson(req, reply, {
        licenceArea: req.params.licenceArea,
        publications: list.map((pub) => ({
          publicationYear: pub.year,
          period: pub.period,
          version: pub.version,
          stage: pub.stage,
          created: pub.manifest.created,
          path: pub.path,
          manifestSha256: pub.manifestSha256,
          cases: pub.manifest.cases.map((c) => caseRecord(prefix, pub, c)),
          files: pub.manifest.files.map((f) => ({ ...f, staticUrl: `/${pub.path}/${f.path}` })),
        })),
      });
    },
  );

  archiveRoute('/:licenceArea/stage2/fault-level/existing', 'Stage 2 Existing Fault Level case archive (EQ, SC, SCR)', 2, FAULT_LEVEL);
  archiveRoute('/:licenceArea/stage2/system-capacity/existing', 'Stage 2 Existing System Capacity case archive (EQ, SYSCAP)', 2, SYSCAP_EXISTING);
  archiveRoute('/:licenceArea/stage2/system-capacity/future/1', 'Stage 2 Future Year 1 System Capacity case archive (EQ, SYSCAP)', 2, syscapYear(1));
  archiveRoute('/:licenceArea/stage3/fault-level/existing', 'Stage 3 Existing Fault Level case archive (EQ, SC, SCR)', 3, FAULT_LEVEL);
  archiveRoute('/:licenceArea/stage3/system-capacity/existing', 'Stage 3 Existing System Capacity case archive (EQ, SYSCAP)', 3, SYSCAP_EXISTING);
  archiveRoute('/:licenceArea/stage3/system-capacity/future/:k', 'Stage 3 Future Year k System Capacity case archive (k = 1..5)', 3, syscapYear(), {
    k: { type: 'integer', minimum: 1, maximum: 5, description: 'Future year, 1 to 5.' },
  });
  archiveRoute('/:licenceArea/stage3/nets/maximum-demand', 'Stage 3 NETS Maximum Demand solved case archive (7 files)', 3, NETS_MAX);
  archiveRoute('/:licenceArea/stage3/nets/minimum-demand', 'Stage 3 NETS Minimum Demand solved case archive (7 files)', 3, NETS_MIN);

  app.get<{ Params: Params; Querystring: Selector }>(
    '/:licenceArea/stage3/development-projects',
    {
      onRequest,
      schema: {
        summary: 'List the firm grid Development Projects of a Stage 3 publication',
        tags: ['Stage 3 publications'],
        params: { type: 'object', required: ['licenceArea'], properties: area },
        querystring: selectorQuery,
        response: projectsResponse,
      },
    },
    async (req: Req, reply) => {
      const pub = ctx.catalog.select(req.params.licenceArea, req.query, 3);
      return sendJson(req, reply, {
        licenceArea: pub.area,
        publicationYear: pub.year,
        period: pub.period,
        version: pub.version,
        stage: pub.stage,
        projects: pub.manifest.cases.filter((c) => c.kind === 'Difference' && c.projectId).map((c) => caseRecord(prefix, pub, c)),
      });
    },
  );
  archiveRoute('/:licenceArea/stage3/development-projects/:projectId', 'Stage 3 firm grid Development Project archive (EQ, SC, GL Difference Models)', 3, PROJECT, { projectId: projectIdParam });

  fileRoute('/:licenceArea/stage2/fault-level/existing/:cimFile', 'One CIM XML file from the Stage 2 Existing Fault Level case', 2, FAULT_LEVEL, FAULT_LEVEL_FILES);
  fileRoute('/:licenceArea/stage3/fault-level/existing/:cimFile', 'One CIM XML file from the Stage 3 Existing Fault Level case', 3, FAULT_LEVEL, FAULT_LEVEL_FILES);
  fileRoute('/:licenceArea/stage3/nets/maximum-demand/:cimFile', 'One CIM XML file from the NETS Maximum Demand case', 3, NETS_MAX, NETS_FILES);
  fileRoute('/:licenceArea/stage3/development-projects/:projectId/:cimFile', 'One CIM XML Difference Model file from a Development Project', 3, PROJECT, PROJECT_FILES, { projectId: projectIdParam });
}
