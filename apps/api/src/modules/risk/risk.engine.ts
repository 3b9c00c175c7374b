/**
 * The risk engine (issue #19 §2): the built-in rules a new transfer goes through, deterministic and
 * explained — every hit names its rule, risk level and action and the figures it saw.
 *
 * ## How the transfer paths call it
 *
 * Inside the creation transaction, after the request is validated and the sender, destination, quote,
 * limits and funds checks have passed (their errors come first), and BEFORE anything is written:
 *
 *   const rules = await loadRiskRules(tx, actor.environment);          // one primary-key read
 *   const evaluation = await evaluateRisk(tx, deps, rules, candidate); // zero queries when no rule is enabled
 *
 * (a batch: `loadRiskContext(tx, deps, rules, candidates, now)` once, then the pure
 * `evaluate(context, candidate)` per command and `noteAccepted(context, candidate)` for each accepted
 * one, so later commands of the batch count it). Then, by `evaluation.outcome`:
 *
 * - `allow`: create the transfer as today.
 * - `flag`: create it as today, then `recordRiskOutcome(tx, actor, transferId, evaluation, initiatedBy)`
 *   in the same transaction (one open review item per hit; nothing is held).
 * - `review`: create it with status `requires_review`, held on the sender exactly as `requires_approval`
 *   is (payout: hold entries as today, status requires_review; internal: hold entries, reference type
 *   `transfer_hold`, no credit to the recipient), its first timeline step noted with `reviewNote(evaluation)`,
 *   then `recordRiskOutcome(...)` (one item per hit; the `review` ones hold the transfer). Do not match
 *   approval policies for it: approving the review runs them then (reviews.service approveReview), so a
 *   transfer is reviewed first and approved after, never both at once.
 * - `block`: write nothing and throw `new BlockedTransferError(evaluation, initiatedBy)`
 *   (transfers/controls.ts): 422 `transfer_blocked` (details: ruleId, the figures it saw, every hit,
 *   reviewId) carrying its refusal record — one review item in status `blocked`, the evidence in it —
 *   which the route writes with `recordRefusal` (audited as `transfer.blocked`) once the creation
 *   transaction has rolled back, before answering. A batch that commits its other commands writes the
 *   record with them instead: `reviewItemsOf(null, evaluation, …)` makes it, `transferBlocked(evaluation,
 *   record.id)` is that command's error, `writeReviewItems` writes it.
 *
 * Amounts are compared in exact USD (limits.service usdRates/usdValue: USD and USDC at par, others at
 * the provider's mid rate). A rule whose threshold is a maximum ("maxCountPerHour: 10") fires when
 * this transfer would take its figure above it (the 11th send); a threshold that is a minimum
 * ("amountGteUsd: 10000.00") fires at it; an age limit ("maxAgeHours: 24") fires while the age is below it.
 */
