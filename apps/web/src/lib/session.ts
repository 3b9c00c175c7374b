'use client';

import {
  type AcceptInviteRequest,
  acceptInviteBodySchema,
  type LoginRequest,
  loginBodySchema,
  type Me,
  type SessionTokens,
  type SignupRequest,
  signupBodySchema,
} from '@payos/contracts';
import { useSyncExternalStore } from 'react';
import { API_START_MAX_WAIT_MS, API_START_POLL_MS, isApiStarting } from './api-status';

/**
 * The browser side of the dashboard session. The access token lives only in this module's memory
 * (never in storage); the refresh token is an httpOnly cookie handled by /api/session/*. The access
 * token is refreshed a minute before it expires, and on demand after a 401.
 */
export type SessionState =
  /** Restoring the session; `isApiStarting` while the API does not answer yet (the page says so and waits). */
  { status: 'loading'; isApiStarting?: boolean } | { status: 'anonymous' } | { status: 'authenticated'; accessToken: string; me: Me };

/** What /api/session/* answers: who is logged in and the access token. */
type SessionPayload = Me & Pick<SessionTokens, 'accessToken' | 'expiresIn'>;

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;

function set(next: SessionState) {
  state = next;
  for (const listener of listeners) listener();
}

function accept(payload: SessionPayload) {
  clearTimeout(refreshTimer);
  // Refresh a minute early; never sooner than in 5 s (a clock-skewed or very short lifetime).
  refreshTimer = setTimeout(() => void refresh(), Math.max(5, payload.expiresIn - 60) * 1000);
  set({
    status: 'authenticated',
    accessToken: payload.accessToken,
    me: { user: payload.user, tenant: payload.tenant, role: payload.role, locale: payload.locale ?? null },
  });
}

export class SessionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

type Checked = { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };

/**
 * Checks a form against the contract's request schema before it leaves the browser, and fails like
 * the API would: a SessionError naming the field, which the form shows next to it.
 */
function check(result: Checked, input: Record<string, unknown>) {
  const issue = result.success ? undefined : result.error?.issues[0];
  if (!issue) return;
  const param = issue.path.map(String).join('.');
  const value = input[param];
  const blank = value === undefined || (typeof value === 'string' && value.trim() === '');
  const message = blank ? 'Required.' : `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1).replace(/\.?$/, '.')}`;
  throw new SessionError(400, blank ? 'parameter_missing' : 'parameter_invalid', message, param || undefined);
}

async function post(action: string, body?: unknown, token?: string) {
  const res = await fetch(`/api/session/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = json?.error ?? {};
    throw new SessionError(res.status, error.code ?? 'error', error.message ?? `Request failed (${res.status}).`, error.param);
  }
  return json?.data as SessionPayload;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one attempt. While
 * the API is still starting (right after `npm start` it migrates and seeds before it listens) the
 * attempt waits for it — the page says "Starting the API…" — instead of logging the user out.
 */
export function refresh(): Promise<boolean> {
  refreshing ??= refreshOnceReady().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function refreshOnceReady(): Promise<boolean> {
  for (let waitedMs = 0; ; waitedMs += API_START_POLL_MS) {
    try {
      accept(await post('refresh'));
      return true;
    } catch (error) {
      if (!isApiStarting(error) || waitedMs >= API_START_MAX_WAIT_MS) break;
      if (state.status === 'loading') set({ status: 'loading', isApiStarting: true });
      await new Promise((resolve) => setTimeout(resolve, API_START_POLL_MS));
    }
  }
  clearTimeout(refreshTimer);
  set({ status: 'anonymous' });
  return false;
}

export async function login(input: LoginRequest) {
  check(loginBodySchema.safeParse(input), input);
  accept(await post('login', input));
}

export async function signup(input: SignupRequest) {
  check(signupBodySchema.safeParse(input), input);
  accept(await post('signup', input));
}

export async function acceptInvite(input: AcceptInviteRequest) {
  check(acceptInviteBodySchema.safeParse(input), input);
  accept(await post('accept-invite', input));
}

export async function logout() {
  const token = state.status === 'authenticated' ? state.accessToken : undefined;
  clearTimeout(refreshTimer);
  set({ status: 'anonymous' });
  await post('logout', {}, token).catch(() => undefined);
}

export const getSession = () => state;

export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => state,
  );
}

/** Viewers read; every other role may change things. The API enforces this too — hiding is courtesy. */
export function useCanWrite(): boolean {
  const session = useSession();
  return session.status === 'authenticated' && session.me.role !== 'viewer';
}

/** Owners and admins manage organization-wide settings (team, webhook endpoints). The API enforces this too. */
export function useCanManage(): boolean {
  const session = useSession();
  return session.status === 'authenticated' && (session.me.role === 'owner' || session.me.role === 'admin');
}
