import type { ApiErrorType } from '@payos/contracts';
import { isDatabaseUnavailable } from '@payos/db';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import { requestLogger } from './middleware/request-context.js';

/** The wire error types (SPEC §2), shared with the dashboard through @payos/contracts. */
export type ErrorType = ApiErrorType;

const STATUS: Record<ErrorType, ContentfulStatusCode> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  idempotency_error: 409,
  business_rule_error: 422,
  rate_limit_error: 429,
  api_error: 500,
  unavailable_error: 503,
};

type ErrorOptions = { param?: string; details?: Record<string, unknown>; status?: ContentfulStatusCode };

/** The one error every layer throws; onError turns it into the SPEC §2 envelope. */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly param?: string;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly type: ErrorType,
    readonly code: ErrorCode,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = options.status ?? STATUS[type];
    this.param = options.param;
    this.details = options.details;
  }
}

export const invalidRequest = (code: ErrorCode, message: string, param?: string) =>
  new AppError('invalid_request_error', code, message, { param });
/** 404 for an id out of reach (unknown, another tenant's or environment's); `param` names the request field that held it. */
export const notFound = (resource: string, param?: string) =>
  new AppError('not_found_error', 'resource_missing', `No such ${resource}.`, { param });
export const forbidden = (message = 'Your role does not allow this action.') =>
  new AppError('permission_error', 'insufficient_permissions', message);
export const unauthenticated = (code: ErrorCode, message: string) => new AppError('authentication_error', code, message);
export const businessRule = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError('business_rule_error', code, message, { details });
export const conflict = (code: ErrorCode, message: string) => new AppError('conflict_error', code, message);

export function errorBody(error: AppError, requestId: string) {
  return {
    error: {
      type: error.type,
      code: error.code,
      message: error.message,
      ...(error.param !== undefined && { param: error.param }),
      ...(error.details !== undefined && { details: error.details }),
      requestId,
    },
  };
}

/** Maps anything thrown to the error envelope; unknown errors become api_error without internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) {
      return new AppError('invalid_request_error', 'request_too_large', 'Request body exceeds 1 MB.', { status: 413 });
    }
    if (error.status === 400 && /json/i.test(error.message)) {
      return invalidRequest('invalid_json', 'Request body is not valid JSON.');
    }
    if (error.status === 415) {
      return new AppError('invalid_request_error', 'unsupported_media_type', 'Request bodies must be application/json.', { status: 415 });
    }
    if (error.status < 500) {
      return new AppError('invalid_request_error', 'invalid_request', error.message || 'Invalid request.', {
        status: error.status as ContentfulStatusCode,
      });
    }
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('unavailable_error', 'database_unavailable', 'PayOS cannot reach its database right now; retry shortly.');
  }
  return new AppError('api_error', 'internal_error', 'An unexpected error occurred. Reference the requestId when contacting support.');
}

export function respondWithError(c: Context<AppEnv>, error: unknown) {
  const appError = toAppError(error);
  const requestId = c.get('requestId') ?? 'unknown';
  // Tests run with this on: every error an operation answers must be one its declaration lists (the
  // harness fails the test on this header), so the spec's error codes cannot fall behind the code.
  const operation = c.get('operation');
  if (operation && c.get('deps')?.config.flagUndeclaredErrors && appError.type !== 'api_error') {
    const [type, status] = ERROR_CODES[appError.code];
    if (!operation.errors.includes(appError.code)) c.header('PayOS-Undeclared-Error', `${operation.operationId}:${appError.code}`);
    // The registry is what the spec documents: a code answered with another type or status would lie.
    else if (type !== appError.type || status !== appError.status) {
      c.header('PayOS-Undeclared-Error', `${operation.operationId}:${appError.code} answered as ${appError.type} ${appError.status}`);
    }
  }
  if (appError.type === 'api_error') requestLogger(c).error({ err: error }, 'unhandled error');
  return c.json(errorBody(appError, requestId), appError.status);
}
