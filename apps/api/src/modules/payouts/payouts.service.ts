import { randomUUID } from 'node:crypto';
import type { Transfer } from '@payos/contracts';
import { claimAndRun, type Database, inOrder, type Queryable } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { parseAmountParam } from '../../core/amount.js';
import { businessRule, invalidRequest, notFound } from '../../core/errors.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { recordAudit } from '../audit/audit.repo.js';
import { findCorridor } from '../fx/corridors.js';
import type { QuoteRow } from '../fx/quotes.repo.js';
import { createQuote, getQuoteOrThrow, quoteStatus } from '../fx/quotes.service.js';
import { systemAccountIds } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import { findMethodOfAccount } from '../payment-methods/payment-methods.repo.js';
import { getSendingMethodOrThrow } from '../payment-methods/payment-methods.service.js';
import * as transfers from '../transfers/transfers.repo.js';
import { assertAgentSendsFrom, canonicalId, canonicalIdOrUndefined, presentTransfer } from '../transfers/transfers.service.js';
import type { PayoutProvider } from './provider.js';

export type PayoutDeps = Pick<AppDeps, 'clock' | 'fx' | 'payouts'>;

/** Where a payout lands: an external payment method, or another account of the tenant in another currency. */
type Destination = { paymentMethodId: string | null; toAccountId: string | null; currency: Currency };

/**
 * Resolves the payout's destination (ids in canonical form). Exactly one of `paymentMethodId` /
 * `toAccountId`; a payment method must be the sending account's own; an account destination takes its
 * currency from `destinationCurrency` or the quote, and must differ from the source currency
 * (same-currency moves between accounts are `internal` transfers).
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
    const pm = await getSendingMethodOrThrow(tx, fromAccountId, input.paymentMethodId);
    const pmCurrency = pm.currency as Currency;
    if (input.destinationCurrency && input.destinationCurrency !== pmCurrency) {
      throw invalidRequest('parameter_invalid', `This payment method receives ${pmCurrency}.`, 'destinationCurrency');
    }
    return { paymentMethodId: pm.id, toAccountId: null, currency: pmCurrency };
  }
  const toAccountId = input.toAccountId as string;
  if (toAccountId === fromAccountId) {
    throw invalidRequest('self_transfer', 'fromAccountId and toAccountId must be different accounts.', 'toAccountId');
  }
  const to = await getAccountOrThrow(tx, toAccountId, 'toAccountId');
  if (to.status === 'closed') throw notFound('account', 'toAccountId');
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
 * available to pending now; the settlement worker completes or fails it. Every id is taken in
 * canonical form, and every nested reference must be usable with the others: the payment method is the
 * sending account's own, the quote is this tenant environment's (an agent's own), an agent sends only
 * from its account.
 * Errors: 400 amount, destination, same currency, self_transfer; 404 naming the field — fromAccountId,
 * toAccountId, paymentMethodId (another account's too) or quoteId (another agent's too); 422
 * unsupported_corridor, quote_expired, quote_used, quote_mismatch, account_suspended, limit_exceeded,
 * insufficient_funds.
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
): Promise<Transfer> {
  const ids = {
    fromAccountId: canonicalId(input.fromAccountId),
    paymentMethodId: canonicalIdOrUndefined(input.paymentMethodId),
    toAccountId: canonicalIdOrUndefined(input.toAccountId),
    quoteId: canonicalIdOrUndefined(input.quoteId),
  };
  assertAgentSendsFrom(actor, ids.fromAccountId);
  const amount = parseAmountParam(input.amount, input.currency);
  const from = await getAccountOrThrow(tx, ids.fromAccountId, 'fromAccountId');
  // Locked: two payouts racing for one quote use it once.
  const found = ids.quoteId ? await getQuoteOrThrow(tx, ids.quoteId, actor, { lock: true, param: 'quoteId' }) : undefined;
  const destination = await resolveDestination(
    tx,
    from.id,
    input.currency,
    { paymentMethodId: ids.paymentMethodId, toAccountId: ids.toAccountId, destinationCurrency: input.destinationCurrency },
    found,
  );
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
  const transfer = await transfers.lockTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  if (transfer.status !== 'pending') {
    throw businessRule('invalid_state', `Only pending transfers can be cancelled; this one is ${transfer.status}.`, {
      status: transfer.status,
    });
  }
  const now = deps.clock.now();
  await transfers.setStatus(tx, transfer.id, 'cancelled', now, null);
  await transfers.insertEvents(tx, actor, transfer.id, [{ status: 'cancelled', at: now }]);
  await ledger.post(tx, {
    entries: ledger.voidEntries(transfer.from_account_id, transfer.currency, new Money(transfer.total_debit)),
    referenceType: 'transfer_void',
    referenceId: transfer.id,
    description: `Cancelled payout ${transfer.id}`,
    at: now,
  });
  return (await transfers.findTransfer(tx, transfer.id)) as transfers.TransferRow;
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
 * What the rail says about one payout. A payment method goes to the payout provider — only if it is
 * still the sending account's own (re-checked here, as at creation: a payout written before that rule
 * fails instead of paying someone else's destination); an account destination is converted in-house,
 * and fails only if the receiving account was closed meanwhile.
 */
async function dispatch(tx: Queryable, deps: PayoutDeps, transfer: transfers.TransferRow) {
  if (transfer.to_account_id) {
    const [to] = await tx.query<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [transfer.to_account_id]);
    const note = 'converted through fx';
    return to?.status === 'closed'
      ? { note, providerReference: undefined, result: { status: 'failed' as const, reason: 'destination_account_closed' } }
      : { note, providerReference: undefined, result: { status: 'completed' as const } };
  }
  const pm = await findMethodOfAccount(tx, transfer.from_account_id, transfer.payment_method_id as string);
  if (!pm) {
    const reason = 'invalid_payment_method';
    return { note: 'payment method is not the sender’s', providerReference: undefined, result: { status: 'failed' as const, reason } };
  }
  const { providerReference } = await deps.payouts.provider.create(transfer.id, {
    rail: pm.rail,
    last4: pm.last4,
    currency: transfer.destination_currency as Currency,
    amount: transfer.destination_amount ?? '0',
  });
  return { note: `sent to ${pm.rail}`, providerReference, result: await deps.payouts.provider.status(providerReference) };
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
