import type { Queryable } from '@payos/db';
import type { Cursor } from '../../core/cursor.js';
import * as repo from './audit.repo.js';

export type { AuditRow } from './audit.repo.js';

/** Events of the caller's environment, newest first (`limit + 1` rows, so the page knows whether there is more). */
export function listAuditEvents(
  tx: Queryable,
  filter: { objectType?: string; objectId?: string; action?: string; from?: Date; to?: Date },
  page: { limit: number; cursor?: Cursor },
) {
  return repo.listAudit(tx, filter, page);
}
