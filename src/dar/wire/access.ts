// The Access Record (structured after ISO/IEC TS 27560) and the objects around it: notice,
// processing, access event, the create/verify/revoke/list bodies (api-dar-fields.md).

import { z } from 'zod';
import { AccessKey, AccessState, ARRANGEMENT_TYPES, CONSENT_TYPES, CONTROLLER_ROLES, CalendarDate, DataTypes, IdentityRecordKey, Instant, idOf, LegalBasis, MPxN, ResponseMetadata, UKAddress, WebUrl } from './common.js';

export const StorageConditions = z.strictObject({ location: z.string().min(1).max(255), 'retention-period': z.string().min(1).max(255) });

export const Controller = z.strictObject({
  name: z.string().min(1).max(255),
  role: z.enum(CONTROLLER_ROLES),
  'contact-url': WebUrl,
  address: UKAddress.optional(),
  'privacy-rights-url': WebUrl.optional(),
  'lia-reference': z.string().min(1).max(255).optional(),
  'statutory-reference': z.string().min(1).max(500).optional(),
  'storage-conditions': StorageConditions.optional(),
});

export const ControllerArrangement = z.strictObject({
  'arrangement-type': z.enum(ARRANGEMENT_TYPES),
  'art26-reference': z.string().min(1).max(500).optional(),
  controllers: z.array(Controller).min(1, 'must name at least one controller').max(50),
});

export const RecordMetadata = z.strictObject({
  'schema-version': z.string().min(1).max(20),
  'record-identifier': AccessKey.optional().meta({ description: 'The ak; set by the server (ignored on create).' }),
  'created-at': Instant.optional().meta({ description: 'Set by the server (ignored on create).' }),
  'controller-arrangement': ControllerArrangement,
  'identity-record-ref': IdentityRecordKey.optional(),
});

export const NoticeDetail = z.strictObject({ 'terms-url': WebUrl, 'notice-version': z.string().min(1).max(50), 'notice-language': z.string().min(2).max(35).optional() });
export const ControllerNotice = z.strictObject({
  'controller-name': z.string().min(1).max(255),
  'terms-url': WebUrl,
  'notice-version': z.string().min(1).max(50),
  'notice-language': z.string().min(2).max(35).optional(),
});
/** Either one shared notice or one notice per controller (at least two); the rules check which. */
export const NoticeFields = z.strictObject({
  'shared-notice': NoticeDetail.optional(),
  notices: z.array(ControllerNotice).min(2, 'per-controller notices are at least two (use shared-notice for one)').max(50).optional(),
});

export const Recipient = z.strictObject({ name: z.string().min(1).max(255), role: z.string().min(1).max(100), 'privacy-url': WebUrl.optional() });

export const ProcessingFields = z.strictObject({
  'legal-basis': LegalBasis,
  purpose: z.string().min(1).max(500),
  'data-types': DataTypes,
  jurisdiction: z.enum(['GB']).default('GB'),
  'data-source': z.string().max(255).optional(),
  recipients: z.array(Recipient).max(50).optional(),
});

export const ConsentDetails = z.strictObject({ 'consent-type': z.enum(CONSENT_TYPES), method: z.string().min(1).max(100).optional() });

export const AccessEventFields = z.strictObject({
  state: AccessState,
  'registered-at': Instant,
  expiry: Instant.nullable().meta({ description: 'When the access ends; present, null for no end date.' }),
  'controller-reference': z.string().max(255).optional(),
  consent: ConsentDetails.nullable().optional(),
  'revoked-at': Instant.nullable().optional(),
});

/** The Access Record: the body of create and replace, and what verify returns. */
export const AccessRecord = z.strictObject({
  'record-metadata': RecordMetadata,
  notice: NoticeFields.nullable(),
  processing: ProcessingFields,
  'access-event': AccessEventFields,
  'reidentification-token': idOf('mlr')
    .optional()
    .meta({ description: 'Cross-Data-User creation, instead of record-metadata.identity-record-ref: a confirmed re-identification token this account started (spent by the create; single use, one hour). The record links to a new Identity Record of the caller for the MPxN, answered as identity-record-ref.' }),
});

export const AccessToken = z.object({ key: AccessKey, expiry: Instant.nullable().optional() });
export const RegisterAccessResponse = z.object({
  response: ResponseMetadata,
  'access-token': AccessToken,
  'identity-record-ref': IdentityRecordKey.optional().meta({ description: 'Created by reidentification-token only: the new Identity Record of the caller the record links to.' }),
});
export const VerifyAccessResponse = z.object({ response: ResponseMetadata, 'access-record': AccessRecord });
export const RevokeAccessRequest = z.strictObject({ reason: z.string().min(1).max(500).optional() });
export const RevokeAccessResponse = z.object({ response: ResponseMetadata, ak: AccessKey, 'revoked-at': Instant });

/** A change in a record's life (who, when, what), returned with `?include=history`. */
export const AuditEntry = z.object({
  action: z.enum(['created', 'replaced', 'revoked', 'expired', 'superseded', 'discovered', 'updated', 'anonymised', 'reidentified', 'credential-added', 'credential-removed']),
  at: Instant,
  by: z.string().meta({ description: 'The account (or `system` for the sweep) that made the change.' }),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const DiscoveredAccessRecord = z.strictObject({
  mpxn: MPxN,
  'organisation-name': z.string().min(1).max(255),
  'organisation-reference': z.string().min(1).max(255),
  'first-seen': CalendarDate,
  'last-seen': CalendarDate.optional(),
  'data-types-observed': DataTypes,
  'source-reference': z.string().min(1).max(255),
  'superseded-by': z.string().optional(),
});

/**
 * One record at a meter point or in an owner's list. The ak is a bearer secret stored only as a
 * keyed hash, so a list cannot show it (the fields list's `ak`): `ak-hint` gives its last four
 * characters, and owners match records by their own `controller-reference`.
 */
export const AccessRecordSummary = z.object({
  'ak-hint': z.string().meta({ description: "`ak_…` and the key's last four hex characters." }),
  'lead-controller-name': z.string().optional(),
  'arrangement-type': z.enum(ARRANGEMENT_TYPES).optional(),
  'controller-count': z.number().int().optional(),
  'legal-basis': LegalBasis.optional(),
  purpose: z.string().optional(),
  'data-types': DataTypes,
  state: AccessState,
  'registered-at': Instant.optional(),
  expiry: Instant.nullable().optional(),
  'revoked-at': Instant.nullable().optional(),
  'controller-reference': z.string().optional(),
  'discovered-access': DiscoveredAccessRecord.optional(),
});

export const ListAccessRecordsResponse = z.object({ response: ResponseMetadata, mpxn: MPxN, 'access-records': z.array(AccessRecordSummary) });
export const OwnRecordsResponse = z.object({
  response: ResponseMetadata,
  'access-records': z.array(AccessRecordSummary),
  'next-cursor': z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
});
export const ListQuery = z.strictObject({
  state: AccessState.optional(),
  'legal-basis': LegalBasis.optional(),
});
export const OwnRecordsQuery = z.strictObject({
  state: AccessState.optional(),
  'legal-basis': LegalBasis.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export type AccessRecord = z.infer<typeof AccessRecord>;
export type AccessRecordInput = z.input<typeof AccessRecord>;
export type Controller = z.infer<typeof Controller>;
export type AccessRecordSummary = z.infer<typeof AccessRecordSummary>;
export type DiscoveredAccessRecord = z.infer<typeof DiscoveredAccessRecord>;
export type AuditEntry = z.infer<typeof AuditEntry>;
