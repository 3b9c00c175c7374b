import type { ApiErrorType, ErrorCode } from '@payos/contracts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The wire error types, shared with the dashboard and the SDK through @payos/contracts. */
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

/** The one error every layer throws; the HTTP layer turns it into the error envelope (docs: README, Errors). */
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
