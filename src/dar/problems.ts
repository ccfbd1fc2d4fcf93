// A problem with one field of a request, and the zod side of it: every issue of a failed parse
// becomes a Problem naming the field by its wire path (`processing.data-types[1]`).

import type { z } from 'zod';
import { LtdsError } from '../errors/index.js';

/** One failing field: `VAL001` for a field that is wrong by itself, `VAL003` for a rule across fields. */
export interface Problem {
  field: string;
  code: 'VAL001' | 'VAL003';
  message: string;
}

/** `['a', 0, 'b']` → `a[0].b`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The problems of a failed zod parse, one per failing field (unknown keys each named). */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldPath([...path, key]), code: 'VAL001', message: 'is not a field of this object' });
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) message = 'is required';
    else if (issue.code === 'invalid_type') message = `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}`;
    out.push({ field: fieldPath(path) || '(body)', code: 'VAL001', message });
  }
  return out;
}

/** The 400 that names every problem (one `errors` entry each on the wire). */
export function invalidRequest(problems: readonly Problem[], where = 'request body'): LtdsError {
  const sorted = [...problems].sort((a, b) => (a.code === b.code ? 0 : a.code === 'VAL001' ? -1 : 1));
  return new LtdsError('DAR_INVALID', `the ${where} is invalid: ${sorted.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { problems: sorted, fields: sorted.map((p) => p.field) });
}

/**
 * Parses `input` with `schema`, adding the problems of `extra` (rules across fields), and throws one
 * DAR_INVALID naming them all when there is any.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, extra: (input: unknown) => Problem[] = () => [], where?: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  const problems = [...(parsed.success ? [] : zodProblems(parsed.error)), ...extra(input)];
  if (problems.length > 0) throw invalidRequest(problems, where);
  return parsed.data as z.infer<S>;
}
