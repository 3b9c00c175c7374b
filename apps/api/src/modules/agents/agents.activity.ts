import { randomUUID } from 'node:crypto';
import { withTenant } from '@payos/db';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.js';
import { AppError } from '../../core/errors.js';
import { insertActivity } from './agents.repo.js';

/**
 * Records every call an agent makes — allowed or refused — with its result, in its own short
 * transaction after the response is decided (a refused call's own transaction rolled back).
 * Part of every declared operation's pipeline, right after authentication.
 */
export function agentActivity(operationId: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const actor = c.get('actor');
    if (!actor?.agent) return;
    const status = c.res.status;
    // A rate-limited call is not recorded: otherwise a runaway token turns every refused request
    // into a database write (the limiter exists to stop exactly that). The 429 is in the access log.
    if (status === 429) return;
    const error = c.error instanceof AppError ? c.error : undefined;
    let objectId: string | null = null;
    if (status < 300 && c.res.headers.get('content-type')?.includes('application/json')) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => null)) as { data?: { id?: unknown } } | null;
      objectId = typeof body?.data?.id === 'string' ? body.data.id : null;
    }
    const deps = c.get('deps');
    await withTenant(deps.db, actor, (tx) =>
      insertActivity(tx, {
        tenantId: actor.tenantId,
        environment: actor.environment,
        id: randomUUID(),
        agentId: actor.id,
        method: c.req.method,
        path: c.req.path.slice(0, 300),
        action: operationId,
        objectId,
        statusCode: status,
        result: status < 400 ? 'succeeded' : status === 403 || status === 404 || status === 422 ? 'refused' : 'failed',
        errorCode: error?.code ?? null,
        requestId: c.get('requestId'),
        at: deps.clock.now(),
      }),
    ).catch((err: unknown) => deps.logger.error({ err }, 'could not record agent activity'));
  };
}
