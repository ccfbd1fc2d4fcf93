// The Access Record's rules across fields (api-dar.md "Rules across fields"). They read the raw
// body defensively, so a body with field errors still gets every rule it breaks reported with them
// in one 400; a rule whose inputs are themselves missing or malformed stays quiet (that field is
// already named).

import { CONSENT_BASES, LEGAL_BASES } from './wire/common.js';
import { isInstant } from './formats.js';
import type { Problem } from './problems.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const rule = (field: string, message: string): Problem => ({ field, code: 'VAL003', message });

/** The context a rule needs beyond the body. */
export interface RuleContext {
  /** `create` and `replace` both need an ACTIVE, unrevoked, unexpired record. */
  operation: 'create' | 'replace';
  now: Date;
}

/** Every cross-field rule the Access Record `body` breaks. */
export function accessRecordRuleProblems(body: unknown, ctx: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const root = obj(body);
  if (!root) return problems;
  const meta = obj(root['record-metadata']);
  const arrangement = obj(meta?.['controller-arrangement']);
  const processing = obj(root.processing);
  const event = obj(root['access-event']);
  // A basis that is not one of the enumeration is already named; no rule follows from it.
  const basis = [str(processing?.['legal-basis'])].find((b) => b !== undefined && (LEGAL_BASES as readonly string[]).includes(b));
  const controllersPath = 'record-metadata.controller-arrangement.controllers';

  // Exactly one sole or lead controller, and it carries the basis' references.
  const controllers = Array.isArray(arrangement?.controllers) ? (arrangement.controllers as unknown[]).map(obj) : undefined;
  let leadIndex = -1;
  if (controllers && controllers.length > 0) {
    const leads = controllers.flatMap((c, i) => (c && (c.role === 'sole' || c.role === 'lead') ? [i] : []));
    const rolesKnown = controllers.every((c) => c && typeof c.role === 'string');
    if (leads.length !== 1 && rolesKnown) problems.push(rule(controllersPath, `must have exactly one controller with role 'sole' or 'lead' (found ${leads.length})`));
    if (leads.length === 1) leadIndex = leads[0]!;
  }
  if (arrangement?.['arrangement-type'] === 'joint' && arrangement['art26-reference'] === undefined) {
    problems.push(rule('record-metadata.controller-arrangement.art26-reference', "is required when arrangement-type is 'joint' (the UK GDPR Art. 26 arrangement)"));
  }
  if (basis && leadIndex >= 0) {
    const lead = controllers![leadIndex]!;
    if (basis === 'uk-legitimate-interests' && lead['lia-reference'] === undefined) {
      problems.push(rule(`${controllersPath}[${leadIndex}].lia-reference`, "is required on the sole/lead controller when legal-basis is 'uk-legitimate-interests' (the legitimate interests assessment)"));
    }
    if ((basis === 'uk-public-task' || basis === 'uk-legal-obligation') && lead['statutory-reference'] === undefined) {
      problems.push(rule(`${controllersPath}[${leadIndex}].statutory-reference`, `is required on the sole/lead controller when legal-basis is '${basis}'`));
    }
  }

  // Consent bases need a notice and the consent details; every other basis has both null.
  if (basis && 'notice' in root) {
    const consent = event?.consent;
    if (CONSENT_BASES.includes(basis)) {
      if (root.notice === null) problems.push(rule('notice', `is required (shared-notice or notices) when legal-basis is '${basis}'`));
      if (event && (consent === undefined || consent === null)) problems.push(rule('access-event.consent', `is required when legal-basis is '${basis}'`));
    } else {
      if (root.notice !== null) problems.push(rule('notice', `must be null when legal-basis is '${basis}' (only consent bases carry a notice)`));
      if (consent !== undefined && consent !== null) problems.push(rule('access-event.consent', `must be null or absent when legal-basis is '${basis}'`));
    }
  }
  const notice = obj(root.notice);
  if (notice && (notice['shared-notice'] === undefined) === (notice.notices === undefined)) {
    problems.push(rule('notice', 'must hold exactly one of shared-notice or notices'));
  }

  // The record names its person one way: an Identity Record of the caller, or a re-identification token.
  if (meta && (meta['identity-record-ref'] === undefined) === (root['reidentification-token'] === undefined)) {
    problems.push(rule('record-metadata.identity-record-ref', 'give exactly one of record-metadata.identity-record-ref or reidentification-token'));
  }

  // What a data user registers or replaces is an ACTIVE access that has not ended.
  if (event) {
    if (typeof event.state === 'string' && event.state !== 'ACTIVE') problems.push(rule('access-event.state', `must be 'ACTIVE' on ${ctx.operation} (revoke with DELETE; the register sets EXPIRED and DISCOVERED)`));
    if (event['revoked-at'] !== undefined && event['revoked-at'] !== null) problems.push(rule('access-event.revoked-at', `must be absent on ${ctx.operation} (revoke with DELETE)`));
    const registered = str(event['registered-at']);
    const expiry = str(event.expiry);
    if (expiry && isInstant(expiry)) {
      if (Date.parse(expiry) <= ctx.now.getTime()) problems.push(rule('access-event.expiry', 'must be in the future'));
      else if (registered && isInstant(registered) && Date.parse(expiry) <= Date.parse(registered)) problems.push(rule('access-event.expiry', 'must be after access-event.registered-at'));
    }
  }
  return problems;
}
