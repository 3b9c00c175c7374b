import { randomUUID } from 'node:crypto';
import { claimAndRun, type Database, inOrder, type Queryable } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { Actor, AppDeps } from '../../context.js';
import { businessRule, invalidRequest, notFound } from '../../http/errors.js';
import { parseAmountParam } from '../../http/money.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { findCorridor } from '../fx/corridors.js';
import type { QuoteRow } from '../fx/quotes.repo.js';
import { createQuote, quoteStatus } from '../fx/quotes.service.js';
import { systemAccountIds } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import { presentTransfer } from '../transfers/transfers.service.js';
import type { PayoutProvider } from './provider.js';

export type PayoutDeps = Pick<AppDeps, 'clock' | 'fx' | 'payouts'>;

type PaymentMethod = { id: string; currency: Currency; rail: string; last4: string; status: string };

async function lockQuote(tx: Queryable, id: string): Promise<QuoteRow | undefined> {
  const [row] = await tx.query<QuoteRow>(
    `SELECT id, from_currency, to_currency, rail, amount_type, source_amount::text, destination_amount::text, rate::text, fees,
            fee_total::text, total_debit::text, expires_at, used_at, transfer_id, created_at, created_by_id
       FROM quotes WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

/** Where a payout lands: an external payment method, or another account of the tenant in another currency. */
type Destination = { paymentMethodId: string | null; toAccountId: string | null; currency: Currency };

/**
 * Resolves the payout's destination. Exactly one of `paymentMethodId` / `toAccountId`; an account
 * destination takes its currency from `destinationCurrency` or the quote, and must differ from the
 * source currency (same-currency moves between accounts are `internal` transfers).
 */
async function resolveDestination(
  tx: Queryable,
  fromAccountId: string,
  currency: Currency,
  input: { paymentMethodId?: string; toAccountId?: string; destinationCurrency?: Currency },
  quote: QuoteRow | undefined,
): Promise<Destination> {
  if (Boolean(input.paymentMethodId) === Boolean(input.toAccountId)) {
    throw invalidRequest('parameter_invalid', 'A payout needs exactly one of paymentMethodId or toAccountId.', 'paymentMethodId');
  }
  if (input.paymentMethodId) {
    const [pm] = await tx.query<PaymentMethod>(
      `SELECT id, currency, rail, last4, status FROM payment_methods WHERE id = $1 AND status = 'active'`,
      [input.paymentMethodId],
    );
    if (!pm) throw notFound('payment method');
    if (input.destinationCurrency && input.destinationCurrency !== pm.currency) {
      throw invalidRequest('parameter_invalid', `This payment method receives ${pm.currency}.`, 'destinationCurrency');
    }
    return { paymentMethodId: pm.id, toAccountId: null, currency: pm.currency };
  }
  const toAccountId = input.toAccountId as string;
  if (toAccountId === fromAccountId) {
    throw invalidRequest('self_transfer', 'fromAccountId and toAccountId must be different accounts.', 'toAccountId');
  }
  const to = await getAccountOrThrow(tx, toAccountId);
  if (to.status === 'closed') throw notFound('account');
  const destinationCurrency = input.destinationCurrency ?? quote?.to_currency;
  if (!destinationCurrency) {
    throw invalidRequest('parameter_missing', 'A payout to an account needs destinationCurrency (or a quoteId).', 'destinationCurrency');
  }
  if (destinationCurrency === currency) {
    throw invalidRequest(
      'parameter_invalid',
      'Same-currency transfers between accounts are internal transfers: use type "internal".',
      'destinationCurrency',
    );
  }
  return { paymentMethodId: null, toAccountId: to.id, currency: destinationCurrency };
}

/**
 * A payout: money leaves the account for a payment method, or converts into another currency on
 * another account of the tenant, priced by `quoteId` or a fresh quote. Amount + fees move from
 * available to pending now; the settlement worker completes or fails it.
 * Errors: 400 amount, destination, same currency; 404 account, payment method or quote (foreign quotes
 * too); 422 unsupported_corridor, quote_expired, quote_used, quote_mismatch, account_suspended,
 * limit_exceeded, insufficient_funds.
 */
export async function createPayout(
  tx: Queryable,
  deps: PayoutDeps,
  actor: Actor,
  input: {
    fromAccountId: string;
    paymentMethodId?: string;
    toAccountId?: string;
    destinationCurrency?: Currency;
    amount: unknown;
    currency: Currency;
    quoteId?: string;
    description?: string;
    metadata?: Record<string, string>;
  },
) {
  const amount = parseAmountParam(input.amount, input.currency);
  const from = await getAccountOrThrow(tx, input.fromAccountId);
  const found = input.quoteId ? await lockQuote(tx, input.quoteId) : undefined;
  // A quote of another tenant is invisible (RLS); an agent may use only the quotes it asked for.
  if (input.quoteId && (!found || (actor.agent && found.created_by_id !== actor.id))) throw notFound('quote');
  const destination = await resolveDestination(tx, from.id, input.currency, input, found);
  const now = deps.clock.now();

  let quote: QuoteRow;
  if (found) {
    const status = quoteStatus(found, now);
    if (status === 'used') throw businessRule('quote_used', 'This quote was already used for a transfer.');
    if (status === 'expired') throw businessRule('quote_expired', 'This quote has expired; request a new one.');
    if (
      found.from_currency !== input.currency ||
      found.to_currency !== destination.currency ||
      !new Money(found.source_amount).eq(amount)
    ) {
      throw businessRule('quote_mismatch', 'The quote does not match this transfer’s amount, currency or destination currency.', {
        quote: { fromCurrency: found.from_currency, toCurrency: found.to_currency, sourceAmount: found.source_amount },
      });
    }
    quote = found;
  } else {
    if (!findCorridor(input.currency, destination.currency)) {
      throw businessRule('unsupported_corridor', `Cannot pay out ${input.currency} to a ${destination.currency} destination.`);
    }
    quote = await createQuote(tx, deps, actor, {
      fromCurrency: input.currency,
      toCurrency: destination.currency,
      amount: amount.toFixed(),
      amountType: 'source',
    });
  }

  const id = randomUUID();
  // One round trip, run and read in this order (see inOrder): the sender's lock and limits, the quote
  // marked used, the payout and its timeline, then the hold on the sender's balance.
  const [, [, transfer, events]] = await inOrder(
    assertCanSend(tx, from.id, amount, input.currency, now, { agent: agentLimitsOf(actor), excludeTransferId: id }),
    Promise.all([
      tx.query('UPDATE quotes SET used_at = $2, transfer_id = $3 WHERE id = $1', [quote.id, now, id]),
      transfers.insertPayout(tx, {
        tenantId: actor.tenantId,
        environment: actor.environment,
        id,
        fromAccountId: from.id,
        paymentMethodId: destination.paymentMethodId,
        toAccountId: destination.toAccountId,
        quote,
        description: input.description ?? null,
        metadata: input.metadata ?? {},
        initiatedBy: { type: actor.kind, id: actor.id, name: actor.name },
        now,
        settleAfter: new Date(now.getTime() + deps.payouts.latencyMs),
      }),
      transfers.insertEvents(tx, actor, id, [{ status: 'pending', at: now }]),
    ]),
    ledger.post(tx, {
      entries: ledger.holdEntries(from.id, input.currency, new Money(quote.total_debit)),
      referenceType: 'transfer_hold',
      referenceId: id,
      description: `Payout hold ${id}`,
      at: now,
    }),
  );
  return presentTransfer(transfer, events);
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
  while (settled < maxPayouts) {
    const now = deps.clock.now();
    const done = await claimAndRun<Due>(
      db,
      `SELECT tenant_id, environment, id FROM transfers
        WHERE type = 'payout' AND status IN ('pending', 'processing') AND settle_after <= $1
        ORDER BY settle_after LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
      (tx, due) => settleOne(tx, deps, due, now),
    );
    if (!done) break;
    settled++;
  }
  return settled;
}

