import { describe, expect, it } from 'vitest';
import { createRateLimiters } from '../../../apps/api/src/http/middleware/rate-limit.js';
import { type FetchLike, IdempotencyError, PayOS, PayOSConnectionError, RateLimitError, type RetryInfo } from './index.js';
import { recordingFetch, recordingSleep, serveApi } from './testing/api.js';

const api = serveApi();
const PER_MINUTE = 3;
const limitsOf = (perMinute: number) => ({ perMinute, strictPerMinute: 1_000, authPerMinute: 1_000 });
const limited = serveApi({ limits: limitsOf(PER_MINUTE) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Performs the matching request for real, then loses the response: what a dropped connection looks like to the client. */
function losingFirstResponse(matches: (method: string, path: string) => boolean) {
  const fetch = recordingFetch();
  let hasLost = false;
  const wrapped: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    if (!hasLost && matches(init.method ?? 'GET', new URL(url).pathname)) {
      hasLost = true;
      await response.text();
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    }
    return response;
  };
  return { fetch: wrapped, calls: fetch.calls };
}

describe('idempotent writes', () => {
  it('retries a POST whose response was lost with the same Idempotency-Key: one transfer, and the object it made', async () => {
    const { key } = await api().tenant();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl });
    const from = await payos.accounts.create({ type: 'business', name: 'Sender' });
    await payos.accounts.verify(from.id, { tier: 2 });
    await payos.deposits.create({ accountId: from.id, amount: '100.00', currency: 'USD' });
    const to = await payos.accounts.create({ type: 'person', name: 'Receiver' });

    const flaky = losingFirstResponse((method, path) => method === 'POST' && path === '/v1/transfers');
    const sleep = recordingSleep();
    const retrying = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch: flaky.fetch, sleep });
    const transfer = await retrying.transfers.create({
      type: 'internal',
      fromAccountId: from.id,
      toAccountId: to.id,
      amount: '30.00',
      currency: 'USD',
      description: 'lost response',
    });

    const attempts = flaky.calls.filter((c) => c.path === '/v1/transfers');
    expect(attempts).toHaveLength(2);
    const keys = attempts.map((c) => c.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(attempts.map((c) => [c.status, c.replayed])).toEqual([
      [201, false],
      [201, true],
    ]);
    expect(sleep.waits).toHaveLength(1);

    const listed = await payos.transfers.list({ accountId: from.id }).toArray();
    expect(listed.map((t) => t.id)).toEqual([transfer.id]);
    expect(listed[0]).toEqual(transfer);
    expect((await payos.accounts.balances(from.id)).balances[0]).toMatchObject({ available: '70.00' });
  });

  it('generates a fresh key per call, takes the caller’s own, replays it, and refuses it for a different body', async () => {
    const { key } = await api().tenant();
    const fetch = recordingFetch();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });
    await payos.accounts.create({ type: 'person', name: 'One' });
    await payos.accounts.create({ type: 'person', name: 'Two' });
    const generated = fetch.calls.map((c) => c.headers.get('idempotency-key'));
    expect(generated[0]).not.toBe(generated[1]);

    const first = await payos.accounts.create({ type: 'person', name: 'Keyed' }, { idempotencyKey: 'order-1042' });
    const again = await payos.accounts.create({ type: 'person', name: 'Keyed' }, { idempotencyKey: 'order-1042' });
    expect(again).toEqual(first);
    expect(fetch.calls.at(-1)).toMatchObject({ replayed: true });
    expect(fetch.calls.at(-1)?.headers.get('idempotency-key')).toBe('order-1042');
    expect(await payos.accounts.list({ search: 'Keyed' }).toArray()).toHaveLength(1);

    const reused = await payos.accounts
      .create({ type: 'person', name: 'Other' }, { idempotencyKey: 'order-1042' })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(IdempotencyError);
    expect(reused).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    expect(fetch.calls.filter((c) => c.method === 'GET').every((c) => !c.headers.has('idempotency-key'))).toBe(true);
  });

  it('retries a 409 idempotency_key_in_use with the same key after a backoff', async () => {
    const { key } = await api().tenant();
    const fetch = recordingFetch();
    let keyInUse: string | null = null;
    // PGlite runs one transaction at a time, so the API cannot be caught mid-request here: the first
    // attempt gets the answer the API gives while a request with the same key is still running.
    const busyOnce: FetchLike = async (url, init) => {
      if (keyInUse === null) {
        keyInUse = new Headers(init.headers).get('idempotency-key');
        const error = { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'Still processing.', requestId: 'req_busy' };
        return new Response(JSON.stringify({ error }), { status: 409, headers: { 'content-type': 'application/json' } });
      }
      return fetch(url, init);
    };
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch: busyOnce, sleep });
    const account = await payos.accounts.create({ type: 'business', name: 'Busy' });
    expect(account.name).toBe('Busy');
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.headers.get('idempotency-key')).toBe(keyInUse);
    expect(sleep.waits).toHaveLength(1);
    expect(sleep.waits[0]).toBeGreaterThanOrEqual(250);
    expect(sleep.waits[0]).toBeLessThanOrEqual(500);
  });

  it('does not retry a PATCH after a network error: it may have taken effect', async () => {
    const { key } = await api().tenant();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl });
    const account = await payos.accounts.create({ type: 'person', name: 'Before' });
    const flaky = losingFirstResponse((method) => method === 'PATCH');
    const sleep = recordingSleep();
    const patching = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch: flaky.fetch, sleep });
    const error = await patching.accounts.update(account.id, { name: 'After' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayOSConnectionError);
    expect((error as Error).message).toContain('socket hang up');
    expect(flaky.calls).toHaveLength(1);
    expect(flaky.calls[0]?.headers.has('idempotency-key')).toBe(false);
    expect(sleep.waits).toEqual([]);
    expect((await payos.accounts.get(account.id)).name).toBe('After');
  });
});

