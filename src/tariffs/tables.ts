// The tariff register's tables as one Kysely interface (widen a store root with
// `store.db.withTables<TariffTables>()`). Money columns are NUMERIC on PostgreSQL and TEXT on SQLite:
// a decimal string in TypeScript either way. A tariff's full wire object is kept as JSON text
// (`body`), with the columns the list filters need beside it.

/** `tariff_suppliers`: the TI Energy Suppliers of the register. */
export interface TariffSuppliersTable {
  mpid: string;
  name: string;
  api_base_url: string;
  oauth_authorization_url: string;
  oauth_token_url: string;
  active: number;
  last_modified: string;
}

/** `tariff_supplier_keys`: supplier API keys, SHA-256 of the secret only. */
export interface TariffSupplierKeysTable {
  key_id: string;
  mpid: string;
  secret_sha256: string;
  created_at: string;
  revoked_at: string | null;
}

/** `tariff_tariffs`: one row per tariff (latest version). */
export interface TariffTariffsTable {
  tariff_id: string;
  supplier_mpid: string;
  name: string;
  tariff_type: string;
  fuel_type: string;
  energy_flow: string;
  payment_method: string;
  meter_type: string;
  customer_type: string;
  region: string;
  valid_from: string;
  valid_to: string | null;
  standing_charge: string;
  vat_rate: string;
  version: number;
  last_modified: string;
  /** The wire object, JSON text. */
  body: string;
}

/** `tariff_users`: RTI Users; `registration` (JSON) is shown only to suppliers. */
export interface TariffUsersTable {
  user_id: string;
  name: string;
  display_name: string;
  status: string;
  support: string;
  registration: string | null;
  /** SHA-256 of the bearer token's secret, or null when none was issued. */
  token_sha256: string | null;
  last_modified: string;
}

/** `tariff_consents`: a customer's consent registered by an RTI User. */
export interface TariffConsentsTable {
  user_id: string;
  registration_id: string;
  created_at: string;
  revoked_at: string | null;
}

/** `tariff_consent_meters`: the meter points (and their tariffs) a consent covers. */
export interface TariffConsentMetersTable {
  user_id: string;
  registration_id: string;
  mpxn: string;
  tariff_id: string;
}

/** `tariff_webhooks`: one URL per RTI User per supplier. */
export interface TariffWebhooksTable {
  webhook_id: string;
  user_id: string;
  supplier_mpid: string;
  url: string;
  /** HMAC-SHA256 signing secret (kept: the sender needs it to sign). */
  signing_secret: string;
  created_at: string;
}

/** `tariff_reports`: supplier performance reports as received. */
export interface TariffReportsTable {
  report_id: string;
  supplier_mpid: string;
  body: string;
  received_at: string;
}

/** Every tariff table. */
// A type alias, not an interface: Kysely's withTables needs an index-compatible record type.
export type TariffTables = {
  tariff_suppliers: TariffSuppliersTable;
  tariff_supplier_keys: TariffSupplierKeysTable;
  tariff_tariffs: TariffTariffsTable;
  tariff_users: TariffUsersTable;
  tariff_consents: TariffConsentsTable;
  tariff_consent_meters: TariffConsentMetersTable;
  tariff_webhooks: TariffWebhooksTable;
  tariff_reports: TariffReportsTable;
};
