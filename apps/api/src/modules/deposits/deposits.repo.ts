import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type DepositRow = {
  id: string;
  account_id: string;
  amount: string;
  currency: Currency;
  status: 'completed';
  ledger_transaction_id: string;
  created_at: Date;
};

const COLUMNS = 'id, account_id, amount::text, currency, status, ledger_transaction_id, created_at';

export async function insertDeposit(
  tx: Queryable,
  d: {
    tenantId: string;
    environment: Environment;
    id: string;
    accountId: string;
    amount: string;
    currency: Currency;
    ledgerTransactionId: string;
    now: Date;
  },
): Promise<DepositRow> {
  const [row] = await tx.query<DepositRow>(
    `INSERT INTO deposits (tenant_id, environment, id, account_id, amount, currency, ledger_transaction_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [d.tenantId, d.environment, d.id, d.accountId, d.amount, d.currency, d.ledgerTransactionId, d.now],
  );
  return row as DepositRow;
}

export function listDeposits(tx: Queryable, filter: { accountId?: string }, page: { limit: number; cursor?: Cursor }) {
  return tx.query<DepositRow>(
    `SELECT ${COLUMNS} FROM deposits
      WHERE ($1::uuid IS NULL OR account_id = $1)
        AND (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [filter.accountId ?? null, ...afterCursor(page.cursor), page.limit + 1],
  );
}
