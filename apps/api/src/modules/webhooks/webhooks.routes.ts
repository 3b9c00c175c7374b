import {
  createWebhookEndpointBodySchema,
  dataOf,
  eventIdParamSchema,
  idParamSchema,
  listOf,
  listWebhookAttemptsQuerySchema,
  listWebhookEndpointsQuerySchema,
  redeliverEventBodySchema,
  updateWebhookEndpointBodySchema,
  webhookAttemptSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './webhooks.service.js';

const tags = ['Webhooks'];
// Endpoints are managed like API keys — by users only (an endpoint receives every event of its
// environment) —, and changed by owners and admins; any user of the tenant may read them.
const READ = { credentials: ['user'] } as const;
const MANAGE = { credentials: ['user'], role: 'admin' } as const;

export function registerWebhookRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'post',
      path: '/v1/webhook-endpoints',
      operationId: 'createWebhookEndpoint',
      access: { ...MANAGE, idempotent: 'secret' },
      errors: ['webhook_url_not_allowed', 'too_many_webhook_endpoints'],
      tags,
      summary: 'Register an endpoint for events (the signing secret is returned once)',
      request: { body: jsonBody(createWebhookEndpointBodySchema) },
      responses: { 201: jsonResponse('The endpoint, with its signing secret.', dataOf(webhookEndpointWithSecretSchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { endpoint, secret } = await audited(
        c,
        { action: 'webhook_endpoint.created', objectType: 'webhook_endpoint' },
        (tx) => service.createEndpoint(tx, deps, c.req.valid('json')),
        (r) => r.endpoint.id,
      );
      return c.json({ data: { ...service.presentEndpoint(endpoint), secret } }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      access: READ,
      errors: ['invalid_cursor'],
      tags,
      summary: 'Webhook endpoints of this environment (never their secrets)',
      request: { query: listWebhookEndpointsQuerySchema },
      responses: { 200: jsonResponse('Endpoints, newest first.', listOf(webhookEndpointSchema)) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listEndpoints(tx, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, service.presentEndpoint), 200);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'getWebhookEndpoint',
      access: READ,
      tags,
      summary: 'One webhook endpoint',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The endpoint.', dataOf(webhookEndpointSchema)) },
    }),
    async (c) => {
      const endpoint = await inTenant(c, (tx) => service.getEndpointOrThrow(tx, c.req.valid('param').id));
      return c.json({ data: service.presentEndpoint(endpoint) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'updateWebhookEndpoint',
      access: MANAGE,
      errors: ['webhook_url_not_allowed'],
      tags,
      summary: 'Change the URL, events or description; disable or enable',
      request: { params: idParamSchema, body: jsonBody(updateWebhookEndpointBodySchema) },
      responses: { 200: jsonResponse('The endpoint.', dataOf(webhookEndpointSchema)) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { url, ...patch } = c.req.valid('json');
      // Before the transaction: the new name is resolved (production), however long its DNS takes.
      const checked = url === undefined ? undefined : await service.checkEndpointUrl(deps, url);
      const endpoint = await audited(
        c,
        { action: 'webhook_endpoint.updated', objectType: 'webhook_endpoint' },
        (tx) => service.updateEndpoint(tx, deps, c.req.valid('param').id, { ...patch, url: checked }),
        (e) => e.id,
      );
      return c.json({ data: service.presentEndpoint(endpoint) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'delete',
      path: '/v1/webhook-endpoints/{id}',
      operationId: 'deleteWebhookEndpoint',
      access: MANAGE,
      tags,
      summary: 'Delete an endpoint; its pending deliveries are dropped',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The deleted endpoint.', dataOf(webhookEndpointSchema)) },
    }),
    async (c) => {
      const endpoint = await audited(
        c,
        { action: 'webhook_endpoint.deleted', objectType: 'webhook_endpoint' },
        (tx) => service.deleteEndpoint(tx, c.req.valid('param').id),
        (e) => e.id,
      );
      return c.json({ data: service.presentEndpoint(endpoint) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      access: { ...MANAGE, idempotent: 'secret', rateLimit: 'strict' },
      tags,
      summary: 'A new signing secret; the old one keeps signing alongside it for 24 hours',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The endpoint with its new secret.', dataOf(webhookEndpointWithSecretSchema)) },
    }),
    async (c) => {
      const { endpoint, secret } = await audited(
        c,
        { action: 'webhook_endpoint.secret_rotated', objectType: 'webhook_endpoint' },
        (tx) => service.rotateSecret(tx, c.get('deps'), c.req.valid('param').id),
        (r) => r.endpoint.id,
      );
      return c.json({ data: { ...service.presentEndpoint(endpoint), secret } }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/webhook-endpoints/{id}/test',
      operationId: 'testWebhookEndpoint',
      access: MANAGE,
      errors: ['invalid_state'],
      tags,
      summary: 'Send a ping event to this endpoint',
      request: { params: idParamSchema },
      responses: { 202: jsonResponse('The queued delivery of the ping.', dataOf(webhookDeliverySchema)) },
    }),
    async (c) => {
      const delivery = await inTenant(c, (tx) => service.sendPing(tx, c.get('deps'), c.req.valid('param').id));
      return c.json({ data: service.presentDelivery(delivery) }, 202);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/webhook-endpoints/{id}/deliveries',
      operationId: 'listWebhookDeliveries',
      access: READ,
      errors: ['invalid_cursor'],
      tags,
      summary: 'Every delivery attempt to this endpoint: status code, duration, response excerpt, next retry',
      request: { params: idParamSchema, query: listWebhookAttemptsQuerySchema },
      responses: { 200: jsonResponse('Attempts, newest first.', listOf(webhookAttemptSchema)) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await inTenant(c, (tx) => service.listAttempts(tx, c.req.valid('param').id, { limit, cursor: decodeCursor(cursor) }));
      return c.json(toPage(rows, limit, service.presentAttempt), 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/events/{id}/redeliver',
      operationId: 'redeliverEvent',
      access: MANAGE,
      errors: ['invalid_state'],
      tags,
      summary: 'Queue an event again for one endpoint',
      request: { params: eventIdParamSchema, body: jsonBody(redeliverEventBodySchema) },
      responses: { 202: jsonResponse('The queued delivery.', dataOf(webhookDeliverySchema)) },
    }),
    async (c) => {
      const delivery = await inTenant(c, (tx) =>
        service.redeliver(tx, c.get('deps'), c.req.valid('param').id, c.req.valid('json').endpointId),
      );
      return c.json({ data: service.presentDelivery(delivery) }, 202);
    },
  );
}
