import type { Queryable } from '@payos/db';

/** A trivial read straight on the pool (no tenant, no transaction): proves the database answers. */
export async function selectOne(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
