import { apiUrlFromEnv, proxyToApi } from '@/lib/api-proxy';

/**
 * The PayOS API on the dashboard's own origin: every `/v1/*` request of the page is forwarded to the
 * API at PAYOS_API_URL (read per request) and its answer streamed back — see lib/api-proxy.ts.
 */
export const dynamic = 'force-dynamic';

// Read per request (bracket access: never inlined at build time), so one build serves any deployment.
const env = (name: string) => process.env[name];
const forward = (request: Request) =>
  proxyToApi(request, { apiUrl: apiUrlFromEnv(), isBehindTrustedProxy: env('PAYOS_TRUSTED_PROXY') === 'true' });

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
