// Webhook subscriptions of a Data User and the event envelope the worker posts (api-dar-fields.md).

import { z } from 'zod';
import { callbackUrlProblem } from '../formats.js';
import { Email, Instant, ResponseMetadata, WEBHOOK_EVENT_TYPES, WebhookId } from './common.js';

/** https, or plain http to a loopback host (tests and development). */
export const CallbackUrl = z
  .string()
  .max(2048)
  .superRefine((v, ctx) => {
    const p = callbackUrlProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  })
  .meta({ format: 'uri' });
const EventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'must list at least one event type');

export const WebhookRegistrationRequest = z.strictObject({
  'callback-url': CallbackUrl,
  'alert-email': Email,
  'notify-days-before': z.number().int().min(1).max(90).default(30),
  'event-types': EventTypes.default([...WEBHOOK_EVENT_TYPES]),
  active: z.boolean().default(true),
});

export const WebhookUpdateRequest = z.strictObject({
  'callback-url': CallbackUrl.optional(),
  'alert-email': Email.optional(),
  'notify-days-before': z.number().int().min(1).max(90).optional(),
  'event-types': EventTypes.optional(),
  active: z.boolean().optional(),
  'rotate-secret': z.boolean().default(false),
});

export const WebhookSubscription = z.object({
  wid: WebhookId,
  'callback-url': z.string(),
  'alert-email': z.string(),
  'notify-days-before': z.number().int(),
  'event-types': z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  'created-at': Instant,
  active: z.boolean(),
});

export const RegisterWebhookResponse = z.object({ response: ResponseMetadata, webhook: WebhookSubscription, 'signing-secret': z.string().optional() });
export const UpdateWebhookResponse = RegisterWebhookResponse;
export const ListWebhooksResponse = z.object({ response: ResponseMetadata, webhooks: z.array(WebhookSubscription) });

export const WebhookEventEnvelope = z.object({
  'event-id': z.string(),
  'event-type': z.enum(WEBHOOK_EVENT_TYPES),
  'occurred-at': Instant,
  wid: WebhookId,
  payload: z.record(z.string(), z.unknown()).optional(),
});

export type WebhookRegistrationRequest = z.infer<typeof WebhookRegistrationRequest>;
export type WebhookUpdateRequest = z.infer<typeof WebhookUpdateRequest>;
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;
