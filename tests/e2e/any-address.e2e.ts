/**
 * Issue #20 §1 — the dashboard works from any address. The stack's dashboard is opened at
 * http://127.0.0.1:<port>, an origin the API's CORS list does not name (servers.ts): every call of the
 * page goes to the dashboard's own /v1 routes, which forward to the API. Also at a custom host name
 * over plain HTTP (not a secure context), and while the API is not up yet ("Starting the API…").
 */
import type { ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, screenshot } from './browser.js';
import { freePort, spawnWeb, waitFor } from './servers.js';

const webUrl = inject('webUrl');
const apiUrl = inject('apiUrl');
const KEY = { authorization: 'Bearer pk_test_demo_fintech_key_12345' };
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** Every request the page makes, and what its console says went wrong. */
function watch(page: Page) {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { requests, problems };
}

async function expectNoFetchFailure(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/Failed to fetch|Something went wrong|Could not reach PayOS/);
}

async function activeStreamId() {
  const res = await fetch(`${apiUrl}/v1/streams?status=active&limit=5`, { headers: KEY });
  const body = (await res.json()) as { data: { id: string }[] };
  return body.data[0]?.id as string;
}

/** Opens the stream feed through the dashboard and reads its first `count` events; then hangs up. */
async function readFeedThroughDashboard(streamId: string, count: number) {
  const controller = new AbortController();
  const res = await fetch(`${webUrl}/v1/events/streams?ids=${streamId}`, {
    headers: { ...KEY, accept: 'text/event-stream', 'accept-encoding': 'gzip, deflate, br' },
    signal: controller.signal,
  });
  const events: number[] = [];
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    while (events.length < count) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      for (; buffered.includes('\n\n'); buffered = buffered.slice(buffered.indexOf('\n\n') + 2)) {
        if (buffered.startsWith('event: streams')) events.push(Date.now());
      }
    }
  }
  controller.abort();
  return { status: res.status, contentType: res.headers.get('content-type'), events };
}

