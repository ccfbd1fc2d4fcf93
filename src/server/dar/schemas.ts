// The DAR wire schemas as JSON Schema for the route definitions (and so the OpenAPI document):
// converted once from the zod schemas that also validate the requests.

import { z } from 'zod';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12) of a zod schema: `input` for what a client sends, `output` for answers. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output', description?: string): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return description ? { description, ...rest } : rest;
}

/** A path-parameter object schema for the OpenAPI document (validation is the domain's). */
export function pathParams(params: Record<string, { pattern?: string; description: string }>): Json {
  return { type: 'object', required: Object.keys(params), properties: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { type: 'string', ...(v.pattern ? { pattern: v.pattern } : {}), description: v.description }])) };
}
