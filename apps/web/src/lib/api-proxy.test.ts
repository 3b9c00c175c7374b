import { PayOSConnectionError } from '@payos/sdk';
import { describe, expect, it, vi } from 'vitest';
import { apiUrlFromEnv, checkReady, isConnectionRefused, MAX_BODY_BYTES, proxyToApi, upstreamUrl } from './api-proxy';

const API = 'http://api.internal:4000';
const refusedError = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });

type Call = { url: string; init: RequestInit };
function upstream(...responses: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}
const proxy = (request: Request, fetch: typeof globalThis.fetch, isBehindTrustedProxy = false) =>
  proxyToApi(request, { apiUrl: API, isBehindTrustedProxy, fetch });
const sentHeaders = (call: Call | undefined) => Object.fromEntries(new Headers(call?.init.headers).entries());

describe('apiUrlFromEnv()', () => {
  it('is PAYOS_API_URL, else the old NEXT_PUBLIC_API_URL, else localhost:4000 — without a trailing slash', () => {
    expect(apiUrlFromEnv({ PAYOS_API_URL: 'http://api:4000/', NEXT_PUBLIC_API_URL: 'http://x' })).toBe('http://api:4000');
    expect(apiUrlFromEnv({ NEXT_PUBLIC_API_URL: 'http://public:4000' })).toBe('http://public:4000');
    expect(apiUrlFromEnv({})).toBe('http://localhost:4000');
  });
});

describe('upstreamUrl()', () => {
  it('keeps the path and query under /v1 and takes nothing else from the request — its host least of all', () => {
    expect(upstreamUrl('http://evil.example/v1/accounts?limit=5&search=a%20b', API)?.href).toBe(
      'http://api.internal:4000/v1/accounts?limit=5&search=a%20b',
    );
    expect(upstreamUrl('http://127.0.0.1:3000/v1/events/streams?ids=1', 'https://gw.example/payos/')?.href).toBe(
      'https://gw.example/payos/v1/events/streams?ids=1',
    );
  });

  it('forwards nothing outside /v1, dot segments (plain or encoded) included', () => {
    for (const path of [
      '/openapi.json',
      '/health',
      '/v1',
      '/v1/../health',
      '/v1/%2e%2e/docs',
      '/api/session/login',
      '//evil.example/v1/x',
    ]) {
      expect(upstreamUrl(`http://127.0.0.1:3000${path}`, API), path).toBeUndefined();
    }
  });
});

