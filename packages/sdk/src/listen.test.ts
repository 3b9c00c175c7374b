import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../../scripts/webhooks-listen.js';
import { deliverDueWebhooks } from '../../../apps/api/src/modules/webhooks/delivery.js';
import { testApp } from '../../../tests/fixtures.js';
import { PASSWORD, signup } from '../../../tests/harness.js';

// npm run webhooks:listen against a real API over HTTP: it registers a temporary endpoint, receives
// the delivery worker's signed POSTs, forwards them with their signature intact to a local handler,
// answers PayOS with the handler's status, and deletes the endpoint when it stops.

const t = testApp();
let baseUrl: string;
let close: () => void;

beforeAll(async () => {
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

/** The developer's own handler: records what it got, answers `status`. */
async function handler(status: () => number) {
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      response.writeHead(status()).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, close: () => server.close() };
}

describe('npm run webhooks:listen', () => {
  it('forwards signed events to a local handler, passes its failures back as retries, and cleans up', async () => {
    const owner = await signup(t.http, 'listen');
    let answer = 200;
    const local = await handler(() => answer);
    const lines: string[] = [];
    const listener = await listen({
      baseUrl,
      email: owner.email,
      password: PASSWORD,
      forwardTo: local.url,
      events: ['account.*'],
      log: (line) => lines.push(line),
    });
    try {
      expect(listener.secret).toMatch(/^whsec_/);
      expect(lines.join('\n')).toContain(listener.secret);
      const endpoints = await t.http.get('/v1/webhook-endpoints', { token: owner.token });
      expect(endpoints.body.data.map((e: { id: string }) => e.id)).toEqual([listener.endpointId]);

      const account = await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Listened' } });
      expect(await deliverDueWebhooks(t.db, t.deps)).toBe(1);
      expect(local.received).toHaveLength(1);
      const [first] = local.received as [{ body: string; headers: IncomingHttpHeaders }];
      // The handler verifies it with the printed secret, as it would a delivery from PayOS itself.
      const event = new Webhook(listener.secret).verify(first.body, first.headers as Record<string, string>) as {
        type: string;
        data: { object: unknown };
      };
      expect(event).toMatchObject({ type: 'account.created', data: { object: account.body.data } });
      expect(lines.some((line) => line.includes('account.created') && line.endsWith('→ 200'))).toBe(true);

      // A failing handler: PayOS records the failure and schedules a retry.
      answer = 500;
      await t.http.patch(`/v1/accounts/${account.body.data.id}`, { token: owner.token, body: { name: 'Renamed' } });
      await deliverDueWebhooks(t.db, t.deps);
      const attempts = await t.http.get(`/v1/webhook-endpoints/${listener.endpointId}/deliveries`, { token: owner.token });
      // Both attempts happened at the same instant of the test clock: find this one by its event.
      const failed = (attempts.body.data as { eventType: string; nextRetryAt: string | null }[]).find(
        (a) => a.eventType === 'account.updated',
      );
      expect(failed).toMatchObject({ eventType: 'account.updated', statusCode: 500 });
      expect(failed?.nextRetryAt).not.toBeNull();
    } finally {
      await listener.stop();
      local.close();
    }
    expect((await t.http.get('/v1/webhook-endpoints', { token: owner.token })).body.data).toEqual([]);
  });

  it('refuses a request that PayOS did not sign', async () => {
    const owner = await signup(t.http, 'listen-forged');
    const local = await handler(() => 200);
    const lines: string[] = [];
    const listener = await listen({ baseUrl, email: owner.email, password: PASSWORD, forwardTo: local.url, log: (l) => lines.push(l) });
    try {
      const forged = await fetch(listener.receiverUrl, {
        method: 'POST',
        headers: { 'webhook-id': 'evt_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: '{"type":"transfer.completed"}',
      });
      expect(forged.status).toBe(400);
      expect(local.received).toHaveLength(0);
    } finally {
      await listener.stop();
      local.close();
    }
  });
});
