import { AuthenticationError } from '@payos/sdk';
import { getSession, refresh } from '@/lib/session';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows a live feed (Server-Sent Events from the SDK) until `signal` aborts. The API ends a feed
 * when its credential does (token expiry, logout, revocation): it is opened again with the session's
 * current token — the dashboard refreshes it a minute early — while the session lasts. Opening a feed
 * is not retried by the SDK: a 401 refreshes here, anything else waits a little.
 */
export async function followFeed<T>(signal: AbortSignal, open: () => AsyncIterable<T>, onMessage: (message: T) => void | Promise<void>) {
  while (!signal.aborted) {
    if (getSession().status !== 'authenticated') return;
    try {
      for await (const message of open()) await onMessage(message);
      await pause(1_000);
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof AuthenticationError) {
        if (!(await refresh())) return;
        continue;
      }
      await pause(5_000);
    }
  }
}
