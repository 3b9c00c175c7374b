import type { Environment, Queryable } from '@payos/db';
import { afterCursor, afterSeq, type Cursor } from '../../core/cursor.js';

export type AccountRow = {
  id: string;
  environment: Environment;
  type: 'person' | 'business';
  name: string;
  email: string | null;
  country: string | null;
  metadata: Record<string, string>;
  verification_tier: number;
  verification_status: 'unverified' | 'pending' | 'verified' | 'suspended';
  status: 'active' | 'closed';
  created_at: Date;
  updated_at: Date;
};

export type BalanceRow = { account_id: string; currency: string; available: string; pending: string; in_streams: string };

const COLUMNS =
  'id, environment, type, name, email, country, metadata, verification_tier, verification_status, status, created_at, updated_at';

export async function insertAccount(
  tx: Queryable,
  a: {
    tenantId: string;
    environment: Environment;
    id: string;
    type: string;
    name: string;
    email?: string;
    country?: string;
    metadata?: Record<string, string>;
    now: Date;
  },
): Promise<AccountRow> {
  const [row] = await tx.query<AccountRow>(
    `INSERT INTO accounts (tenant_id, environment, id, type, name, email, country, metadata, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $9) RETURNING ${COLUMNS}`,
    [a.tenantId, a.environment, a.id, a.type, a.name, a.email ?? null, a.country ?? null, JSON.stringify(a.metadata ?? {}), a.now],
  );
  return row as AccountRow;
}

/** Customer accounts only: system accounts are internal and never found by id. */
export async function findAccount(tx: Queryable, id: string): Promise<AccountRow | undefined> {
  const [row] = await tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1 AND type <> 'system'`, [id]);
  return row;
}

export function findAccounts(tx: Queryable, ids: string[]): Promise<AccountRow[]> {
  return tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ANY($1::uuid[]) AND type <> 'system'`, [ids]);
}

export function listAccounts(
  tx: Queryable,
  filter: { type?: string; verificationStatus?: string; search?: string; onlyId?: string },
  page: { limit: number; cursor?: Cursor },
): Promise<AccountRow[]> {
  const search = filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return tx.query<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts
      WHERE type <> 'system'
        AND ($7::uuid IS NULL OR id = $7)
        AND ($1::text IS NULL OR type = $1)
        AND ($2::text IS NULL OR verification_status = $2)
        AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
        AND (created_at, id) < ($4::timestamptz, $5::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $6`,
    [filter.type ?? null, filter.verificationStatus ?? null, search, ...afterCursor(page.cursor), page.limit + 1, filter.onlyId ?? null],
  );
}

export async function updateAccount(
  tx: Queryable,
  id: string,
  patch: { name?: string; email?: string | null; country?: string | null; metadata?: Record<string, string> },
  now: Date,
): Promise<AccountRow | undefined> {
  const [row] = await tx.query<AccountRow>(
    `UPDATE accounts SET
        name = COALESCE($2, name),
        email = CASE WHEN $3::boolean THEN $4 ELSE email END,
        country = CASE WHEN $5::boolean THEN $6 ELSE country END,
        metadata = COALESCE($7::text::jsonb, metadata),
        updated_at = $8
      WHERE id = $1 AND type <> 'system' AND status = 'active'
      RETURNING ${COLUMNS}`,
    [
      id,
      patch.name ?? null,
      patch.email !== undefined,
      patch.email ?? null,
      patch.country !== undefined,
      patch.country ?? null,
      patch.metadata ? JSON.stringify(patch.metadata) : null,
      now,
    ],
  );
  return row;
}

export function balancesOf(tx: Queryable, accountIds: string[]): Promise<BalanceRow[]> {
  if (accountIds.length === 0) return Promise.resolve([]);
  return tx.query<BalanceRow>(
    `SELECT account_id, currency, available::text, pending::text, in_streams::text
       FROM balances WHERE account_id = ANY($1::uuid[]) ORDER BY currency`,
    [accountIds],
  );
}

export type LedgerEntryRow = {
  id: string;
  seq: string;
  transaction_id: string;
  account_id: string;
  currency: string;
  part: 'available' | 'pending' | 'in_streams';
  amount: string;
  balance_after: string;
  reference_type: string;
  reference_id: string | null;
  description: string | null;
  created_at: Date;
};

export function listLedgerEntries(
  tx: Queryable,
  accountId: string,
  filter: { currency?: string; from?: Date; to?: Date },
  page: { limit: number; afterSeq?: string },
): Promise<LedgerEntryRow[]> {
  return tx.query<LedgerEntryRow>(
    `SELECT e.id, e.seq::text AS seq, e.transaction_id, e.account_id, e.currency, e.part, e.amount::text, e.balance_after::text,
            t.reference_type, t.reference_id, t.description, e.created_at
       FROM ledger_entries e
       JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
      WHERE e.account_id = $1
        AND ($2::text IS NULL OR e.currency = $2)
        AND ($3::timestamptz IS NULL OR e.created_at >= $3)
        AND ($4::timestamptz IS NULL OR e.created_at < $4)
        AND e.seq < $5::bigint
      ORDER BY e.seq DESC LIMIT $6`,
    [accountId, filter.currency ?? null, filter.from ?? null, filter.to ?? null, afterSeq(page.afterSeq), page.limit + 1],
  );
}

/** The latest return check still due on a completed payout of the account (null: none). */
export async function lastReturnCheckOf(tx: Queryable, accountId: string): Promise<Date | null> {
  const [row] = await tx.query<{ at: Date | null }>(
    `SELECT max(return_check_after) AS at FROM transfers WHERE from_account_id = $1 AND status = 'completed' AND return_check_after IS NOT NULL`,
    [accountId],
  );
  return row?.at ?? null;
}

/** Unresolved disputes the account opened as claimant (a refund resolution pays it back). */
export async function openDisputesOfClaimant(tx: Queryable, accountId: string): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM disputes WHERE claimant_account_id = $1 AND status <> 'resolved' ORDER BY created_at LIMIT 20`,
    [accountId],
  );
  return rows.map((r) => r.id);
}

