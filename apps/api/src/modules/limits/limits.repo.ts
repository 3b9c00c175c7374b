import type { Queryable } from '@payos/db';
import type { Currency } from '@payos/money';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per-currency sums over the rolling day (`daily`) and 30 days (`monthly`) ending at `now`. */
export type UsageRow = { currency: Currency; daily: string; monthly: string };

/**
 * Locks the sending account (NO KEY UPDATE, not UPDATE: foreign keys from transfers take KEY SHARE on
 * both accounts, and a full UPDATE lock would deadlock two opposite transfers A→B and B→A).
 */
export type Sender = { verification_status: string; status: string; verification_tier: number };

const SENDER = `SELECT id, verification_status, status, verification_tier FROM accounts WHERE id = $1 AND type <> 'system'`;

export async function lockSender(tx: Queryable, accountId: string): Promise<Sender | undefined> {
  const [account] = await tx.query<Sender>(`${SENDER} FOR NO KEY UPDATE`, [accountId]);
  return account;
}

/** The sending account as `lockSender` reads it, without the lock: for showing its limits, not for deciding a send. */
export async function readSender(tx: Queryable, accountId: string): Promise<(Sender & { id: string }) | undefined> {
  const [account] = await tx.query<Sender & { id: string }>(SENDER, [accountId]);
  return account;
}

/**
 * Which ledger entries count as usage is decided by the database function limit_usage_direction()
 * (packages/db/migrations/0013_limit_usage.sql), the one definition: available debits of transactions
 * that send money out (transfers, payout holds, stream funding and top-ups) count, available credits of
 * those that give a send back (voided holds, stream refunds) count against them. ledger_post() adds
 * every counted entry to its account's hourly counter (limit_usage) in the same transaction.
 */
const COUNTED = `e.part = 'available' AND sign(e.amount) = limit_usage_direction(t.reference_type)`;

/**
 * Usage of many accounts in one statement, from the hourly counters: for each of the rolling day
 * (everything after now − 24 h) and 30 days (after now − 30 d), the counters of the whole hours inside
 * the window, plus the counted entries of the window's oldest, partial hour (those after its start).
 * A window has a start and no end: a send stamped after `now` — one that committed while this check
 * waited for the sender's lock, or stamped by a clock ahead of this one — is a send that happened, and
 * leaving it out would let the two together pass a limit. The result is exactly
 * `accountUsageFromLedger`'s, at a cost of at most 720 counter rows per currency and the entries of two
 * partial hours, whatever the account's history. Takes no lock.
 * Accounts with nothing counted in the 30 days have no rows (an empty list in the map).
 */
export async function accountsUsage(tx: Queryable, accountIds: string[], now: Date): Promise<Map<string, UsageRow[]>> {
  const rows = await tx.query<UsageRow & { account_id: string }>(
    `WITH pieces AS (
       -- Whole hours: the 30 days from the first whole hour, the day from its first whole hour.
       SELECT u.account_id, u.currency, u.amount, u.entries,
              u.hour >= date_trunc('hour', $2::timestamptz, 'UTC') + interval '1 hour' AS in_day, true AS in_month
         FROM limit_usage u
        WHERE u.account_id = ANY($1::uuid[])
          AND u.hour >= date_trunc('hour', $3::timestamptz, 'UTC') + interval '1 hour'
       UNION ALL
       -- The 30 days' oldest hour, partly inside: its entries after the window's start.
       SELECT e.account_id, e.currency, -e.amount, 1, false, true
         FROM ledger_entries e JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
        WHERE e.account_id = ANY($1::uuid[]) AND ${COUNTED}
          AND e.created_at > $3 AND e.created_at < date_trunc('hour', $3::timestamptz, 'UTC') + interval '1 hour'
       UNION ALL
       -- The day's oldest hour likewise (the 30 days count that hour's counter whole).
       SELECT e.account_id, e.currency, -e.amount, 1, true, false
         FROM ledger_entries e JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
        WHERE e.account_id = ANY($1::uuid[]) AND ${COUNTED}
          AND e.created_at > $2 AND e.created_at < date_trunc('hour', $2::timestamptz, 'UTC') + interval '1 hour')
     SELECT account_id, currency,
            -- 0 when nothing counted in the day, as a sum over no entries reads.
            CASE WHEN sum(entries) FILTER (WHERE in_day) > 0 THEN sum(amount) FILTER (WHERE in_day) ELSE 0 END::text AS daily,
            sum(amount) FILTER (WHERE in_month)::text AS monthly
       FROM pieces
      GROUP BY account_id, currency
     HAVING sum(entries) FILTER (WHERE in_month) > 0
      ORDER BY account_id, currency`,
    [accountIds, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - 30 * DAY_MS)],
  );
  return byId(accountIds, rows, (r) => r.account_id);
}