import { randomUUID } from 'node:crypto';
import {
  type Environment,
  type InitiatedBy,
  REVIEW_DUE_DAYS,
  type RiskAction,
  type RiskHit,
  type RiskLevel,
  type RiskRuleId,
} from '@payos/contracts';
import type { Queryable, TenantScope } from '@payos/db';
import { type Amount, type Currency, formatAmount, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { AppError } from '../../core/errors.js';
import { type UsdRates, usdFigure, usdRates, usdValue, withKnownRates } from '../limits/limits.service.js';
import { recordReviewEvents } from '../reviews/reviews.present.js';
import { insertReviewItems, type ReviewItemRow } from '../reviews/reviews.repo.js';
import * as repo from './risk.repo.js';
import { type RuleSet, ruleSet } from './risk.service.js';

export type { RuleSet } from './risk.service.js';

/** The transfer about to be created, as the engine sees it (ids in canonical form). */
export type RiskCandidate = {
  type: 'internal' | 'payout';
  /** The id the transfer will have (it names the review items). */
  transferId: string;
  fromAccountId: string;
  toAccountId?: string | null;
  paymentMethodId?: string | null;
  /** What leaves the sender before fees, in `currency`. */
  amount: Amount;
  currency: Currency;
  /** A payout's: the payment method's currency, or the one it converts into. */
  destinationCurrency?: Currency | null;
};

export type RiskOutcome = 'allow' | 'flag' | 'review' | 'block';
export type RiskEvaluation = { outcome: RiskOutcome; hits: RiskHit[]; candidate: RiskCandidate; amountUsd: Amount; at: Date };

type Figures = RiskHit['figures'];
type SendFigures = { countHour: number; countDay: number; amountHour: Amount; amountDay: Amount; inBand: number };

/** What the rules need to know about the senders of some candidates, read once (loadRiskContext). */
export type RiskContext = {
  rules: RuleSet;
  now: Date;
  /** Whether any rule is enabled: when none is, nothing was read and every evaluation allows. */
  isActive: boolean;
  rates: UsdRates;
  /** Per sender, per currency: its sends of the last hour and day. */
  sends: Map<string, Map<Currency, SendFigures>>;
  /** Per currency: the structuring band, [low, high) in that currency. */
  bands: Map<Currency, { low: Amount; high: Amount }>;
  accounts: Map<string, repo.RiskAccountRow>;
  paymentMethods: Map<string, repo.RiskPaymentMethodRow>;
  /** `sender|currency` pairs the sender already paid out into. */
  corridors: Set<string>;
};

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const STRICTNESS: Record<RiskAction, number> = { flag: 1, review: 2, block: 3 };
const LEVELS: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3, critical: 4 };
/** Sums are compared as limits compare them: exact, cut only at the 20th decimal (division noise). */
const precise = (usd: Amount) => usd.toDecimalPlaces(20, Money.ROUND_HALF_UP);
const corridorKey = (accountId: string, currency: Currency) => `${accountId}|${currency}`;

/** The rules of the transaction's tenant environment (one primary-key read). */
export const loadRiskRules = (tx: Queryable, environment: Environment): Promise<RuleSet> => ruleSet(tx, environment);

const enabled = (rules: RuleSet, id: RiskRuleId) => rules[id].enabled;

/**
 * Reads what the enabled rules need about these candidates' senders, in at most four statements sent
 * together (none when no rule is enabled, and each only when a rule needs it): their sends of the last
 * 24 h per currency (velocity, structuring), their accounts' names and ages (new_account,
 * beneficiary_name_mismatch), the payment methods' ages and holder names (new_beneficiary,
 * beneficiary_name_mismatch), and whether they paid out into the destination currencies before
 * (new_corridor). `knownRates` (limits.service prefetchUsdRates) spares asking the provider again.
 * Errors: 503 rates_unavailable.
 */
