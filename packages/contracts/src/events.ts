import { z } from 'zod';
import { environmentSchema, idSchema, instantSchema, paginationQuerySchema, timestampSchema } from './common.js';

/* The event log (`/v1/events`): every state change of a business object, as webhooks deliver it. */

/**
 * Every event type PayOS records. `<object>.<change>`; the object is what `data.object` holds.
 * Transfer events are recorded by the money-movement paths; `ping` only by `POST /v1/webhook-endpoints/{id}/test`.
 */
export const EVENT_TYPES = [
  'account.created',
  'account.updated',
  'account.verified',
  'account.suspended',
  'account.activated',
  'account.closed',
  'agent.created',
  'agent.updated',
  'agent.verified',
  'agent.suspended',
  'agent.activated',
  'agent.deleted',
  'agent.limit_refused',
  'api_key.created',
  'api_key.revoked',
  'deposit.completed',
  'dispute.created',
  'dispute.responded',
  'dispute.escalated',
  'dispute.resolved',
  'payment_method.created',
  'payment_method.deleted',
  'ping',
  'refund.created',
  'refund.succeeded',
  'refund.failed',
  'review.created',
  'review.assigned',
  'review.escalated',
  'review.approved',
  'review.rejected',
  'review.dismissed',
  'schedule.created',
  'schedule.approved',
  'schedule.denied',
  'schedule.expired',
  'schedule.paused',
  'schedule.resumed',
  'schedule.cancelled',
  'schedule.execution.succeeded',
  'schedule.execution.failed',
  'stream.created',
  'stream.approved',
  'stream.denied',
  'stream.expired',
  'stream.paused',
  'stream.resumed',
  'stream.topped_up',
  'stream.withdrawn',
  'stream.depleted',
  'stream.cancelled',
  'stream.health_changed',
  'transfer.created',
  'transfer.approved',
  'transfer.denied',
  'transfer.expired',
  'transfer.review_approved',
  'transfer.rejected',
  'transfer.processing',
  'transfer.completed',
  'transfer.failed',
  'transfer.cancelled',
  'transfer.refunded',
  'transfer.returned',
  'webhook_endpoint.disabled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** `evt_` and 32 hex digits. */
export const EVENT_ID_PATTERN = /^evt_[0-9a-f]{32}$/;
/** An event type, or a wildcard over a prefix: `transfer.*`, `schedule.execution.*`, `*`. */
export const EVENT_TYPE_FILTER_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/;

/** Whether an event type matches a filter (`*`, an exact type, or `prefix.*`). The SQL does the same. */
export function eventTypeMatches(filter: string, type: string): boolean {
  if (filter === '*') return type !== 'ping';
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}

/** A filter that matches no event type PayOS records is a typo, not a wish. */
export const matchesSomeEventType = (filter: string) => EVENT_TYPES.some((type) => eventTypeMatches(filter, type));

export const eventTypeFilterSchema = z
  .string()
  .max(80)
  .regex(EVENT_TYPE_FILTER_PATTERN)
  .refine(matchesSomeEventType, 'matches no event type')
  .meta({ example: 'transfer.*', description: 'An event type, or `prefix.*`, or `*` (every type).' });

export const eventIdSchema = z.string().max(36).regex(EVENT_ID_PATTERN).meta({ example: 'evt_5f0c6a1b2c3d4e5f60718293a4b5c6d7' });

// ——— Responses ———

export const eventSchema = z
  .object({
    id: eventIdSchema,
    type: z.string().max(80).meta({ example: 'account.verified' }),
    environment: environmentSchema,
    objectType: z.string().max(40).meta({ example: 'account' }),
    objectId: idSchema({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
    sequence: z.int().min(1).max(Number.MAX_SAFE_INTEGER).meta({
      format: 'int64',
      example: 3,
      description:
        'Increases with every event of this object, in commit order: drop an update whose sequence is below the last you applied.',
    }),
    data: z.object({
      object: z.record(z.string().max(100), z.unknown()).meta({ description: 'The object as the API returns it, after the change.' }),
      previousAttributes: z
        .record(z.string().max(100), z.unknown())
        .optional()
        .meta({ description: 'The fields that changed, with their values before the change.' }),
    }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'Event' });
export type Event = z.output<typeof eventSchema>;

// ——— Requests ———

export const eventIdParamSchema = z.object({
  id: z
    .string()
    .max(36)
    .regex(EVENT_ID_PATTERN)
    .meta({ param: { name: 'id', in: 'path' }, example: 'evt_5f0c6a1b2c3d4e5f60718293a4b5c6d7' }),
});

export const listEventsQuerySchema = paginationQuerySchema.extend({
  type: z
    .string()
    .max(80)
    .regex(EVENT_TYPE_FILTER_PATTERN)
    .optional()
    .meta({ example: 'transfer.*', description: 'An event type, or `prefix.*` for every type under it.' }),
  objectId: z.guid().max(36).optional().meta({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  from: instantSchema.optional().meta({ example: '2026-11-01T00:00:00Z', description: 'Events at or after this instant.' }),
  to: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Events before this instant.' }),
});
export type ListEventsQuery = z.input<typeof listEventsQuerySchema>;