/** Rows grouped under each id asked for, compared in canonical (lower-case) form as PostgreSQL prints uuids. */
function byId<R extends UsageRow>(ids: string[], rows: R[], idOf: (row: R) => string): Map<string, UsageRow[]> {
  const grouped = new Map<string, UsageRow[]>();
  for (const row of rows) {
    const id = idOf(row);
    grouped.set(id, [...(grouped.get(id) ?? []), { currency: row.currency, daily: row.daily, monthly: row.monthly }]);
  }
  return new Map(ids.map((id) => [id, grouped.get(id.toLowerCase()) ?? []]));
}

/** Outgoing usage of one account over the rolling day and 30 days ending at `now` (see `accountsUsage`). */
export async function accountUsage(tx: Queryable, accountId: string, now: Date): Promise<UsageRow[]> {
  return (await accountsUsage(tx, [accountId], now)).get(accountId) ?? [];
}

/**
 * The same figures summed from every counted ledger entry of the 30 days: the definition the
 * counters must equal, and what `accountUsage` computed before them. A cost that grows with the
 * account's month, so only for tests and verification.
 */
export function accountUsageFromLedger(tx: Queryable, accountId: string, now: Date): Promise<UsageRow[]> {
  return tx.query<UsageRow>(
    `SELECT e.currency,
            coalesce(sum(-e.amount) FILTER (WHERE e.created_at > $2), 0)::text AS daily,
            sum(-e.amount)::text AS monthly
       FROM ledger_entries e
       JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
      WHERE e.account_id = $1 AND e.created_at > $3 AND ${COUNTED}
      GROUP BY e.currency
      ORDER BY e.currency`,
    [accountId, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - 30 * DAY_MS)],
  );
}

/**
 * What agents started, in one statement: their transfers (failed and cancelled ones do not count), their
 * refunds (failed ones do not count) and the money they put into streams (funding at creation and top-ups, from the stream's events) — a
 * stream is a send too, unless it never flowed (denied, expired, cancelled before its first second). Windows as `accountsUsage`'s: a start, no end. `excludeTransferId`: a
 * transfer already written by the send being checked. Takes no lock.
 */
export async function agentsUsage(
  tx: Queryable,
  agentIds: string[],
  now: Date,
  excludeTransferId?: string,
): Promise<Map<string, UsageRow[]>> {
  const rows = await tx.query<UsageRow & { agent_id: string }>(
    `SELECT agent_id, currency, coalesce(sum(amount) FILTER (WHERE at > $2), 0)::text AS daily, sum(amount)::text AS monthly
       FROM (SELECT initiated_by_id::text AS agent_id, currency, amount, created_at AS at
               FROM transfers
              WHERE initiated_by_type = 'agent' AND initiated_by_id = ANY($1::uuid[]) AND status NOT IN ('failed', 'cancelled', 'denied', 'expired', 'rejected')
                AND created_at > $3 AND ($4::uuid IS NULL OR id <> $4)
             UNION ALL
             SELECT initiated_by_id::text, currency, amount, created_at
               FROM refunds
              WHERE initiated_by_type = 'agent' AND initiated_by_id = ANY($1::uuid[]) AND status <> 'failed' AND created_at > $3
             UNION ALL
             SELECT e.actor_id, s.currency, e.amount, e.at
               FROM stream_events e
               JOIN streams s ON s.tenant_id = e.tenant_id AND s.id = e.stream_id
              WHERE e.actor_type = 'agent' AND e.actor_id = ANY($1::uuid[]::text[]) AND e.type IN ('created', 'topped_up')
                AND e.at > $3
                -- A stream that never flowed — denied, expired, or cancelled before its first second — sent nothing.
                AND NOT (s.status IN ('denied', 'expired') OR (s.status = 'cancelled' AND s.accrued_seconds = 0))) sent
      GROUP BY agent_id, currency
      ORDER BY agent_id, currency`,
    [agentIds, new Date(now.getTime() - DAY_MS), new Date(now.getTime() - 30 * DAY_MS), excludeTransferId ?? null],
  );
  return byId(agentIds, rows, (r) => r.agent_id);
}

/** What one agent started (see `agentsUsage`). */
export async function agentUsage(tx: Queryable, agentId: string, now: Date, excludeTransferId?: string): Promise<UsageRow[]> {
  return (await agentsUsage(tx, [agentId], now, excludeTransferId)).get(agentId) ?? [];
}
