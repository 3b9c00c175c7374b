import type { AuthResult, Me, SessionTokens } from '@payos/contracts';
import { PayOS, PayOSConnectionError, PayOSError } from '@payos/sdk';
import { cookies, headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { API_STARTING, apiUrlFromEnv, isConnectionRefused } from '@/lib/api-proxy';
import { forwardedFor, isJsonContentType } from '@/lib/session-request';
import { singleFlight } from '@/lib/single-flight';

/**
 * The dashboard's session endpoints. The refresh token lives only in an httpOnly, SameSite=Strict
 * cookie scoped to /api/session, so page scripts (and any XSS) can never read it; the short-lived
 * access token is returned to the page and kept in memory. See docs/ARCHITECTURE.md "Dashboard session".
 */
// Read at run time (bracket access: Next inlines dotted process.env.NEXT_PUBLIC_* reads at build time),
// so one build serves any API address. PAYOS_API_URL is how this server reaches the API; browsers
// reach it through this server too (/v1/*, see lib/api-proxy.ts), so they need no address of their own.
const env = (name: string) => process.env[name];
const API = apiUrlFromEnv();
const COOKIE = 'payos_refresh';
const COOKIE_MAX_AGE_S = 7 * 24 * 60 * 60; // the refresh token's own lifetime

type Upstream = { status: number; body: unknown; tokens?: SessionTokens; me?: Me };

// Several tabs opening at once present the same refresh token; refresh tokens work once (a reuse
// revokes every session), so refreshes of one token that arrive while its upstream call is in
// flight share it. Once it settles it is forgotten: a later replay of the old token goes to the API
// and fails there as reuse, instead of being handed the new session.
const shareRefresh = singleFlight<Upstream>();

/**
 * The API through @payos/sdk, as the browser's user agent (and, behind a trusted proxy, its address).
 * No retries: the route answers with what the API said (a 429 included) and the page decides.
 */
async function payos(accessToken?: string) {
  const h = await headers();
  const clientIp = forwardedFor(h.get('x-forwarded-for'), env('PAYOS_TRUSTED_PROXY') === 'true');
  const forward: Record<string, string> = {
    'user-agent': h.get('user-agent') ?? 'payos-dashboard',
    ...(clientIp ? { 'x-forwarded-for': clientIp } : {}),
  };
  return new PayOS({
    baseUrl: API,
    ...(accessToken ? { accessToken } : {}),
    maxRetries: 0,
    fetch: (url, init) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...forward }, cache: 'no-store' }),
  });
}

/**
 * The API's refusal as the page expects it: its status and error envelope. A refused connection is
 * the API still starting (503 api_starting: the page waits and tries again — nothing reached the
 * API, so repeating is safe); any other lack of an answer is a 502.
 */
function refused(error: unknown): Upstream {
  if (error instanceof PayOSConnectionError && isConnectionRefused(error.cause)) {
    return { status: 503, body: { error: API_STARTING } };
  }
  if (!(error instanceof PayOSError)) return { status: 502, body: null };
  const { type, code, message, param, details, requestId } = error;
  return { status: error.status, body: { error: { type, code, message, param, details, requestId } } };
}

/** Exchanges tokens for what the page needs: the access token, its lifetime, and who is logged in. */
async function withMe(tokens: SessionTokens): Promise<Upstream> {
  return (await payos(tokens.accessToken)).auth.me().then((me) => ({ status: 200, body: null, tokens, me }), refused);
}

/** The cookie is Secure whenever the dashboard itself is served over HTTPS (directly or behind a proxy). */
async function isHttps() {
  const h = await headers();
  return h.get('x-forwarded-proto') === 'https' || (h.get('origin') ?? '').startsWith('https://');
}

async function sessionResponse(result: Upstream, okStatus = 200) {
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
    { data: { accessToken: result.tokens.accessToken, expiresIn: result.tokens.expiresIn, ...result.me } },
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

/** Login, signup and accept-invite: the API's new session, then who it belongs to. */
async function authenticate(run: (api: PayOS) => Promise<AuthResult>, okStatus: number) {
  const result = await run(await payos()).then((authenticated) => withMe(authenticated.session), refused);
  return sessionResponse(result, okStatus);
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
    // The API validates the bodies (the page checked them with the same contract schemas).
    case 'login':
      return authenticate((api) => api.auth.login(body), 200);
    case 'signup':
      return authenticate((api) => api.auth.signup(body), 201);
    case 'accept-invite':
      return authenticate((api) => api.organization.invites.accept(body), 201);
    case 'refresh': {
      const refreshToken = jar.get(COOKIE)?.value;
      if (!refreshToken) {
        return NextResponse.json(
          { error: { type: 'authentication_error', code: 'no_session', message: 'Not logged in.' } },
          { status: 401 },
        );
      }
      const result = await shareRefresh(refreshToken, async () => {
        const api = await payos();
        return api.auth.refresh({ refreshToken }).then((refreshed) => withMe(refreshed.session), refused);
      });
      return sessionResponse(result);
    }
    case 'logout': {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (token) await (await payos(token)).auth.logout().catch(() => undefined);
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
