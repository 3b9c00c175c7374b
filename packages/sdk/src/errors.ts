import type { ApiError, ApiErrorType, ErrorCode } from '@payos/contracts';

type ErrorBody = ApiError['error'];

/**
 * An error the API answered with its envelope (`{"error": {type, code, message, param?, details?, requestId}}`).
 * Branch on `code` (stable, machine-readable) or on the subclass, which follows `type`.
 */
export class PayOSError extends Error {
  override readonly name: string = 'PayOSError';
  readonly type: ApiErrorType;
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /** The `X-Request-ID` of the failed call: quote it when you contact support. */
  readonly requestId: string | undefined;
  /** Response headers (rate-limit headers, `Retry-After`, …). */
  readonly headers: Headers;
  /**
   * The Idempotency-Key the write was sent with. After a 409 `idempotency_key_in_use` or a
   * connection error the write may still complete: retry with this key to learn its outcome
   * without making it twice.
   */
  idempotencyKey: string | undefined;

  constructor(status: number, body: ErrorBody, headers: Headers) {
    super(body.message);
    this.type = body.type;
    this.code = body.code;
    this.status = status;
    this.param = body.param;
    this.details = body.details;
    this.requestId = body.requestId || headers.get('x-request-id') || undefined;
    this.headers = headers;
  }
}

/** 400 (also 413, 415): the request itself is wrong; `param` names the field. */
export class InvalidRequestError extends PayOSError {
  override readonly name = 'InvalidRequestError';
}
/** 401: missing, unknown, revoked or expired credential. */
export class AuthenticationError extends PayOSError {
  override readonly name = 'AuthenticationError';
}
/** 403: the credential may not do this (role, API key on a user-only operation, test-only operation in live, …). */
export class PermissionError extends PayOSError {
  override readonly name = 'PermissionError';
}
/** 404: unknown id — also another tenant's or the other environment's. */
export class NotFoundError extends PayOSError {
  override readonly name = 'NotFoundError';
}
/** 409: a uniqueness conflict (e-mail taken, invite pending). */
export class ConflictError extends PayOSError {
  override readonly name = 'ConflictError';
}
/** 409/422: an Idempotency-Key still in use, or reused with a different request. */
export class IdempotencyError extends PayOSError {
  override readonly name = 'IdempotencyError';
}
/** 422: a money or state rule refused the request (`insufficient_funds`, `limit_exceeded`, `quote_expired`, …). */
export class BusinessRuleError extends PayOSError {
  override readonly name = 'BusinessRuleError';
}
/** 429: slow down; `retryAfterSeconds` says for how long. */
export class RateLimitError extends PayOSError {
  override readonly name = 'RateLimitError';
  get retryAfterSeconds(): number | undefined {
    const value = Number(this.headers.get('retry-after'));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  }
}
/** 500: something broke on our side (never leaks internals; quote `requestId`). */
export class APIError extends PayOSError {
  override readonly name = 'APIError';
}
/** 503: a dependency (database, rate provider) is unavailable; safe to retry later. */
export class UnavailableError extends PayOSError {
  override readonly name = 'UnavailableError';
}

/** No response at all (refused connection, reset, DNS, timeout), after the retries allowed. */
export class PayOSConnectionError extends Error {
  override readonly name = 'PayOSConnectionError';
  /** The Idempotency-Key of the write, if it was one: retry with it (see PayOSError.idempotencyKey). */
  idempotencyKey: string | undefined;
  constructor(message: string, options?: { cause?: unknown; idempotencyKey?: string }) {
    super(message, options);
    this.idempotencyKey = options?.idempotencyKey;
  }
}

const CLASSES: Record<ApiErrorType, typeof PayOSError> = {
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionError,
  not_found_error: NotFoundError,
  conflict_error: ConflictError,
  idempotency_error: IdempotencyError,
  business_rule_error: BusinessRuleError,
  rate_limit_error: RateLimitError,
  api_error: APIError,
  unavailable_error: UnavailableError,
};

const isErrorBody = (value: unknown): value is { error: ErrorBody } => {
  const error = (value as { error?: Partial<ErrorBody> } | null)?.error;
  return typeof error?.type === 'string' && typeof error.code === 'string' && typeof error.message === 'string';
};

/**
 * The typed error for a non-2xx response. A body that is not the PayOS envelope (a proxy's 502 page,
 * say) becomes an `APIError` with code `internal_error` and the status it came with.
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers): PayOSError {
  if (isErrorBody(body)) {
    const ErrorClass = CLASSES[body.error.type] ?? PayOSError;
    return new ErrorClass(status, body.error, headers);
  }
  const text = typeof body === 'string' ? body.slice(0, 200) : '';
  const message = `Unexpected ${status} response from the PayOS API${text ? `: ${text}` : ''}`;
  return new APIError(
    status,
    { type: 'api_error', code: 'internal_error', message, requestId: headers.get('x-request-id') ?? '' },
    headers,
  );
}
