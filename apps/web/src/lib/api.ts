'use client';

import type { ApiError as ApiErrorBody } from '@payos/contracts';
import { API_URL } from './config';
import { getEnvironment } from './environment';
import { getSession, refresh } from './session';
import { toast } from './toast';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;
type RequestOptions = { method?: string; body?: unknown; query?: Query; signal?: AbortSignal; idempotencyKey?: string };

const MAX_RATE_LIMIT_RETRIES = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function toQueryString(query: Query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function redirectToLogin() {
  if (typeof window === 'undefined' || window.location.pathname.startsWith('/login')) return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/**
 * Calls the PayOS API as the logged-in user in the selected environment. A 401 refreshes the access
 * token once and retries, then sends the user to login (and back afterwards). A 429 waits for
 * Retry-After — telling the user — and retries. Errors come back as ApiError with the API's code.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let refreshed = false;
  for (let attempt = 0; ; attempt++) {
    const session = getSession();
    const headers: Record<string, string> = { 'PayOS-Environment': getEnvironment() };
    if (session.status === 'authenticated') headers.authorization = `Bearer ${session.accessToken}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    const base = session.status === 'authenticated' ? session.apiUrl : API_URL;
    const res = await fetch(`${base}${path}${toQueryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (res.status === 401 && !refreshed) {
      refreshed = true;
      if (await refresh()) continue;
      redirectToLogin();
    }
    if (res.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
      const waitS = Math.min(60, Math.max(1, Number(res.headers.get('retry-after')) || 1));
      toast(`Too many requests — retrying in ${waitS} s.`, 'info', waitS * 1000);
      await sleep(waitS * 1000);
      continue;
    }
    if (res.status === 204) return undefined as T;
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const error = (json as ApiErrorBody | null)?.error;
      throw new ApiError(
        res.status,
        error?.code ?? 'http_error',
        error?.message ?? `Request failed (${res.status}).`,
        error?.param,
        error?.details,
        error?.requestId,
      );
    }
    return json as T;
  }
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');
