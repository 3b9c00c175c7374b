import type { Queryable } from '@payos/db';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Runs a handler's database work in the caller's tenant transaction: the one the idempotency
 * middleware already opened, or a new one. GET requests get a READ ONLY transaction — the
 * database refuses writes in them — which lets the pool skip waiting for their COMMIT.
 * Handlers never touch the pool directly.
 */
export function inTenant<T>(c: Context<AppEnv>, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const open = c.get('tx');
  if (open) return fn(open);
  return withTenant(c.get('deps').db, c.get('actor'), fn, { readOnly: c.req.method === 'GET' });
}
