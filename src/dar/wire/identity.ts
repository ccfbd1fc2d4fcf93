// The Identity Record: who the person is for a meter point (PII), kept by the Data User that made
// it; the email only as a keyed hash plus an encrypted copy, shown masked (api-dar.md).

import { z } from 'zod';
import { AccessKey, CalendarDate, EXPRESSED_BY, Email, IdentityRecordKey, Instant, MPxN, ResponseMetadata, UKAddress, WebUrl } from './common.js';
import { AuditEntry } from './access.js';
import { PasskeyCredentialSummary } from './portal.js';

export const PIIPrincipal = z.strictObject({ mpxn: MPxN, 'move-in-date': CalendarDate, address: UKAddress.optional() });

export const PrincipalVerification = z.strictObject({
  method: z.string().min(1).max(100),
  'verified-at': Instant,
  outcome: z.enum(['verified', 'failed', 'partial']),
  reference: z.string().max(255).optional(),
  submitted: z.string().max(255).optional(),
  'verified-against': z.string().max(255).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const CreateIdentityRecordRequest = z.strictObject({
  'pii-principal': PIIPrincipal,
  'expressed-by': z.enum(EXPRESSED_BY),
  'principal-verification': PrincipalVerification.optional(),
  email: Email.optional(),
  'initiate-passkey-registration': z.boolean().default(false),
  'passkey-return-url': WebUrl.optional(),
});

export const IdentityRecord = z.object({
  ir: IdentityRecordKey,
  'created-at': Instant,
  'pii-principal': PIIPrincipal.optional(),
  'expressed-by': z.enum(EXPRESSED_BY).optional(),
  'principal-verification': PrincipalVerification.optional(),
  'has-email': z.boolean(),
  email: z.string().optional().meta({ description: 'The email, masked (j***@e***.com); absent when none or anonymised.' }),
  credentials: z.array(PasskeyCredentialSummary),
  'anonymised-at': Instant.optional(),
  history: z.array(AuditEntry).optional(),
});

export const CreateIdentityRecordResponse = z.object({ response: ResponseMetadata, ir: IdentityRecordKey });
export const LookupIdentityRecordsQuery = z.strictObject({ mpxn: MPxN.optional(), email: Email.optional() });
export const LookupIdentityRecordsResponse = z.object({ response: ResponseMetadata, 'identity-records': z.array(IdentityRecord) });
export const GetIdentityRecordResponse = z.object({ response: ResponseMetadata, 'identity-record': IdentityRecord });
export const AnonymiseIdentityRecordResponse = z.object({ response: ResponseMetadata, ir: IdentityRecordKey, 'anonymised-at': Instant });
export const IncludeQuery = z.strictObject({ include: z.enum(['history']).optional() });

export const ConsentWithdrawalPayload = z.object({ ak: AccessKey, mpxn: MPxN, duid: z.string(), 'revoked-at': Instant, reason: z.string().optional() });

export type CreateIdentityRecordRequest = z.infer<typeof CreateIdentityRecordRequest>;
export type IdentityRecord = z.infer<typeof IdentityRecord>;
export type PIIPrincipal = z.infer<typeof PIIPrincipal>;
