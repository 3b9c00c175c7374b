import {
  type FeeType,
  PAYMENT_RAILS,
  RAIL_NAMES,
  type RefundReason,
  type RefundStatus,
  type ReturnCode,
  type TransferRecipient,
  type TransferStatus,
  type TransferType,
} from '@payos/contracts';
import { type Claimed, claimAndRun, type Database, type Environment, type Queryable } from '@payos/db';
import { CURRENCIES, type Currency, scaleOf } from '@payos/money';
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
  /** Succeeded and pending refunds, kept with the refunds under the transfer's row lock (refunds.service.ts). */
  refunded_amount: string;
  refund_pending_amount: string;
  refund_count: number;
  /** Set when a completed payout came back (status returned). */
  return_code: ReturnCode | null;
  return_reason: string | null;
  returned_at: Date | null;
  /** Travel rule data as given (the account number in full; presenters mask it). */
  travel_rule: StoredTravelRule | null;
  created_at: Date;
  updated_at: Date;
  /** Read with the row (COLUMNS): the sending account's name and who the transfer pays, as the wire shows them. */
  from_account_name: string | null;
  recipient: TransferRecipient | null;
};

export type StoredTravelRule = {
  originator: { name: string; address: string; accountNumber: string };
  beneficiary: { name: string; address: string | null };
};

/** A refund as the transfer lists it. */
export type TransferRefundRow = {
  transfer_id: string;
  id: string;
  amount: string;
  status: RefundStatus;
  reason: RefundReason;
  created_at: Date;
};

export type TransferEventRow = { transfer_id: string; status: TransferStatus; note: string | null; at: Date };

/** The JSON text of a nullable value: a string escaped as JSON.stringify escapes it (same characters, same \u00xx), or null. */
const json = (value: string) => `coalesce(to_json(${value})::text, 'null')`;

/** A rail's name (contracts RAIL_NAMES), for a payment method without a label. */
const railNameSql = (rail: string) => `CASE ${rail} ${PAYMENT_RAILS.map((r) => `WHEN '${r}' THEN '${RAIL_NAMES[r]}'`).join(' ')} END`;

/**
 * A payment method `pm` as a transfer's recipient (contracts TransferRecipient), JSON text in the wire's
 * key order. Only what its presenter shows (`masked`, `label`, `last4`; never `details`): its holder's
 * name and its label (or rail) with the last four characters of its number; a wallet its label (or
 * "USDC wallet") and its network with its masked address.
 */
const paymentMethodRecipientSql = (pm: string) => `concat('{"type":"payment_method","id":"', ${pm}.id, '","name":',
  ${json(`CASE WHEN ${pm}.type = 'wallet' THEN coalesce(${pm}.label, 'USDC wallet')
                ELSE coalesce(${pm}.masked ->> 'holderName', ${pm}.label, ${railNameSql(`${pm}.rail`)}) END`)},
  ',"detail":',
  ${json(`CASE WHEN ${pm}.type = 'wallet' THEN concat('USDC on ', initcap(${pm}.masked ->> 'network'), ' ', ${pm}.masked ->> 'address')
                ELSE concat(coalesce(${pm}.label, ${railNameSql(`${pm}.rail`)}), ' ••••', ${pm}.last4) END`)},
  '}')`;

/** An account `a` as a transfer's recipient: its name, no detail. */
const accountRecipientSql = (a: string) =>
  `concat('{"type":"account","id":"', ${a}.id, '","name":', ${json(`${a}.name`)}, ',"detail":null}')`;

/**
 * One transfer row's names (COLUMNS), each a primary-key lookup under RLS like the row itself: its
 * sending account's name, and its recipient — its payment method (a payout), else its receiving account.
 * Accounts are closed, never deleted, payment methods removed but kept: both still read the same.
 * A page of the list joins them once instead (listTransfersJson), with the same JSON builders.
 */
const NAME_COLUMNS = `(SELECT a.name FROM accounts a WHERE a.tenant_id = transfers.tenant_id AND a.id = transfers.from_account_id) AS from_account_name,
  (CASE WHEN transfers.payment_method_id IS NOT NULL
        THEN (SELECT ${paymentMethodRecipientSql('pm')} FROM payment_methods pm
               WHERE pm.tenant_id = transfers.tenant_id AND pm.id = transfers.payment_method_id)
        ELSE (SELECT ${accountRecipientSql('a')} FROM accounts a WHERE a.tenant_id = transfers.tenant_id AND a.id = transfers.to_account_id)
   END)::json AS recipient`;

