import type { AccountLimits } from '@payos/contracts';
import { inOrder, type Queryable } from '@payos/db';
import { type Amount, type Currency, Money, roundDown, roundHalfUp, roundUp } from '@payos/money';
import { AppError, businessRule, notFound } from '../../core/errors.js';
import { type RateProvider, ratesUnavailable } from '../fx/rates.js';
import * as repo from './limits.repo.js';

export type { UsageRow } from './limits.repo.js';

/**
 * Usage of many sending accounts (rolling day and 30 days, per currency) in one statement, from the
 * hourly counters; takes no lock (see limits.repo.ts, accountsUsage). For a batch that locked its senders.
 */
export const sendersUsage = (tx: Queryable, accountIds: string[], now: Date) => repo.accountsUsage(tx, accountIds, now);

/** What many agents started, in one statement; takes no lock (see limits.repo.ts, agentsUsage). */
export const agentsUsage = (tx: Queryable, agentIds: string[], now: Date) => repo.agentsUsage(tx, agentIds, now);

export type LimitType = 'per_transaction' | 'daily' | 'monthly';
type Limits = Record<LimitType, Amount>;

/** Outgoing money per account tier, in USD (docs/MONEY.md, Limits). Tier 0 can receive but not send. */
export const ACCOUNT_TIER_LIMITS: Record<number, Limits> = {
  0: { per_transaction: new Money(0), daily: new Money(0), monthly: new Money(0) },
  1: { per_transaction: new Money(5_000), daily: new Money(20_000), monthly: new Money(100_000) },
  2: { per_transaction: new Money(50_000), daily: new Money(200_000), monthly: new Money(500_000) },
  3: { per_transaction: new Money(500_000), daily: new Money(2_000_000), monthly: new Money(10_000_000) },
};

/** What an agent's KYA tier allows, in USD (docs/MONEY.md, Limits). Tier 0 cannot transact. */
export const KYA_TIER_LIMITS: Record<number, Limits> = {
  0: { per_transaction: new Money(0), daily: new Money(0), monthly: new Money(0) },
  1: { per_transaction: new Money(1_000), daily: new Money(10_000), monthly: new Money(50_000) },
  2: { per_transaction: new Money(10_000), daily: new Money(100_000), monthly: new Money(500_000) },
  3: { per_transaction: new Money(100_000), daily: new Money(1_000_000), monthly: new Money(5_000_000) },
};

export type LimitSource = 'kya_tier' | 'agent' | 'account_tier';
export type AgentLimitsInput = {
  id: string;
  kyaTier: number;
  limits: { perTransaction: string | null; daily: string | null; monthly: string | null };
};

/**
 * An agent's effective limit of each type: the smallest of its KYA tier's, its own configured one,
 * and its account's tier limit — with which of them caps it.
 */
export function effectiveAgentLimits(agent: Omit<AgentLimitsInput, 'id'>, accountTier: number) {
  const own: Record<LimitType, string | null> = {
    per_transaction: agent.limits.perTransaction,
    daily: agent.limits.daily,
    monthly: agent.limits.monthly,
  };
  const result = {} as Record<LimitType, { limit: Amount; cappedBy: LimitSource }>;
  for (const type of ['per_transaction', 'daily', 'monthly'] as const) {
    const candidates: [LimitSource, Amount][] = [
      ['kya_tier', (KYA_TIER_LIMITS[agent.kyaTier] ?? (KYA_TIER_LIMITS[0] as Limits))[type]],
      ...(own[type] === null ? [] : ([['agent', new Money(own[type] as string)]] as [LimitSource, Amount][])),
      ['account_tier', (ACCOUNT_TIER_LIMITS[accountTier] ?? (ACCOUNT_TIER_LIMITS[0] as Limits))[type]],
    ];
    const [cappedBy, limit] = candidates.reduce((min, c) => (c[1].lt(min[1]) ? c : min));
    result[type] = { limit, cappedBy };
  }
  return result;
}

/** The agent whose limits a send must respect, when the actor is one. */
export const agentLimitsOf = (actor: { id: string; agent?: { kyaTier: number; limits: AgentLimitsInput['limits'] } }) =>
  actor.agent ? { id: actor.id, kyaTier: actor.agent.kyaTier, limits: actor.agent.limits } : undefined;

