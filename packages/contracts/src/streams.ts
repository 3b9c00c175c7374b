import { z } from 'zod';
import {
  ACTOR_TYPES,
  CURRENCY_CODES,
  countSchema,
  currencySchema,
  decimalString,
  idSchema,
  initiatedBySchema,
  int,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';

/** Money streams: per-second flows from a sender account to a receiver, funded up front. */

/** `requires_approval`: an approval policy matched at creation — funded, not flowing until approved; `denied` / `expired` end it and refund the funding. */
export const STREAM_STATUSES = ['requires_approval', 'active', 'paused', 'depleted', 'cancelled', 'denied', 'expired'] as const;
export const streamStatusSchema = z.enum(STREAM_STATUSES).meta({ example: 'active' });
export type StreamStatus = z.output<typeof streamStatusSchema>;

export const STREAM_HEALTHS = ['healthy', 'warning', 'critical'] as const;
export const streamHealthSchema = z.enum(STREAM_HEALTHS).meta({ example: 'healthy' });
export type StreamHealth = z.output<typeof streamHealthSchema>;

export const STREAM_EVENT_TYPES = [
  'created',
  'approved',
  'denied',
  'expired',
  'paused',
  'resumed',
  'topped_up',
  'withdrawn',
  'cancelled',
  'depleted',
  'health_changed',
] as const;
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number];

/** Who acted on a stream: a caller of the API, or the worker (`system`, no id). */
const actorTypeSchema = z.enum(ACTOR_TYPES).meta({ example: 'user' });

/** The most events GET /v1/streams/{id}/events returns (newest first). */
export const MAX_STREAM_EVENTS = 100;
/** The most streams one live feed (GET /v1/events/streams) follows. */
export const MAX_FEED_STREAMS = 50;
/** The longest one message of the live feed can be: MAX_FEED_STREAMS Stream objects, with room to spare. */
export const MAX_FEED_MESSAGE_LENGTH = 262_144;
/** 1,000 years of flow, the most a stream may hold: its runway never exceeds it. */
const MAX_STREAM_SECONDS = 1_000 * 366 * 86_400;

/** A rate or an amount in a stream request: a plain positive-looking decimal (the API checks the rest). */
const decimalInput = () => decimalString().regex(/^\d{1,15}(\.\d{1,18})?$/, 'must be a plain decimal such as 3000.00');

export const createStreamBodySchema = z
  .strictObject({
    senderAccountId: idSchema(),
    receiverAccountId: idSchema({ example: '9a1d2b3c-4e5f-4a6b-8c7d-0e1f2a3b4c5d' }),
    currency: currencySchema,
    ratePerMonth: decimalInput().optional().meta({ example: '3000.00', description: 'Per 30-day month; or give ratePerSecond.' }),
    ratePerSecond: decimalInput().optional().meta({ example: '0.001157407407407407', description: 'Or the rate per second.' }),
    fundingAmount: decimalInput()
      .optional()
      .meta({ example: '720.00', description: 'Default and minimum: a 4-hour buffer plus 7 days of flow.' }),
    description: z.string().trim().max(500).optional().meta({ example: 'Salary — Maria' }),
    category: z.string().trim().max(60).optional().meta({ example: 'salary' }),
  })
  .meta({ id: 'CreateStreamRequest' });
export type CreateStreamRequest = z.input<typeof createStreamBodySchema>;

export const topUpStreamBodySchema = z.strictObject({ amount: decimalInput().meta({ example: '500.00' }) });
export type TopUpStreamRequest = z.input<typeof topUpStreamBodySchema>;

export const withdrawStreamBodySchema = z.strictObject({
  amount: decimalInput().optional().meta({ example: '12.50', description: 'Default: everything withdrawable.' }),
});
export type WithdrawStreamRequest = z.input<typeof withdrawStreamBodySchema>;

export const streamListQuerySchema = paginationQuerySchema.extend({
  status: streamStatusSchema.optional(),
  health: streamHealthSchema.optional(),
  accountId: idSchema().optional(),
  direction: z
    .enum(['outgoing', 'incoming'])
    .optional()
    .meta({ example: 'outgoing', description: 'With accountId: streams it sends or receives.' }),
});
export type StreamListQuery = z.input<typeof streamListQuerySchema>;
/** GET /v1/accounts/{id}/streams: the account is in the path. */
export const accountStreamListQuerySchema = streamListQuerySchema.omit({ accountId: true });
export type AccountStreamListQuery = z.input<typeof accountStreamListQuerySchema>;

