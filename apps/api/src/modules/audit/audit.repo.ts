import { randomUUID } from 'node:crypto';
import type { AuditActorType } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import { afterCursor } from '../../core/cursor.js';

export type AuditActor = { type: AuditActorType; id: string | null; name: string | null };
export type AuditInput = {
  tenantId: string;
  environment: Environment;
  actor: AuditActor;
  action: string;
  objectType: string;
  objectId: string | null;
  requestId: string | null;
  at: Date;
  /** Why, for actions that need a justification (verification in live). */
  reason?: string | null;
  /** What changed, for actions that record it (settings): the changed fields before and after. */
  changes?: { before: Record<string, unknown>; after: Record<string, unknown> } | null;
};

/** Deferred (Queryable.defer): nothing reads the row back, so it rides along with the next statement or COMMIT. */
export function recordAudit(tx: Queryable, e: AuditInput) {
  tx.defer(
    `INSERT INTO audit_events (tenant_id, environment, id, actor_type, actor_id, actor_name, action, object_type, object_id, request_id, at, reason,
                               changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
    [
      e.tenantId,
      e.environment,
      randomUUID(),
      e.actor.type,
      e.actor.id,
      e.actor.name,
      e.action,
      e.objectType,
      e.objectId,
      e.requestId,
      e.at,
      e.reason ?? null,
      e.changes ? JSON.stringify(e.changes) : null,
    ],
  );
}

/** recordAudit for several events in one statement (a batch), sent with the next statement or COMMIT. */
export function recordAudits(tx: Queryable, events: AuditInput[]) {
  if (events.length === 0) return;
  const column = <T>(pick: (e: AuditInput) => T) => events.map(pick);
  // Timestamps travel as ISO strings: the drivers disagree on how to encode a Date[] parameter.
  tx.defer(
    `INSERT INTO audit_events (tenant_id, environment, id, actor_type, actor_id, actor_name, action, object_type, object_id, request_id, at, reason)
     SELECT e.tenant_id, e.environment, gen_random_uuid(), e.actor_type, e.actor_id, e.actor_name, e.action, e.object_type, e.object_id,
            e.request_id, e.at::timestamptz, e.reason
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[],
                   $11::text[]) WITH ORDINALITY
            AS e (tenant_id, environment, actor_type, actor_id, actor_name, action, object_type, object_id, request_id, at, reason, ord)
      ORDER BY e.ord`,
    [
      column((e) => e.tenantId),
      column((e) => e.environment),
      column((e) => e.actor.type),
      column((e) => e.actor.id),
      column((e) => e.actor.name),
      column((e) => e.action),
      column((e) => e.objectType),
      column((e) => e.objectId),
      column((e) => e.requestId),
      column((e) => e.at.toISOString()),
      column((e) => e.reason ?? null),
    ],
  );
}

export type AuditRow = {
  id: string;
  actor_type: AuditActor['type'];
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  request_id: string | null;
  at: Date;
  reason: string | null;
  changes: { before: Record<string, unknown>; after: Record<string, unknown> } | null;
};

export function listAudit(
  tx: Queryable,
  filter: { objectType?: string; objectId?: string; action?: string; from?: Date; to?: Date },
  page: { limit: number; cursor?: { createdAt: Date; id: string } },
) {
  return tx.query<AuditRow & { created_at: Date }>(
    `SELECT id, actor_type, actor_id, actor_name, action, object_type, object_id, request_id, at, reason, changes, at AS created_at
       FROM audit_events
      WHERE ($1::text IS NULL OR object_type = $1)
        AND ($2::uuid IS NULL OR object_id = $2)
        AND ($3::text IS NULL OR action = $3)
        AND ($4::timestamptz IS NULL OR at >= $4)
        AND ($5::timestamptz IS NULL OR at < $5)
        AND (at, id) < ($6::timestamptz, $7::uuid)
      ORDER BY at DESC, id DESC LIMIT $8`,
    [
      filter.objectType ?? null,
      filter.objectId ?? null,
      filter.action ?? null,
      filter.from ?? null,
      filter.to ?? null,
      ...afterCursor(page.cursor),
      page.limit + 1,
    ],
  );
}