/** A transfer row's columns, with the names read along (the table is named `transfers`, unaliased, where this is used). */
const COLUMNS = `id, type, status, from_account_id, to_account_id, payment_method_id, amount::text, currency, fees, fee_total::text,
  total_debit::text, destination_amount::text, destination_currency, rate::text, quote_id, description, metadata, failure_reason,
  initiated_by_type, initiated_by_id, initiated_by_name, refunded_amount::text, refund_pending_amount::text, refund_count, return_code, return_reason, returned_at,
  travel_rule, created_at, updated_at, ${NAME_COLUMNS}`;

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
    | 'travel_rule'
    | 'from_account_name'
    | 'recipient'
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

/** The refunds of transfers that have any (`refund_count` > 0), oldest first per transfer. */
export function refundsOf(tx: Queryable, transfers: readonly Pick<TransferRow, 'id' | 'refund_count'>[]): Promise<TransferRefundRow[]> {
  const ids = transfers.filter((t) => t.refund_count > 0).map((t) => t.id);
  if (ids.length === 0) return Promise.resolve([]);
  return tx.query<TransferRefundRow>(
    `SELECT transfer_id, id, amount::text, status, reason, created_at FROM refunds
      WHERE transfer_id = ANY($1::uuid[]) ORDER BY transfer_id, created_at, id`,
    [ids],
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

/** An instant as Date#toISOString() writes it: UTC, milliseconds truncated (as the driver truncates them). */
const isoText = (instant: string) => `to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A currency's scale (packages/money), NULL for a currency it does not know. */
const scaleSql = (currency: string) => `CASE ${currency} ${CURRENCIES.map((c) => `WHEN '${c}' THEN ${scaleOf(c)}`).join(' ')} END`;

/** A nullable uuid or decimal as a JSON string (no character of either needs escaping), or null. */
const quoted = (value: string) => `coalesce('"' || ${value} || '"', 'null')`;

/**
 * A metadata object (string values, at most 50 keys) as JSON.stringify writes the object the driver
 * parses it into: jsonb keeps its keys ordered (shorter first), JSON.parse keeps that order except for
 * keys that are array indices (canonical integers up to 2^32 − 2), which a JavaScript object lists
 * first, in numeric order.
 */
const metadataJson = (metadata: string) =>
  `CASE WHEN ${metadata} = '{}'::jsonb THEN '{}' ELSE (
     SELECT '{' || string_agg(to_json(m.key)::text || ':' ||
                              CASE jsonb_typeof(m.value) WHEN 'string' THEN to_json(m.value #>> '{}')::text ELSE m.value::text END, ','
                              ORDER BY CASE WHEN m.key ~ '^(0|[1-9][0-9]{0,9})$' THEN CASE WHEN m.key::bigint <= 4294967294 THEN m.key::bigint END END
                                       NULLS LAST, m.ord) || '}'
       FROM jsonb_each(${metadata}) WITH ORDINALITY AS m (key, value, ord)) END`;

/**
 * The wire Transfer (transfers.service present()) of the row `t` (its currency's scale as `s.scale`,
 * its sending account `fa`, receiving account `ra` and payment method `pm` joined, each null when none)
 * as JSON text, byte for byte what JSON.stringify writes for it: the same keys in the same order,
 * amounts cut to the currency's scale as amountText cuts them (stored amounts never carry more digits:
 * parseAmount refuses them and quote fees are rounded up to scale), the rate as Decimal#toString
 * writes it (trim_scale), instants as isoText, the timeline in seq order. Type, status and initiator
 * type are codes of a few lower-case letters (CHECK constraints; an event's status is a TransferStatus
 * written by the code) and go in quotes as they are; text anyone wrote goes through to_json.
 *
 * The timeline is aggregated from a subquery that reads the events in seq order straight from their
 * (tenant, transfer, seq) index: string_agg(… ORDER BY seq) would sort each transfer's events again
 * (a sort per transfer on PostgreSQL 15, a sixth of the statement's time). An aggregate over an
 * ordered subquery takes its rows in that order (PostgreSQL's documented way, e.g. xmlagg's).
 */
const TRANSFER_JSON = `concat(
  '{"id":"', t.id, '","type":"', t.type, '","status":"', t.status, '"',
  ',"fromAccountId":"', t.from_account_id, '","fromAccountName":', ${json('fa.name')},
  ',"toAccountId":', ${quoted('t.to_account_id')},
  ',"paymentMethodId":', ${quoted('t.payment_method_id')},
  ',"recipient":', CASE WHEN pm.id IS NOT NULL THEN ${paymentMethodRecipientSql('pm')}
                        WHEN t.payment_method_id IS NULL AND ra.id IS NOT NULL THEN ${accountRecipientSql('ra')} ELSE 'null' END,
  ',"amount":"', round(t.amount, s.scale), '","currency":', to_json(t.currency),
  ',"fees":{"total":"', round(t.fee_total, s.scale), '","breakdown":[',
  CASE WHEN t.fees <> '[]'::jsonb THEN (
    SELECT string_agg(concat('{"type":', ${json("f.line ->> 'type'")}, ',"amount":"', round((f.line ->> 'amount')::numeric, s.scale), '"}'), ','
                      ORDER BY f.ord)
      FROM jsonb_array_elements(t.fees) WITH ORDINALITY AS f (line, ord)) END,
  ']},"totalDebit":"', round(t.total_debit, s.scale),
  '","destinationAmount":', ${quoted(`round(t.destination_amount, ${scaleSql('t.destination_currency')})`)},
  ',"destinationCurrency":', ${json('t.destination_currency')},
  ',"rate":', ${quoted('trim_scale(t.rate)')},
  ',"quoteId":', ${quoted('t.quote_id')},
  ',"description":', ${json('t.description')},
  ',"metadata":', ${metadataJson('t.metadata')},
  ',"failureReason":', ${json('t.failure_reason')},
  ',"initiatedBy":{"type":"', t.initiated_by_type, '","id":', ${quoted('t.initiated_by_id')},
  ',"name":', ${json('t.initiated_by_name')},
  '},"refundedAmount":"', round(t.refunded_amount, s.scale),
  '","refundableAmount":"',
  CASE WHEN t.type = 'internal' AND t.status = 'completed' THEN round(t.amount - t.refunded_amount - t.refund_pending_amount, s.scale)
       ELSE round(0, s.scale) END,
  '","refunds":[',
  CASE WHEN t.refund_count > 0 THEN (SELECT string_agg(x.refund, ',') FROM (
     SELECT concat('{"id":"', r.id, '","amount":"', round(r.amount, s.scale), '","status":"', r.status, '","reason":"', r.reason,
                   '","createdAt":"', ${isoText('r.created_at')}, '"}') AS refund
       FROM refunds r WHERE r.tenant_id = t.tenant_id AND r.transfer_id = t.id ORDER BY r.created_at, r.id) x) END,
  '],"returnDetails":',
  CASE WHEN t.return_code IS NULL THEN 'null'
       ELSE concat('{"code":"', t.return_code, '","reason":', ${json('t.return_reason')}, ',"returnedAt":"', ${isoText('t.returned_at')}, '"}') END,
  ',"travelRule":',
  CASE WHEN t.travel_rule IS NULL THEN 'null'
       ELSE concat('{"originator":{"name":', ${json("t.travel_rule #>> '{originator,name}'")},
                   ',"address":', ${json("t.travel_rule #>> '{originator,address}'")},
                   ',"accountNumber":', ${json("'••••' || right(t.travel_rule #>> '{originator,accountNumber}', least(4, length(t.travel_rule #>> '{originator,accountNumber}') / 2))")},
                   '},"beneficiary":{"name":', ${json("t.travel_rule #>> '{beneficiary,name}'")},
                   ',"address":', ${json("t.travel_rule #>> '{beneficiary,address}'")}, '}}') END,
  ',"timeline":[',
  (SELECT string_agg(x.event, ',') FROM (
     SELECT concat('{"status":"', e.status, '","note":', ${json('e.note')}, ',"at":"', ${isoText('e.at')}, '"}') AS event
       FROM transfer_events e WHERE e.tenant_id = t.tenant_id AND e.transfer_id = t.id ORDER BY e.seq) x),
  '],"createdAt":"', ${isoText('t.created_at')}, '","updatedAt":"', ${isoText('t.updated_at')}, '"}')`;

/** A transfer of a list page: its wire JSON, and what the page's cursor is made of. */
export type TransferJsonRow = { id: string; created_at: Date; json: string };

/**
 * One page of transfers, each already its wire JSON text (TRANSFER_JSON): one round trip whatever
 * the page size, and the driver reads three values per transfer instead of two dozen, with no
 * presenter and no JSON.stringify behind it.
 *
 * The statement names only the filters in use, and the page size as a constant: each combination is
 * a prepared statement of its own whose generic plan PostgreSQL can keep. With every filter written
 * as `($n IS NULL OR …)` and `LIMIT $n`, the generic plan could not know which filters apply nor how
 * many rows are wanted, so it was either re-planned on every request (a custom plan, a third of the
 * statement's cost) or, when kept, read every row of the tenant before sorting them.
 */
export function listTransfersJson(tx: Queryable, f: TransferFilter, page: { limit: number; cursor?: Cursor }): Promise<TransferJsonRow[]> {
  const limit = page.limit + 1;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`listTransfers: invalid page size ${page.limit}`);
  const params: unknown[] = [];
  const conditions: string[] = [];
  /** Appends a condition on the next parameter; `$` in `sql` stands for it. */
  const condition = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replaceAll('$', `$${params.length}`));
  };
  const given = (value: unknown) => value !== undefined && value !== null;
  if (given(f.status)) condition('t.status = $::text', f.status);
  if (given(f.type)) condition('t.type = $::text', f.type);
  if (given(f.accountId)) condition('(t.from_account_id = $::uuid OR t.to_account_id = $::uuid)', f.accountId);
  if (given(f.from)) condition('t.created_at >= $::timestamptz', f.from);
  if (given(f.to)) condition('t.created_at < $::timestamptz', f.to);
  if (given(f.minAmount)) condition('t.amount >= $::numeric', f.minAmount);
  if (given(f.maxAmount)) condition('t.amount <= $::numeric', f.maxAmount);
  if (f.search) condition('t.description ILIKE $::text', `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [before, beforeId] = afterCursor(page.cursor);
  params.push(before, beforeId);
  conditions.push(`(t.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  const where = conditions.join('\n        AND ');
  const key = `${limit} ${where}`;
  let text = listStatements.get(key);
  if (text === undefined) {
    // The page is chosen first; its names are then joined by primary key: the join's cost follows the
    // page size, never the rows the filters match.
    text = `SELECT t.id, t.created_at, ${TRANSFER_JSON} AS json
       FROM (SELECT * FROM transfers t
              WHERE ${where}
              ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit}) t
            CROSS JOIN LATERAL (SELECT ${scaleSql('t.currency')} AS scale) s
            LEFT JOIN accounts fa ON fa.tenant_id = t.tenant_id AND fa.id = t.from_account_id
            LEFT JOIN accounts ra ON ra.tenant_id = t.tenant_id AND ra.id = t.to_account_id
            LEFT JOIN payment_methods pm ON pm.tenant_id = t.tenant_id AND pm.id = t.payment_method_id
      ORDER BY t.created_at DESC, t.id DESC`;
    listStatements.set(key, text);
  }
  return tx.query<TransferJsonRow>(text, params);
}

/**
 * The list statements by page size and filters (at most 100 sizes × 2^8 combinations): the same
 * string each time, so the driver's prepared-statement lookup does not hash 4 kB of SQL text anew
 * on every request.
 */
const listStatements = new Map<string, string>();

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
    /** `requires_review` when a risk rule holds it, `requires_approval` when an approval policy matched it. */
    status: 'pending' | 'requires_approval' | 'requires_review';
    travelRule: StoredTravelRule | null;
  },
): Promise<TransferRow> {
  const q = p.quote;
  const [row] = await tx.query<TransferRow>(
    `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, payment_method_id, amount, currency, fees, fee_total,
                            total_debit, destination_amount, destination_currency, rate, quote_id, description, metadata,
                            initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at, settle_after, to_account_id,
                            travel_rule)
     VALUES ($1, $2, $3, 'payout', $23, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14, $15, $16::text::jsonb,
             $17, $18, $19, $20, $20, $21, $22, $24::text::jsonb)
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
      p.status,
      p.travelRule === null ? null : JSON.stringify(p.travelRule),
    ],
  );
  return row as TransferRow;
}

