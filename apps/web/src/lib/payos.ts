'use client';

import { PayOS, PayOSConnectionError, PayOSError, RateLimitError, type RetryInfo } from '@payos/sdk';
import { translate } from '@/i18n/active';
import { getEnvironment } from './environment';
import { plainMessage } from './error-words';
import { getSession, refresh } from './session';
import { toast } from './toast';

export { PayOSConnectionError, PayOSError };

/**
 * The dashboard's PayOS client: @payos/sdk, the client partners install, as the logged-in user in
 * the selected environment, on the dashboard's own origin: its `/v1/*` routes forward to the API
 * (src/app/v1/[...path]/route.ts), so the page needs no CORS and works at whatever address it was
 * opened (localhost, 127.0.0.1, a LAN IP, a custom host). The access token is asked for before every attempt (the session refreshes
 * it a minute early); a 401 refreshes it once and retries, else sends the user to login (and back
 * afterwards). A 429 waits for Retry-After — telling the user — and retries; writes carry an
 * Idempotency-Key (the SDK's, or the dashboard's own where one attempt spans retries: payments,
 * deposits, streams, run-now). Errors are the SDK's typed `PayOSError`s.
 *
 * One client per environment (the Test / Live switch changes it while the page lives); it holds
 * nothing else. Browser only: queries and mutations run there.
 */
export function payos(): PayOS {
  const environment = getEnvironment();
  if (client?.environment !== environment) {
    const baseUrl = window.location.origin;
    client = { environment, payos: new PayOS({ baseUrl, environment, getToken, onUnauthorized, onRetry, maxRetries: 2 }) };
  }
  return client.payos;
}

let client: { environment: string; payos: PayOS } | undefined;

/** The session's access token; none (no Authorization) before the session is restored: the API answers 401 and onUnauthorized refreshes. */
function getToken(): string | undefined {
  const session = getSession();
  return session.status === 'authenticated' ? session.accessToken : undefined;
}

async function onUnauthorized(): Promise<boolean> {
  if (await refresh()) return true;
  redirectToLogin();
  return false;
}

function redirectToLogin() {
  if (typeof window === 'undefined' || window.location.pathname.startsWith('/login')) return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/** A 429 waits for Retry-After before the SDK retries: the user is told how long. */
function onRetry({ error, delayMs }: RetryInfo) {
  if (!(error instanceof RateLimitError)) return;
  const seconds = Math.max(1, Math.ceil(delayMs / 1000));
  toast(translate('common')('tooManyRequests', { seconds }), 'info', seconds * 1000);
}

/** A form's error: the API's (a PayOSError, whose `param` names the field) or one found in the browser. */
export type FieldError = { message: string; param?: string | undefined; code?: string | undefined };

/** What the UI says about a failed call: the API's refusal in plain words (lib/error-words), or that PayOS could not be reached. */
export const errorMessage = (error: unknown) =>
  error instanceof PayOSConnectionError
    ? translate('common')('couldNotReach')
    : error instanceof PayOSError
      ? plainMessage(error)
      : error instanceof Error
        ? error.message
        : translate('common')('somethingWrong');
