import type { Queryable } from '@payos/db';
import type { Currency } from '@payos/money';

/* The SQL of risk rules: the tenant's overrides of the built-in rules, and the few reads the engine makes. */

export type StoredRules = { overrides: Record<string, Record<string, unknown>>; updatedAt: Date | null };

/** The environment's overrides (RLS: the caller's tenant and environment), locked with `forUpdate`. */
export async function findOverrides(tx: Queryable, forUpdate = false): Promise<StoredRules> {
  const [row] = await tx.query<{ overrides: Record<string, Record<string, unknown>>; updated_at: Date }>(
    `SELECT overrides, updated_at FROM risk_rule_settings${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  const overrides = row?.overrides ?? {};
  return { overrides, updatedAt: row && Object.keys(overrides).length > 0 ? row.updated_at : null };
}

/** Makes sure the environment's row exists, so two changes serialize on its lock. */
export async function ensureOverrides(tx: Queryable, now: Date) {
  await tx.query(
    `INSERT INTO risk_rule_settings (tenant_id, environment, overrides, updated_at)
     VALUES ((SELECT app_tenant_id()), (SELECT app_environment()), '{}', $1) ON CONFLICT (tenant_id, environment) DO NOTHING`,
    [now],
  );
}

export async function saveOverrides(tx: Queryable, overrides: Record<string, unknown>, now: Date) {
  await tx.query('UPDATE risk_rule_settings SET overrides = $1::jsonb, updated_at = $2', [JSON.stringify(overrides), now]);
}

/**
 * Transfers that ended without money leaving (or being held): they are not sends for velocity,
 * structuring or corridors. A blocked attempt never became a transfer at all.
 */
export const NOT_SENT = ['cancelled', 'denied', 'expired', 'rejected'];

export type RecentSendsRow = {
  account_id: string;
  currency: Currency;
  count_hour: number;
  count_day: number;
  amount_hour: string;
  amount_day: string;
  /** Sends of the day whose amount is in the structuring band of their currency (0 when no band was asked for). */
  in_band: number;
};

/**
 * What each sender sent in the 24 h before `now`, per currency: counts and sums over the last hour and
 * the day, and how many amounts fell in `bands` (per currency, [low, high) in that currency). A window
 * has a start and no end, as limits' (a send stamped after `now` happened). `excludeIds`: the
 * candidates themselves, should one be written already. One indexed range scan per sender (transfers_from_idx).
 */
export function recentSends(
  tx: Queryable,
  accountIds: string[],
  now: Date,
  bands: { currency: Currency; low: string; high: string }[],
  excludeIds: string[],
): Promise<RecentSendsRow[]> {
  return tx.query<RecentSendsRow>(
    `SELECT t.from_account_id AS account_id, t.currency,
            (count(*) FILTER (WHERE t.created_at > $2))::int AS count_hour,
            count(*)::int AS count_day,
            COALESCE(sum(t.amount) FILTER (WHERE t.created_at > $2), 0)::text AS amount_hour,
            sum(t.amount)::text AS amount_day,
            (count(*) FILTER (WHERE t.amount >= b.low AND t.amount < b.high))::int AS in_band
       FROM transfers t
       LEFT JOIN unnest($4::text[], $5::numeric[], $6::numeric[]) AS b (currency, low, high) ON b.currency = t.currency
      WHERE t.from_account_id = ANY($1::uuid[]) AND t.created_at > $3 AND t.status <> ALL($7::text[]) AND t.id <> ALL($8::uuid[])
      GROUP BY t.from_account_id, t.currency`,
    [
      accountIds,
      new Date(now.getTime() - 60 * 60 * 1000),
      new Date(now.getTime() - 24 * 60 * 60 * 1000),
      bands.map((b) => b.currency),
      bands.map((b) => b.low),
      bands.map((b) => b.high),
      NOT_SENT,
      excludeIds,
    ],
  );
}

export type RiskAccountRow = { id: string; name: string; created_at: Date };

export function accountsOf(tx: Queryable, ids: string[]): Promise<RiskAccountRow[]> {
  return tx.query<RiskAccountRow>('SELECT id, name, created_at FROM accounts WHERE id = ANY($1::uuid[])', [ids]);
}

export type RiskPaymentMethodRow = { id: string; created_at: Date; holder_name: string | null };

/** The payment methods' age and holder name (every rail but usdc has one; it is in the masked details). */
export function paymentMethodsOf(tx: Queryable, ids: string[]): Promise<RiskPaymentMethodRow[]> {
  return tx.query<RiskPaymentMethodRow>(
    `SELECT id, created_at, masked->>'holderName' AS holder_name FROM payment_methods WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}

/**
 * Of these (sender, destination currency) pairs, those the sender already paid out into (a payout that
 * was sent or is held, whatever its outcome since). transfers_corridor_idx answers each pair.
 */
export function knownCorridors(
  tx: Queryable,
  pairs: { accountId: string; currency: Currency }[],
  excludeIds: string[],
): Promise<{ account_id: string; currency: Currency }[]> {
  return tx.query<{ account_id: string; currency: Currency }>(
    `SELECT DISTINCT t.from_account_id AS account_id, t.destination_currency AS currency
       FROM transfers t
      WHERE t.type = 'payout' AND (t.from_account_id, t.destination_currency) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
        AND t.status <> ALL($3::text[]) AND t.id <> ALL($4::uuid[])`,
    [pairs.map((p) => p.accountId), pairs.map((p) => p.currency), NOT_SENT, excludeIds],
  );
}
