import type { Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { COLUMNS as STREAM_COLUMNS, type StreamRow } from '../streams/streams.repo.js';

/** Customer money per currency (system accounts excluded): what the tenant holds for its customers. */
export function balanceTotals(tx: Queryable) {
  return tx.query<{ currency: Currency; available: string; pending: string; in_streams: string; accounts: number }>(
    `SELECT b.currency, sum(b.available)::text AS available, sum(b.pending)::text AS pending,
            sum(b.in_streams)::text AS in_streams, count(DISTINCT b.account_id)::int AS accounts
       FROM balances b JOIN accounts a ON a.tenant_id = b.tenant_id AND a.id = b.account_id
      WHERE a.type <> 'system'
      GROUP BY b.currency ORDER BY b.currency`,
  );
}

/** Completed transfers per UTC day and source currency since `since`. */
export function dailyVolume(tx: Queryable, since: Date) {
  return tx.query<{ day: string; currency: Currency; count: number; amount: string }>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, currency, count(*)::int AS count, sum(amount)::text AS amount
       FROM transfers WHERE status = 'completed' AND created_at >= $1
      GROUP BY 1, 2`,
    [since],
  );
}

/** Completed payouts per corridor (source → destination currency) since `since`. */
export function corridorVolume(tx: Queryable, since: Date) {
  return tx.query<{ from_currency: Currency; to_currency: Currency; count: number; amount: string; destination_amount: string }>(
    `SELECT currency AS from_currency, destination_currency AS to_currency, count(*)::int AS count,
            sum(amount)::text AS amount, sum(destination_amount)::text AS destination_amount
       FROM transfers WHERE type = 'payout' AND status = 'completed' AND created_at >= $1
      GROUP BY 1, 2`,
    [since],
  );
}

/** Payouts in flight, and payouts that failed since `since`. */
export async function payoutCounts(tx: Queryable, since: Date) {
  const [row] = await tx.query<{ pending: number; processing: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'processing')::int AS processing,
            count(*) FILTER (WHERE status = 'failed' AND created_at >= $1)::int AS failed
       FROM transfers WHERE type = 'payout' AND (status IN ('pending', 'processing') OR (status = 'failed' AND created_at >= $1))`,
    [since],
  );
  return row ?? { pending: 0, processing: 0, failed: 0 };
}

/** Active streams (their live figures are computed by the caller). */
export function activeStreams(tx: Queryable) {
  return tx.query<StreamRow>(`SELECT ${STREAM_COLUMNS} FROM streams WHERE status = 'active' ORDER BY depletes_at LIMIT 500`);
}
