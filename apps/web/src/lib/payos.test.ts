import { AuthenticationError, PayOSConnectionError } from '@payos/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => ({
  state: { status: 'authenticated', accessToken: 'token-1', me: {} } as Record<string, unknown>,
  refresh: vi.fn<() => Promise<boolean>>(),
}));
vi.mock('./session', () => ({ getSession: () => session.state, refresh: session.refresh }));
const toast = vi.hoisted(() => vi.fn());
vi.mock('./toast', () => ({ toast }));

const { errorMessage, payos } = await import('./payos');

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const overview = { balances: [] };
const error = (type: string, code: string) => ({ error: { type, code, message: `${code}.`, requestId: 'req_1' } });

let calls: { url: string; headers: Record<string, string> }[];
function answer(...responses: Response[]) {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string> });
      const next = responses.shift();
      if (!next) throw new TypeError('Failed to fetch');
      return next;
    }),
  );
}

beforeEach(() => {
  // The page's own origin (the dashboard forwards /v1 to the API: app/v1/[...path]/route.ts).
  vi.stubGlobal('window', {
    location: { origin: 'http://127.0.0.1:3000', pathname: '/login', assign: vi.fn() },
    localStorage: { getItem: () => null },
  });
  session.state = { status: 'authenticated', accessToken: 'token-1', me: {} };
  session.refresh.mockReset();
  toast.mockReset();
});
afterEach(() => vi.unstubAllGlobals());

describe('payos()', () => {
  it('calls the API on the page’s own origin with the token and the selected environment', async () => {
    answer(json(200, { data: overview }));
    await expect(payos().reports.overview()).resolves.toEqual(overview);
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/v1/reports/overview');
    expect(calls[0]?.headers.authorization).toBe('Bearer token-1');
    expect(calls[0]?.headers['payos-environment']).toBe('test');
  });

  it('on a 429 tells the user how long it waits, then retries', async () => {
    answer(json(429, error('rate_limit_error', 'rate_limited'), { 'retry-after': '1' }), json(200, { data: overview }));
    await expect(payos().reports.overview()).resolves.toEqual(overview);
    expect(calls).toHaveLength(2);
    expect(toast).toHaveBeenCalledExactlyOnceWith('Too many requests — retrying in 1 s.', 'info', 1000);
  });

  it('waits out a 503 without a rate-limit toast', async () => {
    answer(json(503, error('unavailable_error', 'service_unavailable')), json(200, { data: overview }));
    await expect(payos().reports.overview()).resolves.toEqual(overview);
    expect(toast).not.toHaveBeenCalled();
  });

  it('on a 401 refreshes the session once and retries with the new token', async () => {
    session.refresh.mockImplementation(async () => {
      session.state = { ...session.state, accessToken: 'token-2' };
      return true;
    });
    answer(json(401, error('authentication_error', 'token_expired')), json(200, { data: overview }));
    await expect(payos().reports.overview()).resolves.toEqual(overview);
    expect(session.refresh).toHaveBeenCalledOnce();
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('lets the 401 through when the refresh fails', async () => {
    session.refresh.mockResolvedValue(false);
    answer(json(401, error('authentication_error', 'token_expired')));
    await expect(payos().reports.overview()).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(1);
  });

  it('waits out the dashboard’s “Starting the API…” 503 and retries', async () => {
    const starting = { error: { type: 'unavailable_error', code: 'api_starting', message: 'Starting the API…' } };
    answer(json(503, starting, { 'retry-after': '0' }), json(200, { data: overview }));
    await expect(payos().reports.overview()).resolves.toEqual(overview);
    expect(calls).toHaveLength(2);
  });
});

describe('errorMessage()', () => {
  it('shows the API’s message, and a plain sentence when PayOS cannot be reached', () => {
    expect(errorMessage(new Error('Insufficient funds.'))).toBe('Insufficient funds.');
    expect(errorMessage(new PayOSConnectionError('GET /v1/accounts failed after 3 attempts: fetch failed'))).toBe(
      'Could not reach PayOS. Try again.',
    );
    expect(errorMessage('?')).toBe('Something went wrong.');
  });
});
