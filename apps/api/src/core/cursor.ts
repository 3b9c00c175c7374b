import { invalidRequest } from './errors.js';

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString('base64url');
}

/** A UUID as PostgreSQL's `uuid` reads it (any version), so a cursor or id can never fail the cast. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Cursor instants stay in years 1–9999: both JavaScript and PostgreSQL's timestamptz hold every one of them. */
const MIN_CURSOR_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_CURSOR_MS = Date.parse('9999-12-31T23:59:59.999Z');
/** The largest `bigint`: a sequence cursor above it would make PostgreSQL fail the cast (a 500). */
const MAX_SEQ = 9223372036854775807n;

const invalidCursor = () => invalidRequest('invalid_cursor', 'cursor is not a value returned as nextCursor.', 'cursor');

function parseCursorJson(value: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  return parsed as Record<string, unknown>;
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = parseCursorJson(value);
  } catch {
    throw invalidCursor();
  }
  const { t, id } = parsed;
  // Exactly what encodeCursor wrote: an ISO instant that round-trips, in range, and a real UUID.
  if (typeof t !== 'string' || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw invalidCursor();
  const createdAt = new Date(t);
  const ms = createdAt.getTime();
  if (Number.isNaN(ms) || ms < MIN_CURSOR_MS || ms > MAX_CURSOR_MS || createdAt.toISOString() !== t) throw invalidCursor();
  return { createdAt, id };
}

/**
 * The cursor as the two parameters of `(created_at, id) < ($n::timestamptz, $m::uuid)`; with no
 * cursor, +infinity and the largest UUID, which every row precedes. The condition is then always
 * there for the index scan to start at: a prepared statement's generic plan cannot use
 * `($n IS NULL OR (created_at, id) < …)` and would read every newer row to reach page N.
 */
export function afterCursor(cursor: Cursor | undefined): [Date | 'infinity', string] {
  return cursor ? [cursor.createdAt, cursor.id] : ['infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
}

/**
 * Turns `limit + 1` rows fetched newest-first into the list envelope. Repos order by
 * (created_at DESC, id DESC) and filter with `(created_at, id) < (cursor)`.
 */
export function toPage<Row extends { created_at: Date; id: string }, Out>(rows: Row[], limit: number, present: (row: Row) => Out) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(present),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

/** `seq < $n::bigint` for a sequence cursor: the last seen `seq`, or above every row (see afterCursor). */
export const afterSeq = (seq: string | undefined): string => seq ?? '9223372036854775807';

/** Cursors over an append-only sequence (ledger entries): the last seen `seq`. */
export function encodeSeqCursor(seq: string): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

export function decodeSeqCursor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let seq: unknown;
  try {
    seq = parseCursorJson(value).s;
  } catch {
    throw invalidCursor();
  }
  // A whole number from 0 to PostgreSQL's largest bigint, written canonically (as encodeSeqCursor does).
  if (typeof seq !== 'string' || !/^(0|[1-9]\d{0,18})$/.test(seq) || BigInt(seq) > MAX_SEQ) throw invalidCursor();
  return seq;
}