/**
 * What the rail says about one payout. A payment method goes to the payout provider; an account
 * destination is converted in-house, and fails only if the receiving account was closed meanwhile.
 */
async function dispatch(tx: Queryable, deps: PayoutDeps, transfer: transfers.TransferRow) {
  if (transfer.to_account_id) {
    const [to] = await tx.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [transfer.to_account_id]);
    const note = 'converted through fx';
    return to?.status === 'closed'
      ? { note, providerReference: undefined, result: { status: 'failed' as const, reason: 'destination_account_closed' } }
      : { note, providerReference: undefined, result: { status: 'completed' as const } };
  }
  const [pm] = await tx.query<PaymentMethod>(`SELECT id, currency, rail, last4, status FROM payment_methods WHERE id = $1`, [
    transfer.payment_method_id,
  ]);
  const { providerReference } = await deps.payouts.provider.create(transfer.id, {
    rail: pm?.rail ?? 'unknown',
    last4: pm?.last4 ?? '',
    currency: transfer.destination_currency as Currency,
    amount: transfer.destination_amount ?? '0',
  });
  return { note: `sent to ${pm?.rail ?? 'rail'}`, providerReference, result: await deps.payouts.provider.status(providerReference) };
}

async function settleOne(tx: Queryable, deps: PayoutDeps, due: Due, now: Date) {
  const transfer = (await transfers.findTransfer(tx, due.id)) as transfers.TransferRow;
  const { note, providerReference, result } = await dispatch(tx, deps, transfer);
  const destinationCurrency = transfer.destination_currency as Currency;
  const system = { type: 'system' as const, id: null, name: 'settlement worker' };
  const scope = { tenantId: due.tenant_id, environment: due.environment };
  const total = new Money(transfer.total_debit);
  if (result.status === 'completed') {
    const { payouts, fees, fx } = await systemAccountIds(tx);
    const fee = new Money(transfer.fee_total);
    const amount = new Money(transfer.amount);
    const destination = new Money(transfer.destination_amount ?? transfer.amount);
    const receiver = transfer.to_account_id ?? payouts;
    const sameCurrency = destinationCurrency === transfer.currency;
    const entries = [
      ...ledger.settleHoldEntries(transfer.from_account_id, transfer.currency, [
        ...(fee.isZero() ? [] : [{ accountId: fees, amount: fee }]),
        { accountId: sameCurrency ? receiver : fx, amount },
      ]),
      ...(sameCurrency ? [] : ledger.moveEntries(fx, receiver, destinationCurrency, destination)),
    ];
    await transfers.setStatus(tx, transfer.id, 'completed', now, null, providerReference);
    await transfers.insertEvents(tx, scope, transfer.id, [
      { status: 'processing', at: now, note },
      { status: 'completed', at: now },
    ]);
    recordAudit(tx, {
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
      { status: 'processing', at: now, note },
      { status: 'failed', at: now, note: result.reason },
    ]);
    recordAudit(tx, {
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
