import { z } from '@hono/zod-openapi';
import { invalidRequest } from './errors.js';

export const MAX_PAGE_SIZE = 100;

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25).openapi({ example: 25 }),
  cursor: z.string().max(200).optional().openapi({ example: 'eyJ0IjoiMjAyNi0xMS0yNVQxNDozMDowMC4wMDBaIiwiaWQiOiIuLi4ifQ' }),
});

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const createdAt = new Date(String(parsed.t));
    if (typeof parsed.id !== 'string' || !/^[0-9a-f-]{36}$/.test(parsed.id) || Number.isNaN(createdAt.getTime())) {
      throw new Error('bad cursor');
    }
    return { createdAt, id: parsed.id };
  } catch {
    throw invalidRequest('invalid_cursor', 'cursor is not a value returned as nextCursor.', 'cursor');
  }
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

export const listSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item),
    hasMore: z.boolean().openapi({ example: false }),
    nextCursor: z.string().nullable().openapi({ example: null }),
  });

/** `seq < $n::bigint` for a sequence cursor: the last seen `seq`, or above every row (see afterCursor). */
export const afterSeq = (seq: string | undefined): string => seq ?? '9223372036854775807';

/** Cursors over an append-only sequence (ledger entries): the last seen `seq`. */
export function encodeSeqCursor(seq: string): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

export function decodeSeqCursor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof parsed.s !== 'string' || !/^\d{1,19}$/.test(parsed.s)) throw new Error('bad cursor');
    return parsed.s;
  } catch {
    throw invalidRequest('invalid_cursor', 'cursor is not a value returned as nextCursor.', 'cursor');
  }
}
