import { randomUUID } from 'node:crypto';
import type { FxRate, Quote, QuoteStatus } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { AppError, invalidRequest, notFound } from '../../core/errors.js';
import { canonicalId } from '../transfers/transfers.service.js';
import { CORRIDORS, findCorridor } from './corridors.js';
import { price } from './pricing.js';
import * as repo from './quotes.repo.js';
import { RateUnavailableError, ratesUnavailable } from './rates.js';

/** The currency a quote's amount is in: the source's, or the destination's for a destination amount. */
export const quoteAmountCurrency = (input: { fromCurrency: Currency; toCurrency: Currency; amountType: 'source' | 'destination' }) =>
  input.amountType === 'source' ? input.fromCurrency : input.toCurrency;

export const QUOTE_TTL_MS = 5 * 60 * 1000;
type QuoteDeps = Pick<AppDeps, 'clock' | 'fx'>;

export const quoteStatus = (q: repo.QuoteRow, now: Date): QuoteStatus => (q.used_at ? 'used' : q.expires_at <= now ? 'expired' : 'valid');

export function presentQuote(q: repo.QuoteRow, now: Date): Quote {
  return {
    id: q.id,
    fromCurrency: q.from_currency,
    toCurrency: q.to_currency,
    rail: q.rail,
    amountType: q.amount_type,
    sourceAmount: formatAmount(q.source_amount, q.from_currency),
    destinationAmount: formatAmount(q.destination_amount, q.to_currency),
    rate: new Money(q.rate).toString(),
    fees: {
      total: formatAmount(q.fee_total, q.from_currency),
      breakdown: q.fees.map((f) => ({ type: f.type, amount: formatAmount(f.amount, q.from_currency) })),
    },
    totalDebit: formatAmount(q.total_debit, q.from_currency),
    expiresAt: q.expires_at.toISOString(),
    status: quoteStatus(q, now),
    transferId: q.transfer_id,
    createdAt: q.created_at.toISOString(),
  };
}

/** The mid rate for a pair, with a failing provider surfaced as 503 (never 500). */
export async function midRate(deps: QuoteDeps, from: Currency, to: Currency): Promise<Amount> {
  try {
    return await deps.fx.provider.midRate(from, to);
  } catch (error) {
    if (error instanceof RateUnavailableError || !(error instanceof AppError)) throw ratesUnavailable();
    throw error;
  }
}

/** The current rates of every corridor: mid rate, spread and quoted rate. Errors: 503 rates_unavailable. */
export function listRates(deps: QuoteDeps): Promise<FxRate[]> {
  return Promise.all(
    CORRIDORS.map(async (corridor): Promise<FxRate> => {
      const mid = await midRate(deps, corridor.fromCurrency, corridor.toCurrency);
      return {
        fromCurrency: corridor.fromCurrency,
        toCurrency: corridor.toCurrency,
        midRate: mid.toString(),
        spread: deps.fx.spread.toString(),
        rate: mid.times(new Money(1).minus(deps.fx.spread)).toString(),
      };
    }),
  );
}

/**
 * Prices and stores a quote, valid five minutes. Errors: 422 unsupported_corridor (param toCurrency),
 * 400 amount (corridor range, too small to convert); 503 rates_unavailable. `amount` is parsed by the caller
 * in the currency `amountType` names (quoteAmountCurrency).
 */
export async function createQuote(
  tx: Queryable,
  deps: QuoteDeps,
  actor: Actor,
  input: { fromCurrency: Currency; toCurrency: Currency; amount: Amount; amountType: 'source' | 'destination' },
) {
  const corridor = findCorridor(input.fromCurrency, input.toCurrency);
  if (!corridor) {
    const supported = CORRIDORS.filter((c) => c.fromCurrency === input.fromCurrency).map((c) => c.toCurrency);
    // 422 like a payout to an unsupported destination: the currencies are valid, the pair is not offered.
    throw new AppError(
      'business_rule_error',
      'unsupported_corridor',
      `No corridor ${input.fromCurrency}→${input.toCurrency}.${supported.length ? ` From ${input.fromCurrency}: ${supported.join(', ')}.` : ''}`,
      { param: 'toCurrency' },
    );
  }
  const { amount } = input;
  const p = price({
    corridor,
    amount,
    amountType: input.amountType,
    midRate: await midRate(deps, corridor.fromCurrency, corridor.toCurrency),
    spread: deps.fx.spread,
  });
  if (p.destinationAmount.isZero() || p.sourceAmount.isZero()) {
    throw invalidRequest('amount_too_small', 'amount is too small to convert.', 'amount');
  }
  if (p.sourceAmount.lt(corridor.limits.minAmount) || p.sourceAmount.gt(corridor.limits.maxAmount)) {
    throw invalidRequest(
      'amount_out_of_range',
      `The source amount must be between ${corridor.limits.minAmount} and ${corridor.limits.maxAmount} ${corridor.fromCurrency}.`,
      'amount',
    );
  }
  const now = deps.clock.now();
  return repo.insertQuote(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    from_currency: corridor.fromCurrency,
    to_currency: corridor.toCurrency,
    rail: corridor.rail,
    amount_type: input.amountType,
    source_amount: p.sourceAmount.toFixed(),
    destination_amount: p.destinationAmount.toFixed(),
    rate: p.rate.toFixed(),
    fees: p.fees.map((f) => ({ type: f.type, amount: f.amount.toFixed() })),
    fee_total: p.feeTotal.toFixed(),
    total_debit: p.totalDebit.toFixed(),
    expires_at: new Date(now.getTime() + QUOTE_TTL_MS),
    created_at: now,
    created_by_id: actor.id,
  });
}

/**
 * Who may see and use a quote. RLS already confines quotes to the tenant and environment they were
 * priced in. Within those, a quote is a price, not a claim on any account — it moves nothing until a
 * transfer uses it, and it is usable once and only for exactly its amount and currencies — so users
 * and API keys share the tenant environment's quotes (the dashboard prices with the user's session,
 * a backend may confirm with its key). An agent is held to what it asked for itself.
 */
const canUseQuote = (quote: repo.QuoteRow, actor?: Pick<Actor, 'id' | 'agent'>) => !actor?.agent || quote.created_by_id === actor.id;

/** Errors: 404 (unknown, another tenant's or environment's, or — for an agent — not its own); `param` when a request field named it. */
export async function getQuoteOrThrow(
  tx: Queryable,
  id: string,
  actor?: Pick<Actor, 'id' | 'agent'>,
  options: { lock?: boolean; param?: string } = {},
) {
  const quote = await repo.findQuote(tx, canonicalId(id), options.lock);
  if (!quote || !canUseQuote(quote, actor)) throw notFound('quote', options.param);
  return quote;
}
