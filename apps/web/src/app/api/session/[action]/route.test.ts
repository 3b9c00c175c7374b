import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The handler reads the request through next/headers; outside Next there is no request scope, so
// the test supplies the current request's headers and cookies itself.
const current = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: (name: string) => (current.cookies.has(name) ? { name, value: current.cookies.get(name) } : undefined) }),
}));

const { POST } = await import('./route');

type Upstream = { path: string; headers: Headers; body: unknown };
let upstream: Upstream[] = [];
/** The API: refresh tokens work once; a second use is reuse (401). Answers can be held back. */
let usedRefreshTokens = new Set<string>();
let gate: Promise<void> = Promise.resolve();

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  upstream = [];
  usedRefreshTokens = new Set();
  gate = Promise.resolve();
  current.headers = new Headers();
  current.cookies = new Map();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      upstream.push({ path, headers: new Headers(init.headers), body });
      await gate;
      if (path === '/v1/auth/me') return json(200, { data: { user: { id: 'usr_1' }, tenant: { id: 'ten_1' }, role: 'owner' } });
      if (path === '/v1/auth/refresh') {
        const token = (body as { refreshToken: string }).refreshToken;
        if (usedRefreshTokens.has(token)) return json(401, { error: { type: 'authentication_error', code: 'refresh_token_reused' } });
        usedRefreshTokens.add(token);
        return json(200, {
          data: { session: { accessToken: `at_${upstream.length}`, refreshToken: `rt_${upstream.length}`, expiresIn: 900 } },
        });
      }
      if (path === '/v1/auth/login')
        return json(200, { data: { session: { accessToken: 'at_login', refreshToken: 'rt_login', expiresIn: 900 } } });
      return json(404, {});
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function post(action: string, init: { contentType?: string | null; cookie?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  const contentType = init.contentType === undefined ? 'application/json' : init.contentType;
  if (contentType !== null) headers.set('content-type', contentType);
  current.headers = headers;
  current.cookies = new Map(init.cookie ? [['payos_refresh', init.cookie]] : []);
  const request = new Request(`http://127.0.0.1:3000/api/session/${action}`, { method: 'POST', headers, body: '{}' });
  return POST(request, { params: Promise.resolve({ action }) });
}

describe('content type', () => {
  it('accepts application/json, with or without a charset, in any case', async () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      expect((await post('login', { contentType })).status, contentType).toBe(200);
    }
  });

  it('answers 415 to anything that merely contains application/json', async () => {
    for (const contentType of [
      null,
      'text/plain',
      'text/plain; x=application/json',
      'text/plain;application/json',
      'application/json-patch+json',
      'application/jsonx',
      'multipart/form-data; boundary=application/json',
      'application/x-www-form-urlencoded, application/json',
    ]) {
      const res = await post('login', { contentType });
      expect(res.status, String(contentType)).toBe(415);
    }
    expect(upstream).toEqual([]);
  });
});

describe('refresh', () => {
  it('shares one upstream call between requests that arrive while it is in flight', async () => {
    let open = () => {};
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const pending = [post('refresh', { cookie: 'rt_old' }), post('refresh', { cookie: 'rt_old' })];
    await new Promise((resolve) => setTimeout(resolve, 10));
    open();
    const [a, b] = await Promise.all(pending);
    expect([a?.status, b?.status]).toEqual([200, 200]);
    expect(upstream.filter((u) => u.path === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('sends a replay of the old token, once the first refresh has settled, upstream — where it fails as reuse', async () => {
    expect((await post('refresh', { cookie: 'rt_replayed' }))?.status).toBe(200);
    const replay = await post('refresh', { cookie: 'rt_replayed' });
    expect(upstream.filter((u) => u.path === '/v1/auth/refresh')).toHaveLength(2);
    expect(replay?.status).toBe(401);
    expect(JSON.stringify(await replay?.json())).not.toContain('at_');
  });

  it('does not keep a failed refresh either', async () => {
    usedRefreshTokens.add('rt_stolen');
    expect((await post('refresh', { cookie: 'rt_stolen' }))?.status).toBe(401);
    expect((await post('refresh', { cookie: 'rt_stolen' }))?.status).toBe(401);
    expect(upstream.filter((u) => u.path === '/v1/auth/refresh')).toHaveLength(2);
  });
});

describe('X-Forwarded-For to the API', () => {
  it('is not passed on from the browser when no trusted proxy sits in front of the dashboard', async () => {
    await post('login', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(upstream.length).toBeGreaterThan(0);
    for (const u of upstream) expect(u.headers.get('x-forwarded-for')).toBeNull();
  });

  it('is the right-most value (the one our proxy appended) behind a trusted proxy', async () => {
    vi.stubEnv('PAYOS_TRUSTED_PROXY', 'true');
    await post('login', { headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7 ,  192.0.2.44 ' } });
    for (const u of upstream) expect(u.headers.get('x-forwarded-for')).toBe('192.0.2.44');
  });

  it('is absent behind a trusted proxy that set nothing', async () => {
    vi.stubEnv('PAYOS_TRUSTED_PROXY', 'true');
    await post('login');
    for (const u of upstream) expect(u.headers.get('x-forwarded-for')).toBeNull();
  });
});

describe('refusals', () => {
  it('answers with the API’s status and error envelope, so the form can show it', async () => {
    const refusal = {
      error: { type: 'authentication_error', code: 'invalid_credentials', message: 'Wrong e-mail or password.', requestId: 'req_1' },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, refusal)),
    );
    const res = await post('login');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(refusal);
  });

  it('answers 502 when the API cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    const res = await post('login');
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });
});