export async function loadRiskContext(
  tx: Queryable,
  deps: Pick<AppDeps, 'fx'>,
  rules: RuleSet,
  candidates: readonly RiskCandidate[],
  now: Date,
  knownRates?: UsdRates,
): Promise<RiskContext> {
  const context: RiskContext = {
    rules,
    now,
    isActive: Object.values(rules).some((r) => r.enabled),
    rates: new Map(),
    sends: new Map(),
    bands: new Map(),
    accounts: new Map(),
    paymentMethods: new Map(),
    corridors: new Set(),
  };
  if (!context.isActive || candidates.length === 0) return context;
  const provider = withKnownRates(deps.fx.provider, knownRates);
  const rates = new Map(
    await usdRates(
      provider,
      candidates.map((c) => c.currency),
    ),
  );
  context.rates = rates;

  const senders = [...new Set(candidates.map((c) => c.fromAccountId))];
  // A candidate is looked at as if it were not written yet, even if the caller wrote it first.
  const excluded = candidates.map((c) => c.transferId);
  const structuring = rules.structuring;
  if (structuring.enabled) {
    const high = new Money(structuring.thresholdUsd);
    const low = high.times(new Money(100).minus(structuring.marginPct)).div(100);
    for (const currency of new Set(candidates.map((c) => c.currency))) {
      const perUsd = rates.get(currency) as Amount;
      context.bands.set(currency, { low: low.times(perUsd), high: high.times(perUsd) });
    }
  }
  const methods = [...new Set(candidates.flatMap((c) => (c.type === 'payout' && c.paymentMethodId ? [c.paymentMethodId] : [])))];
  const corridorPairs = [
    ...new Map(
      candidates.flatMap((c) =>
        c.type === 'payout' && c.destinationCurrency
          ? [
              [
                corridorKey(c.fromAccountId, c.destinationCurrency),
                { accountId: c.fromAccountId, currency: c.destinationCurrency },
              ] as const,
            ]
          : [],
      ),
    ).values(),
  ];
  const [sends, accounts, paymentMethods, corridors] = await Promise.all([
    enabled(rules, 'velocity') || structuring.enabled
      ? repo.recentSends(
          tx,
          senders,
          now,
          [...context.bands].map(([currency, b]) => ({ currency, low: b.low.toFixed(), high: b.high.toFixed() })),
          excluded,
        )
      : [],
    enabled(rules, 'new_account') || enabled(rules, 'beneficiary_name_mismatch') ? repo.accountsOf(tx, senders) : [],
    (enabled(rules, 'new_beneficiary') || enabled(rules, 'beneficiary_name_mismatch')) && methods.length > 0
      ? repo.paymentMethodsOf(tx, methods)
      : [],
    enabled(rules, 'new_corridor') && corridorPairs.length > 0 ? repo.knownCorridors(tx, corridorPairs, excluded) : [],
  ]);
  for (const row of sends) {
    const own = context.sends.get(row.account_id) ?? new Map<Currency, SendFigures>();
    own.set(row.currency, {
      countHour: row.count_hour,
      countDay: row.count_day,
      amountHour: new Money(row.amount_hour),
      amountDay: new Money(row.amount_day),
      inBand: row.in_band,
    });
    context.sends.set(row.account_id, own);
  }
  // Velocity in USD sums every currency a sender used: the ones no candidate is in need a rate too.
  const missing = [...new Set(sends.map((s) => s.currency))].filter((c) => !rates.has(c));
  if (enabled(rules, 'velocity') && missing.length > 0) for (const [c, r] of await usdRates(provider, missing)) rates.set(c, r);
  for (const a of accounts) context.accounts.set(a.id, a);
  for (const pm of paymentMethods) context.paymentMethods.set(pm.id, pm);
  for (const c of corridors) context.corridors.add(corridorKey(c.account_id, c.currency));
  return context;
}

/** A candidate the caller accepted (created): later candidates of the same context count it. */
export function noteAccepted(context: RiskContext, candidate: RiskCandidate) {
  if (!context.isActive) return;
  const own = context.sends.get(candidate.fromAccountId) ?? new Map<Currency, SendFigures>();
  const was = own.get(candidate.currency) ?? { countHour: 0, countDay: 0, amountHour: new Money(0), amountDay: new Money(0), inBand: 0 };
  own.set(candidate.currency, {
    countHour: was.countHour + 1,
    countDay: was.countDay + 1,
    amountHour: was.amountHour.plus(candidate.amount),
    amountDay: was.amountDay.plus(candidate.amount),
    inBand: was.inBand + (inBand(context, candidate) ? 1 : 0),
  });
  context.sends.set(candidate.fromAccountId, own);
  if (candidate.type === 'payout' && candidate.destinationCurrency) {
    context.corridors.add(corridorKey(candidate.fromAccountId, candidate.destinationCurrency));
  }
}

function inBand(context: RiskContext, c: RiskCandidate): boolean {
  const band = context.bands.get(c.currency);
  return band !== undefined && c.amount.gte(band.low) && c.amount.lt(band.high);
}

