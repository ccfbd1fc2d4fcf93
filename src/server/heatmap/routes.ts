// GET /heatmap (heatmap.md): the published heatmap dataset of a licence area, by year and format.

import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Period } from '../../publication/index.js';
import type { ServerContext } from '../context.js';
import { httpError } from '../errors.js';
import { IMMUTABLE, REVALIDATE, sendFile } from '../http-file.js';
import { label, publishedFile } from '../ltds/catalog.js';
import { licenceAreaParam, selectorQuery } from '../ltds/schemas.js';

const FORMATS = {
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
} as const;
type Format = keyof typeof FORMATS;

interface Query {
  licenceArea: string;
  year?: string;
  format?: Format;
  publicationYear?: string;
  period?: Period;
  version?: number;
}

const binary = { type: 'string', format: 'binary' } as const;

/** Registers `GET <prefix>` (default `/heatmap`). */
export async function heatmapRoutes(app: FastifyInstance, { ctx }: { ctx: ServerContext }): Promise<void> {
  app.get<{ Querystring: Query }>(
    '',
    {
      onRequest: ctx.publicationGuard ? [ctx.publicationGuard] : [],
      schema: {
        summary: 'Get a capacity heatmap dataset for a licence area',
        description: 'The dataset the publication pipeline computed (latest publication by default): DNO-style JSON, GeoJSON points, CSV or Parquet.',
        tags: ['Heatmap'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['licenceArea'],
          properties: {
            licenceArea: licenceAreaParam,
            year: { type: 'string', enum: ['existing', '1', '2', '3', '4', '5'], default: 'existing', description: '`existing` (outturn) or future year 1–5.' },
            format: { type: 'string', enum: Object.keys(FORMATS), default: 'json', description: 'Dataset format.' },
            ...selectorQuery.properties,
          },
        },
        response: {
          200: {
            description: 'The heatmap dataset.',
            content: { 'application/json': { schema: { type: 'object' } }, 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, 'application/vnd.apache.parquet': { schema: binary } },
          },
          304: { description: 'Not modified.' },
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
      const q = req.query;
      const year = q.year ?? 'existing';
      const format: Format = q.format ?? 'json';
      const pub = ctx.catalog.select(q.licenceArea, { publicationYear: q.publicationYear, period: q.period, version: q.version });
      const path = `heatmap/heatmap-${year}.${format}`;
      const rec = publishedFile(pub, path);
      if (!rec) throw httpError('HTTP_NOT_FOUND', `${label(pub)} has no heatmap for year '${year}' in format '${format}' (${path})`, { licenceArea: pub.area, publication: label(pub), missing: 'heatmap', year, format });
      const file = join(pub.dir, rec.path);
      const bytes = await ctx.zips.bytes(file, rec);
      const pinned = q.publicationYear !== undefined && q.period !== undefined && q.version !== undefined;
      return sendFile(req, reply, bytes ?? file, {
        etag: rec.sha256,
        size: rec.size,
        contentType: FORMATS[format],
        cacheControl: pinned ? IMMUTABLE : REVALIDATE,
        filename: `LTDS_${pub.area}_${pub.year}-${pub.period}_heatmap-${year}_v${pub.version}.${format}`,
        ranges: true,
        extra: { 'content-location': `/${pub.path}/${rec.path}` },
      });
    },
  );
}
