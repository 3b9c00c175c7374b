import { apiUrlFromEnv, checkReady } from '@/lib/api-proxy';

/** Whether the API behind the dashboard is ready: the login page says "Starting the API…" until it is. */
export const dynamic = 'force-dynamic';

export function GET() {
  return checkReady({ apiUrl: apiUrlFromEnv() });
}