/** A display figure: an exact USD value rounded up to the cent (never 0.00 for something). */
const usd = (value: Amount) => usdFigure(value);
const hours = (ms: number) => new Money(ms).div(HOUR_MS).toDecimalPlaces(2, Money.ROUND_DOWN).toFixed(2);
const days = (ms: number) => new Money(ms).div(DAY_MS).toDecimalPlaces(2, Money.ROUND_DOWN).toFixed(2);

/**
 * Two names are the same person or company when they have the same words, whatever their case, accents,
 * punctuation, spacing or order: "María  García-López" = "GARCIA LOPEZ, Maria". Words are runs of
 * letters and digits after Unicode compatibility decomposition with the combining marks dropped; legal
 * suffixes are words like any other ("TechCorp" ≠ "TechCorp Inc.").
 */
export function normalizedName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .sort()
    .join(' ');
}

type Check = (context: RiskContext, c: RiskCandidate, amountUsd: Amount) => { figures: Figures; message: string } | undefined;

const CHECKS: { [Id in RiskRuleId]: Check } = {
  velocity(context, c, amountUsd) {
    const rule = context.rules.velocity;
    let countHour = 1;
    let countDay = 1;
    let amountHour = amountUsd;
    let amountDay = amountUsd;
    for (const [currency, s] of context.sends.get(c.fromAccountId) ?? []) {
      countHour += s.countHour;
      countDay += s.countDay;
      amountHour = amountHour.plus(usdValue(s.amountHour, currency, context.rates));
      amountDay = amountDay.plus(usdValue(s.amountDay, currency, context.rates));
    }
    const figures: Figures = {};
    const over: string[] = [];
    if (rule.maxCountPerHour !== null) {
      Object.assign(figures, { countLastHour: countHour, maxCountPerHour: rule.maxCountPerHour });
      if (countHour > rule.maxCountPerHour) over.push(`${countHour} sends in the last hour (limit ${rule.maxCountPerHour})`);
    }
    if (rule.maxCountPerDay !== null) {
      Object.assign(figures, { countLastDay: countDay, maxCountPerDay: rule.maxCountPerDay });
      if (countDay > rule.maxCountPerDay) over.push(`${countDay} sends in 24 h (limit ${rule.maxCountPerDay})`);
    }
    if (rule.maxAmountPerHourUsd !== null) {
      Object.assign(figures, { amountLastHourUsd: usd(amountHour), maxAmountPerHourUsd: rule.maxAmountPerHourUsd });
      if (precise(amountHour).gt(rule.maxAmountPerHourUsd)) {
        over.push(`${usd(amountHour)} USD sent in the last hour (limit ${rule.maxAmountPerHourUsd})`);
      }
    }
    if (rule.maxAmountPerDayUsd !== null) {
      Object.assign(figures, { amountLastDayUsd: usd(amountDay), maxAmountPerDayUsd: rule.maxAmountPerDayUsd });
      if (precise(amountDay).gt(rule.maxAmountPerDayUsd))
        over.push(`${usd(amountDay)} USD sent in 24 h (limit ${rule.maxAmountPerDayUsd})`);
    }
    if (over.length === 0) return undefined;
    return { figures, message: `From this account, this transfer included: ${over.join('; ')}.` };
  },

  amount_threshold(context, _c, amountUsd) {
    const rule = context.rules.amount_threshold;
    if (!precise(amountUsd).gte(rule.amountGteUsd)) return undefined;
    return {
      figures: { amountUsd: usd(amountUsd), amountGteUsd: rule.amountGteUsd },
      message: `${usd(amountUsd)} USD is at or above the ${rule.amountGteUsd} USD threshold.`,
    };
  },

  new_beneficiary(context, c) {
    const rule = context.rules.new_beneficiary;
    const pm = c.type === 'payout' && c.paymentMethodId ? context.paymentMethods.get(c.paymentMethodId) : undefined;
    if (!pm) return undefined;
    const ageMs = context.now.getTime() - pm.created_at.getTime();
    if (ageMs >= rule.maxAgeHours * HOUR_MS) return undefined;
    return {
      figures: {
        paymentMethodId: pm.id,
        paymentMethodCreatedAt: pm.created_at.toISOString(),
        ageHours: hours(Math.max(ageMs, 0)),
        maxAgeHours: rule.maxAgeHours,
      },
      message: `The payment method was added ${hours(Math.max(ageMs, 0))} h ago, less than ${rule.maxAgeHours} h.`,
    };
  },

  new_corridor(context, c) {
    if (c.type !== 'payout' || !c.destinationCurrency) return undefined;
    if (context.corridors.has(corridorKey(c.fromAccountId, c.destinationCurrency))) return undefined;
    return {
      figures: { sourceCurrency: c.currency, destinationCurrency: c.destinationCurrency, earlierPayoutsInCurrency: 0 },
      message: `The account’s first payout into ${c.destinationCurrency}.`,
    };
  },

  new_account(context, c, amountUsd) {
    const rule = context.rules.new_account;
    const account = context.accounts.get(c.fromAccountId);
    if (!account) return undefined;
    const ageMs = context.now.getTime() - account.created_at.getTime();
    if (ageMs >= rule.maxAgeDays * DAY_MS || !precise(amountUsd).gte(rule.amountGteUsd)) return undefined;
    return {
      figures: {
        accountCreatedAt: account.created_at.toISOString(),
        accountAgeDays: days(Math.max(ageMs, 0)),
        maxAgeDays: rule.maxAgeDays,
        amountUsd: usd(amountUsd),
        amountGteUsd: rule.amountGteUsd,
      },
      message: `An account opened ${days(Math.max(ageMs, 0))} days ago (less than ${rule.maxAgeDays}) sends ${usd(amountUsd)} USD (${rule.amountGteUsd} or more).`,
    };
  },

  beneficiary_name_mismatch(context, c) {
    const pm = c.type === 'payout' && c.paymentMethodId ? context.paymentMethods.get(c.paymentMethodId) : undefined;
    const account = context.accounts.get(c.fromAccountId);
    if (!pm?.holder_name || !account) return undefined;
    if (normalizedName(pm.holder_name) === normalizedName(account.name)) return undefined;
    return {
      figures: { accountName: account.name, holderName: pm.holder_name },
      message: `The payment method’s holder “${pm.holder_name}” is not the account holder “${account.name}”.`,
    };
  },

  structuring(context, c) {
    const rule = context.rules.structuring;
    const band = context.bands.get(c.currency);
    if (!band || !inBand(context, c)) return undefined;
    const count = (context.sends.get(c.fromAccountId)?.get(c.currency)?.inBand ?? 0) + 1;
    if (count < rule.minCount) return undefined;
    const lowUsd = new Money(rule.thresholdUsd).times(new Money(100).minus(rule.marginPct)).div(100).toFixed(2);
    return {
      figures: {
        countInBand: count,
        minCount: rule.minCount,
        currency: c.currency,
        bandLow: formatAmount(band.low, c.currency),
        bandHigh: formatAmount(band.high, c.currency),
        bandLowUsd: lowUsd,
        thresholdUsd: rule.thresholdUsd,
      },
      message: `${count} sends in 24 h (this one included) between ${lowUsd} and ${rule.thresholdUsd} USD, just below the threshold; ${rule.minCount} fire.`,
    };
  },
};

