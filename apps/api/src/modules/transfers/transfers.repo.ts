import type { FeeType, TransferStatus, TransferType } from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type { TransferStatus };

export type TransferRow = {
  id: string;
  type: TransferType;
  status: TransferStatus;
  from_account_id: string;
  to_account_id: string | null;
  payment_method_id: string | null;
  amount: string;
  currency: Currency;
  fees: { type: FeeType; amount: string }[];
  fee_total: string;
  total_debit: string;
  destination_amount: string | null;
  destination_currency: Currency | null;
  rate: string | null;
  quote_id: string | null;
  description: string | null;
  metadata: Record<string, string>;
  failure_reason: string | null;
  initiated_by_type: 'user' | 'api_key' | 'agent' | 'system';
  initiated_by_id: string | null;
  initiated_by_name: string | null;
  created_at: Date;
  updated_at: Date;
};

export type TransferEventRow = { transfer_id: string; status: TransferStatus; note: string | null; at: Date };

const COLUMNS = `id, type, status, from_account_id, to_account_id, payment_method_id, amount::text, currency, fees, fee_total::text,
  total_debit::text, destination_amount::text, destination_currency, rate::text, quote_id, description, metadata, failure_reason,
  initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at`;

export async function insertTransfer(
  tx: Queryable,
  t: Omit<
    TransferRow,
    | 'updated_at'
    | 'fees'
    | 'fee_total'
    | 'destination_amount'
    | 'destination_currency'
    | 'rate'
    | 'quote_id'
    | 'payment_method_id'
    | 'failure_reason'
  > & {
    tenantId: string;
    environment: Environment;
  },
): Promise<TransferRow> {
  const [row] = await tx.query<TransferRow>(
    `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                            description, metadata, initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13, $14, $15, $16, $16) RETURNING ${COLUMNS}`,
    [
      t.tenantId,
      t.environment,
      t.id,
      t.type,
      t.status,
      t.from_account_id,
      t.to_account_id,
      t.amount,
      t.currency,
      t.total_debit,
      t.description,
      JSON.stringify(t.metadata),
      t.initiated_by_type,
      t.initiated_by_id,
      t.initiated_by_name,
      t.created_at,
    ],
  );
  return row as TransferRow;
}

/** Appends status changes to a transfer's timeline; returns them as eventsOf() would (no read-back needed). */
export async function insertEvents(
  tx: Queryable,
  scope: { tenantId: string; environment: Environment },
  transferId: string,
  events: { status: TransferStatus; note?: string; at: Date }[],
): Promise<TransferEventRow[]> {
  await tx.query(
    `INSERT INTO transfer_events (tenant_id, environment, id, transfer_id, status, note, at)
     SELECT $1, $2, gen_random_uuid(), $3, e.status, e.note, e.at::timestamptz
       FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e (status, note, at, ord) ORDER BY e.ord`,
    // Timestamps travel as ISO strings: the drivers disagree on how to encode a Date[] parameter.
    [
      scope.tenantId,
      scope.environment,
      transferId,
      events.map((e) => e.status),
      events.map((e) => e.note ?? null),
      events.map((e) => e.at.toISOString()),
    ],
  );
  return events.map((e) => ({ transfer_id: transferId, status: e.status, note: e.note ?? null, at: e.at }));
}

export function eventsOf(tx: Queryable, transferIds: string[]): Promise<TransferEventRow[]> {
  if (transferIds.length === 0) return Promise.resolve([]);
  return tx.query<TransferEventRow>(
    `SELECT transfer_id, status, note, at FROM transfer_events WHERE transfer_id = ANY($1::uuid[]) ORDER BY seq`,
    [transferIds],
  );
}

export async function findTransfer(tx: Queryable, id: string): Promise<TransferRow | undefined> {
  const [row] = await tx.query<TransferRow>(`SELECT ${COLUMNS} FROM transfers WHERE id = $1`, [id]);
  return row;
}

export type TransferFilter = {
  status?: TransferStatus;
  type?: TransferType;
  accountId?: string;
  from?: Date;
  to?: Date;
  minAmount?: string;
  maxAmount?: string;
  search?: string;
};

/**
 * One page of transfers, each with its timeline aggregated in the same statement (one round trip
 * whatever the page size; the events come from their (tenant, transfer, seq) index), each event's
 * `at` already in its wire form.
 *
 * The statement names only the filters in use, and the page size as a constant: each combination is
 * a prepared statement of its own whose generic plan PostgreSQL can keep. With every filter written
 * as `($n IS NULL OR …)` and `LIMIT $n`, the generic plan could not know which filters apply nor how
 * many rows are wanted, so it was either re-planned on every request (a custom plan, a third of the
 * statement's cost) or, when kept, read every row of the tenant before sorting them.
 */
