import type { RefundReason, RefundStatus } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type RefundRow = {
  id: string;
  transfer_id: string;
  from_account_id: string;
  to_account_id: string;
  amount: string;
  currency: Currency;
  status: RefundStatus;
  reason: RefundReason;
  reason_details: string | null;
  metadata: Record<string, string>;
  failure_reason: string | null;
  ledger_transaction_id: string | null;
  dispute_id: string | null;
  initiated_by_type: 'user' | 'api_key' | 'agent' | 'system';
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, transfer_id, from_account_id, to_account_id, amount::text, currency, status, reason, reason_details, metadata,
  failure_reason, ledger_transaction_id, dispute_id, initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at`;

export async function insertRefund(tx: Queryable, scope: { tenantId: string; environment: Environment }, r: RefundRow): Promise<void> {
  await tx.query(
    `INSERT INTO refunds (tenant_id, environment, id, transfer_id, from_account_id, to_account_id, amount, currency, status, reason,
                          reason_details, metadata, failure_reason, ledger_transaction_id, initiated_by_type, initiated_by_id,
                          initiated_by_name, created_at, updated_at, dispute_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [
      scope.tenantId,
      scope.environment,
      r.id,
      r.transfer_id,
      r.from_account_id,
      r.to_account_id,
      r.amount,
      r.currency,
      r.status,
      r.reason,
      r.reason_details,
      JSON.stringify(r.metadata),
      r.failure_reason,
      r.ledger_transaction_id,
      r.initiated_by_type,
      r.initiated_by_id,
      r.initiated_by_name,
      r.created_at,
      r.updated_at,
      r.dispute_id,
    ],
  );
}

/**
 * Adds a succeeded refund to its transfer's totals (the transfer's row is locked by the caller). The
 * table's CHECK refuses totals above the transfer's amount, whatever the caller decided.
 */
export async function addRefunded(tx: Queryable, transferId: string, amount: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE transfers SET refunded_amount = refunded_amount + $2::numeric, refund_count = refund_count + 1, updated_at = $3 WHERE id = $1`,
    [transferId, amount, now],
  );
}

/**
 * The status of the account a refund pays back, read under FOR KEY SHARE: the lock the refund's foreign
 * keys take anyway, taken before the money moves. It conflicts with the FOR UPDATE that closing an account
 * takes, so an account cannot be closed between this read and the refund's commit (which would leave the
 * refund's credit in a closed account); a close that committed first is seen here as `closed`.
 */
export async function lockRefundedAccount(tx: Queryable, accountId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ status: string }>(`SELECT status FROM accounts WHERE id = $1 FOR KEY SHARE`, [accountId]);
  return row?.status;
}

export async function findRefund(tx: Queryable, id: string): Promise<RefundRow | undefined> {
  const [row] = await tx.query<RefundRow>(`SELECT ${COLUMNS} FROM refunds WHERE id = $1`, [id]);
  return row;
}

export type RefundFilter = { status?: RefundStatus; accountId?: string; transferId?: string; from?: Date; to?: Date };

/** Refunds, newest first: `limit + 1` rows, so the page knows whether there is more. */
export function listRefunds(tx: Queryable, f: RefundFilter, page: { limit: number; cursor?: Cursor }): Promise<RefundRow[]> {
  return tx.query<RefundRow>(
    `SELECT ${COLUMNS} FROM refunds
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::uuid IS NULL OR from_account_id = $2 OR to_account_id = $2)
        AND ($3::uuid IS NULL OR transfer_id = $3)
        AND ($4::timestamptz IS NULL OR created_at >= $4)
        AND ($5::timestamptz IS NULL OR created_at < $5)
        AND (created_at, id) < ($6::timestamptz, $7::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $8`,
    [
      f.status ?? null,
      f.accountId ?? null,
      f.transferId ?? null,
      f.from ?? null,
      f.to ?? null,
      ...afterCursor(page.cursor),
      page.limit + 1,
    ],
  );
}
