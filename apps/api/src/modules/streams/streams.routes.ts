import {
  accountStreamListQuerySchema,
  createStreamBodySchema,
  dataOf,
  idParamSchema,
  listOf,
  streamEventListSchema,
  streamFeedMessageSchema,
  streamFeedQuerySchema,
  streamListQuerySchema,
  streamSchema,
  streamStatsSchema,
  topUpStreamBodySchema,
  withdrawStreamBodySchema,
} from '@payos/contracts';
import { every } from 'hono/combine';
import { parseAmountParam, parseDecimalParam } from '../../core/amount.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { streamFeed } from './streams.feed.js';
import * as service from './streams.service.js';

const tags = ['Streams'];

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
        'rates_unavailable',
      ],
      tags,
      summary:
        'Open a per-second money stream, funded from the sender’s available balance; one an approval policy matches waits, funded, in `requires_approval`',
      request: { body: jsonBody(createStreamBodySchema) },
      responses: { 201: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const input = {
        ...body,
        ratePerMonth: body.ratePerMonth === undefined ? undefined : parseAmountParam(body.ratePerMonth, body.currency, 'ratePerMonth'),
        fundingAmount: body.fundingAmount === undefined ? undefined : parseAmountParam(body.fundingAmount, body.currency, 'fundingAmount'),
      };
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.created', objectType: 'stream' },
        async (tx) => service.presentStream(await service.createStream(tx, deps, c.get('actor'), input), deps.clock.now()),
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
      request: { query: streamListQuerySchema },
      responses: { 200: jsonResponse('Streams.', listOf(streamSchema)) },
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
        200: jsonResponse('Stats.', dataOf(streamStatsSchema)),
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
      responses: { 200: jsonResponse('Events.', dataOf(streamEventListSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, (tx) => service.listEvents(tx, c.get('actor'), c.req.valid('param').id));
      return c.json({ data }, 200);
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
      errors: [
        ...AMOUNT_ERRORS,
        'insufficient_funds',
        'limit_exceeded',
        'account_suspended',
        'invalid_state',
        'stream_sender_only',
        'approval_required',
        'rates_unavailable',
      ],
      tags,
      summary: 'Add funding (sender side); a top-up an approval policy would hold is refused (approval_required)',
      request: { params: idParamSchema, body: jsonBody(topUpStreamBodySchema) },
      responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      // The stream's currency is in the database: the format is checked here, its scale by the service.
      const amount = parseDecimalParam(c.req.valid('json').amount);
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.topped_up', objectType: 'stream' },
        async (tx) =>
          service.presentStream(await service.topUpStream(tx, deps, c.get('actor'), c.req.valid('param').id, amount), deps.clock.now()),
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
      request: { params: idParamSchema, body: jsonBody(withdrawStreamBodySchema) },
      responses: { 200: jsonResponse('The stream.', dataOf(streamSchema)) },
    }),
    async (c) => {
      // As for a top-up: the format here, the stream currency's scale in the service.
      const requested = c.req.valid('json').amount;
      const amount = requested === undefined ? undefined : parseDecimalParam(requested);
      const deps = c.get('deps');
      const data = await audited(
        c,
        { action: 'stream.withdrawn', objectType: 'stream' },
        async (tx) =>
          service.presentStream(await service.withdrawStream(tx, deps, c.get('actor'), c.req.valid('param').id, amount), deps.clock.now()),
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
      request: { params: idParamSchema, query: accountStreamListQuerySchema },
      responses: { 200: jsonResponse('Streams.', listOf(streamSchema)) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const page = await inTenant(c, (tx) =>
        service.listAccountPage(
          tx,
          c.get('actor'),
          c.req.valid('param').id,
          { status: q.status, health: q.health, direction: q.direction },
          q,
          now,
        ),
      );
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
    request: { query: streamFeedQuerySchema },
    responses: {
      200: { description: 'The event stream.', content: { 'text/event-stream': { schema: streamFeedMessageSchema } } },
    },
  });
  app.openAPIRegistry.registerPath(feedDoc);
  app.get('/v1/events/streams', every(...feedPipeline), (c) => streamFeed(c));
}