/** Agents not deleted: an account that still has any cannot be closed. */
/** Streams the account sends or receives that have not ended (waiting for approval, flowing or paused). */
export async function countLiveStreamsOfAccount(tx: Queryable, accountId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM streams
      WHERE (sender_account_id = $1 OR receiver_account_id = $1) AND status IN ('requires_approval', 'active', 'paused')`,
    [accountId],
  );
  return row?.n ?? 0;
}

export async function countAgentsOfAccount(tx: Queryable, accountId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM agents WHERE account_id = $1 AND status <> 'deleted'`, [
    accountId,
  ]);
  return row?.n ?? 0;
}

/** Locks the account row for a state change (verify, suspend, activate, close). */
export async function lockAccount(tx: Queryable, id: string): Promise<AccountRow | undefined> {
  const [row] = await tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1 AND type <> 'system' FOR UPDATE`, [id]);
  return row;
}

/** The lock an UPDATE of non-key columns takes anyway (it does not wait for transfers' KEY SHARE locks): the row as it was before a change. */
export async function lockAccountForEdit(tx: Queryable, id: string): Promise<AccountRow | undefined> {
  const [row] = await tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1 AND type <> 'system' FOR NO KEY UPDATE`, [id]);
  return row;
}

export async function setAccountState(
  tx: Queryable,
  id: string,
  state: { verificationTier?: number; verificationStatus?: AccountRow['verification_status']; status?: AccountRow['status'] },
  now: Date,
): Promise<AccountRow> {
  const [row] = await tx.query<AccountRow>(
    `UPDATE accounts SET
        verification_tier = COALESCE($2, verification_tier),
        verification_status = COALESCE($3, verification_status),
        status = COALESCE($4, status),
        closed_at = CASE WHEN $4 = 'closed' THEN $5 ELSE closed_at END,
        updated_at = $5
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, state.verificationTier ?? null, state.verificationStatus ?? null, state.status ?? null, now],
  );
  return row as AccountRow;
}
