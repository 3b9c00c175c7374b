import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import type { TransferRow } from './transfers.repo.js';

/*
 * The SQL of a batch of internal transfers (internal.service.ts): everything a batch reads, locks in a
 * fixed global order, and writes set-based.
 */

export type BatchAccount = {
  id: string;
  name: string;
  status: 'active' | 'closed';
  verification_status: string;
  verification_tier: number;
};
export type BatchBalance = { account_id: string; currency: Currency; available: string; allow_negative: boolean };

/**
 * Locks the sending accounts, in id order, in one statement (NO KEY UPDATE, as a single send does:
 * foreign keys from transfers take KEY SHARE on both accounts, and a full UPDATE lock would deadlock
 * two opposite transfers). System accounts are not customer accounts: they are never found.
 */
export function lockSenders(tx: Queryable, ids: string[]): Promise<{ id: string }[]> {
  return tx.query<{ id: string }>(`SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND type <> 'system' ORDER BY id FOR NO KEY UPDATE`, [
    ids,
  ]);
}

/**
 * The accounts of a batch (senders and recipients), read once their senders are locked, and held with
 * KEY SHARE in id order (what the transfers' foreign keys take anyway): an account cannot be closed
 * between this read and the batch's COMMIT, so a recipient found open is still open when its money lands.
 */
export function readAccounts(tx: Queryable, ids: string[]): Promise<BatchAccount[]> {
  return tx.query<BatchAccount>(
    `SELECT id, name, status, verification_status, verification_tier FROM accounts
      WHERE id = ANY($1::uuid[]) AND type <> 'system' ORDER BY id FOR KEY SHARE`,
    [ids],
  );
}

/**
 * Opens the recipients' missing balance rows (an account's first money in a currency), in (account,
 * currency) order, before any balance is locked — ledger_post's order: open, then lock. Opening one
 * while holding other balances' locks could deadlock with a post that opened it first and waits for
 * one of them. Closed and system accounts are left alone (their commands are refused or never here).
 * Returns the rows this batch opened: those no accepted command credits are discarded before COMMIT
 * (discardUnusedBalances), so a refused command writes nothing.
 */
export function openBalances(
  tx: Queryable,
  keys: { accountId: string; currency: Currency }[],
): Promise<{ account_id: string; currency: Currency }[]> {
  return tx.query<{ account_id: string; currency: Currency }>(
    `INSERT INTO balances (tenant_id, environment, account_id, currency)
     SELECT a.tenant_id, a.environment, k.account_id, k.currency
       FROM unnest($1::uuid[], $2::text[]) AS k (account_id, currency)
       JOIN accounts a ON a.id = k.account_id AND a.status = 'active' AND a.type <> 'system'
      ORDER BY k.account_id, k.currency
     ON CONFLICT DO NOTHING
     RETURNING account_id, currency`,
    [keys.map((k) => k.accountId), keys.map((k) => k.currency)],
  );
}

/** Deletes rows openBalances opened that nothing moved (see migration 0034); sent with the batch's writes. */
export function discardUnusedBalances(tx: Queryable, keys: { accountId: string; currency: Currency }[]): void {
  if (keys.length === 0) return;
  tx.defer('SELECT balances_discard_unused($1::uuid[], $2::text[])', [keys.map((k) => k.accountId), keys.map((k) => k.currency)]);
}

/**
 * Locks every balance the batch will move, in (account, currency) order — the order ledger_post locks
 * in — so the posts that follow only take locks the batch already holds.
 */
export function lockBalances(tx: Queryable, keys: { accountId: string; currency: Currency }[]): Promise<BatchBalance[]> {
  return tx.query<BatchBalance>(
    `SELECT account_id, currency, available::text, allow_negative FROM balances
      WHERE (account_id, currency) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
      ORDER BY account_id, currency
        FOR UPDATE`,
    [keys.map((k) => k.accountId), keys.map((k) => k.currency)],
  );
}

/**
 * Inserts transfers and their timelines in two statements: the transfers are sent at once (the promise
 * settles with their outcome), the timelines with the next statement or COMMIT.
 * Timestamps travel as ISO strings: the drivers disagree on how to encode a Date[] parameter.
 */
export async function insertTransfers(
  tx: Queryable,
  scope: { tenantId: string; environment: Environment },
  rows: TransferRow[],
  events: { transfer_id: string; status: string; note?: string | null; at: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof TransferRow>(key: K) => rows.map((r) => r[key]);
  const inserted = tx.query(
    `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                            description, metadata, initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at)
     SELECT $1, $2, t.id, t.type, t.status, t.from_account_id, t.to_account_id, t.amount, t.currency, t.total_debit, t.description,
            t.metadata::jsonb, t.initiated_by_type, t.initiated_by_id, t.initiated_by_name, t.created_at::timestamptz,
            t.updated_at::timestamptz
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::numeric[], $9::text[], $10::numeric[], $11::text[],
                   $12::text[], $13::text[], $14::uuid[], $15::text[], $16::text[], $17::text[])
            AS t (id, type, status, from_account_id, to_account_id, amount, currency, total_debit, description, metadata,
                  initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at)`,
    [
      scope.tenantId,
      scope.environment,
      column('id'),
      column('type'),
      column('status'),
      column('from_account_id'),
      column('to_account_id'),
      column('amount'),
      column('currency'),
      column('total_debit'),
      column('description'),
      rows.map((r) => JSON.stringify(r.metadata)),
      column('initiated_by_type'),
      column('initiated_by_id'),
      column('initiated_by_name'),
      rows.map((r) => r.created_at.toISOString()),
      rows.map((r) => r.updated_at.toISOString()),
    ],
  );
  tx.defer(
    `INSERT INTO transfer_events (tenant_id, environment, id, transfer_id, status, note, at)
     SELECT $1, $2, gen_random_uuid(), e.transfer_id, e.status, e.note, e.at::timestamptz
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e (transfer_id, status, note, at, ord) ORDER BY e.ord`,
    [
      scope.tenantId,
      scope.environment,
      events.map((e) => e.transfer_id),
      events.map((e) => e.status),
      events.map((e) => e.note ?? null),
      events.map((e) => e.at.toISOString()),
    ],
  );
  await inserted;
}
