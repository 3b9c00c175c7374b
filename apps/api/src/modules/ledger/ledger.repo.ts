import { type LedgerDiscrepancy, type LedgerVerification, MAX_DISCREPANCIES_PER_KIND } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import type { Amount, Currency } from '@payos/money';

export type BalancePart = 'available' | 'pending' | 'in_streams';

export type SystemKind = 'funding' | 'payouts' | 'fees' | 'fx';
export const SYSTEM_KINDS: SystemKind[] = ['funding', 'payouts', 'fees', 'fx'];
const SYSTEM_NAMES: Record<SystemKind, string> = {
  funding: 'Funding (money in)',
  payouts: 'Payouts (money out)',
  fees: 'Fees (revenue)',
  fx: 'FX conversion pool',
};

/**
 * Creates the four system accounts in both environments of a new tenant. Runs inside the caller's
 * transaction; switches app.environment for the live set (transaction-locally) and restores it.
 */
export async function createSystemAccounts(tx: Queryable, tenantId: string, now: Date) {
  const [current] = await tx.query<{ env: string | null }>(`SELECT current_setting('app.environment', true) AS env`);
  for (const environment of ['test', 'live'] as const) {
    await tx.query(`SELECT set_config('app.environment', $1, true)`, [environment]);
    await tx.query(
      `INSERT INTO accounts (tenant_id, environment, id, type, system_kind, name, verification_tier, verification_status, created_at, updated_at)
       SELECT $1, $2, gen_random_uuid(), 'system', kind, name, 3, 'verified', $3, $3
         FROM unnest($4::text[], $5::text[]) AS s (kind, name)`,
      [tenantId, environment, now, SYSTEM_KINDS, SYSTEM_KINDS.map((k) => SYSTEM_NAMES[k])],
    );
  }
  await tx.query(`SELECT set_config('app.environment', $1, true)`, [current?.env ?? '']);
}

export async function systemAccountId(tx: Queryable, kind: SystemKind): Promise<string> {
  const [row] = await tx.query<{ id: string }>(`SELECT id FROM accounts WHERE system_kind = $1`, [kind]);
  if (!row) throw new Error(`system account ${kind} missing for this tenant environment`);
  return row.id;
}

/** All four system accounts of the current tenant environment in one query. */
export async function systemAccountIds(tx: Queryable): Promise<Record<SystemKind, string>> {
  const rows = await tx.query<{ id: string; system_kind: SystemKind }>(
    `SELECT id, system_kind FROM accounts WHERE system_kind IS NOT NULL`,
  );
  const ids = Object.fromEntries(rows.map((r) => [r.system_kind, r.id])) as Partial<Record<SystemKind, string>>;
  for (const kind of SYSTEM_KINDS) if (!ids[kind]) throw new Error(`system account ${kind} missing for this tenant environment`);
  return ids as Record<SystemKind, string>;
}

export type PostedTransaction = {
  id: string;
  referenceType: string;
  referenceId: string | null;
  description: string | null;
  entries: readonly { accountId: string; currency: Currency; part: BalancePart; amount: Amount }[];
  at: Date;
};

const POST_SQL =
  'SELECT ledger_post_many($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::numeric[], $10)';
function postParams(transactions: readonly PostedTransaction[]) {
  const at = transactions[0]?.at;
  if (!at || transactions.some((t) => t.at.getTime() !== at.getTime())) {
    throw new Error('ledger: transactions posted together share one time');
  }
  const entries = transactions.flatMap((t, index) => t.entries.map((e) => ({ ...e, transaction: index + 1 })));
  return [
    transactions.map((t) => t.id),
    transactions.map((t) => t.referenceType),
    transactions.map((t) => t.referenceId),
    transactions.map((t) => t.description),
    entries.map((e) => e.transaction),
    entries.map((e) => e.accountId),
    entries.map((e) => e.currency),
    entries.map((e) => e.part),
    entries.map((e) => e.amount.toFixed()),
    at,
  ];
}

/**
 * One call of the database function ledger_post_many() (0014_ledger_post_many.sql), which posts the
 * transactions in order as one ledger_post() each would: it asserts the entries again, locks the
 * affected balances in (account_id, currency) order, keeps every customer part non-negative after
 * each transaction, and appends the transactions and their entries with balanceAfter. Raises PY001
 * (insufficient funds; the detail is JSON) and PY002 (an account not in this tenant environment, or closed).
 */
export async function postTransactions(tx: Queryable, transactions: readonly PostedTransaction[]): Promise<void> {
  await tx.query(POST_SQL, postParams(transactions));
}

/** postTransactions sent with the next statement or COMMIT (Queryable.defer): a failure rolls the transaction back. */
export function postTransactionsOnCommit(tx: Queryable, transactions: readonly PostedTransaction[]): void {
  tx.defer(POST_SQL, postParams(transactions));
}