/**
 * Units of each currency per USD, from the FX rate provider (the same one quotes use, so FX_RATES
 * moves limits and reports with prices). Fetched once per check for the currencies involved; a
 * provider that cannot answer (or answers an unusable rate: see checkedRateProvider) is a 503
 * rates_unavailable, never a guess.
 */
export type UsdRates = ReadonlyMap<Currency, Amount>;

export async function usdRates(provider: RateProvider, currencies: Iterable<Currency>): Promise<UsdRates> {
  // USD and USDC count at par: a same-currency stablecoin send never waits on (or fails with) the provider.
  const wanted = [...new Set(currencies)].filter((c) => !AT_PAR.has(c));
  let rates: Amount[];
  try {
    rates = await Promise.all(wanted.map((c) => provider.midRate('USD', c)));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw ratesUnavailable();
  }
  const table = new Map<Currency, Amount>([...AT_PAR].map((c) => [c, new Money(1)]));
  for (const [i, c] of wanted.entries()) table.set(c, rates[i] as Amount);
  return table;
}

const AT_PAR = new Set<Currency>(['USD', 'USDC']);

/**
 * The USD rates a send will need, asked for before it takes any lock (a batch holds its tenant's
 * locks while it decides: a slow provider must not hold them). Answers for USD/USDC without asking;
 * a provider that fails or is slow costs only the send that needs it. Undefined when it could not answer:
 * the decision asks again, in its place in the error precedence.
 */
export async function prefetchUsdRates(provider: RateProvider, currency: Currency): Promise<UsdRates | undefined> {
  if (AT_PAR.has(currency)) return undefined;
  return usdRates(provider, [currency]).catch(() => undefined);
}

/** A provider that answers the rates already known (prefetchUsdRates) at once, and asks `provider` for the rest. */
export function withKnownRates(provider: RateProvider, known: UsdRates | undefined): RateProvider {
  if (!known) return provider;
  return {
    midRate: (from, to) => {
      const rate = from === 'USD' ? known.get(to) : undefined;
      return rate ? Promise.resolve(rate) : provider.midRate(from, to);
    },
  };
}
const perUsd = (rates: UsdRates, currency: Currency): Amount => {
  const rate = rates.get(currency);
  if (!rate) throw new Error(`usdRates was not asked for ${currency}`);
  return rate;
};

/** USD-equivalent rounded half-up to the cent: for reports and charts, never for a limit (see `usdValue`). */
export const toUsd = (amount: Amount, currency: Currency, rates: UsdRates): Amount => roundHalfUp(usdValue(amount, currency, rates), 'USD');

/**
 * Limits compare exact USD values — never cents. An amount is converted at full precision (the
 * 40-significant-digit decimal context) and sums are compared unrounded, so no non-zero amount counts
 * as zero (0.004999 USDC used to round to 0.00 USD and pass a tier-0 account's zero limit) and nothing
 * squeezes over a limit by a sub-cent fraction (5000.000001 USDC used to round to 5000.00). The only
 * rounding is `atLimitPrecision`: it cuts division noise at the 40th digit (1 MXN ÷ 17.15 does not
 * terminate), far below the smallest unit any currency has (0.01 COP ≈ 0.0000024 USD), so two sends
 * that add up to a limit exactly are not refused for an artefact of division.
 */
export const usdValue = (amount: Amount, currency: Currency, rates: UsdRates): Amount => amount.div(perUsd(rates, currency));
const LIMIT_DECIMALS = 20;
const atLimitPrecision = (usd: Amount) => usd.toDecimalPlaces(LIMIT_DECIMALS, Money.ROUND_HALF_UP);
/** May `used + requested` (exact USD) be sent under `limit`? */
const fitsUnder = (used: Amount, requested: Amount, limit: Amount) =>
  // A zero limit (tier 0) allows nothing: not even an amount whose USD value rounds away at 20 decimals.
  limit.isZero() ? requested.isZero() : atLimitPrecision(used.plus(requested)).lte(limit);
/**
 * A USD figure for people (limit_exceeded details, an agent's usage): rounded UP to the cent, so a
 * non-zero amount never reads 0.00 and a refused request's used + requested always reads above its limit.
 */
export const usdFigure = (usd: Amount): string => roundUp(atLimitPrecision(usd), 'USD').toFixed(2);

/**
 * The most a send may add under `limit` after `used` (exact USD), to the cent: the largest whole-cent
 * amount `fitsUnder` accepts. `fitsUnder` compares `used + requested` cut to LIMIT_DECIMALS, which for a
 * whole-cent request is `atLimitPrecision(used) + requested`; so this passes and a cent more does not.
 */
