/* The error envelope on the wire; the errors themselves live in core/errors.ts. */

import { ERROR_CODES } from '@payos/contracts';
import { isDatabaseUnavailable } from '@payos/db';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.js';
import { AppError, invalidRequest } from '../core/errors.js';
import { requestLogger } from './middleware/request-context.js';

/** The envelope's bounds (see the Error schema): a message or param that echoes hostile input is cut. */
const MAX_MESSAGE = 1000;
const MAX_PARAM = 200;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function errorBody(error: AppError, requestId: string) {
  return {
    error: {
      type: error.type,
      code: error.code,
      message: cut(error.message, MAX_MESSAGE),
      ...(error.param !== undefined && { param: cut(error.param, MAX_PARAM) }),
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
