/**
 * The dashboard reaches the PayOS API through its own origin: `/v1/*` on the dashboard is forwarded
 * here to the API at PAYOS_API_URL (src/app/v1/[...path]/route.ts), so the browser never talks to
 * another origin — no CORS, and the dashboard works at any address (localhost, 127.0.0.1, a LAN IP,
 * a custom host). Server-side only; pure apart from the injected fetch, so it is unit-tested without Next.
 *
 * Not an open proxy: the upstream is fixed (PAYOS_API_URL), only paths under /v1 are forwarded, only
 * the headers the API reads go along (never the incoming Host, cookies or X-Forwarded-*), redirects
 * are refused rather than followed, and bodies are capped at the API's own limit.
 */
import { forwardedFor } from './session-request';

export const DEFAULT_API_URL = 'http://localhost:4000';
/** The API's own body limit (apps/api/src/app.ts MAX_BODY_BYTES): larger bodies are refused here, unread. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How long the readiness check waits for the API's /ready. */
const READY_TIMEOUT_MS = 3_000;

type ApiError = { type: string; code: string; message: string };

/** What the dashboard says while the API does not accept connections yet (e.g. right after `npm start`, migrating and seeding). */
export const API_STARTING: ApiError = { type: 'unavailable_error', code: 'api_starting', message: 'Starting the API…' };
const API_UNREACHABLE: ApiError = { type: 'api_error', code: 'api_unreachable', message: 'The PayOS API did not answer.' };

/**
 * How this server reaches the API, read at run time so one build serves any deployment.
 * NEXT_PUBLIC_API_URL is still honoured as a fallback (it used to be the browser's address).
 */
export function apiUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  return (env.PAYOS_API_URL || env.NEXT_PUBLIC_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
}

export function errorResponse(status: number, error: ApiError, headers: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** 503 in the API's envelope; the SDK retries it (after Retry-After) for requests safe to repeat. */
export const apiStarting = () => errorResponse(503, API_STARTING, { 'retry-after': '1' });

/**
 * True when the connection to the API was refused: nothing listens yet, so nothing was sent and the
 * request may be repeated safely. Node's fetch reports it as `TypeError: fetch failed` whose cause
 * has code ECONNREFUSED — or, for a name with several addresses (localhost: ::1 and 127.0.0.1), an
 * AggregateError of such errors; the SDK wraps all of it once more as PayOSConnectionError's cause.
 */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (code === 'ECONNREFUSED') return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isConnectionRefused(e, depth + 1))) return true;
  return isConnectionRefused(cause, depth + 1);
}

/** The API's answer to a failed connection: starting (refused) or unreachable (anything else). */
function connectionFailed(error: unknown): Response {
  return isConnectionRefused(error) ? apiStarting() : errorResponse(502, API_UNREACHABLE);
}

/**
 * The API address for a request to the dashboard, or undefined when it is not one to forward. Only
 * the path and query are taken from the request (never its host); the path, normalised (`..` and
 * `%2e%2e` resolved), must stay under the API's /v1.
 */
export function upstreamUrl(requestUrl: string, apiUrl: string): URL | undefined {
  const incoming = new URL(requestUrl);
  if (!incoming.pathname.startsWith('/v1/')) return undefined;
  const base = new URL(apiUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const target = new URL(`${base.origin}${prefix}${incoming.pathname}${incoming.search}`);
  if (target.origin !== base.origin || !target.pathname.startsWith(`${prefix}/v1/`)) return undefined;
  return target;
}

/** The request headers the API reads; everything else (Host, Cookie, Origin, X-Forwarded-*, …) stays here. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'idempotency-key',
  'x-idempotency-key',
  'if-none-match',
  'last-event-id',
  'payos-environment',
  'user-agent',
  'x-request-id',
];

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1), the body's encoding and length (fetch has already decoded
 * the body, and this server frames it anew), and cookies: the API sets none for the dashboard's origin.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-encoding',
  'content-length',
  'set-cookie',
]);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type TooLarge = { tooLarge: true };

/** The request body, read up to MAX_BODY_BYTES (small JSON in practice; buffered, so no half-duplex upload). */
async function readBody(request: Request): Promise<Uint8Array | undefined | TooLarge> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return { tooLarge: true };
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function requestHeaders(request: Request, isBehindTrustedProxy: boolean): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The browser's address only as vouched for by a trusted proxy in front of the dashboard (as the session route does).
  const clientIp = forwardedFor(request.headers.get('x-forwarded-for'), isBehindTrustedProxy);
  if (clientIp) headers.set('x-forwarded-for', clientIp);
  return headers;
}

function responseHeaders(upstream: Headers): Headers {
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  });
  // Server-Sent Events must reach the browser as they are written: `no-transform` keeps the
  // dashboard server's compression (which buffers) off them, X-Accel-Buffering a fronting nginx's.
  if (headers.get('content-type')?.startsWith('text/event-stream')) {
    headers.set('cache-control', 'no-cache, no-transform');
    headers.set('x-accel-buffering', 'no');
  }
  return headers;
}

export type ProxyOptions = { apiUrl: string; isBehindTrustedProxy: boolean; fetch?: typeof fetch };

/**
 * Forwards one request to the API and streams its answer back (status, headers, body as it arrives —
 * Server-Sent Events included). The browser hanging up aborts the upstream request too, so a closed
 * live feed frees its slot on the API at once.
 */
export async function proxyToApi(request: Request, options: ProxyOptions): Promise<Response> {
  const target = upstreamUrl(request.url, options.apiUrl);
  if (!target) {
    return errorResponse(404, { type: 'not_found_error', code: 'route_not_found', message: 'Only /v1 is forwarded to the API.' });
  }
  const method = request.method.toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  if (body && 'tooLarge' in body) {
    return errorResponse(413, { type: 'invalid_request_error', code: 'request_too_large', message: 'Request body exceeds 1 MB.' });
  }
  const doFetch = options.fetch ?? fetch;
  let upstream: Response;
  try {
    upstream = await doFetch(target, {
      method,
      headers: requestHeaders(request, options.isBehindTrustedProxy),
      ...(body ? { body: body as BodyInit } : {}),
      redirect: 'manual',
      signal: request.signal,
      cache: 'no-store',
    });
  } catch (error) {
    return connectionFailed(error);
  }
  // The API never redirects; following one could carry the credential or a write elsewhere.
  if (REDIRECTS.has(upstream.status)) {
    await upstream.body?.cancel().catch(() => {});
    return errorResponse(502, { ...API_UNREACHABLE, message: 'The PayOS API answered with a redirect, which is not followed.' });
  }
  const hasBody = method !== 'HEAD' && !NULL_BODY_STATUSES.has(upstream.status);
  return new Response(hasBody ? upstream.body : null, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders(upstream.headers),
  });
}

/**
 * Whether the API is up and ready (its GET /ready): 200 `{ data: { status: 'ready' } }`, or the
 * starting 503 while it refuses connections or says it is still starting.
 */
export async function checkReady(options: Pick<ProxyOptions, 'apiUrl' | 'fetch'>): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  try {
    const res = await doFetch(`${options.apiUrl}/ready`, {
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(READY_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {});
    if (res.ok) return Response.json({ data: { status: 'ready' } }, { headers: { 'cache-control': 'no-store' } });
    return res.status === 503 ? apiStarting() : errorResponse(502, API_UNREACHABLE);
  } catch (error) {
    return connectionFailed(error);
  }
}
