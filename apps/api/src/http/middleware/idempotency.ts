import { withTenant } from '@payos/db';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../context.js';
import { AppError, invalidRequest } from '../../core/errors.js';
import { isSealed, seal, sha256Hex, unseal } from '../../lib/crypto.js';
import * as repo from './idempotency.repo.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

class Rollback extends Error {}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function requestHash(method: string, path: string, body: string): string {
  // No body and an empty one are the same request as `{}` (an action sent either way).
  let canonical = body.trim() === '' ? '{}' : body;
  try {
    canonical = canonicalJson(JSON.parse(canonical));
  } catch {
    // Not JSON: hash the raw text; validation rejects it inside the handler anyway.
  }
  return sha256Hex(`${method} ${path}\n${canonical}`);
}

/**
 * A sealed response opens only under the server secret it was sealed with. After a secret change
 * (or between instances configured differently) it cannot be replayed — and must not be re-run, since
 * the original request took effect — so the caller learns exactly that, with a 4xx.
 */
function openSealed(sealed: string, secret: string): string {
  try {
    return unseal(sealed, secret);
  } catch {
    throw new AppError(
      'idempotency_error',
      'idempotency_response_unavailable',
      'The request with this Idempotency-Key took effect, but its stored response (it holds a secret) can no longer be opened: the server secret changed. Look the object up; rotate its secret if you need it again.',
      { status: 409 },
    );
  }
}

const reused = () =>
  new AppError(
    'idempotency_error',
    'idempotency_key_reused',
    'This Idempotency-Key was used with a different request. Use a new key for a new request.',
    { status: 422 },
  );

/**
 * Idempotency-Key on POSTs (docs/MONEY.md, Idempotency), part of a declared operation's pipeline — after
 * authorization, so a replay is only ever served to a caller who may make the call now. The key is
 * claimed with a transaction-scoped advisory lock and the handler runs inside that same tenant transaction, so its writes and the stored response
 * commit together or not at all: a concurrent duplicate gets 409, a later one the stored response.
 * Only successful (2xx) responses are stored; a failed attempt rolls back and may be retried.
 *
 * A stored response belongs to the credential that produced it and to its method + path: anyone
 * else presenting the key gets the same 422 as a changed body, which says nothing about what is
 * stored. With `encrypt`, the stored body is sealed with the server key (responses that carry a
 * secret: API keys, agent tokens, invites), so the database never holds the secret in plaintext
 * while its creator can still recover a lost response by replaying.
 */
export const idempotency =
  (options: { encrypt: boolean }): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key') ?? c.req.header('x-idempotency-key');
    if (key === undefined || c.req.method !== 'POST') return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw invalidRequest('invalid_idempotency_key', `Idempotency-Key must be 1–${MAX_KEY_LENGTH} characters.`, 'Idempotency-Key');
    }
    const { db, clock, config } = c.get('deps');
    const actor = c.get('actor');
    const path = c.req.path.slice(0, 300);
    const hash = requestHash(c.req.method, c.req.path, await c.req.text());
    try {
      return await withTenant(db, actor, async (tx) => {
        // One round trip: the try-lock never waits, and the lookup that follows it takes its snapshot
        // only once the lock is held — it sees the stored response of any holder that already committed.
        const { acquired, stored } = await repo.claimKey(tx, actor, key);
        if (!acquired) {
          throw new AppError(
            'idempotency_error',
            'idempotency_key_in_use',
            'A request with this Idempotency-Key is still being processed.',
            {
              status: 409,
            },
          );
        }
        const now = clock.now();
        if (stored && stored.expires_at > now) {
          const sameCaller =
            stored.actor_kind === actor.kind && stored.actor_id === actor.id && stored.method === c.req.method && stored.path === path;
          if (!sameCaller || stored.request_hash !== hash) throw reused();
          const body = isSealed(stored.response_body) ? openSealed(stored.response_body, config.jwtSecret) : stored.response_body;
          return c.body(body, stored.response_status as ContentfulStatusCode, {
            'Content-Type': 'application/json',
            'Idempotent-Replayed': 'true',
          });
        }
        c.set('tx', tx);
        await next();
        c.set('tx', undefined);
        if (c.error || c.res.status >= 300) throw new Rollback();
        const text = await c.res.clone().text();
        const responseBody = options.encrypt ? seal(text, config.jwtSecret) : text;
        repo.storeOnCommit(tx, {
          actor,
          key,
          requestHash: hash,
          status: c.res.status,
          body: responseBody,
          now,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
          method: c.req.method,
          path,
        });
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      // The handler's error response is already in c.res; its writes were rolled back.
    }
  };
