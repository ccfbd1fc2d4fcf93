// Re-identification, passkeys and the customer portal on the wire (api-dar-fields.md and
// docs/portal-api.md): requests validated here, responses documented here.

import { z } from 'zod';
import { ListQuery } from './access.js';
import { ACCESS_STATES, DataTypes, Email, Instant, LegalBasis, MPxN, ResponseMetadata, WebUrl, idOf } from './common.js';

export const REIDENTIFY_METHODS = ['magic-link', 'passkey-assert', 'passkey-register'] as const;
export const TokenRef = idOf('mlr');
export const CredentialId = idOf('cred');

export const ReIdentifyRequest = z.strictObject({
  method: z.enum(REIDENTIFY_METHODS),
  'redirect-url': WebUrl.optional(),
  'passkey-return-url': WebUrl.optional(),
});
export const CrossReIdentifyRequest = z.strictObject({
  mpxn: MPxN,
  method: z.enum(REIDENTIFY_METHODS),
  email: Email.optional(),
  'redirect-url': WebUrl.optional(),
  'passkey-return-url': WebUrl.optional(),
});

export const MagicLinkDetails = z.object({ 'dispatched-to': z.string().meta({ description: 'The email, masked.' }), 'expires-at': Instant, 'token-ref': TokenRef, 'redirect-url': z.string().optional() });
export const PasskeyRedirect = z.object({ 'redirect-url': z.string().meta({ description: 'Send the person here (the portal page, with a single-use ceremony secret in the fragment).' }), 'token-ref': TokenRef, 'expires-at': Instant, 'return-url': z.string().optional() });
export const ReIdentifyResponse = z.object({ response: ResponseMetadata, method: z.enum(REIDENTIFY_METHODS), 'magic-link': MagicLinkDetails.optional(), passkey: PasskeyRedirect.optional() });
export const ReIdentifyStatusResponse = z.object({
  response: ResponseMetadata,
  method: z.enum(REIDENTIFY_METHODS),
  status: z.enum(['pending', 'confirmed', 'expired']),
  'confirmed-at': Instant.optional(),
  'expires-at': Instant,
  used: z.boolean(),
});
export const PortalListQuery = ListQuery.extend({ 'reidentification-token': TokenRef.optional().meta({ description: 'Portal role: a confirmed re-identification token this account started for the MPxN (spent here).' }) });
export const ExistsQuery = z.strictObject({ mpxn: MPxN });
export const ExistsResponse = z.object({ response: ResponseMetadata, mpxn: MPxN, exists: z.boolean(), methods: z.array(z.enum(REIDENTIFY_METHODS)) });

export const PortalSession = z.object({ token: z.string().meta({ description: '`pst_` + 48 hex: send as `Authorization: Bearer pst_…` to the /portal routes.' }), 'expires-at': Instant, mpxn: MPxN });
export const PortalSessionResponse = z.object({ response: ResponseMetadata, session: PortalSession });
export const MagicLinkRequest = z.strictObject({ mpxn: MPxN, email: Email });
export const MagicLinkAccepted = z.object({ response: ResponseMetadata, 'expires-at': Instant, message: z.string() });
export const LinkExchangeRequest = z.strictObject({ link: z.string().min(1).max(200) });

export const PortalRecord = z.object({
  'record-ref': z.string().meta({ description: '`rec_` + 24 hex: names the record to the portal (the ak is never kept).' }),
  state: z.enum(ACCESS_STATES),
  organisation: z.string(),
  'contact-url': z.string().optional(),
  purpose: z.string().optional(),
  'legal-basis': LegalBasis.optional(),
  'data-types': DataTypes,
  'registered-at': Instant,
  expiry: Instant.nullable(),
  'revoked-at': Instant.optional(),
  withdrawable: z.boolean(),
  'first-seen': z.string().optional(),
  'last-seen': z.string().optional(),
});
export const PasskeyCredentialSummary = z.object({ 'credential-id': CredentialId, 'registered-at': Instant, transports: z.array(z.string()).optional() });
export const PortalRecordsResponse = z.object({ response: ResponseMetadata, mpxn: MPxN, 'access-records': z.array(PortalRecord), credentials: z.array(PasskeyCredentialSummary) });
export const WithdrawRequest = z.strictObject({ reason: z.string().max(500).optional() });
export const WithdrawResponse = z.object({ response: ResponseMetadata, 'record-ref': z.string(), state: z.literal('REVOKED'), 'revoked-at': Instant });
export const CredentialsResponse = z.object({ response: ResponseMetadata, credentials: z.array(PasskeyCredentialSummary) });
export const CredentialResponse = z.object({ response: ResponseMetadata, credential: PasskeyCredentialSummary });

export const PasskeyOptionsRequest = z.strictObject({ ceremony: z.string().min(1).max(200).optional(), mpxn: MPxN.optional() });
export const PasskeyOptionsResponse = z.object({ response: ResponseMetadata, 'challenge-id': idOf('chl'), options: z.record(z.string(), z.unknown()).meta({ description: 'WebAuthn options JSON for @simplewebauthn/browser.' }) });
export const PasskeyVerifyRequest = z.strictObject({ 'challenge-id': idOf('chl'), response: z.record(z.string(), z.unknown()) });

export type PortalRecord = z.infer<typeof PortalRecord>;
export type PasskeyCredentialSummary = z.infer<typeof PasskeyCredentialSummary>;
export type ReIdentifyMethod = (typeof REIDENTIFY_METHODS)[number];