describe('proxyToApi()', () => {
  it('forwards method, body and the headers the API reads; the answer comes back with its status and headers', async () => {
    const { calls, fetch } = upstream(
      Response.json(
        { data: { id: 'tr_1' } },
        {
          status: 201,
          headers: {
            'x-request-id': 'req_1',
            'idempotent-replayed': 'false',
            connection: 'close',
            'set-cookie': 'a=b',
            'retry-after': '2',
          },
        },
      ),
    );
    const body = JSON.stringify({ amount: '10.00' });
    const res = await proxy(
      new Request('http://127.0.0.1:3000/v1/transfers', {
        method: 'POST',
        body,
        headers: {
          authorization: 'Bearer token',
          'content-type': 'application/json',
          'idempotency-key': 'key-1',
          'payos-environment': 'test',
          accept: 'application/json',
          'x-request-id': 'req_client',
          'if-none-match': '"v1"',
          cookie: 'payos_refresh=secret',
          origin: 'http://127.0.0.1:3000',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-for': '6.6.6.6',
        },
      }),
      fetch,
    );
    expect(calls[0]?.url).toBe('http://api.internal:4000/v1/transfers');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.redirect).toBe('manual');
    expect(new TextDecoder().decode(calls[0]?.init.body as Uint8Array)).toBe(body);
    expect(sentHeaders(calls[0])).toEqual({
      authorization: 'Bearer token',
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
      'payos-environment': 'test',
      accept: 'application/json',
      'x-request-id': 'req_client',
      'if-none-match': '"v1"',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ data: { id: 'tr_1' } });
    expect(res.headers.get('x-request-id')).toBe('req_1');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('connection')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('passes the browser’s address on only as vouched for by a trusted proxy in front of the dashboard', async () => {
    const { calls, fetch } = upstream(Response.json({}));
    await proxy(new Request('http://127.0.0.1:3000/v1/accounts', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } }), fetch, true);
    expect(sentHeaders(calls[0])['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('streams the answer as it arrives (Server-Sent Events), undecoded headers dropped and no transform allowed', async () => {
    let push: (text: string) => void = () => {};
    const events = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const { calls, fetch } = upstream(
      new Response(events, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'content-encoding': 'gzip' } }),
    );
    const browser = new AbortController();
    const res = await proxy(new Request('http://127.0.0.1:3000/v1/events/streams?ids=1', { signal: browser.signal }), fetch);
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('content-encoding')).toBeNull();
    const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    push('event: streams\ndata: [1]\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: streams\ndata: [1]\n\n');
    push('event: streams\ndata: [2]\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: streams\ndata: [2]\n\n');
    // The browser hanging up aborts the API request (its feed slot is freed at once).
    browser.abort();
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('answers 503 api_starting while the API refuses connections, 502 when it cannot be reached otherwise', async () => {
    const starting = await proxy(new Request('http://127.0.0.1:3000/v1/accounts'), upstream(refusedError()).fetch);
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('1');
    expect(await starting.json()).toEqual({ error: { type: 'unavailable_error', code: 'api_starting', message: 'Starting the API…' } });

    const unreachable = await proxy(new Request('http://127.0.0.1:3000/v1/accounts'), upstream(new TypeError('fetch failed')).fetch);
    expect(unreachable.status).toBe(502);
    expect((await unreachable.json()).error).toMatchObject({ type: 'api_error', code: 'api_unreachable' });
  });

  it('never follows a redirect, and never forwards outside /v1', async () => {
    const redirect = upstream(new Response(null, { status: 307, headers: { location: 'https://evil.example/v1/transfers' } }));
    const res = await proxy(new Request('http://127.0.0.1:3000/v1/transfers', { method: 'POST', body: '{}' }), redirect.fetch);
    expect(res.status).toBe(502);
    expect(res.headers.get('location')).toBeNull();
    expect(redirect.calls).toHaveLength(1);

    const outside = upstream();
    const notFound = await proxy(new Request('http://127.0.0.1:3000/v1/%2e%2e/openapi.json'), outside.fetch);
    expect(notFound.status).toBe(404);
    expect(outside.calls).toHaveLength(0);
  });

  it('passes a 304 through without a body', async () => {
    const res = await proxy(
      new Request('http://127.0.0.1:3000/v1/accounts', { headers: { 'if-none-match': '"v1"' } }),
      upstream(new Response(null, { status: 304, headers: { etag: '"v1"' } })).fetch,
    );
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.body).toBeNull();
  });

  it('refuses a body over the API’s 1 MB limit without forwarding it, declared or streamed', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const declared = upstream();
    const res = await proxy(new Request('http://127.0.0.1:3000/v1/transfers', { method: 'POST', body: big }), declared.fetch);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });

    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new Uint8Array(MAX_BODY_BYTES / 2));
        controller.close();
      },
    });
    const streamed = upstream();
    const request = new Request('http://127.0.0.1:3000/v1/transfers', { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    expect((await proxy(request, streamed.fetch)).status).toBe(413);
    expect([...declared.calls, ...streamed.calls]).toHaveLength(0);
  });
});

describe('isConnectionRefused()', () => {
  it('finds ECONNREFUSED through causes and AggregateErrors (localhost: ::1 and 127.0.0.1 both refused)', () => {
    const refused = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    const both = new TypeError('fetch failed', { cause: new AggregateError([refused, refused]) });
    expect(isConnectionRefused(both)).toBe(true);
    expect(isConnectionRefused(new PayOSConnectionError('POST /v1/auth/login failed', { cause: refusedError() }))).toBe(true);
    expect(isConnectionRefused(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))).toBe(
      false,
    );
    expect(isConnectionRefused(new TypeError('fetch failed', { cause: new AggregateError([refused, new Error('timeout')]) }))).toBe(false);
    expect(isConnectionRefused(undefined)).toBe(false);
  });
});

describe('checkReady()', () => {
  it('is ready when the API’s /ready is, starting while it says so or refuses connections', async () => {
    const ready = upstream(Response.json({ status: 'ready' }));
    const res = await checkReady({ apiUrl: API, fetch: ready.fetch });
    expect(ready.calls[0]?.url).toBe('http://api.internal:4000/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { status: 'ready' } });

    for (const answer of [Response.json({ status: 'starting' }, { status: 503 }), refusedError()]) {
      const starting = await checkReady({ apiUrl: API, fetch: upstream(answer).fetch });
      expect(starting.status).toBe(503);
      expect((await starting.json()).error.code).toBe('api_starting');
    }
  });
});
