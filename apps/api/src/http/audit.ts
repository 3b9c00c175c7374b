import type { Queryable } from '@payos/db';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { type AuditInput, recordAudit } from '../modules/audit/audit.repo.js';
import { inTenant } from './tenant.js';

/**
 * Records the caller's state change in the same transaction as the change itself, so the event
 * exists exactly when the change does.
 */
export function audit(
  c: Context<AppEnv>,
  tx: Queryable,
  action: string,
  objectType: string,
  objectId: string | null,
  reason?: string | null,
  changes?: AuditInput['changes'],
) {
  const actor = c.get('actor');
  return recordAudit(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    actor: { type: actor.kind, id: actor.id, name: actor.name },
    action,
    objectType,
    objectId,
    requestId: c.get('requestId'),
    at: c.get('deps').clock.now(),
    reason,
    changes,
  });
}

/** inTenant + audit: runs a state change and records it (object id taken from the result) in one transaction. */
export function audited<T>(
  c: Context<AppEnv>,
  event: { action: string; objectType: string },
  fn: (tx: Queryable) => Promise<T>,
  objectId: (result: T) => string | null,
  reason?: string | null,
): Promise<T> {
  return inTenant(c, async (tx) => {
    const result = await fn(tx);
    audit(c, tx, event.action, event.objectType, objectId(result), reason);
    return result;
  });
}
