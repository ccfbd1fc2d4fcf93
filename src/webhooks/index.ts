// Durable signed webhook delivery, domain-neutral (the DAR and the Tariff API both use it).

/** Signing and verifying `<timestamp>.<body>`. */
export { signWebhook, signatureHeader, signingHeaders, verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_ID_HEADER, LTDS_SIGNING, type SigningScheme } from './signature.js';
/** The retry ladder. */
export { RETRY_LADDER_MS, retryDelay } from './ladder.js';
/** One delivery attempt. */
export { deliverWebhook, deliveryUrlProblem, type DeliveryOutcome, type DeliveryRequest } from './deliver.js';
/** Queueing deliveries in the outbox, alerts. */
export { enqueueWebhook, recordAlert, listAlerts, type WebhookJobPayload, type WebhookTables, type WebhookAlertsTable } from './outbox.js';
/** The worker. */
export { WebhookWorker, type WebhookEndpoint, type WebhookWorkerOptions, type AttemptRecord, type RunResult } from './worker.js';
/** The alerts table migration. */
export { WEBHOOK_MIGRATIONS } from './migrations.js';
/** Loopback hosts (plain http allowed). */
export { isLoopbackHost } from './url.js';
