import { randomUUID } from 'node:crypto';
import type { Event, EventType } from '@payos/contracts';
import type { Queryable, TenantScope } from '@payos/db';
import type { Cursor } from '../../core/cursor.js';
import { notFound } from '../../core/errors.js';
import * as repo from './events.repo.js';

export type { EventRow } from './events.repo.js';

/**
 * One state change to record. `object` is the object exactly as the API returns it after the change
 * (its presenter's output); `previous` is the same object before the change, when the caller has it
 * — the fields that differ become `previousAttributes`.
 */
export type EventInput = {
  type: EventType;
  objectType: string;
  objectId: string;
  object: object;
  previous?: object;
  at: Date;
  /** Deliver to this endpoint only, whatever its enabled events (the test ping). */
  onlyEndpointId?: string;
};

/** The fields of `after` whose values differ in `before`, with their values before. */
export function previousAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (key === 'updatedAt') continue;
    if (JSON.stringify(was[key]) !== JSON.stringify(now[key])) changed[key] = was[key] ?? null;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/**
 * Records events in the caller's transaction — they commit with the change or not at all — in one
 * deferred statement whatever their number (nothing reads them back): numbered per object in commit
 * order, and queued for every enabled webhook endpoint that subscribes to them. Events of one object
 * in one call are numbered in the order given. Returns the ids given to them (`evt_…`).
 * `scope`: only for a cross-tenant job running as the owner (no tenant set on the transaction).
 */
export function recordEvents(tx: Queryable, events: readonly EventInput[], scope?: TenantScope): string[] {
  const writes = events.map((e) => {
    const previous = e.previous ? previousAttributes(e.previous, e.object) : undefined;
    return {
      id: randomUUID(),
      type: e.type,
      objectType: e.objectType,
      objectId: e.objectId,
      data: JSON.stringify(previous ? { object: e.object, previousAttributes: previous } : { object: e.object }),
      at: e.at,
      onlyEndpointId: e.onlyEndpointId,
    };
  });
  repo.insertEvents(tx, writes, scope);
  return writes.map((w) => eventIdOf(w.id));
}

/** recordEvents for one event. */
export const recordEvent = (tx: Queryable, event: EventInput, scope?: TenantScope) => recordEvents(tx, [event], scope)[0] as string;

/** `evt_` + the UUID's 32 hex digits, and back. */
export const eventIdOf = (uuid: string) => `evt_${uuid.replaceAll('-', '').toLowerCase()}`;
export function uuidOfEventId(id: string): string {
  const hex = id.slice(4).toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const presentEvent = (e: repo.EventRow): Event => ({
  id: eventIdOf(e.id),
  type: e.type,
  environment: e.environment,
  objectType: e.object_type,
  objectId: e.object_id,
  sequence: Number(e.sequence),
  data: e.data,
  createdAt: e.created_at.toISOString(),
});

/** Events of the caller's environment, newest first (`limit + 1` rows). `type` may end in `.*`. */
export function listEvents(
  tx: Queryable,
  filter: { type?: string; objectId?: string; from?: Date; to?: Date },
  page: { limit: number; cursor?: Cursor },
) {
  const { type, ...rest } = filter;
  const wildcard = type === '*' ? '' : type?.endsWith('.*') ? type.slice(0, -1) : undefined;
  return repo.listEvents(tx, { ...rest, type: wildcard === undefined ? type : undefined, typePrefix: wildcard }, page);
}

/** Errors: 404 (unknown, another tenant's or environment's). */
export async function getEventOrThrow(tx: Queryable, id: string, param?: string) {
  const event = await repo.findEvent(tx, uuidOfEventId(id));
  if (!event) throw notFound('event', param);
  return event;
}
