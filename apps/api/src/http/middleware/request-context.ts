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
    // Nor half a UTF-16 surrogate pair (`"\ud800"` is valid JSON): jsonb refuses it, text turns it into
    // U+FFFD. Only a body that escapes a surrogate at all is scanned.
    if (SURROGATE_ESCAPE.test(text) && escapesLoneSurrogate(text)) throw loneSurrogate();
  }
  const url = c.req.url;
  if (url.includes('%00') || url.includes('\u0000')) throw nulCharacter('query');
  await next();
};

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/**
 * Does a JSON text escape half a surrogate pair? Raw text cannot hold one (it was decoded from UTF-8),
 * so only `\uXXXX` escapes are read: a high surrogate must be followed at once by an escaped low one.
 */
function escapesLoneSurrogate(text: string): boolean {
  let open = false; // the previous escape was a high surrogate
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      if (open) return true;
      continue;
    }
    if (text[i + 1] !== 'u') {
      if (open) return true;
      i += 1; // \" \\ \/ \n …: skip the escaped character
      continue;
    }
    const unit = Number.parseInt(text.slice(i + 2, i + 6), 16);
    i += 5;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (low !== open) return true;
    open = unit >= 0xd800 && unit <= 0xdbff;
  }
  return open;
}
const loneSurrogate = () =>
  new AppError('invalid_request_error', 'invalid_character', 'Text may not contain half of a UTF-16 surrogate pair (e.g. \\ud800 alone).', {
    param: 'body',
  });

const nulCharacter = (param: string) =>
  new AppError('invalid_request_error', 'invalid_character', 'Text may not contain the NUL character (\\u0000).', { param });