export const streamSchema = z
  .object({
    id: idSchema({ example: '3f0c9e8d-7b6a-4c5d-8e9f-0a1b2c3d4e5f' }),
    status: streamStatusSchema,
    senderAccountId: idSchema(),
    receiverAccountId: idSchema({ example: '9a1d2b3c-4e5f-4a6b-8c7d-0e1f2a3b4c5d' }),
    currency: currencySchema,
    ratePerSecond: moneySchema({ example: '0.001157407407407407' }),
    ratePerMonth: moneySchema({ example: '3000.000000' }),
    funded: moneySchema({ example: '720.000000' }),
    streamed: moneySchema({ example: '12.500000', description: 'Floored to the currency scale.' }),
    withdrawn: moneySchema({ example: '0.000000' }),
    withdrawable: moneySchema({ example: '12.500000' }),
    remaining: moneySchema({ example: '707.500000', description: 'funded − streamed: still in the stream (sub-cent dust included).' }),
    refunded: moneySchema({ example: '0.000000', description: 'Returned to the sender at cancellation.' }),
    runwaySeconds: int(0, MAX_STREAM_SECONDS, { example: 611_395, description: 'Until the funding runs out at this rate.' }).nullable(),
    depletesAt: timestampSchema({ example: '2026-12-02T12:20:00.000Z', description: 'While active.' }).nullable(),
    health: streamHealthSchema,
    activeSeconds: int(0, Number.MAX_SAFE_INTEGER, { example: 10_800, description: 'Seconds it has flowed.' }),
    description: text(500, { example: 'Salary — Maria' }).nullable(),
    category: text(60, { example: 'salary' }).nullable(),
    initiatedBy: initiatedBySchema,
    asOf: timestampSchema({ description: 'The instant the figures were computed for.' }),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
    endedAt: timestampSchema({ description: 'When it was cancelled or ran out.' }).nullable(),
  })
  .meta({ id: 'Stream' });
export type Stream = z.output<typeof streamSchema>;

/** Open (active and paused) streams by health, and per currency. */
export const streamStatsSchema = z.object({
  health: z.object({
    healthy: countSchema({ example: 4 }),
    warning: countSchema({ example: 1 }),
    critical: countSchema({ example: 0 }),
  }),
  currencies: z
    .array(
      z.object({
        currency: currencySchema,
        active: countSchema({ example: 4 }),
        paused: countSchema({ example: 1 }),
        flowPerMonth: moneySchema({ example: '12000.000000', description: 'What the active streams pay per 30-day month.' }),
        inStreams: moneySchema({ example: '4380.000000', description: 'Funded and not yet withdrawn.' }),
        withdrawable: moneySchema({ example: '96.250000' }),
      }),
    )
    .max(CURRENCY_CODES.length),
});
export type StreamStats = z.output<typeof streamStatsSchema>;

export const streamEventSchema = z.object({
  id: idSchema(),
  type: z.enum(STREAM_EVENT_TYPES).meta({ example: 'topped_up' }),
  amount: moneySchema({ example: '500.00000000', description: 'The money the event moved, if any.' }).nullable(),
  data: z
    .record(z.string().max(40), z.unknown())
    .meta({ example: { ratePerSecond: '0.001157407407407407' }, description: 'Details by type.', maxProperties: 10 }),
  actor: z.object({ type: actorTypeSchema, id: idSchema().nullable() }),
  at: timestampSchema(),
});
export type StreamEvent = z.output<typeof streamEventSchema>;
export const streamEventListSchema = z.array(streamEventSchema).max(MAX_STREAM_EVENTS);

/** GET /v1/events/streams — the live feed of the caller's streams (Server-Sent Events). */
export const streamFeedQuerySchema = z.object({
  ids: z
    .string()
    .max(MAX_FEED_STREAMS * 37 - 1)
    .regex(new RegExp(`^[0-9A-Fa-f-]{36}(,[0-9A-Fa-f-]{36}){0,${MAX_FEED_STREAMS - 1}}$`))
    .meta({
      description: `1 to ${MAX_FEED_STREAMS} stream ids, comma-separated.`,
      example: '3f0c9e8d-7b6a-4c5d-8e9f-0a1b2c3d4e5f,9a1d2b3c-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    }),
});
export type StreamFeedQuery = z.input<typeof streamFeedQuerySchema>;
/** The data of an `event: streams` message: the figures of the listed streams the caller may see. */
export const streamFeedStreamsSchema = z.array(streamSchema).max(MAX_FEED_STREAMS);
export type StreamFeedStreams = z.output<typeof streamFeedStreamsSchema>;
/** The data of the closing `event: end` message: why the server ended the feed. */
export const streamFeedEndSchema = z.object({ reason: z.enum(['credential_revoked', 'token_expired', 'shutting_down']) });
export type StreamFeedEnd = z.output<typeof streamFeedEndSchema>;
/** One message of the feed as it travels (`event:` line, `data:` line, blank line); the body is a sequence of them. */
export const streamFeedMessageSchema = z
  .string()
  .max(MAX_FEED_MESSAGE_LENGTH)
  .regex(/^event: (streams|heartbeat|end)\ndata: [^\n]*\n\n$/)
  .meta({
    description:
      'One Server-Sent Event; the body is an unending sequence of them. `event: streams` carries a JSON array of Stream objects, `event: heartbeat` an ISO 8601 instant, `event: end` `{"reason": "credential_revoked" | "token_expired" | "shutting_down"}` before the server closes the feed.',
    example: 'event: streams\ndata: [{"id":"3f0c9e8d-7b6a-4c5d-8e9f-0a1b2c3d4e5f","withdrawable":"12.500000"}]\n\n',
  });
