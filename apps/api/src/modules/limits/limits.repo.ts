import type { Queryable } from '@payos/db';
import type { Currency } from '@payos/money';

/**
 * Ledger reference types that send money out of an account (their available debits count as usage)
 * and the ones that give it back (their available credits reduce usage): a voided hold is not spent.
 */
export const OUTGOING_REFERENCE_TYPES = ['transfer', 'transfer_hold', 'stream_funding', 'stream_top_up'];
export const RETURNING_REFERENCE_TYPES = ['transfer_void', 'stream_refund'];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per-currency sums over the rolling day (`daily`) and 30 days (`monthly`) ending at `now`. */
export type UsageRow = { currency: Currency; daily: string; monthly: string };

/**
 * Locks the sending account (NO KEY UPDATE, not UPDATE: foreign keys from transfers take KEY SHARE on
 * both accounts, and a full UPDATE lock would deadlock two opposite transfers A→B and B→A).
 */
export async function lockSender(tx: Queryable, accountId: string) {
  const [account] = await tx.query<{ verification_status: string; status: string; verification_tier: number }>(
    `SELECT verification_status, status, verification_tier FROM accounts WHERE id = $1 AND type <> 'system' FOR NO KEY UPDATE`,
    [accountId],
  );
  return account;
}

/** Outgoing usage of an account, from the ledger (never a counter that can drift). */
export function accountUsage(tx: Queryable, accountId: string, now: Date): Promise<UsageRow[]> {
  return tx.query<UsageRow>(
    `SELECT e.currency,
            coalesce(sum(-e.amount) FILTER (WHERE e.created_at > $2), 0)::text AS daily,
            sum(-e.amount)::text AS monthly
       FROM ledger_entries e
       JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
      WHERE e.account_id = $1 AND e.created_at > $3 AND e.created_at <= $4 AND e.part = 'available'
        AND ((t.reference_type = ANY($5::text[]) AND e.amount < 0) OR (t.reference_type = ANY($6::text[]) AND e.amount > 0))
      GROUP BY e.currency`,
    [
      accountId,
      new Date(now.getTime() - DAY_MS),
      new Date(now.getTime() - 30 * DAY_MS),
      now,
      OUTGOING_REFERENCE_TYPES,
      RETURNING_REFERENCE_TYPES,
    ],
  );
}

/**
 * What an agent started: its transfers (failed and cancelled ones do not count) and the money it put
 * into streams (funding at creation and top-ups, from the stream's events) — a stream is a send too.
 */
export function agentUsage(tx: Queryable, agentId: string, now: Date, excludeTransferId?: string): Promise<UsageRow[]> {
  return tx.query<UsageRow>(
    `SELECT currency, coalesce(sum(amount) FILTER (WHERE at > $2), 0)::text AS daily, sum(amount)::text AS monthly
       FROM (SELECT currency, amount, created_at AS at
               FROM transfers
              WHERE initiated_by_type = 'agent' AND initiated_by_id = $1::uuid AND status NOT IN ('failed', 'cancelled')
                AND created_at > $3 AND created_at <= $4 AND ($5::uuid IS NULL OR id <> $5)
             UNION ALL
             SELECT s.currency, e.amount, e.at
               FROM stream_events e
               JOIN streams s ON s.tenant_id = e.tenant_id AND s.id = e.stream_id
              WHERE e.actor_type = 'agent' AND e.actor_id = $1::text AND e.type IN ('created', 'topped_up')
                AND e.at > $3 AND e.at <= $4) sent
      GROUP BY currency`,
    [agentId, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - 30 * DAY_MS), now, excludeTransferId ?? null],
  );
}
