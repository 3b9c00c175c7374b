import { z } from '@hono/zod-openapi';
import { idParamSchema } from '@payos/contracts';
import { every } from 'hono/combine';
import { notFound } from '../../core/errors.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS, currencySchema, decimalString } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { listSchema, paginationQuerySchema } from '../../http/pagination.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { streamFeed } from './streams.feed.js';
import * as repo from './streams.repo.js';
import * as service from './streams.service.js';

const tags = ['Streams'];
const decimal = decimalString().regex(/^\d{1,15}(\.\d{1,18})?$/, 'must be a plain decimal such as 3000.00');

const streamSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['active', 'paused', 'depleted', 'cancelled']).openapi({ example: 'active' }),
    senderAccountId: z.uuid(),
    receiverAccountId: z.uuid(),
    currency: z.string().openapi({ example: 'USDC' }),
    ratePerSecond: z.string().openapi({ example: '0.001157407407407407' }),
    ratePerMonth: z.string().openapi({ example: '3000.000000' }),
    funded: z.string().openapi({ example: '720.000000' }),
    streamed: z.string().openapi({ example: '12.500000', description: 'Floored to the currency scale.' }),
    withdrawn: z.string(),
    withdrawable: z.string(),
    remaining: z.string().openapi({ description: 'funded − streamed: still in the stream (sub-cent dust included).' }),
    refunded: z.string().openapi({ description: 'Returned to the sender at cancellation.' }),
    runwaySeconds: z.number().int().nullable(),
    depletesAt: z.string().nullable(),
    health: z.enum(['healthy', 'warning', 'critical']),
    activeSeconds: z.number().int(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    initiatedBy: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    asOf: z.string().openapi({ description: 'The instant the figures were computed for.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('Stream');

const createBodySchema = z
  .strictObject({
    senderAccountId: z.uuid(),
    receiverAccountId: z.uuid(),
    currency: currencySchema,
    ratePerMonth: decimal.optional().openapi({ example: '3000.00', description: 'Per 30-day month; or give ratePerSecond.' }),
    ratePerSecond: decimal.optional(),
    fundingAmount: decimal.optional().openapi({ description: 'Default and minimum: a 4-hour buffer plus 7 days of flow.' }),
    description: z.string().trim().max(500).optional().openapi({ example: 'Salary — Maria' }),
    category: z.string().trim().max(60).optional().openapi({ example: 'salary' }),
  })
  .openapi('CreateStreamRequest');

const listQuerySchema = paginationQuerySchema.extend({
  status: z.enum(['active', 'paused', 'depleted', 'cancelled']).optional(),
  health: z.enum(['healthy', 'warning', 'critical']).optional(),
  accountId: z.uuid().optional(),
  direction: z.enum(['outgoing', 'incoming']).optional().openapi({ description: 'With accountId: streams it sends or receives.' }),
});

export function registerStreamRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/streams',
      operationId: 'createStream',
      access: {
        credentials: ['user', 'api_key', 'agent'],
        role: 'member',
        agent: { permission: 'streams.initiate', account: { body: 'senderAccountId' } },
      },
      errors: [
        'resource_missing',
        ...AMOUNT_ERRORS,
        'self_transfer',
        'funding_below_minimum',
        'insufficient_funds',
        'limit_exceeded',
        'account_suspended',
        'invalid_state',
      ],
      tags,
      summary: 'Open a per-second money stream, funded from the sender’s available balance',
      request: { body: jsonBody(createBodySchema) },
      responses: { 201: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.created', objectType: 'stream' },
        async (tx) => service.presentStream(await service.createStream(tx, deps, c.get('actor'), body), deps.clock.now()),
        (s) => s.id,
      );
      return c.json({ data }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/streams',
      operationId: 'listStreams',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Streams with live figures, newest first',
      request: { query: listQuerySchema },
      responses: { 200: jsonResponse('Streams.', listSchema(streamSchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const page = await inTenant(c, (tx) =>
        service.listPage(
          tx,
          c.get('actor'),
          { status: q.status, health: q.health, accountId: q.accountId, direction: q.direction },
          q,
          now,
        ),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/streams/stats',
      operationId: 'getStreamStats',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      tags,
      summary: 'Open streams by health, and per currency: counts, monthly flow, money in streams, withdrawable',
      responses: {
        200: jsonResponse(
          'Stats.',
          dataOf(z.object({ health: z.record(z.string(), z.number()), currencies: z.array(z.record(z.string(), z.unknown())) })),
        ),
      },
    }),
    async (c) => c.json({ data: await inTenant(c, (tx) => service.stats(tx, c.get('actor'), c.get('deps').clock.now())) }, 200),
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/streams/{id}',
      operationId: 'getStream',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      tags,
      summary: 'A stream with its figures computed to the second',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, async (tx) =>
        service.presentStream(await service.getStreamOrThrow(tx, c.get('actor'), c.req.valid('param').id), c.get('deps').clock.now()),
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/streams/{id}/events',
      operationId: 'listStreamEvents',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'What happened to a stream, newest first',
      request: { params: idParamSchema },
      responses: {
        200: jsonResponse(
          'Events.',
          dataOf(
            z.array(
              z.object({
                id: z.uuid(),
                type: z.string(),
                amount: z.string().nullable(),
                data: z.record(z.string(), z.unknown()),
                actor: z.object({ type: z.string(), id: z.string().nullable() }),
                at: z.string(),
              }),
            ),
          ),
        ),
      },
    }),
    async (c) => {
      const events = await inTenant(c, async (tx) => {
        const s = await service.getStreamOrThrow(tx, c.get('actor'), c.req.valid('param').id);
        return repo.listEvents(tx, s.id, 100);
      });
      return c.json(
        {
          data: events.map((e) => ({
            id: e.id,
            type: e.type,
            amount: e.amount,
            data: e.data,
            actor: { type: e.actor_type, id: e.actor_id },
            at: e.at.toISOString(),
          })),
        },
        200,
      );
    },
  );

  const action = (name: 'pause' | 'resume' | 'cancel', run: typeof service.pauseStream, summary: string) =>
    app.openapi(
      declare({
        method: 'post',
        path: `/v1/streams/{id}/${name}`,
        operationId: `${name}Stream`,
        access: {
          credentials: ['user', 'api_key', 'agent'],
          role: 'member',
          agent: { permission: name === 'cancel' ? 'streams.terminate' : 'streams.pause', account: 'scoped' },
        },
        errors: ['invalid_state', 'stream_sender_only'],
        tags,
        summary,
        request: { params: idParamSchema },
        responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
      }),
      async (c) => {
        const deps = c.get('deps');
        const data = await audited(
          c,
          { action: `stream.${name === 'cancel' ? 'cancelled' : `${name}d`}`, objectType: 'stream' },
          async (tx) => service.presentStream(await run(tx, deps, c.get('actor'), c.req.valid('param').id), deps.clock.now()),
          (s) => s.id,
        );
        return c.json({ data }, 200);
      },
    );
  action('pause', service.pauseStream, 'Pause the flow (sender side)');
  action('resume', service.resumeStream, 'Resume the flow (sender side)');
  action('cancel', service.cancelStream, 'End the stream: what streamed goes to the receiver, the rest back to the sender');

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/streams/{id}/top-up',
      operationId: 'topUpStream',
      access: { credentials: ['user', 'api_key', 'agent'], role: 'member', agent: { permission: 'streams.initiate', account: 'scoped' } },
      errors: [...AMOUNT_ERRORS, 'insufficient_funds', 'limit_exceeded', 'account_suspended', 'invalid_state', 'stream_sender_only'],
      tags,
      summary: 'Add funding (sender side)',
      request: { params: idParamSchema, body: jsonBody(z.strictObject({ amount: decimal.openapi({ example: '500.00' }) })) },
      responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.topped_up', objectType: 'stream' },
        async (tx) =>
          service.presentStream(
            await service.topUpStream(tx, deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json').amount),
            deps.clock.now(),
          ),
        (s) => s.id,
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/streams/{id}/withdraw',
      operationId: 'withdrawStream',
      access: { credentials: ['user', 'api_key', 'agent'], role: 'member', agent: { permission: 'accounts.view', account: 'scoped' } },
      errors: [...AMOUNT_ERRORS, 'nothing_to_withdraw', 'amount_exceeds_withdrawable', 'invalid_state', 'stream_receiver_only'],
      tags,
      summary: 'Move what has streamed to the receiver (all of it unless an amount is given)',
      request: { params: idParamSchema, body: jsonBody(z.strictObject({ amount: decimal.optional() })) },
      responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.withdrawn', objectType: 'stream' },
        async (tx) =>
          service.presentStream(
            await service.withdrawStream(tx, deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json').amount),
            deps.clock.now(),
          ),
        (s) => s.id,
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/accounts/{id}/streams',
      operationId: 'listAccountStreams',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: { path: 'id' } } },
      errors: ['invalid_cursor'],
      tags,
      summary: 'Streams an account sends or receives',
      request: { params: idParamSchema, query: listQuerySchema.omit({ accountId: true }) },
      responses: { 200: jsonResponse('Streams.', listSchema(streamSchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const page = await inTenant(c, async (tx) => {
        const [account] = await tx.query<{ id: string }>(`SELECT id FROM accounts WHERE id = $1 AND type <> 'system'`, [
          c.req.valid('param').id,
        ]);
        if (!account) throw notFound('account');
        return service.listPage(
          tx,
          c.get('actor'),
          { status: q.status, health: q.health, accountId: account.id, direction: q.direction },
          q,
          now,
        );
      });
      return c.json(page, 200);
    },
  );

  // Server-Sent Events: the caller's streams' live figures once a second, a heartbeat every 15 s. The
  // handler streams, so it is registered on the router directly and described to OpenAPI here.
  const { middleware: feedPipeline, ...feedDoc } = declare({
    method: 'get',
    path: '/v1/events/streams',
    operationId: 'streamEvents',
    access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'accounts.view', account: 'scoped' } },
    errors: ['too_many_streams'],
    tags: ['Streams'],
    summary: 'Live figures of your streams (Server-Sent Events)',
    description:
      'A `text/event-stream`: `event: streams` once a second, whose data is a JSON array of the Stream objects among `ids` that you may see (others are left out, never reported), and `event: heartbeat` every 15 seconds. Close the connection to stop.',
    request: {
      query: z.object({
        ids: z.string().openapi({ description: '1 to 50 stream ids, comma-separated.', example: '3f0c…,9a1d…' }),
      }),
    },
    responses: {
      200: {
        description: 'The event stream.',
        content: {
          'text/event-stream': {
            schema: z.string().openapi({ example: 'event: streams\ndata: [{"id":"…","withdrawable":"12.500000"}]\n\n' }),
          },
        },
      },
    },
  });
  app.openAPIRegistry.registerPath(feedDoc);
  app.get('/v1/events/streams', every(...feedPipeline), (c) => streamFeed(c));
}
