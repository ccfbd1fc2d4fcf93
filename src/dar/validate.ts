// Validation of the DAR request bodies: the object's schema plus its rules across fields, every
// problem reported at once; the MPRN check as a warning unless the register runs strict.

import type { z } from 'zod';
import { isCalendarDate } from './formats.js';
import { checkMpxn } from './mpxn.js';
import { invalidRequest, parseOrThrow, type Problem } from './problems.js';
import { accessRecordRuleProblems } from './rules.js';
import { AccessRecord, CotEventRequest, CreateIdentityRecordRequest, SubmitDiscoveredAccessRequest } from './wire/index.js';

/** How strictly meter point numbers are checked. */
export interface ValidationOptions {
  /** Refuse an MPRN whose check digits do not match (default: accept it with a warning). */
  strictMprn?: boolean;
  now?: Date;
}

/** A parsed body and what was accepted with a doubt. */
export interface Validated<T> {
  value: T;
  warnings: Problem[];
}

/** The MPRN check of the MPxN at `field`: an error when strict, otherwise a warning. */
function mprnCheck(mpxn: unknown, field: string, options: ValidationOptions): { error?: Problem; warning?: Problem } {
  if (typeof mpxn !== 'string') return {};
  const check = checkMpxn(mpxn, options.strictMprn ?? false);
  if (check.kind !== 'mprn') return {};
  if (check.error) return { error: { field, code: 'VAL001', message: check.error } };
  if (check.warning) return { warning: { field, code: 'VAL001', message: check.warning } };
  return {};
}

function withMpxn<S extends z.ZodType>(schema: S, input: unknown, mpxnOf: (v: unknown) => unknown, field: string, options: ValidationOptions, rules: (v: unknown) => Problem[] = () => []): Validated<z.infer<S>> {
  const { error, warning } = mprnCheck(mpxnOf(input), field, options);
  const value = parseOrThrow(schema, input, (v) => [...(error ? [error] : []), ...rules(v)]);
  return { value, warnings: warning ? [warning] : [] };
}

const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/** Validates an Access Record body for create or replace. */
export function validateAccessRecord(input: unknown, operation: 'create' | 'replace', options: ValidationOptions = {}): Validated<AccessRecord> {
  const now = options.now ?? new Date();
  return { value: parseOrThrow(AccessRecord, input, (v) => accessRecordRuleProblems(v, { operation, now })), warnings: [] };
}

/** Validates a create-Identity-Record body. */
export function validateIdentityRecord(input: unknown, options: ValidationOptions = {}): Validated<CreateIdentityRecordRequest> {
  const v = withMpxn(CreateIdentityRecordRequest, input, (x) => at(x, 'pii-principal', 'mpxn'), 'pii-principal.mpxn', options);
  if (v.value['initiate-passkey-registration']) {
    throw invalidRequest([{ field: 'initiate-passkey-registration', code: 'VAL001', message: 'passkey registration is not enabled on this register' }]);
  }
  return v;
}

/** Validates a DCC discovered-access body. */
export function validateDiscoveredAccess(input: unknown, options: ValidationOptions = {}): Validated<SubmitDiscoveredAccessRequest> {
  return withMpxn(SubmitDiscoveredAccessRequest, input, (x) => at(x, 'mpxn'), 'mpxn', options, (x) => {
    const first = at(x, 'first-seen');
    const last = at(x, 'last-seen');
    return typeof first === 'string' && typeof last === 'string' && isCalendarDate(first) && isCalendarDate(last) && last < first ? [{ field: 'last-seen', code: 'VAL003', message: 'must not be before first-seen' }] : [];
  });
}

/** Validates a DCC change-of-tenancy body. */
export function validateCotEvent(input: unknown, options: ValidationOptions = {}): Validated<CotEventRequest> {
  return withMpxn(CotEventRequest, input, (x) => at(x, 'mpxn'), 'mpxn', options);
}

/** Validates an MPxN given as a path or query parameter. */
export function validateMpxnParam(mpxn: string, field: string, options: ValidationOptions = {}): Validated<string> {
  const check = checkMpxn(mpxn, options.strictMprn ?? false);
  if (check.error) throw invalidRequest([{ field, code: 'VAL001', message: check.error }], field.includes('.') ? 'request' : 'request parameter');
  return { value: mpxn, warnings: check.warning ? [{ field, code: 'VAL001', message: check.warning }] : [] };
}
