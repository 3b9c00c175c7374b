import { cookies, headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { forwardedFor, isJsonContentType } from '@/lib/session-request';
import { singleFlight } from '@/lib/single-flight';

/**
 * The dashboard's session endpoints. The refresh token lives only in an httpOnly, SameSite=Strict
 * cookie scoped to /api/session, so page scripts (and any XSS) can never read it; the short-lived
 * access token is returned to the page and kept in memory. See docs/ARCHITECTURE.md "Dashboard session".
 */
// Read at run time (bracket access: Next inlines dotted process.env.NEXT_PUBLIC_* reads at build time),
// so one build serves any API address. PAYOS_API_URL is how this server reaches the API;
// PAYOS_PUBLIC_API_URL is how browsers do (they learn it with their session).
const env = (name: string) => process.env[name];
const API = (env('PAYOS_API_URL') ?? env('NEXT_PUBLIC_API_URL') ?? 'http://localhost:4000').replace(/\/$/, '');
const PUBLIC_API = (env('PAYOS_PUBLIC_API_URL') ?? env('NEXT_PUBLIC_API_URL') ?? 'http://localhost:4000').replace(/\/$/, '');
const COOKIE = 'payos_refresh';
const COOKIE_MAX_AGE_S = 7 * 24 * 60 * 60; // the refresh token's own lifetime

type Tokens = { accessToken: string; refreshToken: string; expiresIn: number };
type Upstream = { status: number; body: unknown };

// Several tabs opening at once present the same refresh token; refresh tokens work once (a reuse
// revokes every session), so refreshes of one token that arrive while its upstream call is in
// flight share it. Once it settles it is forgotten: a later replay of the old token goes to the API
// and fails there as reuse, instead of being handed the new session.
const shareRefresh = singleFlight<Upstream & { tokens?: Tokens; me?: unknown }>();

async function call(path: string, init: { method?: string; body?: unknown; token?: string }): Promise<Upstream> {
  const h = await headers();
  const clientIp = forwardedFor(h.get('x-forwarded-for'), env('PAYOS_TRUSTED_PROXY') === 'true');
  const res = await fetch(`${API}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      'user-agent': h.get('user-agent') ?? 'payos-dashboard',
      ...(clientIp ? { 'x-forwarded-for': clientIp } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: 'no-store',
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Exchanges tokens for what the page needs: the access token, its lifetime, and who is logged in. */
async function withMe(tokens: Tokens) {
  const me = await call('/v1/auth/me', { method: 'GET', token: tokens.accessToken });
  return { status: me.status, body: me.body, tokens, me: (me.body as { data?: unknown } | null)?.data };
}

/** The cookie is Secure whenever the dashboard itself is served over HTTPS (directly or behind a proxy). */
async function isHttps() {
  const h = await headers();
  return h.get('x-forwarded-proto') === 'https' || (h.get('origin') ?? '').startsWith('https://');
}

async function sessionResponse(result: { status: number; body: unknown; tokens?: Tokens; me?: unknown }, okStatus = 200) {
  if (!result.tokens || result.status >= 400) {
    const res = NextResponse.json(
      result.body ?? { error: { type: 'api_error', code: 'unavailable', message: 'The API did not answer.' } },
      {
        status: result.status >= 400 ? result.status : 502,
      },
    );
    if (result.status === 401) res.cookies.delete({ name: COOKIE, path: '/api/session' });
    return res;
  }
  const res = NextResponse.json(
    { data: { accessToken: result.tokens.accessToken, expiresIn: result.tokens.expiresIn, apiUrl: PUBLIC_API, ...(result.me as object) } },
    { status: okStatus },
  );
  res.cookies.set(COOKIE, result.tokens.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: await isHttps(),
    path: '/api/session',
    maxAge: COOKIE_MAX_AGE_S,
  });
  return res;
}

async function authenticate(path: string, body: unknown, okStatus: number) {
  const result = await call(path, { body });
  const session = (result.body as { data?: { session?: Tokens } } | null)?.data?.session;
  if (result.status >= 400 || !session) return await sessionResponse(result);
  return sessionResponse(await withMe(session), okStatus);
}

export async function POST(request: Request, { params }: { params: Promise<{ action: string }> }) {
  // Cross-site requests are refused: the cookie is SameSite=Strict, and JSON bodies force a preflight.
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return NextResponse.json(
      { error: { type: 'invalid_request_error', code: 'unsupported_media_type', message: 'Send JSON.' } },
      { status: 415 },
    );
  }
  const { action } = await params;
  const body = action === 'refresh' || action === 'logout' ? {} : await request.json().catch(() => ({}));
  const jar = await cookies();
  switch (action) {
    case 'login':
      return authenticate('/v1/auth/login', body, 200);
    case 'signup':
      return authenticate('/v1/auth/signup', body, 201);
    case 'accept-invite':
      return authenticate('/v1/auth/accept-invite', body, 201);
    case 'refresh': {
      const refreshToken = jar.get(COOKIE)?.value;
      if (!refreshToken) {
        return NextResponse.json(
          { error: { type: 'authentication_error', code: 'no_session', message: 'Not logged in.' } },
          { status: 401 },
        );
      }
      const result = await shareRefresh(refreshToken, async () => {
        const refreshed = await call('/v1/auth/refresh', { body: { refreshToken } });
        const tokens = (refreshed.body as { data?: { session?: Tokens } } | null)?.data?.session;
        return refreshed.status >= 400 || !tokens ? refreshed : withMe(tokens);
      });
      return sessionResponse(result);
    }
    case 'logout': {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (token) await call('/v1/auth/logout', { token }).catch(() => undefined);
      const res = new NextResponse(null, { status: 204 });
      res.cookies.delete({ name: COOKIE, path: '/api/session' });
      return res;
    }
    default:
      return NextResponse.json(
        { error: { type: 'not_found_error', code: 'resource_missing', message: 'No such action.' } },
        { status: 404 },
      );
  }
}
