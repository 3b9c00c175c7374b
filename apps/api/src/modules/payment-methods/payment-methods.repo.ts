import type { Environment, Queryable } from '@payos/db';
import type { Currency } from '@payos/money';
import type { Rail } from './payment-methods.rails.js';

export type PaymentMethodRow = {
  id: string;
  account_id: string;
  type: 'bank_account' | 'wallet';
  rail: Rail;
  currency: Currency;
  label: string | null;
  masked: Record<string, string>;
  last4: string;
  status: 'active' | 'removed';
  allowlisted: boolean;
  created_at: Date;
};

// `details` (the full destination) is deliberately not selected: only the payout path reads it.
const COLUMNS = 'id, account_id, type, rail, currency, label, masked, last4, status, allowlisted, created_at';

export async function insertPaymentMethod(
  tx: Queryable,
  pm: {
    tenantId: string;
    environment: Environment;
    id: string;
    accountId: string;
    type: string;
    rail: string;
    currency: string;
    label?: string;
    details: Record<string, string>;
    masked: Record<string, string>;
    last4: string;
    now: Date;
  },
): Promise<PaymentMethodRow> {
  const [row] = await tx.query<PaymentMethodRow>(
    `INSERT INTO payment_methods (tenant_id, environment, id, account_id, type, rail, currency, label, details, masked, last4, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10::text::jsonb, $11, $12) RETURNING ${COLUMNS}`,
    [
      pm.tenantId,
      pm.environment,
      pm.id,
      pm.accountId,
      pm.type,
      pm.rail,
      pm.currency,
      pm.label ?? null,
      JSON.stringify(pm.details),
      JSON.stringify(pm.masked),
      pm.last4,
      pm.now,
    ],
  );
  return row as PaymentMethodRow;
}

/**
 * An active payment method of this account. One of another account (of the tenant, or anything RLS
 * hides), a removed one or an unknown id is undefined: a payout or schedule may only use the sending
 * account's own destinations.
 */
export async function findActiveMethodOfAccount(tx: Queryable, accountId: string, id: string): Promise<PaymentMethodRow | undefined> {
  const [row] = await tx.query<PaymentMethodRow>(
    `SELECT ${COLUMNS} FROM payment_methods WHERE id = $1 AND account_id = $2 AND status = 'active'`,
    [id, accountId],
  );
  return row;
}

/** A payment method of this account whatever its status (settlement reads the one a payout was made to). */
export async function findMethodOfAccount(tx: Queryable, accountId: string, id: string): Promise<PaymentMethodRow | undefined> {
  const [row] = await tx.query<PaymentMethodRow>(`SELECT ${COLUMNS} FROM payment_methods WHERE id = $1 AND account_id = $2`, [
    id,
    accountId,
  ]);
  return row;
}

export function listPaymentMethods(tx: Queryable, accountId: string): Promise<PaymentMethodRow[]> {
  return tx.query<PaymentMethodRow>(
    `SELECT ${COLUMNS} FROM payment_methods WHERE account_id = $1 AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT 100`,
    [accountId],
  );
}

export async function removePaymentMethod(tx: Queryable, accountId: string, id: string, now: Date): Promise<PaymentMethodRow | undefined> {
  const [row] = await tx.query<PaymentMethodRow>(
    `UPDATE payment_methods SET status = 'removed', removed_at = $3
      WHERE id = $1 AND account_id = $2 AND status = 'active' RETURNING ${COLUMNS}`,
    [id, accountId, now],
  );
  return row;
}

/** Allowlists an active payment method of this account (or no longer); undefined when there is none. */
export async function setAllowlisted(
  tx: Queryable,
  accountId: string,
  id: string,
  allowlisted: boolean,
): Promise<PaymentMethodRow | undefined> {
  const [row] = await tx.query<PaymentMethodRow>(
    `UPDATE payment_methods SET allowlisted = $3 WHERE id = $1 AND account_id = $2 AND status = 'active' RETURNING ${COLUMNS}`,
    [id, accountId, allowlisted],
  );
  return row;
}
