import { withTenant } from '@payos/db';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../context.js';
import { seal } from '../../lib/crypto.js';
import {
  claimKey,
  type IdempotentRequest,
  idempotentRequest,
  keyInUse,
  type Replay,
  replayOf,
  storeResponses,
} from '../../modules/idempotency/idempotency.service.js';

class Rollback extends Error {}

/** The replayed response of an earlier identical request. */
export const replayResponse = (c: Context<AppEnv>, replay: Replay) =>
  c.body(replay.body, replay.status as ContentfulStatusCode, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });

/**
 * Idempotency-Key on POSTs (docs/MONEY.md, Idempotency), part of a declared operation's pipeline — after
 * authorization, so a replay is only ever served to a caller who may make the call now. The rules are
 * the idempotency service's; this runs them around one request:
 * - `inHandler`: the operation applies the key itself (a batched command claims it inside its batch's
 *   transaction; see `idempotentTransaction` for the rest). The middleware only validates the key and
 *   hashes the request into `c.var.idempotency`.
 * - otherwise: `idempotentTransaction` around the handler.
 */
export const idempotency =
  (options: { encrypt: boolean; inHandler?: boolean }): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key') ?? c.req.header('x-idempotency-key');
    if (key === undefined || c.req.method !== 'POST') return next();
    const request = idempotentRequest(key, c.req.method, c.req.path, await c.req.text());
    c.set('idempotency', request);
    if (options.inHandler) return next();
    return idempotentTransaction(c, request, options, async () => {
      await next();
      return c.res;
    });
  };

/**
 * The key is claimed with a transaction-scoped advisory lock and `produce` runs inside that same tenant
 * transaction (`c.var.tx`), so its writes and the stored response commit together or not at all: a
 * concurrent duplicate gets 409, a later one the stored response. Only successful (2xx) responses are
 * stored; a failed attempt rolls back and may be retried. With `encrypt`, the stored body is sealed
 * with the server key (responses that carry a secret: API keys, agent tokens, invites), so the
 * database never holds the secret in plaintext while its creator can still recover a lost response.
 * Without a request (no key), `produce` simply runs.
 */
export async function idempotentTransaction(
  c: Context<AppEnv>,
  request: IdempotentRequest | undefined,
  options: { encrypt: boolean },
  produce: () => Promise<Response>,
): Promise<Response> {
  if (!request) return produce();
  const { db, clock, config } = c.get('deps');
  const actor = c.get('actor');
  try {
    return await withTenant(db, actor, async (tx) => {
      const { acquired, stored } = await claimKey(tx, actor, request.key);
      if (!acquired) throw keyInUse();
      const now = clock.now();
      const replay = replayOf(stored, actor, request, now, config.jwtSecret);
      if (replay) return replayResponse(c, replay);
      c.set('tx', tx);
      const response = await produce().finally(() => c.set('tx', undefined));
      if (c.error || response.status >= 300) throw new Rollback();
      const text = await response.clone().text();
      storeResponses(tx, [{ actor, request, status: response.status, body: options.encrypt ? seal(text, config.jwtSecret) : text }], now);
      return response;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    // The handler's error response is already in c.res; its writes were rolled back.
    return c.res;
  }
}
