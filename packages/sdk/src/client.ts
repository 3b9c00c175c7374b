import type { Environment, List } from '@payos/contracts';
import { AuthenticationError, errorFromResponse, IdempotencyError, PayOSConnectionError, type PayOSError } from './errors.js';
import { Paginated } from './pagination.js';

/** The subset of `fetch` the SDK uses; inject your own (a proxy agent, a test double) through `options.fetch`. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * At most one credential. With none (`new PayOS({ baseUrl })`) only the public operations work —
 * `auth.signup`, `auth.login`, `auth.refresh`, `organization.invites.accept` — and everything else
 * answers 401 `missing_credentials`. Public operations never send a credential, whatever the client holds.
 */
export type PayOSOptions = {
  /** Where the API lives, e.g. `https://api.payos.example` or `http://localhost:4000`. */
  baseUrl: string;
  /** A `pk_test_…` / `pk_live_…` key, for servers. */
  apiKey?: string;
  /** A user access token (from login) — sent exactly like a key: `Authorization: Bearer …`. */
  accessToken?: string;
  /**
   * Asked for the credential before every attempt: for tokens that get refreshed (the dashboard).
   * Nothing (undefined, null, '') means no session yet: the request goes without Authorization.
   */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Called on a 401 of an operation that needs a credential (never for the public ones, whose 401s —
   * a wrong password, a used refresh token — a refresh cannot fix). Return true (after refreshing
   * what `getToken` returns) to retry the request once with the new credential; anything else lets
   * the AuthenticationError through.
   */
  onUnauthorized?: (error: AuthenticationError) => boolean | Promise<boolean>;
  /** Sent as `PayOS-Environment` (user tokens choose test or live with it; a key already belongs to one). */
  environment?: Environment;
  /** Retries after a network error (safe requests only), 429, 503 or a 409 `idempotency_key_in_use`. Default 2. */
  maxRetries?: number;
  /** Per attempt; an attempt that takes longer counts as a network error. Default 60 s. */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** How retries wait. Default: setTimeout. Tests inject one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Told before each retry waits: why (the API's error, or a network failure as `cause`) and for how
   * long — e.g. to show "retrying in N s" for a 429.
   */
  onRetry?: (retry: RetryInfo) => void;
};

/** A retry about to wait `delayMs`: after the API's `error`, or after a network failure (`cause`). */
export type RetryInfo = { attempt: number; delayMs: number; error?: PayOSError; cause?: unknown };

/** Per call: `signal` cancels the call. */
export type CallOptions = { signal?: AbortSignal };
/** Per call of an idempotent write: `idempotencyKey` overrides the generated one, `signal` cancels the call. */
export type RequestOptions = CallOptions & { idempotencyKey?: string };

/**
 * What the API declares about an operation where it differs from the default (a credential; every
 * POST idempotent): a public operation is sent without a credential and its 401 never reaches
 * `onUnauthorized`; a POST that is not idempotent (login, refresh, logout, …) carries no
 * Idempotency-Key and is never repeated once it may have run (only a 429 `rate_limited`, refused
 * before it ran, is retried).
 */
export type Operation = { isPublic?: boolean; isIdempotent?: boolean };

/** Query parameters; undefined and null are left out, everything else is sent as its string form. */
export type Query = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Request = {
  method: Method;
  path: string;
  query?: Query | undefined;
  body?: unknown;
  options?: RequestOptions | undefined;
  operation?: Operation | undefined;
};

export const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** A Retry-After longer than this is not waited out: the error is thrown instead. */
const MAX_RETRY_AFTER_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The HTTP layer every resource goes through: credentials, idempotency keys, retries, typed errors. */
export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetch: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly token: () => string | null | undefined | Promise<string | null | undefined>;

  constructor(private readonly options: PayOSOptions) {
    const credentials = [options.apiKey, options.accessToken, options.getToken].filter((c) => c !== undefined);
    if (credentials.length > 1) throw new TypeError('PayOS: give at most one of apiKey, accessToken or getToken.');
    if (!options.baseUrl) throw new TypeError('PayOS: baseUrl is required.');
    const fixed = options.apiKey ?? options.accessToken;
    this.token = options.getToken ?? (() => fixed);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get<T>(path: string, query?: Query, options?: RequestOptions): Promise<T> {
    return this.data<T>({ method: 'GET', path, query, options });
  }

  /**
   * A POST carries an Idempotency-Key, generated unless given — unless `operation` says the API does
   * not make it idempotent. `body` undefined sends no body and no Content-Type (the actions).
   */
  post<T>(path: string, body?: unknown, options?: RequestOptions, operation?: Operation): Promise<T> {
    return this.data<T>({ method: 'POST', path, body, options, operation });
  }

  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return this.data<T>({ method: 'PATCH', path, body, options });
  }

  delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.data<T>({ method: 'DELETE', path, options });
  }

  list<T>(path: string, query: Query = {}, options?: RequestOptions): Paginated<T> {
    return new Paginated((cursor) => this.request<List<T>>({ method: 'GET', path, query: { ...query, cursor }, options }));
  }

  /** A GET whose body is read by the caller (Server-Sent Events); opened once, errors typed. */
  async open(path: string, query: Query, signal?: AbortSignal): Promise<Response> {
    const response = await this.fetch(this.url(path, query), {
      method: 'GET',
      headers: { ...(await this.headers({ idempotencyKey: undefined, hasBody: false, isPublic: false })), accept: 'text/event-stream' },
      redirect: 'error',
      signal,
    }).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new PayOSConnectionError(`GET ${path} failed: ${describe(error)}`, { cause: error });
    });
    if (!response.ok) throw errorFromResponse(response.status, await readBody(response), response.headers);
    return response;
  }

  /** The `data` of the envelope; undefined for a 204 (logout, revocations). */
  private async data<T>(request: Request): Promise<T> {
    return (await this.request<{ data: T } | undefined>(request))?.data as T;
  }

  private async request<T>(request: Request): Promise<T> {
    const { method, path, options } = request;
    const isPublic = request.operation?.isPublic === true;
    const isIdempotent = method === 'POST' && request.operation?.isIdempotent !== false;
    const idempotencyKey = isIdempotent ? (options?.idempotencyKey ?? crypto.randomUUID()) : undefined;
    // GETs, and POSTs through their key, can be repeated without a second effect; PATCH, DELETE and
    // the POSTs the API does not make idempotent (a refresh token works once) cannot be assumed to.
    const isSafe = method === 'GET' || idempotencyKey !== undefined;
    const url = this.url(path, request.query);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    let hasRefreshed = false;
    let attempt = 0;
    for (;;) {
      const headers = await this.headers({ idempotencyKey, hasBody: body !== undefined, isPublic });
      let response: Response;
      let payload: unknown;
      try {
        response = await this.attempt(url, { method, headers, body }, options?.signal);
        payload = await readBody(response);
      } catch (error) {
        if (options?.signal?.aborted) throw error;
        if (isSafe && attempt < this.maxRetries) {
          const delayMs = backoffMs(attempt++);
          this.options.onRetry?.({ attempt, delayMs, cause: error });
          await this.sleep(delayMs);
          continue;
        }
        const tries = attempt + 1;
        throw new PayOSConnectionError(`${method} ${path} failed after ${tries} attempt${tries > 1 ? 's' : ''}: ${describe(error)}`, {
          cause: error,
          idempotencyKey,
        });
      }
      if (response.ok) return payload as T;
      const error = errorFromResponse(response.status, payload, response.headers);
      error.idempotencyKey = idempotencyKey;
      if (error instanceof AuthenticationError && !isPublic && this.options.onUnauthorized && !hasRefreshed) {
        hasRefreshed = true;
        if ((await this.options.onUnauthorized(error)) === true) continue;
      }
      const delayMs = attempt < this.maxRetries ? retryDelayMs(error, isSafe, attempt) : undefined;
      if (delayMs === undefined) throw error;
      attempt++;
      this.options.onRetry?.({ attempt, delayMs, error });
      await this.sleep(delayMs);
    }
  }

  private async attempt(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    // The API never redirects: following one would repeat a POST as a GET elsewhere and return that
    // body as the result (or carry the Idempotency-Key to another origin).
    return this.fetch(url, { ...init, redirect: 'error', signal: signal ? eitherSignal(signal, timeout) : timeout });
  }

  private async headers(request: {
    idempotencyKey: string | undefined;
    hasBody: boolean;
    isPublic: boolean;
  }): Promise<Record<string, string>> {
    const { idempotencyKey, hasBody, isPublic } = request;
    // Only headers the API's CORS policy allows, so the same client works from a browser.
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = isPublic ? undefined : await this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (hasBody) headers['content-type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (this.options.environment) headers['payos-environment'] = this.options.environment;
    return headers;
  }

  private url(path: string, query: Query | undefined): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      // An empty filter is no filter (a cleared search box), not a request for the empty string.
      if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

/**
 * How long to wait before retrying after `error`, or undefined when it must not be retried:
 * 429 always (the request was refused before it ran) except a `login_locked` lockout, 503 and a key
 * still in use only for requests that are safe to repeat. `Retry-After` wins over the exponential backoff.
 */
function retryDelayMs(error: PayOSError, isSafe: boolean, attempt: number): number | undefined {
  const isRetryable =
    // login_locked is a 429 too, but the e-mail's lockout (up to 15 minutes), not a throttle to wait out.
    (error.status === 429 && error.code !== 'login_locked') ||
    (isSafe && error.status === 503) ||
    (isSafe && error instanceof IdempotencyError && error.code === 'idempotency_key_in_use');
  if (!isRetryable) return undefined;
  const retryAfterMs = parseRetryAfterMs(error.headers.get('retry-after'));
  if (retryAfterMs === undefined) return backoffMs(attempt);
  return retryAfterMs <= MAX_RETRY_AFTER_MS ? retryAfterMs : undefined;
}

/** `Retry-After` in seconds or as an HTTP date, in ms. */
export function parseRetryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** 0.5 s, 1 s, 2 s, … up to 8 s, each with jitter (between half and all of it) so clients do not retry in step. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Aborts when either does (AbortSignal.any, which older browsers lack). */
function eitherSignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const abort = (source: AbortSignal) => () => controller.abort(source.reason);
  for (const source of [a, b]) {
    if (source.aborted) abort(source)();
    else source.addEventListener('abort', abort(source), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