/** The candidate's amount in exact USD. */
const amountUsdOf = (context: RiskContext, c: RiskCandidate): Amount =>
  context.isActive ? usdValue(c.amount, c.currency, context.rates) : new Money(0);

/**
 * Runs every enabled rule on a candidate, with what `context` read (pure: no I/O). The outcome is the
 * strictest action of the rules that fired (block > review > flag), `allow` when none did. Hits come
 * in the rules' fixed order (RISK_RULE_IDS).
 */
export function evaluate(context: RiskContext, candidate: RiskCandidate): RiskEvaluation {
  const amountUsd = amountUsdOf(context, candidate);
  const hits: RiskHit[] = [];
  if (context.isActive) {
    for (const [id, check] of Object.entries(CHECKS) as [RiskRuleId, Check][]) {
      const rule = context.rules[id];
      if (!rule.enabled) continue;
      const found = check(context, candidate, amountUsd);
      if (found) hits.push({ ruleId: id, riskLevel: rule.riskLevel, action: rule.action, ...found });
    }
  }
  const strictest = hits.reduce<RiskAction | undefined>(
    (worst, h) => (worst === undefined || STRICTNESS[h.action] > STRICTNESS[worst] ? h.action : worst),
    undefined,
  );
  return { outcome: strictest ?? 'allow', hits, candidate, amountUsd, at: context.now };
}

