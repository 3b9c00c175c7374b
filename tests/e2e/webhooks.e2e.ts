import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';

const webUrl = inject('webUrl');
let browser: Browser;
let page: Page;
let receiver: Server;
let receiverUrl: string;
const received: { body: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  // The partner's webhook handler: a real HTTP server the API's delivery worker POSTs to.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      response.writeHead(200).end('ok');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  receiver?.close();
});

describe('a developer setting up webhooks on the dashboard', () => {
  it('adds an endpoint, keeps its secret once, sends a signed test and reads it in the delivery log', async () => {
    await login(page, webUrl, '/webhooks');
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endpoint URL').fill(receiverUrl);
    await dialog.getByLabel('All events (*)').check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();

    const secret = (await page.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('link', { name: receiverUrl }).waitFor();

    // Other journeys may have added endpoints of their own: test this one, from its row.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: receiverUrl }) });
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [ping] = received as [{ body: string; headers: IncomingHttpHeaders }];
    // Signed by Standard Webhooks with the secret the dashboard showed.
    const event = new Webhook(secret).verify(ping.body, ping.headers as Record<string, string>) as { type: string };
    expect(event.type).toBe('ping');

    await page.getByRole('link', { name: receiverUrl }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/webhooks/'));
    await expect.poll(async () => (await page.getByRole('cell', { name: '200' }).count()) > 0, { timeout: 15_000 }).toBe(true);
    await screenshot(page, 'webhook-endpoint');
    // The attempt: what was sent (the event) and what came back.
    await page.getByRole('button', { name: 'ping' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Request body').waitFor();
    await expect.poll(async () => drawer.getByTestId('json-view').textContent(), { timeout: 15_000 }).toContain('ping');
    expect(await drawer.getByText('ok', { exact: true }).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    // The events behind it, searchable: the demo's account events.
    await page.goto(`${webUrl}/events?type=account.*`);
    await expect.poll(async () => page.getByText('account.created').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });
});