describe('the dashboard at any address', () => {
  it('at 127.0.0.1 (not in the API’s CORS list): logs in and loads accounts, transfers and a live stream through its own origin', async () => {
    // The API itself would refuse this origin a cross-origin read: only the dashboard's proxy can work here.
    const direct = await fetch(`${apiUrl}/v1/accounts?limit=1`, { headers: { ...KEY, origin: webUrl } });
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { requests, problems } = watch(page);
    expect(new URL(webUrl).hostname).toBe('127.0.0.1');
    await login(page, webUrl, '/accounts');
    await page.getByRole('link', { name: 'TechCorp Inc' }).waitFor();
    await expectNoFetchFailure(page);

    await page.getByRole('link', { name: 'Transfers', exact: true }).click();
    await page.getByRole('columnheader', { name: 'Amount' }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(2);
    await expectNoFetchFailure(page);

    const streamId = await activeStreamId();
    const feed = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/events/streams');
    await page.goto(`${webUrl}/streams/${streamId}`);
    const opened = await feed;
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toMatch(/^text\/event-stream/);
    // The figures tick from the live feed (a new "as of" every second), through the dashboard.
    const asOf = page.getByText(/seconds of flow/);
    const first = await asOf.textContent();
    await expect.poll(() => asOf.textContent(), { timeout: 10_000 }).not.toBe(first);
    await expectNoFetchFailure(page);
    await screenshot(page, 'any-address-stream');

    // Nothing went to another origin (no CORS, no CSP refusal), and nothing failed in the console.
    const origins = new Set(requests.filter((u) => u.startsWith('http')).map((u) => new URL(u).origin));
    expect([...origins]).toEqual([webUrl]);
    expect(requests.some((u) => new URL(u).pathname === '/v1/accounts')).toBe(true);
    expect(problems.filter((p) => /CORS|Content Security Policy|Failed to fetch/i.test(p))).toEqual([]);
    await page.close();
  });

  it('streams Server-Sent Events as they are written, and a hang-up frees the API’s feed slot', async () => {
    const streamId = await activeStreamId();
    const { status, contentType, events } = await readFeedThroughDashboard(streamId, 2);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(events).toHaveLength(2);
    // The API writes one event a second: they arrive apart, not in one buffered lump at the end.
    expect((events[1] as number) - (events[0] as number)).toBeGreaterThan(500);
    // The API holds 5 feeds per credential; more than that opened and closed one after another all
    // open, because closing the browser's request closes the API's too.
    for (let i = 0; i < 7; i++) {
      await expect.poll(async () => (await readFeedThroughDashboard(streamId, 1)).status, { timeout: 10_000 }).toBe(200);
    }
  });

  it('forwards only /v1, to the configured API, whatever Host the request claims', async () => {
    const res = await fetch(`${webUrl}/v1/accounts?limit=1`, { headers: { ...KEY, 'x-forwarded-host': 'evil.example' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
    expect((await fetch(`${webUrl}/openapi.json`)).status).toBe(404);
    const tooLarge = await fetch(`${webUrl}/v1/accounts`, {
      method: 'POST',
      headers: { ...KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  });

  it('at a custom host name over plain HTTP (no secure context): signs up and creates an account', async () => {
    const port = new URL(webUrl).port;
    const custom = await launch(['--host-resolver-rules=MAP dashboard.payos.test 127.0.0.1']);
    try {
      const page = await custom.newPage({ viewport: { width: 1280, height: 900 } });
      const { problems } = watch(page);
      const origin = `http://dashboard.payos.test:${port}`;
      await page.goto(`${origin}/signup`);
      expect(await page.evaluate('window.isSecureContext')).toBe(false);
      await page.getByLabel('Organization name').fill('Any Address Payouts');
      await page.getByLabel('Your name').fill('Ana Address');
      await page.getByLabel('Work email').fill(`ana+${Date.now()}@any-address.example`);
      await page.getByLabel('Password').fill('a-long-enough-password');
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByText('No balances yet').waitFor();
      // A write: its Idempotency-Key is made where crypto.randomUUID does not exist natively.
      await page.goto(`${origin}/accounts?new=1`);
      const dialog = page.getByRole('dialog', { name: 'New account' });
      await dialog.getByLabel('Name', { exact: true }).fill('Custom Host Co');
      await dialog.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Custom Host Co' }).waitFor();
      await expectNoFetchFailure(page);
      // The browser has no randomUUID here: the dashboard installed its own (lib/random-uuid.ts).
      expect(await page.evaluate(() => Object.hasOwn(crypto, 'randomUUID'))).toBe(true);
      expect(problems.filter((p) => /CORS|Content Security Policy|Failed to fetch|randomUUID|TypeError/i.test(p))).toEqual([]);
    } finally {
      await custom.close();
    }
  });
});

/** Plain TCP from `port` to the API: the API "coming up" on the address a dashboard was told. */
function forwardPort(port: number, to: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(to.port), to.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise<{ close: () => Promise<void> }>((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise<void>((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

describe('while the API is not up yet', () => {
  let web: ChildProcess | undefined;
  let forwarder: { close: () => Promise<void> } | undefined;
  afterAll(async () => {
    await forwarder?.close();
    if (web && web.exitCode === null) {
      web.kill('SIGTERM');
      await new Promise((resolve) => web?.once('exit', resolve));
    }
  });

  it('says "Starting the API…" instead of an error, and logs in by itself once the API answers', async () => {
    // A second dashboard whose API address has nothing listening yet.
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const startingUrl = `http://127.0.0.1:${webPort}`;
    web = spawnWeb(`http://127.0.0.1:${apiPort}`, webPort);
    await waitFor(`${startingUrl}/login`, web, 60_000);

    const ready = await fetch(`${startingUrl}/api/ready`);
    expect(ready.status).toBe(503);
    const proxied = await fetch(`${startingUrl}/v1/accounts`, { headers: KEY });
    expect(proxied.status).toBe(503);
    expect(proxied.headers.get('retry-after')).toBe('1');
    expect(await proxied.json()).toEqual({ error: { type: 'unavailable_error', code: 'api_starting', message: 'Starting the API…' } });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${startingUrl}/login`);
    await page.getByRole('status').filter({ hasText: 'Starting the API…' }).waitFor();
    await page.getByLabel('Email').fill('demo@payos.dev');
    await page.getByLabel('Password').fill('demo-password-2025');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Please wait…' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a few refused attempts
    expect(await page.locator('form [role=alert]').count()).toBe(0); // no error, still waiting
    await page.getByRole('status').filter({ hasText: 'Starting the API…' }).waitFor();
    await screenshot(page, 'any-address-starting');

    forwarder = await forwardPort(apiPort, new URL(apiUrl));
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    await page.getByTestId('balance-USDC').waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Starting the API…' }).count()).toBe(0);
    await expectNoFetchFailure(page);
    await page.close();
  });
});