export function listTransfers(
  tx: Queryable,
  f: TransferFilter,
  page: { limit: number; cursor?: Cursor },
): Promise<(TransferRow & { timeline: { status: TransferStatus; note: string | null; at: string }[] })[]> {
  const limit = page.limit + 1;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`listTransfers: invalid page size ${page.limit}`);
  const params: unknown[] = [];
  const conditions: string[] = [];
  /** Appends a condition on the next parameter; `$` in `sql` stands for it. */
  const where = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replaceAll('$', `$${params.length}`));
  };
  const given = (value: unknown) => value !== undefined && value !== null;
  if (given(f.status)) where('status = $::text', f.status);
  if (given(f.type)) where('type = $::text', f.type);
  if (given(f.accountId)) where('(from_account_id = $::uuid OR to_account_id = $::uuid)', f.accountId);
  if (given(f.from)) where('created_at >= $::timestamptz', f.from);
  if (given(f.to)) where('created_at < $::timestamptz', f.to);
  if (given(f.minAmount)) where('amount >= $::numeric', f.minAmount);
  if (given(f.maxAmount)) where('amount <= $::numeric', f.maxAmount);
  if (f.search) where('description ILIKE $::text', `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [before, beforeId] = afterCursor(page.cursor);
  params.push(before, beforeId);
  conditions.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  // The timeline's instants are written as Date#toISOString() writes them (UTC, milliseconds, both
  // truncated alike), so the page is presented without a Date per event.
  return tx.query(
    `SELECT ${COLUMNS},
            (SELECT coalesce(json_agg(json_build_object('status', e.status, 'note', e.note,
                      'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY e.seq), '[]'::json)
               FROM transfer_events e WHERE e.tenant_id = t.tenant_id AND e.transfer_id = t.id) AS timeline
       FROM transfers t
      WHERE ${conditions.join('\n        AND ')}
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    params,
  );
}

export async function insertPayout(
  tx: Queryable,
  p: {
    tenantId: string;
    environment: Environment;
    id: string;
    fromAccountId: string;
    paymentMethodId: string | null;
    toAccountId: string | null;
    quote: {
      id: string;
      from_currency: Currency;
      to_currency: Currency;
      source_amount: string;
      destination_amount: string;
      rate: string;
      fees: unknown;
      fee_total: string;
      total_debit: string;
    };
    description: string | null;
    metadata: Record<string, string>;
    initiatedBy: { type: string; id: string | null; name: string | null };
    now: Date;
    settleAfter: Date;
  },
): Promise<TransferRow> {
  const q = p.quote;
  const [row] = await tx.query<TransferRow>(
    `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, payment_method_id, amount, currency, fees, fee_total,
                            total_debit, destination_amount, destination_currency, rate, quote_id, description, metadata,
                            initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at, settle_after, to_account_id)
     VALUES ($1, $2, $3, 'payout', 'pending', $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14, $15, $16::text::jsonb,
             $17, $18, $19, $20, $20, $21, $22)
     RETURNING ${COLUMNS}`,
    [
      p.tenantId,
      p.environment,
      p.id,
      p.fromAccountId,
      p.paymentMethodId,
      q.source_amount,
      q.from_currency,
      JSON.stringify(q.fees),
      q.fee_total,
      q.total_debit,
      q.destination_amount,
      q.to_currency,
      q.rate,
      q.id,
      p.description,
      JSON.stringify(p.metadata),
      p.initiatedBy.type,
      p.initiatedBy.id,
      p.initiatedBy.name,
      p.now,
      p.settleAfter,
      p.toAccountId,
    ],
  );
  return row as TransferRow;
}

export async function lockTransfer(tx: Queryable, id: string): Promise<TransferRow | undefined> {
  const [row] = await tx.query<TransferRow>(`SELECT ${COLUMNS} FROM transfers WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

export async function setStatus(
  tx: Queryable,
  id: string,
  status: TransferStatus,
  now: Date,
  failureReason: string | null,
  providerReference?: string,
) {
  await tx.query(
    `UPDATE transfers SET status = $2, updated_at = $3, failure_reason = $4, provider_reference = COALESCE($5, provider_reference) WHERE id = $1`,
    [id, status, now, failureReason, providerReference ?? null],
  );
}

/**
 * Claims the payout that fell due first (still pending or processing) with FOR UPDATE SKIP LOCKED, as
 * the owner role, and runs `settle` on it in its tenant (see claimAndRun). Resolves to false when none is due.
 */
export function claimDuePayout(db: Database, now: Date, settle: (tx: Queryable, due: Claimed) => Promise<void>): Promise<boolean> {
  return claimAndRun<Claimed>(
    db,
    `SELECT tenant_id, environment, id FROM transfers
      WHERE type = 'payout' AND status IN ('pending', 'processing') AND settle_after <= $1
      ORDER BY settle_after LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    settle,
  );
}

/** The status of a payout's receiving account (settlement fails a conversion into an account closed meanwhile). */
export async function findAccountStatus(tx: Queryable, accountId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [accountId]);
  return row?.status;
}