describe('reads and connection failures', () => {
  it('retries a GET after network errors with exponential backoff', async () => {
    const { key } = await api().tenant();
    const fetch = recordingFetch();
    let failures = 2;
    const dropping: FetchLike = async (url, init) => {
      if (failures-- > 0) throw new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
      return fetch(url, init);
    };
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch: dropping, sleep });
    expect((await payos.fx.corridors()).map((c) => c.id)).toContain('USD_MXN');
    expect(fetch.calls).toHaveLength(1);
    expect(sleep.waits).toHaveLength(2);
    expect(sleep.waits[0]).toBeGreaterThanOrEqual(250);
    expect(sleep.waits[0]).toBeLessThanOrEqual(500);
    expect(sleep.waits[1]).toBeGreaterThanOrEqual(500);
    expect(sleep.waits[1]).toBeLessThanOrEqual(1_000);
  });

  it('gives up with a PayOSConnectionError after maxRetries when nothing answers', async () => {
    const { baseUrl } = api();
    const closed = baseUrl.replace(/:\d+$/, ':9'); // the discard port: nothing listens on it here
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: 'pk_test_whatever', baseUrl: closed, sleep, maxRetries: 3 });
    const error = await payos.accounts
      .list()
      .page()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayOSConnectionError);
    expect((error as Error).message).toMatch(/GET \/v1\/accounts failed after 4 attempts/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(sleep.waits).toHaveLength(3);
  });

  it('stops at once when the caller aborts: the abort itself, no retry', async () => {
    const { key } = await api().tenant();
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, sleep });
    const controller = new AbortController();
    controller.abort();
    const error = await payos.reports.overview({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(sleep.waits).toEqual([]);
  });

  it('counts an attempt that exceeds timeoutMs as a network error', async () => {
    const { key } = await api().tenant();
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, sleep, timeoutMs: 1, maxRetries: 1 });
    await expect(payos.reports.overview()).rejects.toBeInstanceOf(PayOSConnectionError);
    expect(sleep.waits).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('on 429 waits what Retry-After says, then retries', async () => {
    const { key } = await limited().tenant();
    const fetch = recordingFetch();
    // The injected sleep stands for the minute passing: it gives the API a fresh limiter.
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      limited().deps.limiters.general = createRateLimiters(limitsOf(PER_MINUTE)).general;
    };
    const told: RetryInfo[] = [];
    const payos = new PayOS({ apiKey: key, baseUrl: limited().baseUrl, fetch, sleep, onRetry: (retry) => told.push(retry) });
    for (let i = 0; i < PER_MINUTE; i++) await payos.fx.rates();
    const rates = await payos.fx.rates();
    expect(rates.length).toBeGreaterThan(0);
    expect(fetch.calls.map((c) => c.status)).toEqual([200, 200, 200, 429, 200]);
    const retryAfterSeconds = Number(fetch.calls[3]?.retryAfter);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(waits).toEqual([retryAfterSeconds * 1_000]);
    // onRetry is told before the wait, with the error that caused it (the dashboard's "retrying in N s").
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ attempt: 1, delayMs: retryAfterSeconds * 1_000 });
    expect(told[0]?.error).toBeInstanceOf(RateLimitError);
  });

  it('gives up with a RateLimitError carrying retryAfterSeconds when no retries are left', async () => {
    const { key } = await limited().tenant();
    const sleep = recordingSleep();
    const payos = new PayOS({ apiKey: key, baseUrl: limited().baseUrl, sleep, maxRetries: 0 });
    for (let i = 0; i < PER_MINUTE; i++) await payos.fx.rates();
    const error = await payos.fx.rates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
    expect(sleep.waits).toEqual([]);
  });
});
