import { randomUUID } from 'node:crypto';
import { type Database, type Queryable, withOwner } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { Actor, AppDeps } from '../../context.js';
import { businessRule, notFound } from '../../http/errors.js';
import { parseAmountParam } from '../../http/money.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { findCorridor } from '../fx/corridors.js';
import type { QuoteRow } from '../fx/quotes.repo.js';
import { createQuote, quoteStatus } from '../fx/quotes.service.js';
import { systemAccountIds } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { assertCanSend } from '../limits/limits.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import type { PayoutProvider } from './provider.js';

export type PayoutDeps = Pick<AppDeps, 'clock' | 'fx' | 'payouts'>;

type PaymentMethod = { id: string; currency: Currency; rail: string; last4: string; status: string };

async function lockQuote(tx: Queryable, id: string): Promise<QuoteRow | undefined> {
  const [row] = await tx.query<QuoteRow>(
    `SELECT id, from_currency, to_currency, rail, amount_type, source_amount::text, destination_amount::text, rate::text, fees,
            fee_total::text, total_debit::text, expires_at, used_at, transfer_id, created_at
       FROM quotes WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/**
 * A payout: money leaves the account for a payment method, priced by `quoteId` or a fresh quote.
 * Amount + fees move from available to pending now; the settlement worker completes or fails it.
 * Errors: 400 amount/unsupported corridor; 404 account, payment method or quote (foreign quotes too);
 * 422 quote_expired, quote_used, quote_mismatch, account_suspended, limit_exceeded, insufficient_funds.
 */
export async function createPayout(
  tx: Queryable,
  deps: PayoutDeps,
  actor: Actor,
  input: {
    fromAccountId: string;
    paymentMethodId: string;
    amount: unknown;
    currency: Currency;
    quoteId?: string;
    description?: string;
    metadata?: Record<string, string>;
  },
) {
  const amount = parseAmountParam(input.amount, input.currency);
  const from = await getAccountOrThrow(tx, input.fromAccountId);
  const [pm] = await tx.query<PaymentMethod>(
    `SELECT id, currency, rail, last4, status FROM payment_methods WHERE id = $1 AND status = 'active'`,
    [input.paymentMethodId],
  );
  if (!pm) throw notFound('payment method');
  const now = deps.clock.now();

  let quote: QuoteRow;
  if (input.quoteId) {
    const found = await lockQuote(tx, input.quoteId);
    if (!found) throw notFound('quote');
    const status = quoteStatus(found, now);
    if (status === 'used') throw businessRule('quote_used', 'This quote was already used for a transfer.');
    if (status === 'expired') throw businessRule('quote_expired', 'This quote has expired; request a new one.');
    if (found.from_currency !== input.currency || found.to_currency !== pm.currency || !new Money(found.source_amount).eq(amount)) {
      throw businessRule('quote_mismatch', 'The quote does not match this transfer’s amount, currency or destination currency.', {
        quote: { fromCurrency: found.from_currency, toCurrency: found.to_currency, sourceAmount: found.source_amount },
      });
    }
    quote = found;
  } else {
    if (!findCorridor(input.currency, pm.currency)) {
      throw businessRule('unsupported_corridor', `Cannot pay out ${input.currency} to a ${pm.currency} destination.`);
    }
    quote = await createQuote(tx, deps, actor, {
      fromCurrency: input.currency,
      toCurrency: pm.currency,
      amount: amount.toFixed(),
      amountType: 'source',
    });
  }

  await assertCanSend(tx, from.id, amount, input.currency, now);
  const id = randomUUID();
  await tx.query('UPDATE quotes SET used_at = $2, transfer_id = $3 WHERE id = $1', [quote.id, now, id]);
  const transfer = await transfers.insertPayout(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id,
    fromAccountId: from.id,
    paymentMethodId: pm.id,
    quote,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    initiatedBy: { type: actor.kind, id: actor.id, name: actor.name },
    now,
    settleAfter: new Date(now.getTime() + deps.payouts.latencyMs),
  });
  await transfers.insertEvents(tx, actor, id, [{ status: 'pending', at: now }]);
  await ledger.post(tx, {
    entries: ledger.holdEntries(from.id, input.currency, new Money(quote.total_debit)),
    referenceType: 'transfer_hold',
    referenceId: id,
    description: `Payout hold ${id}`,
    at: now,
  });
  return transfer;
}

/** Cancels a payout that is still pending, releasing its hold. Errors: 404; 422 invalid_state. */
export async function cancelTransfer(tx: Queryable, deps: Pick<AppDeps, 'clock'>, actor: Actor, id: string) {
  const transfer = await transfers.lockTransfer(tx, id);
  if (!transfer) throw notFound('transfer');
  if (transfer.status !== 'pending') {
    throw businessRule('invalid_state', `Only pending transfers can be cancelled; this one is ${transfer.status}.`, {
      status: transfer.status,
    });
  }
  const now = deps.clock.now();
  await transfers.setStatus(tx, id, 'cancelled', now, null);
  await transfers.insertEvents(tx, actor, id, [{ status: 'cancelled', at: now }]);
  await ledger.post(tx, {
    entries: ledger.voidEntries(transfer.from_account_id, transfer.currency, new Money(transfer.total_debit)),
    referenceType: 'transfer_void',
    referenceId: id,
    description: `Cancelled payout ${id}`,
    at: now,
  });
  return (await transfers.findTransfer(tx, id)) as transfers.TransferRow;
}

type Due = { tenant_id: string; environment: 'test' | 'live'; id: string };

/**
 * One settlement pass: claims due payouts one at a time with FOR UPDATE SKIP LOCKED — so any number
 * of workers never settle a transfer twice — and settles each in a single transaction: ask the
 * provider, then post the hold (destination to payouts via fx, fees to fees) or void it. A worker that
 * dies mid-way leaves nothing half-posted: the transaction rolls back and the payout stays pending.
 * Returns how many payouts it settled. This is a cross-tenant job: it claims as the owner role, then
 * switches to the transfer's tenant (application role, RLS) for the work.
 */
export async function settleDuePayouts(db: Database, deps: PayoutDeps & { provider?: PayoutProvider }, maxPayouts = 50): Promise<number> {
  let settled = 0;
  for (let i = 0; i < maxPayouts; i++) {
    const done = await withOwner(db, async (tx) => {
      const now = deps.clock.now();
      const [due] = await tx.query<Due>(
        `SELECT tenant_id, environment, id FROM transfers
          WHERE type = 'payout' AND status IN ('pending', 'processing') AND settle_after <= $1
          ORDER BY settle_after LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (!due) return false;
      await tx.query(
        `SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.environment', $3, true)`,
        [db.appRole, due.tenant_id, due.environment],
      );
      await settleOne(tx, deps, due, now);
      return true;
    });
    if (!done) break;
    settled++;
  }
  return settled;
}

