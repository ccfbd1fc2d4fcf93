// The audit history: one row per state change of a record (who, when, what), never changed.

import { randomBytes } from 'node:crypto';
import type { AuditEntry } from './wire/index.js';
import type { DarDb } from './context.js';

/** The audit subject of an Access Record (by its ak hash) or an Identity Record. */
export const accessSubject = (akHash: string) => `access:${akHash}`;
export const identitySubject = (ir: string) => `identity:${ir}`;

let seq = 0;

/** Appends one history row (inside the caller's transaction). */
export async function recordAudit(db: DarDb, entry: { subject: string; action: AuditEntry['action']; at: string; by: string; detail?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('dar_audit')
    .values({ id: `${entry.at}.${String(seq++ % 1e6).padStart(6, '0')}.${randomBytes(6).toString('hex')}`, subject: entry.subject, action: entry.action, at: entry.at, by: entry.by, detail_json: entry.detail ? JSON.stringify(entry.detail) : null })
    .execute();
}

/** The history of one subject, oldest first. */
export async function readAudit(db: DarDb, subject: string): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('dar_audit').selectAll().where('subject', '=', subject).orderBy('id').execute();
  return rows.map((r) => ({ action: r.action as AuditEntry['action'], at: r.at, by: r.by, ...(r.detail_json ? { detail: JSON.parse(r.detail_json) as Record<string, unknown> } : {}) }));
}