const remainingUnder = (limit: Amount, used: Amount): Amount =>
  limit.isZero() ? new Money(0) : roundDown(Money.max(0, limit.minus(atLimitPrecision(used))), 'USD');

/**
 * What an account may still send: its tier's limits with its usage over the rolling day and 30 days
 * (the check's own query, `accountUsage`) and what remains, in USD, computed as `assertWithinLimits`
 * decides — an amount whose USD value is at most every `remaining` and the per-transaction limit passes
 * the tier check, a cent more is refused. The account and its usage are read in one round trip,
 * without the send's lock: figures to show, which a concurrent send may overtake.
 * Errors: 404 (unknown, another tenant's or environment's, a system account); 503 rates_unavailable.
 */
export async function accountLimits(tx: Queryable, accountId: string, now: Date, provider: RateProvider): Promise<AccountLimits> {
  const [account, usedRows] = await inOrder(repo.readSender(tx, accountId), repo.accountUsage(tx, accountId, now));
  if (!account) throw notFound('account');
  return accountLimitsFrom(account, usedRows, provider);
}

/** `accountLimits` from what it read: the account and its usage rows. Errors: 503 rates_unavailable. */
export async function accountLimitsFrom(
  account: repo.Sender & { id: string },
  usedRows: repo.UsageRow[],
  provider: RateProvider,
): Promise<AccountLimits> {
  const used = usdTotals(
    usedRows,
    await usdRates(
      provider,
      usedRows.map((r) => r.currency),
    ),
  );
  const limits = ACCOUNT_TIER_LIMITS[account.verification_tier] as Limits;
  const window = (limit: Amount, usage: Amount) => ({
    limit: limit.toFixed(2),
    used: usdFigure(usage),
    remaining: remainingUnder(limit, usage).toFixed(2),
  });
  return {
    object: 'account_limits',
    accountId: account.id,
    tier: account.verification_tier,
    currency: 'USD',
    perTransaction: { limit: limits.per_transaction.toFixed(2) },
    daily: window(limits.daily, used.daily),
    monthly: window(limits.monthly, used.monthly),
  };
}

/** USD-equivalent of what an agent started over the rolling day and 30 days: transfers and stream funding (see the repo). */
export async function agentUsage(tx: Queryable, agentId: string, now: Date, provider: RateProvider) {
  const rows = await repo.agentUsage(tx, agentId, now);
  return usdTotals(
    rows,
    await usdRates(
      provider,
      rows.map((r) => r.currency),
    ),
  );
}

/** Exact USD totals of usage rows (see `usdValue`). */
function usdTotals(rows: repo.UsageRow[], rates: UsdRates): { daily: Amount; monthly: Amount } {
  const total = (pick: (row: repo.UsageRow) => string) =>
    rows.reduce((sum, row) => sum.plus(usdValue(new Money(pick(row)), row.currency, rates)), new Money(0));
  return { daily: total((r) => r.daily), monthly: total((r) => r.monthly) };
}

/**
 * "May this account send `amount` now?" Locks the account row first, so concurrent sends from one
 * account are checked one after another and cannot both squeeze under a limit. NO KEY UPDATE, not
 * UPDATE: foreign keys from transfers take KEY SHARE on both accounts, and a full UPDATE lock would
 * deadlock two opposite transfers (A→B and B→A).
 * Amounts are compared in exact USD (see `usdValue`); the details show them rounded up to the cent.
 * Errors: 404; 422 account_suspended / invalid_state (closed); 422 limit_exceeded {limitType, limit, used, requested} (USD).
 */
export async function assertCanSend(
  tx: Queryable,
  accountId: string,
  amount: Amount,
  currency: Currency,
  now: Date,
  options: { agent?: AgentLimitsInput; excludeTransferId?: string; rates: RateProvider },
) {
  // The statements go out in one round trip. PostgreSQL runs them in order, and the usage queries
  // take their snapshots only after the lock is granted, so they see every send that held it before.
  // An agent acts for one account, so the account lock also serialises everything the agent sends.
  const [account, usedRows, agentRows] = await Promise.all([
    repo.lockSender(tx, accountId),
    repo.accountUsage(tx, accountId, now),
    options.agent ? repo.agentUsage(tx, options.agent.id, now, options.excludeTransferId) : undefined,
  ]);
  await assertWithinLimits(account, usedRows, agentRows, amount, currency, options);
}

