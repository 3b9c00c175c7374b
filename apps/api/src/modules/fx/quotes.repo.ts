import type { FeeType } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import type { Rail } from '../payment-methods/payment-methods.rails.js';

export type QuoteRow = {
  id: string;
  from_currency: Currency;
  to_currency: Currency;
  rail: Rail;
  amount_type: 'source' | 'destination';
  source_amount: string;
  destination_amount: string;
  rate: string;
  fees: { type: FeeType; amount: string }[];
  fee_total: string;
  total_debit: string;
  expires_at: Date;
  used_at: Date | null;
  transfer_id: string | null;
  created_at: Date;
  /** The user, API key or agent that asked for it. */
  created_by_id: string | null;
};

const COLUMNS = `id, from_currency, to_currency, rail, amount_type, source_amount::text, destination_amount::text, rate::text, fees,
  fee_total::text, total_debit::text, expires_at, used_at, transfer_id, created_at, created_by_id`;

export async function insertQuote(
  tx: Queryable,
  q: Omit<QuoteRow, 'used_at' | 'transfer_id'> & { tenantId: string; environment: Environment },
): Promise<QuoteRow> {
  const [row] = await tx.query<QuoteRow>(
    `INSERT INTO quotes (tenant_id, environment, id, from_currency, to_currency, rail, amount_type, source_amount, destination_amount,
                         rate, fees, fee_total, total_debit, expires_at, created_at, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
    [
      q.tenantId,
      q.environment,
      q.id,
      q.from_currency,
      q.to_currency,
      q.rail,
      q.amount_type,
      q.source_amount,
      q.destination_amount,
      q.rate,
      JSON.stringify(q.fees),
      q.fee_total,
      q.total_debit,
      q.expires_at,
      q.created_at,
      q.created_by_id,
    ],
  );
  return row as QuoteRow;
}

/** `lock`: FOR UPDATE, so two transfers cannot both use one quote. */
export async function findQuote(tx: Queryable, id: string, lock = false): Promise<QuoteRow | undefined> {
  const [row] = await tx.query<QuoteRow>(`SELECT ${COLUMNS} FROM quotes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

/** Marks a quote used by a transfer (the caller locked it with `findQuote(…, true)`). */
export async function markQuoteUsed(tx: Queryable, id: string, transferId: string, now: Date): Promise<void> {
  await tx.query('UPDATE quotes SET used_at = $2, transfer_id = $3 WHERE id = $1', [id, now, transferId]);
}
