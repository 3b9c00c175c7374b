import type { Queryable } from '@payos/db';
import { withTenant } from '@payos/db';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Runs a handler's database work in the caller's tenant transaction: the one the idempotency
 * middleware already opened, or a new one. Handlers never touch the pool directly.
 */
export function inTenant<T>(c: Context<AppEnv>, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const open = c.get('tx');
  return open ? fn(open) : withTenant(c.get('deps').db, c.get('actor'), fn);
}
