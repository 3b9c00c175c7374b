import { z } from 'zod';
import { countSchema, idSchema, int, paginationQuerySchema, timestampSchema } from './common.js';
import { eventIdSchema, eventTypeFilterSchema } from './events.js';

/* Webhook endpoints (`/v1/webhook-endpoints`): where events are delivered, signed by the Standard Webhooks scheme. */

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export const MAX_ENABLED_EVENTS = 50;
/** `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{43}=$/;

const urlSchema = z.string().trim().min(1).max(2048).meta({
  example: 'https://hooks.fintech.example/payos',
  description: 'Where events are POSTed. In production: https, and every address it resolves to must be public.',
});

// ——— Responses ———

export const webhookEndpointSchema = z
  .object({
    id: idSchema({ example: '2b7e1516-28ae-4d2a-a6f7-1588f5e3c4d1' }),
    url: z.string().max(2048).meta({ example: 'https://hooks.fintech.example/payos' }),
    enabledEvents: z
      .array(z.string().max(80))
      .max(MAX_ENABLED_EVENTS)
      .meta({ example: ['transfer.*', 'account.verified'] }),
    description: z.string().max(500).nullable().meta({ example: 'Ledger sync' }),
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES).meta({
      example: 'enabled',
      description: 'disabled: by you, or by PayOS after 3 days of failed deliveries (see disabledReason).',
    }),
    disabledReason: z.enum(['user', 'failing']).nullable().meta({ example: null }),
    failingSince: timestampSchema({ description: 'The first failed delivery since the last success.' }).nullable().meta({ example: null }),
    secretRotatedAt: timestampSchema().nullable().meta({ example: null }),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({
    secret: z.string().max(64).regex(SECRET_PATTERN).meta({
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7tMBmTFpI3U=',
      description: 'The signing secret. Shown only when the endpoint is created and when the secret is rotated.',
    }),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });
export type WebhookEndpointWithSecret = z.output<typeof webhookEndpointWithSecretSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** One queued delivery of one event to one endpoint (what redeliver and test queue). */
export const webhookDeliverySchema = z
  .object({
    id: idSchema({ example: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' }),
    eventId: eventIdSchema,
    endpointId: idSchema({ example: '2b7e1516-28ae-4d2a-a6f7-1588f5e3c4d1' }),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({ example: 'pending' }),
    attempts: countSchema({ example: 0 }),
    nextAttemptAt: timestampSchema().nullable(),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;

/** One attempt to deliver an event to an endpoint. */
export const webhookAttemptSchema = z
  .object({
    id: idSchema({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f0a1b2c3d' }),
    deliveryId: idSchema({ example: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' }),
    eventId: eventIdSchema,
    eventType: z.string().max(80).meta({ example: 'account.verified' }),
    statusCode: int(100, 599, { example: 200 }).nullable(),
    durationMs: int(0, 600_000, { example: 84 }),
    responseExcerpt: z.string().max(1024).nullable().meta({ example: 'ok', description: 'At most the first 1 KB of the response body.' }),
    error: z
      .string()
      .max(500)
      .nullable()
      .meta({ example: null, description: 'Why no answer was had: timeout, connection refused, refused address…' }),
    attemptedAt: timestampSchema(),
    nextRetryAt: timestampSchema({ description: 'When the next attempt is due; null when delivered or given up.' }).nullable(),
  })
  .meta({ id: 'WebhookAttempt' });
export type WebhookAttempt = z.output<typeof webhookAttemptSchema>;

// ——— Requests ———

const enabledEventsSchema = z.array(eventTypeFilterSchema).min(1).max(MAX_ENABLED_EVENTS);

export const createWebhookEndpointBodySchema = z
  .strictObject({
    url: urlSchema,
    enabledEvents: enabledEventsSchema.meta({ example: ['transfer.*', 'account.verified'] }),
    description: z.string().trim().max(500).optional().meta({ example: 'Ledger sync' }),
  })
  .meta({ id: 'CreateWebhookEndpointRequest' });
export type CreateWebhookEndpointRequest = z.input<typeof createWebhookEndpointBodySchema>;

export const updateWebhookEndpointBodySchema = z
  .strictObject({
    url: urlSchema.optional(),
    enabledEvents: enabledEventsSchema.optional().meta({ example: ['transfer.*'] }),
    description: z.string().trim().max(500).nullable().optional().meta({ example: 'Ledger sync' }),
    status: z.enum(WEBHOOK_ENDPOINT_STATUSES).optional().meta({ example: 'disabled' }),
  })
  .meta({ id: 'UpdateWebhookEndpointRequest' });
export type UpdateWebhookEndpointRequest = z.input<typeof updateWebhookEndpointBodySchema>;

export const redeliverEventBodySchema = z
  .strictObject({ endpointId: idSchema({ example: '2b7e1516-28ae-4d2a-a6f7-1588f5e3c4d1' }) })
  .meta({ id: 'RedeliverEventRequest' });
export type RedeliverEventRequest = z.input<typeof redeliverEventBodySchema>;

export const listWebhookEndpointsQuerySchema = paginationQuerySchema;
export const listWebhookAttemptsQuerySchema = paginationQuerySchema;
