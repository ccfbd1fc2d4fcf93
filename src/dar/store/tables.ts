// The DAR's tables as one TypeScript interface (Kysely): what each column holds and in which form.
// Timestamps are ISO-8601 UTC text with milliseconds; JSON is text; secrets are hashed or sealed.

/** Identity Records: PII sealed (AES-GCM), the email as a keyed hash (lookup) + sealed copy. */
export interface DarIdentityRecordsTable {
  ir: string;
  duid: string;
  /** Meter point key (MPAN core or MPRN) for lookup; null once anonymised. */
  mpxn_key: string | null;
  /** Sealed JSON of pii-principal, expressed-by, principal-verification; null once anonymised. */
  pii_sealed: string | null;
  email_hash: string | null;
  email_sealed: string | null;
  email_masked: string | null;
  created_at: string;
  created_by: string;
  anonymised_at: string | null;
}

/** Access Records and discovered access. The ak is kept only as its keyed hash. */
export interface DarAccessRecordsTable {
  ak_hash: string;
  /** `ak_…` + the last four hex characters, for lists. */
  ak_hint: string;
  /** The owning Data User; null for a record the DCC discovered. */
  duid: string | null;
  ir: string | null;
  mpxn_key: string;
  state: string;
  legal_basis: string | null;
  /** The Access Record's wire JSON without its record-identifier; null for discovered access. */
  record_json: string | null;
  /** The DCC's sparse record (JSON); null for a full record. */
  discovered_json: string | null;
  organisation_reference: string | null;
  superseded_by: string | null;
  expiry: string | null;
  registered_at: string;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

/** Every state change of a record: never updated, never deleted. */
export interface DarAuditTable {
  id: string;
  /** `access:<ak hash>` or `identity:<ir>`. */
  subject: string;
  action: string;
  at: string;
  by: string;
  detail_json: string | null;
}

export interface DarCotEventsTable {
  id: string;
  mpxn_key: string;
  effective_date: string;
  source_reference: string;
  affected_json: string;
  notified_json: string;
  created_at: string;
  created_by: string;
}

/** Data User profiles beyond the account (contact URL, data types). */
export interface DarDataUsersTable {
  duid: string;
  display_name: string;
  contact_url: string;
  data_types_json: string;
  status: string;
  registered_at: string;
  suspended_at: string | null;
}

/** Webhook subscriptions; the signing secret sealed (it must be read to sign). */
export interface DarWebhooksTable {
  wid: string;
  duid: string;
  callback_url: string;
  alert_email: string;
  notify_days_before: number;
  event_types_json: string;
  active: number;
  secret_sealed: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** consent.expiring sent: once per record per subscription. */
export interface DarExpiryNoticesTable {
  ak_hash: string;
  wid: string;
  sent_at: string;
}

/** The register's master key when none is given by LTDS_DAR_KEY (made once, at migration). */
export interface DarKeysTable {
  id: string;
  master_key: string;
  created_at: string;
}

/** Re-identification tokens (`mlr_`): single-use, bound to the initiator, valid one hour. */
export interface DarReidentificationsTable {
  token_ref: string;
  method: string;
  /** The Identity Record it is for; null for a cross-Data-User passkey assertion (any record at the MPxN). */
  ir: string | null;
  mpxn_key: string;
  /** The initiating account; null when the person started it on the portal page. */
  initiator: string | null;
  /** pending, confirmed, used. */
  status: string;
  /** Keyed hash of the magic link's secret. */
  link_hash: string | null;
  link_expires_at: string | null;
  /** Keyed hash of the passkey redirect's ceremony secret. */
  ceremony_hash: string | null;
  redirect_url: string | null;
  return_url: string | null;
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
  used_at: string | null;
}

/** Passkey credentials of Identity Records (public keys: not secrets). */
export interface DarCredentialsTable {
  credential_id: string;
  ir: string;
  /** The WebAuthn credential id (base64url). */
  webauthn_id: string;
  /** The COSE public key (base64url). */
  public_key: string;
  counter: number | string;
  transports_json: string;
  registered_at: string;
}

/** WebAuthn challenges: single-use, five minutes. */
export interface DarChallengesTable {
  challenge_id: string;
  /** register or assert. */
  kind: string;
  challenge: string;
  ir: string | null;
  mpxn_key: string | null;
  token_ref: string | null;
  session_hash: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Portal sessions (`pst_`, kept as a keyed hash): one meter point, the records the proof matched. */
export interface DarPortalSessionsTable {
  session_hash: string;
  mpxn_key: string;
  irs_json: string;
  /** magic-link, passkey or token. */
  via: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
}

export type DarTables = {
  dar_identity_records: DarIdentityRecordsTable;
  dar_access_records: DarAccessRecordsTable;
  dar_audit: DarAuditTable;
  dar_cot_events: DarCotEventsTable;
  dar_data_users: DarDataUsersTable;
  dar_webhooks: DarWebhooksTable;
  dar_expiry_notices: DarExpiryNoticesTable;
  dar_keys: DarKeysTable;
  dar_reidentifications: DarReidentificationsTable;
  dar_credentials: DarCredentialsTable;
  dar_challenges: DarChallengesTable;
  dar_portal_sessions: DarPortalSessionsTable;
};
