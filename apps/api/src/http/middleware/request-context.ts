import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppDeps, AppEnv } from '../../context.js';
import { AppError } from '../../core/errors.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Request id (echoed or generated), a per-request logger carrying it, and one access-log line. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const logsRequests = deps.logger.isLevelEnabled('info');
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.header('X-Request-ID', requestId);
    const startedAt = performance.now();
    await next();
    if (!logsRequests) return;
    const actor = c.get('actor');
    requestLogger(c).info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        ...(actor && { tenantId: actor.tenantId, environment: actor.environment, actor: `${actor.kind}:${actor.id}` }),
      },
      'request',
    );
  };
}

/** The request's pino child logger (carrying its request id), created on first use. */
export function requestLogger(c: Context<AppEnv>): Logger {
  let logger = c.get('logger');
  if (!logger) {
    logger = c.get('deps').logger.child({ requestId: c.get('requestId') });
    c.set('logger', logger);
  }
  return logger;
}

/** Bodies must be JSON; anything else is 415 before a handler sees it. */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
    const type = c.req.header('content-type');
    if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new AppError('invalid_request_error', 'unsupported_media_type', 'Request bodies must be application/json.', {
        status: 415,
      });
    }
    // PostgreSQL text cannot hold NUL: refuse it here, with a 400, rather than fail in the database.
    const text = await c.req.text();
    if (text.includes('\\u0000') || text.includes('\u0000')) throw nulCharacter('body');
  }
  const url = c.req.url;
  if (url.includes('%00') || url.includes('\u0000')) throw nulCharacter('query');
  await next();
};

const nulCharacter = (param: string) =>
  new AppError('invalid_request_error', 'invalid_character', 'Text may not contain the NUL character (\\u0000).', { param });
