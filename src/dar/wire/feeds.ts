// What the DCC feeds the register (discovered access, change of tenancy) and the Data User profile.

import { z } from 'zod';
import { AccessKey, AccessState, CalendarDate, DATA_USER_STATUSES, DataTypes, DataUserId, Instant, MPxN, ResponseMetadata, WebUrl } from './common.js';
import { DiscoveredAccessRecord } from './access.js';

/** The DCC's sparse record (superseded-by is the server's, not the DCC's). */
export const SubmitDiscoveredAccessRequest = DiscoveredAccessRecord.omit({ 'superseded-by': true });
export const SubmitDiscoveredAccessResponse = z.object({ response: ResponseMetadata, ak: AccessKey, state: AccessState });

export const CotEventRequest = z.strictObject({ mpxn: MPxN, 'effective-date': CalendarDate, 'source-reference': z.string().min(1).max(255) });
export const CotEventResponse = z.object({
  response: ResponseMetadata,
  mpxn: MPxN,
  'effective-date': CalendarDate,
  'source-reference': z.string(),
  'active-records-affected': z.number().int(),
  'data-users-notified': z.array(DataUserId),
});

export const DataUserProfile = z.object({
  duid: DataUserId,
  'display-name': z.string().max(255),
  status: z.enum(DATA_USER_STATUSES),
  'registered-at': Instant,
  'suspended-at': Instant.optional(),
  'contact-url': WebUrl,
  'data-types-supported': DataTypes,
});
export const GetDataUserResponse = z.object({ response: ResponseMetadata, 'data-user': DataUserProfile });

export const TenancyChangePayload = z.object({ mpxn: MPxN, 'effective-date': CalendarDate, 'source-reference': z.string().optional(), 'affected-aks': z.array(z.string()) });

export type SubmitDiscoveredAccessRequest = z.infer<typeof SubmitDiscoveredAccessRequest>;
export type CotEventRequest = z.infer<typeof CotEventRequest>;
export type DataUserProfile = z.infer<typeof DataUserProfile>;
