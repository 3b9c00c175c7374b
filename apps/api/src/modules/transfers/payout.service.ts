import { randomUUID } from 'node:crypto';
import type { CreatePayoutRequest, Transfer } from '@payos/contracts';
import { inOrder, type Queryable } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { businessRule, invalidRequest, notFound } from '../../core/errors.js';
import { allPolicies, approvalNeeded, insertRequests, requestRow, waitingNote } from '../approvals/matching.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { recordEvent } from '../events/events.service.js';
import { findCorridor } from '../fx/corridors.js';
import { markQuoteUsed, type QuoteRow } from '../fx/quotes.repo.js';
import { createQuote, getQuoteOrThrow, quoteStatus } from '../fx/quotes.service.js';
import * as ledger from '../ledger/ledger.service.js';
import { lockSender } from '../limits/limits.repo.js';
import { agentLimitsOf, assertCanSend } from '../limits/limits.service.js';
import type { PaymentMethodRow } from '../payment-methods/payment-methods.repo.js';
import { getSendingMethodOrThrow } from '../payment-methods/payment-methods.service.js';
import { evaluateRisk, loadRiskRules, recordRiskOutcome, reviewNote } from '../risk/risk.engine.js';
import { getControls } from '../settings/settings.service.js';
import { BlockedTransferError, checkPayoutControls } from './controls.js';
import * as repo from './transfers.repo.js';
import { assertAgentSendsFrom, canonicalId, canonicalIdOrUndefined, presentTransfer } from './transfers.service.js';

export type PayoutDeps = Pick<AppDeps, 'clock' | 'fx' | 'payouts'>;

/** Where a payout lands: an external payment method, or another account of the tenant in another currency. */
type Destination = { paymentMethodId: string | null; paymentMethod?: PaymentMethodRow; toAccountId: string | null; currency: Currency };

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
    return { paymentMethodId: pm.id, paymentMethod: pm, toAccountId: null, currency: pmCurrency };
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
 * Errors: 400 destination, same currency, self_transfer; 404 naming the field — fromAccountId,
 * toAccountId, paymentMethodId (another account's too) or quoteId (another agent's too); 422
 * unsupported_corridor, quote_expired, quote_used, quote_mismatch, travel_rule_data_required,
 * cooling_off_limit, account_suspended, limit_exceeded, insufficient_funds; 503 rates_unavailable. One that matches an approval policy is created in
 * `requires_approval`, held the same way, and goes to the worker once approved (approvals.service.ts).
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
    /** Parsed for `currency` by the caller (the route: parseAmountParam). */
    amount: Amount;
    currency: Currency;
    quoteId?: string;
    description?: string;
    metadata?: Record<string, string>;
    /** Travel rule data (checkPayoutControls says when it is required). */
    originator?: CreatePayoutRequest['originator'];
    beneficiary?: CreatePayoutRequest['beneficiary'];
    /** A run of a schedule approved at creation: the approval policies are not asked again. Never from a request body. */
    approvalGranted?: boolean;
  },
): Promise<Transfer> {
  const ids = {
    fromAccountId: canonicalId(input.fromAccountId),
    paymentMethodId: canonicalIdOrUndefined(input.paymentMethodId),
    toAccountId: canonicalIdOrUndefined(input.toAccountId),
    quoteId: canonicalIdOrUndefined(input.quoteId),
  };
  assertAgentSendsFrom(actor, ids.fromAccountId);
  const amount = input.amount;
  // The tenant's settings the controls below apply — the travel rule and cooling-off, the risk rules,
  // the approval policies (none for the run of an approved schedule) — sent with the sender's read:
  // one round trip, not four.
  const settings = Promise.all([
    getControls(tx, actor.environment),
    loadRiskRules(tx, actor.environment),
    input.approvalGranted ? [] : allPolicies(tx),
  ]);
  settings.catch(() => {}); // awaited below; a refusal before then must not leave it unhandled
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
      amount,
      amountType: 'source',
    });
  }

  // The travel rule and the cooling-off of new beneficiaries, before any approval policy.
  const [controls, rules, policies] = await settings;
  const travelRule = await checkPayoutControls(
    tx,
    deps,
    actor,
    {
      amount,
      currency: input.currency,
      paymentMethod: destination.paymentMethod,
      parties: { originator: input.originator, beneficiary: input.beneficiary },
      now,
    },
    controls,
  );
  const id = randomUUID();
  // The risk rules (a blocked payout writes nothing here: the route records the refusal once this
  // transaction has rolled back), then — unless a rule holds it for review, whose approval runs them
  // later — the approval policies.
  // The rules count the sender's recent sends: read them under the sender's lock (the one the limit
  // check takes anyway), after every concurrent payout of this account has committed or rolled back.
  if (Object.values(rules).some((rule) => rule.enabled)) await lockSender(tx, from.id);
  const risk = await evaluateRisk(tx, deps, rules, {
    type: 'payout',
    transferId: id,
    fromAccountId: from.id,
    toAccountId: destination.toAccountId,
    paymentMethodId: destination.paymentMethodId,
    amount,
    currency: input.currency,
    destinationCurrency: destination.currency,
  });
  const by = { type: actor.kind, id: actor.id, name: actor.name };
  if (risk.outcome === 'block') throw new BlockedTransferError(risk, by);
  const need =
    risk.outcome === 'review' || input.approvalGranted
      ? undefined
      : await approvalNeeded(policies, deps.fx.provider, {
          type: 'payout',
          initiator: actor.kind,
          amount,
          currency: input.currency,
        });
  const status = risk.outcome === 'review' ? 'requires_review' : need ? 'requires_approval' : 'pending';
  const note = risk.outcome === 'review' ? reviewNote(risk) : need && waitingNote(need);
  // One round trip, run and read in this order (see inOrder): the sender's lock and limits, the quote
  // marked used, the payout and its timeline, then the hold on the sender's balance.
  const [, [, transfer, events]] = await inOrder(
    assertCanSend(tx, from.id, amount, input.currency, now, {
      agent: agentLimitsOf(actor),
      excludeTransferId: id,
      rates: deps.fx.provider,
    }),
    Promise.all([
      markQuoteUsed(tx, quote.id, id, now),
      repo.insertPayout(tx, {
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
        status,
        travelRule,
      }),
      repo.insertEvents(tx, actor, id, [{ status, note: note || undefined, at: now }]),
      need ? insertRequests(tx, actor, [requestRow({ type: 'transfer', id }, need, actor, now)]) : undefined,
      risk.outcome === 'allow' ? undefined : recordRiskOutcome(tx, actor, id, risk, by),
    ]),
    ledger.post(tx, {
      entries: ledger.holdEntries(from.id, input.currency, new Money(quote.total_debit)),
      referenceType: 'transfer_hold',
      referenceId: id,
      description: `Payout hold ${id}`,
      at: now,
    }),
  );
  const created = presentTransfer(transfer, events);
  recordEvent(tx, { type: 'transfer.created', objectType: 'transfer', objectId: id, object: created, at: now });
  return created;
}