async function settleOne(tx: Queryable, deps: PayoutDeps, due: Due, now: Date) {
  const transfer = (await transfers.findTransfer(tx, due.id)) as transfers.TransferRow;
  const [pm] = await tx.query<PaymentMethod>(`SELECT id, currency, rail, last4, status FROM payment_methods WHERE id = $1`, [
    transfer.payment_method_id,
  ]);
  const provider = deps.payouts.provider;
  const destinationCurrency = transfer.destination_currency as Currency;
  const { providerReference } = await provider.create(transfer.id, {
    rail: pm?.rail ?? 'unknown',
    last4: pm?.last4 ?? '',
    currency: destinationCurrency,
    amount: transfer.destination_amount ?? '0',
  });
  const result = await provider.status(providerReference);
  const system = { type: 'system' as const, id: null, name: 'settlement worker' };
  const scope = { tenantId: due.tenant_id, environment: due.environment };
  const total = new Money(transfer.total_debit);
  if (result.status === 'completed') {
    const { payouts, fees, fx } = await systemAccountIds(tx);
    const fee = new Money(transfer.fee_total);
    const amount = new Money(transfer.amount);
    const destination = new Money(transfer.destination_amount ?? transfer.amount);
    const sameCurrency = destinationCurrency === transfer.currency;
    const entries = [
      ...ledger.settleHoldEntries(transfer.from_account_id, transfer.currency, [
        ...(fee.isZero() ? [] : [{ accountId: fees, amount: fee }]),
        { accountId: sameCurrency ? payouts : fx, amount },
      ]),
      ...(sameCurrency ? [] : ledger.moveEntries(fx, payouts, destinationCurrency, destination)),
    ];
    await transfers.setStatus(tx, transfer.id, 'completed', now, null, providerReference);
    await transfers.insertEvents(tx, scope, transfer.id, [
      { status: 'processing', at: now, note: `sent to ${pm?.rail ?? 'rail'}` },
      { status: 'completed', at: now },
    ]);
    await recordAudit(tx, {
      ...scope,
      actor: system,
      action: 'transfer.completed',
      objectType: 'transfer',
      objectId: transfer.id,
      requestId: null,
      at: now,
    });
    await ledger.post(tx, { entries, referenceType: 'transfer_settlement', referenceId: transfer.id, at: now });
  } else {
    await transfers.setStatus(tx, transfer.id, 'failed', now, result.reason, providerReference);
    await transfers.insertEvents(tx, scope, transfer.id, [
      { status: 'processing', at: now, note: `sent to ${pm?.rail ?? 'rail'}` },
      { status: 'failed', at: now, note: result.reason },
    ]);
    await recordAudit(tx, {
      ...scope,
      actor: system,
      action: 'transfer.failed',
      objectType: 'transfer',
      objectId: transfer.id,
      requestId: null,
      at: now,
    });
    await ledger.post(tx, {
      entries: ledger.voidEntries(transfer.from_account_id, transfer.currency, total),
      referenceType: 'transfer_void',
      referenceId: transfer.id,
      at: now,
    });
  }
}