/**
 * One candidate: reads what the enabled rules need (nothing when none is) and evaluates it. For a
 * single transfer inside its creation transaction. Errors: 503 rates_unavailable.
 */
export async function evaluateRisk(
  tx: Queryable,
  deps: Pick<AppDeps, 'fx' | 'clock'>,
  rules: RuleSet,
  candidate: RiskCandidate,
  knownRates?: UsdRates,
): Promise<RiskEvaluation> {
  const context = await loadRiskContext(tx, deps, rules, [candidate], deps.clock.now(), knownRates);
  return evaluate(context, candidate);
}

/** The first timeline step of a transfer a rule sends to review: which rules, in words. */
export function reviewNote(evaluation: RiskEvaluation): string {
  const held = evaluation.hits.filter((h) => h.action === 'review').map((h) => h.ruleId);
  return `held for review: ${held.join(', ')}`.slice(0, 500);
}

/* ── What an evaluation leaves behind ─────────────────────────────────────── */

const dueAt = (level: RiskLevel, now: Date) => new Date(now.getTime() + REVIEW_DUE_DAYS[level] * DAY_MS);

function evidenceOf(evaluation: RiskEvaluation, hit: RiskHit) {
  const c = evaluation.candidate;
  return {
    figures: hit.figures,
    message: hit.message,
    transfer: {
      type: c.type,
      fromAccountId: c.fromAccountId,
      toAccountId: c.toAccountId ?? null,
      paymentMethodId: c.paymentMethodId ?? null,
      amount: formatAmount(c.amount, c.currency),
      currency: c.currency,
      amountUsd: usd(evaluation.amountUsd),
      destinationCurrency: c.destinationCurrency ?? null,
    },
    hits: evaluation.hits,
    evaluatedAt: evaluation.at.toISOString(),
  };
}

/**
 * The review items an evaluation opens (pure): for `flag` and `review`, one open item per hit on the
 * transfer (`transferId`); for `block`, the refusal record — one item in status `blocked` on the sending
 * account (no transfer exists), naming the strictest blocking rule, every hit in its evidence. `allow`: none.
 */