/**
 * The decision of `assertCanSend` from what it read: the sender (undefined: not found), its usage
 * rows and, for an agent, the agent's. Errors as `assertCanSend`'s.
 */
export async function assertWithinLimits(
  account: repo.Sender | undefined,
  usedRows: repo.UsageRow[],
  agentRows: repo.UsageRow[] | undefined,
  amount: Amount,
  currency: Currency,
  options: { agent?: AgentLimitsInput; rates: RateProvider },
) {
  if (!account) throw notFound('account');
  if (account.status === 'closed') throw businessRule('invalid_state', 'A closed account cannot send money.');
  if (account.verification_status === 'suspended') {
    throw new AppError('business_rule_error', 'account_suspended', 'This account is suspended and cannot send money.');
  }
  const rates = await usdRates(options.rates, [currency, ...usedRows.map((r) => r.currency), ...(agentRows ?? []).map((r) => r.currency)]);
  const used = usdTotals(usedRows, rates);
  const agentUsed = agentRows && usdTotals(agentRows, rates);
  const requested = usdValue(amount, currency, rates);
  const tier = account.verification_tier;
  const limits = ACCOUNT_TIER_LIMITS[tier] as Limits;
  const next = ACCOUNT_TIER_LIMITS[tier + 1];
  const exceeded = (limitType: LimitType, used: Amount) => {
    const limit = limits[limitType];
    if (fitsUnder(used, requested, limit)) return;
    // The way forward: the account's tier and, below the top tier, what verifying one tier up would allow.
    throw businessRule('limit_exceeded', `This would exceed the account's ${limitType.replace('_', '-')} limit.`, {
      limitType,
      limit: limit.toFixed(2),
      used: usdFigure(used),
      requested: usdFigure(requested),
      currency: 'USD',
      tier,
      ...(next ? { nextTier: { tier: tier + 1, limit: next[limitType].toFixed(2) } } : {}),
    });
  };
  exceeded('per_transaction', new Money(0));
  exceeded('daily', used.daily);
  exceeded('monthly', used.monthly);
  if (options.agent && agentUsed) assertUnderAgentLimits(options.agent, account.verification_tier, agentUsed, requested);
}

/**
 * What an agent may still start, against its effective limits (`effectiveAgentLimits`), in exact USD.
 * Errors: 422 limit_exceeded {limitType, limit, used, requested, currency: USD, scope: agent, cappedBy}.
 */
function assertUnderAgentLimits(
  agent: AgentLimitsInput,
  accountTier: number,
  agentUsed: { daily: Amount; monthly: Amount },
  requested: Amount,
) {
  const effective = effectiveAgentLimits(agent, accountTier);
  const agentUse: Record<LimitType, Amount> = { per_transaction: new Money(0), daily: agentUsed.daily, monthly: agentUsed.monthly };
  for (const limitType of ['per_transaction', 'daily', 'monthly'] as const) {
    const { limit, cappedBy } = effective[limitType];
    if (fitsUnder(agentUse[limitType], requested, limit)) continue;
    throw businessRule(
      'limit_exceeded',
      `This would exceed the agent's ${limitType.replace('_', '-')} limit (set by its ${cappedBy.replace('_', ' ')}).`,
      {
        limitType,
        limit: limit.toFixed(2),
        used: usdFigure(agentUse[limitType]),
        requested: usdFigure(requested),
        currency: 'USD',
        scope: 'agent',
        cappedBy,
      },
    );
  }
}

/**
 * "May this agent start `amount` more?" — for what counts toward an agent's limits but is not a send
 * of its account (a refund it makes). Reads the agent's usage; the caller holds the lock that
 * serialises the agent's actions (its account's row, as a send takes it). Errors: 422 limit_exceeded
 * (scope agent); 503 rates_unavailable.
 */
export async function assertAgentCanStart(
  tx: Queryable,
  agent: AgentLimitsInput,
  accountTier: number,
  amount: Amount,
  currency: Currency,
  now: Date,
  provider: RateProvider,
) {
  const rows = await repo.agentUsage(tx, agent.id, now);
  const rates = await usdRates(provider, [currency, ...rows.map((r) => r.currency)]);
  assertUnderAgentLimits(agent, accountTier, usdTotals(rows, rates), usdValue(amount, currency, rates));
}