/**
 * Recomputes every visible balance part from its entries, checks every transaction sums to zero per
 * currency and recomputes every hourly limit usage counter from the entries it counts. Under
 * withTenant it sees one tenant environment; as the owner role, all of them. At most
 * `maxDiscrepancies` of each kind.
 */
export async function verifyLedger(tx: Queryable, maxDiscrepancies = MAX_DISCREPANCIES_PER_KIND): Promise<LedgerVerification> {
  const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM balances');
  const mismatches = await tx.query<{
    tenant_id: string;
    environment: Environment;
    account_id: string;
    currency: Currency;
    part: BalancePart;
    stored: string;
    computed: string;
  }>(
    `WITH sums AS (
       SELECT tenant_id, account_id, currency,
              coalesce(sum(amount) FILTER (WHERE part = 'available'), 0) AS available,
              coalesce(sum(amount) FILTER (WHERE part = 'pending'), 0) AS pending,
              coalesce(sum(amount) FILTER (WHERE part = 'in_streams'), 0) AS in_streams
         FROM ledger_entries GROUP BY tenant_id, account_id, currency)
     SELECT b.tenant_id, b.environment, b.account_id, b.currency, p.part, p.stored::text AS stored, p.computed::text AS computed
       FROM balances b
       LEFT JOIN sums s ON s.tenant_id = b.tenant_id AND s.account_id = b.account_id AND s.currency = b.currency
       CROSS JOIN LATERAL (VALUES ('available', b.available, coalesce(s.available, 0)),
                                  ('pending', b.pending, coalesce(s.pending, 0)),
                                  ('in_streams', b.in_streams, coalesce(s.in_streams, 0))) AS p (part, stored, computed)
      WHERE p.stored <> p.computed
      LIMIT $1`,
    [maxDiscrepancies],
  );
  const unbalanced = await tx.query<{
    tenant_id: string;
    environment: Environment;
    transaction_id: string;
    currency: Currency;
    sum: string;
  }>(
    `SELECT tenant_id, environment, transaction_id, currency, sum(amount)::text AS sum
       FROM ledger_entries GROUP BY tenant_id, environment, transaction_id, currency
      HAVING sum(amount) <> 0 LIMIT $1`,
    [maxDiscrepancies],
  );
  // The hourly limit usage counters (limit_usage, kept by ledger_post()) against the counted entries of
  // each hour: limit_usage_direction() decides which count, as for the limit check and the counters.
  const usage = await tx.query<{
    tenant_id: string;
    environment: Environment;
    account_id: string;
    currency: Currency;
    hour: Date;
    stored: string;
    computed: string;
    stored_entries: number;
    computed_entries: number;
  }>(
    `WITH counted AS (
       SELECT e.tenant_id, e.environment, e.account_id, e.currency, date_trunc('hour', e.created_at, 'UTC') AS hour,
              sum(-e.amount) AS amount, count(*)::int AS entries
         FROM ledger_entries e
         JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
        WHERE e.part = 'available' AND sign(e.amount) = limit_usage_direction(t.reference_type)
        GROUP BY 1, 2, 3, 4, 5)
     SELECT coalesce(u.tenant_id, c.tenant_id) AS tenant_id, coalesce(u.environment, c.environment) AS environment,
            coalesce(u.account_id, c.account_id) AS account_id, coalesce(u.currency, c.currency) AS currency,
            coalesce(u.hour, c.hour) AS hour, coalesce(u.amount, 0)::text AS stored, coalesce(c.amount, 0)::text AS computed,
            coalesce(u.entries, 0) AS stored_entries, coalesce(c.entries, 0) AS computed_entries
       FROM limit_usage u
       FULL JOIN counted c ON c.tenant_id = u.tenant_id AND c.account_id = u.account_id AND c.currency = u.currency AND c.hour = u.hour
      WHERE u.amount IS DISTINCT FROM c.amount OR u.entries IS DISTINCT FROM c.entries
      LIMIT $1`,
    [maxDiscrepancies],
  );
  const discrepancies: LedgerDiscrepancy[] = [
    ...mismatches.map((m) => ({
      kind: 'balance_mismatch' as const,
      tenantId: m.tenant_id,
      environment: m.environment,
      accountId: m.account_id,
      currency: m.currency,
      part: m.part,
      stored: m.stored,
      fromEntries: m.computed,
    })),
    ...unbalanced.map((u) => ({
      kind: 'unbalanced_transaction' as const,
      tenantId: u.tenant_id,
      environment: u.environment,
      transactionId: u.transaction_id,
      currency: u.currency,
      sum: u.sum,
    })),
    ...usage.map((u) => ({
      kind: 'usage_mismatch' as const,
      tenantId: u.tenant_id,
      environment: u.environment,
      accountId: u.account_id,
      currency: u.currency,
      hour: new Date(u.hour).toISOString(),
      stored: u.stored,
      fromEntries: u.computed,
      storedEntries: u.stored_entries,
      entriesFromLedger: u.computed_entries,
    })),
  ];
  return { ok: discrepancies.length === 0, balancesChecked: count?.n ?? 0, discrepancies };
}