export function reviewItemsOf(
  transferId: string | null,
  evaluation: RiskEvaluation,
  initiatedBy: InitiatedBy,
  now: Date,
): Omit<ReviewItemRow, 'updated_at'>[] {
  const base = {
    source: 'rule' as const,
    account_id: evaluation.candidate.fromAccountId,
    description: null,
    assignee_id: null,
    assignee_name: null,
    escalated_at: null,
    resolved_by_id: null,
    resolved_by_name: null,
    created_by_type: initiatedBy.type,
    created_by_id: initiatedBy.id,
    created_by_name: initiatedBy.name,
    created_at: now,
  };
  if (evaluation.outcome === 'allow') return [];
  if (evaluation.outcome === 'block') {
    const blocking = evaluation.hits.filter((h) => h.action === 'block');
    const hit = blocking.reduce((a, b) => (LEVELS[b.riskLevel] > LEVELS[a.riskLevel] ? b : a));
    return [
      {
        ...base,
        id: randomUUID(),
        rule_id: hit.ruleId,
        action: 'block',
        risk_level: hit.riskLevel,
        status: 'blocked',
        transfer_id: null,
        reason: hit.ruleId,
        evidence: evidenceOf(evaluation, hit),
        due_at: dueAt(hit.riskLevel, now),
        resolved_at: now,
        resolution_note: `Blocked by ${blocking.map((h) => h.ruleId).join(', ')}: the transfer was refused and not created.`,
      },
    ];
  }
  if (transferId === null) throw new Error('reviewItemsOf: a flagged or reviewed transfer needs its id');
  return evaluation.hits.map((hit) => ({
    ...base,
    id: randomUUID(),
    rule_id: hit.ruleId,
    action: hit.action,
    risk_level: hit.riskLevel,
    status: 'open' as const,
    transfer_id: transferId,
    reason: hit.ruleId,
    evidence: evidenceOf(evaluation, hit),
    due_at: dueAt(hit.riskLevel, now),
    resolved_at: null,
    resolution_note: null,
  }));
}

/**
 * Writes review items made by reviewItemsOf (their ids already known: a batch puts a refusal record's
 * in its command's error before writing it) and their review.created events, in one statement, in the
 * caller's transaction. Items of a transfer go after the transfer's row (they reference it).
 */
export async function writeReviewItems(tx: Queryable, scope: TenantScope, rows: readonly Omit<ReviewItemRow, 'updated_at'>[]) {
  if (rows.length === 0) return;
  const full = rows.map((r) => ({ ...r, updated_at: r.created_at }));
  await insertReviewItems(tx, scope, full);
  recordReviewEvents(
    tx,
    full.map((row) => ({ type: 'review.created', row, at: row.created_at })),
    full[0]?.created_at ?? new Date(),
  );
}

/**
 * Writes what evaluations imply, in the caller's transaction, set-based: review items (reviewItemsOf)
 * and their review.created events. For a flagged or reviewed transfer, call it once the transfer row
 * is written (the items reference it); for a blocked one (`transferId: null`), it writes the refusal
 * record. Returns the items written, per evaluation.
 */
export async function recordRiskOutcomes(
  tx: Queryable,
  scope: TenantScope,
  outcomes: readonly { transferId: string | null; evaluation: RiskEvaluation; initiatedBy: InitiatedBy }[],
  now: Date,
): Promise<ReviewItemRow[][]> {
  const items = outcomes.map((o) => reviewItemsOf(o.transferId, o.evaluation, o.initiatedBy, now).map((r) => ({ ...r, updated_at: now })));
  await writeReviewItems(tx, scope, items.flat());
  return items;
}

/** One evaluation's recordRiskOutcomes. */
export async function recordRiskOutcome(
  tx: Queryable,
  scope: TenantScope,
  transferId: string | null,
  evaluation: RiskEvaluation,
  initiatedBy: InitiatedBy,
): Promise<ReviewItemRow[]> {
  const [items] = await recordRiskOutcomes(tx, scope, [{ transferId, evaluation, initiatedBy }], evaluation.at);
  return items ?? [];
}

/** 422 transfer_blocked: the blocking rule, the figures it saw, every hit, and the refusal record's id. */
export function transferBlocked(evaluation: RiskEvaluation, reviewId: string): AppError {
  const blocking = evaluation.hits.filter((h) => h.action === 'block');
  const hit = blocking.reduce((a, b) => (LEVELS[b.riskLevel] > LEVELS[a.riskLevel] ? b : a));
  return new AppError(
    'business_rule_error',
    'transfer_blocked',
    `This transfer was blocked by the ${hit.ruleId} risk rule. ${hit.message}`,
    {
      details: { ruleId: hit.ruleId, riskLevel: hit.riskLevel, ...hit.figures, reviewId, hits: evaluation.hits },
    },
  );
}
