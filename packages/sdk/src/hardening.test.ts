import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, PayOS, PayOSConnectionError } from './index.js';
import { recordingFetch, recordingSleep, serveApi } from './testing/api.js';

const api = serveApi();

/** A server that redirects everything to the real API, as a hijacked or misconfigured host would. */
let redirector: ReturnType<typeof createServer>;
let redirectorUrl: string;
beforeAll(async () => {
  redirector = createServer((req, res) => {
    res.writeHead(307, { location: `${api().baseUrl}${req.url}` });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => redirector.close(() => resolve())));

describe('what a hostile id, host or input cannot make the SDK do', () => {
  it('never follows a redirect: the write fails as a connection error carrying its Idempotency-Key', async () => {
    const { key } = await api().tenant();
    const payos = new PayOS({ apiKey: key, baseUrl: redirectorUrl, sleep: recordingSleep(), maxRetries: 1 });
    const error = await payos.accounts.create({ type: 'person', name: 'Redirected' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayOSConnectionError);
    expect((error as PayOSConnectionError).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const direct = new PayOS({ apiKey: key, baseUrl: api().baseUrl });
    expect(await direct.accounts.list().toArray()).toEqual([]);
  });

  it('refuses an id of . or .. (a path step to another operation: /v1/accounts/../transfers is /v1/transfers)', async () => {
    const { key } = await api().tenant();
    const fetch = recordingFetch();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });
    for (const id of ['', '.', '..', '%2e%2E', '.%2e']) {
      expect(() => payos.accounts.get(id), id).toThrow(TypeError);
      expect(() => payos.accounts.transfers(id), id).toThrow(TypeError);
    }
    expect(fetch.calls).toEqual([]);
    await expect(payos.accounts.get('..a')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leaves an empty filter out instead of sending it (a cleared search box)', async () => {
    const { key } = await api().tenant();
    const fetch = recordingFetch();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });
    await payos.accounts.create({ type: 'person', name: 'Findable' });
    expect(await payos.accounts.list({ search: '' }).toArray()).toHaveLength(1);
    expect(fetch.calls.at(-1)?.path).toBe('/v1/accounts');
  });

  it('tells which Idempotency-Key an API error answered, so the caller can retry with it', async () => {
    const { key } = await api().tenant();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl });
    const error = await payos.transfers
      .create(
        { type: 'internal', fromAccountId: crypto.randomUUID(), toAccountId: crypto.randomUUID(), amount: '1.00', currency: 'USD' },
        { idempotencyKey: 'my-key-1' },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).idempotencyKey).toBe('my-key-1');
  });
});