/** Locks a transfer's row; `skipLocked`: undefined when another transaction holds it (a worker moves on). */
export async function lockTransfer(tx: Queryable, id: string, skipLocked = false): Promise<TransferRow | undefined> {
  const [row] = await tx.query<TransferRow>(
    `SELECT ${COLUMNS} FROM transfers WHERE id = $1 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
    [id],
  );
  return row;
}

export function findTransfers(tx: Queryable, ids: string[]): Promise<TransferRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.query<TransferRow>(`SELECT ${COLUMNS} FROM transfers WHERE id = ANY($1::uuid[])`, [ids]);
}

/** A change that is not a status change (an approval of several) still moves updated_at. */
export async function touch(tx: Queryable, id: string, now: Date) {
  await tx.query('UPDATE transfers SET updated_at = $2 WHERE id = $1', [id, now]);
}

/** An approved payout goes to the settlement worker: pending, due after the rail's latency. */
export async function releaseApprovedPayout(tx: Queryable, id: string, now: Date, settleAfter: Date) {
  await tx.query(`UPDATE transfers SET status = 'pending', updated_at = $2, settle_after = $3 WHERE id = $1`, [id, now, settleAfter]);
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

/** A sending account's verification status (`suspended` sends nothing). */
export async function senderVerificationStatus(tx: Queryable, accountId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ verification_status: string }>('SELECT verification_status FROM accounts WHERE id = $1', [accountId]);
  return row?.verification_status;
}

/** After a payout completed: when to ask its provider whether it came back. */
export async function setReturnCheck(tx: Queryable, id: string, after: Date) {
  await tx.query('UPDATE transfers SET return_check_after = $2 WHERE id = $1', [id, after]);
}

/** Nothing more to ask about a payout's return. */
export async function clearReturnCheck(tx: Queryable, id: string) {
  await tx.query('UPDATE transfers SET return_check_after = NULL WHERE id = $1', [id]);
}

export async function providerReferenceOf(tx: Queryable, id: string): Promise<string | null> {
  const [row] = await tx.query<{ provider_reference: string | null }>('SELECT provider_reference FROM transfers WHERE id = $1', [id]);
  return row?.provider_reference ?? null;
}

/** completed → returned, with why and when (the table's CHECK wants all three). */
export async function markReturned(tx: Queryable, id: string, r: { code: ReturnCode; reason: string; at: Date }) {
  await tx.query(
    `UPDATE transfers SET status = 'returned', return_code = $2, return_reason = $3, returned_at = $4, return_check_after = NULL, updated_at = $4
      WHERE id = $1`,
    [id, r.code, r.reason, r.at],
  );
}

/**
 * Claims the completed payout whose return check fell due first, with FOR UPDATE SKIP LOCKED, as the
 * owner role, and runs `check` on it in its tenant (see claimAndRun). Resolves to false when none is due.
 */
export function claimDueReturnCheck(db: Database, now: Date, check: (tx: Queryable, due: Claimed) => Promise<void>): Promise<boolean> {
  return claimAndRun<Claimed>(
    db,
    `SELECT tenant_id, environment, id FROM transfers
      WHERE status = 'completed' AND return_check_after <= $1
      ORDER BY return_check_after LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
    check,
  );
}

/** Opens a savepoint one return check runs under: `rollback` undoes only what it wrote, `release` keeps it. */
export async function returnCheckSavepoint(tx: Queryable): Promise<{ release: () => Promise<void>; rollback: () => Promise<void> }> {
  await tx.exec('SAVEPOINT return_check');
  return {
    release: () => tx.exec('RELEASE SAVEPOINT return_check'),
    rollback: () => tx.exec('ROLLBACK TO SAVEPOINT return_check'),
  };
}

/** An account's status, read FOR KEY SHARE: it cannot be closed (FOR UPDATE) until the caller commits. */
export async function lockAccountOpen(tx: Queryable, accountId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1 FOR KEY SHARE', [accountId]);
  return row?.status;
}
