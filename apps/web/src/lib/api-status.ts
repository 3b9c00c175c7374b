'use client';

import { useEffect, useState } from 'react';

/**
 * The API behind the dashboard may not be up yet (right after `npm start` it migrates and seeds
 * before it listens). The dashboard's server then answers 503 `api_starting` (lib/api-proxy.ts);
 * the page says "Starting the API…" and tries again by itself rather than showing an error.
 */
export const API_STARTING_MESSAGE = 'Starting the API…';
export const API_START_POLL_MS = 1_000;
/** After this long the page stops waiting and shows what it gets. */
export const API_START_MAX_WAIT_MS = 5 * 60_000;

/** The dashboard's "the API is still starting" answer, as a SessionError or an SDK PayOSError. */
export const isApiStarting = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'api_starting';

/** False while /api/ready says the API is starting; polls until it is ready (or answers anything else). */
export function useIsApiReady(): boolean {
  const [isReady, setIsReady] = useState(true);
  useEffect(() => {
    let isCancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startedAt = Date.now();
    const check = async () => {
      const res = await fetch('/api/ready', { cache: 'no-store' }).catch(() => null);
      const body = res && res.status === 503 ? await res.json().catch(() => null) : null;
      if (isCancelled) return;
      const isStarting = isApiStarting(body?.error) && Date.now() - startedAt < API_START_MAX_WAIT_MS;
      setIsReady(!isStarting);
      if (isStarting) timer = setTimeout(check, API_START_POLL_MS);
    };
    void check();
    return () => {
      isCancelled = true;
      clearTimeout(timer);
    };
  }, []);
  return isReady;
}
