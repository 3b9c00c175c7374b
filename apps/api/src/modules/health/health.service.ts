import type { Queryable } from '@payos/db';
import * as repo from './health.repo.js';

const HEALTH_TIMEOUT_MS = 1_500;

/** Resolves when a trivial database read succeeds within 1.5 s; rejects when it fails or takes longer. */
export async function checkDatabase(db: Queryable): Promise<void> {
  // A partitioned network can leave a query waiting forever: health answers within 1.5 s regardless.
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    repo.selectOne(db),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('health check timed out after 1.5 s')), HEALTH_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}
