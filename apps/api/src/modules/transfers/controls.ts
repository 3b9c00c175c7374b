import type { CreatePayoutRequest, InitiatedBy } from '@payos/contracts';
import { type Database, type Queryable, type TenantScope, withTenant } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { AppError, businessRule } from '../../core/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { usdFigure, usdRates, usdValue } from '../limits/limits.service.js';
import type { PaymentMethodRow } from '../payment-methods/payment-methods.repo.js';
import type { ReviewItemRow } from '../reviews/reviews.repo.js';
import { type RiskEvaluation, reviewItemsOf, transferBlocked, writeReviewItems } from '../risk/risk.engine.js';
import { getControls } from '../settings/settings.service.js';
import type { StoredTravelRule } from './transfers.repo.js';

/*
 * The controls a payout passes at creation, before any approval policy (issue #19 §3), from the
 * tenant's `controls` settings: the travel rule and the cooling-off of new beneficiaries.
 */

const HOUR_MS = 60 * 60 * 1000;

/** Whether a party's field says something: a letter or a digit, not only spaces, fillers or invisible marks. */
const readable = (value: string | undefined) =>
  value !== undefined && /[\p{L}\p{N}]/u.test(value.replace(/[\u115F\u1160\u3164\uFFA0]/g, ''));

type Parties = Pick<CreatePayoutRequest, 'originator' | 'beneficiary'>;
type Controls = Awaited<ReturnType<typeof getControls>>;

/**
 * Checks a payout against the controls and returns the travel rule data to store with it (null when
 * none was given). Amounts are compared in exact USD (limits.service usdValue; USD and USDC at par).
 *
 * - Travel rule: a payout the rule covers (source currency USDC, or any payout when `appliesTo` is
 *   `all`) at or above `thresholdUsd` must carry originator {name, address, accountNumber} and
 *   beneficiary {name, address?}. Data given below the threshold must be just as complete: a half
 *   record is never stored.
 * - Cooling-off: a payment method added less than `coolingOffHours` ago, not allowlisted, receives at
 *   most `coolingOffMaxAmountUsd` per payout.
 *
 * Errors: 422 travel_rule_data_required (param: the first missing field, e.g. `originator.address`),
 * 422 cooling_off_limit (param amount; details paymentMethodId, coolingOffEndsAt, maxAmountUsd,
 * amountUsd); 503 rates_unavailable.
 */
export async function checkPayoutControls(
  tx: Queryable,
  deps: Pick<AppDeps, 'fx'>,
  actor: Pick<Actor, 'environment'>,
  payout: { amount: Amount; currency: Currency; paymentMethod: PaymentMethodRow | undefined; parties: Parties; now: Date },
  /** The tenant's controls, when the caller read them already (a payout reads them with its other settings in one round trip). */
  known?: Controls,
): Promise<StoredTravelRule | null> {
  const controls = known ?? (await getControls(tx, actor.environment));
  const { travelRule } = controls;
  const covered = travelRule.appliesTo === 'all' || payout.currency === 'USDC';
  const pm = payout.paymentMethod;
  const coolingOffEndsAt = pm && !pm.allowlisted ? new Date(pm.created_at.getTime() + controls.coolingOffHours * HOUR_MS) : undefined;
  const cooling = coolingOffEndsAt !== undefined && coolingOffEndsAt > payout.now;
  let amountUsd: Amount | undefined;
  if (covered || cooling) amountUsd = usdValue(payout.amount, payout.currency, await usdRates(deps.fx.provider, [payout.currency]));

  const given = payout.parties.originator !== undefined || payout.parties.beneficiary !== undefined;
  const required = covered && (amountUsd as Amount).gte(travelRule.thresholdUsd);
  let stored: StoredTravelRule | null = null;
  if (required || given) {
    const { originator = {}, beneficiary = {} } = payout.parties;
    const missing = (
      [
        ['originator.name', originator.name],
        ['originator.address', originator.address],
        ['originator.accountNumber', originator.accountNumber],
        ['beneficiary.name', beneficiary.name],
      ] as const
    ).find(([, value]) => !readable(value))?.[0];
    if (missing) {
      throw new AppError(
        'business_rule_error',
        'travel_rule_data_required',
        required
          ? `Payouts of ${travelRule.thresholdUsd} USD or more must name their originator (name, address, account number) and beneficiary (name): ${missing} is missing.`
          : `Travel rule data, when given, must be complete: ${missing} is missing.`,
        { param: missing, details: { thresholdUsd: travelRule.thresholdUsd, appliesTo: travelRule.appliesTo } },
      );
    }
    stored = {
      originator: {
        name: originator.name as string,
        address: originator.address as string,
        accountNumber: originator.accountNumber as string,
      },
      beneficiary: { name: beneficiary.name as string, address: beneficiary.address ?? null },
    };
  }

  if (cooling && (amountUsd as Amount).gt(controls.coolingOffMaxAmountUsd)) {
    const error = businessRule(
      'cooling_off_limit',
      `This payment method was added less than ${controls.coolingOffHours} h ago: until ${coolingOffEndsAt?.toISOString()} it receives at most ${controls.coolingOffMaxAmountUsd} USD per payout.`,
      {
        paymentMethodId: pm?.id,
        coolingOffEndsAt: coolingOffEndsAt?.toISOString(),
        maxAmountUsd: new Money(controls.coolingOffMaxAmountUsd).toFixed(2),
        amountUsd: usdFigure(amountUsd as Amount),
      },
    );
    throw new AppError(error.type, error.code, error.message, { param: 'amount', details: error.details });
  }
  return stored;
}

/**
 * A transfer a risk rule blocks: 422 transfer_blocked (risk.engine transferBlocked), carrying its
 * refusal record — one review item in status `blocked`, its id already in the error — for the caller
 * to write with recordRefusal once the creation transaction has rolled back.
 */
export class BlockedTransferError extends AppError {
  readonly record: Omit<ReviewItemRow, 'updated_at'>;
  constructor(
    readonly evaluation: RiskEvaluation,
    readonly initiatedBy: InitiatedBy,
  ) {
    const [record] = reviewItemsOf(null, evaluation, initiatedBy, evaluation.at);
    if (!record) throw new Error('BlockedTransferError: the evaluation does not block');
    const refusal = transferBlocked(evaluation, record.id);
    super(refusal.type, refusal.code, refusal.message, { details: refusal.details });
    this.record = record;
  }
}

/**
 * Writes a blocked transfer's refusal record — the only thing a block leaves — in a transaction of its
 * own, audited as `transfer.blocked` by whoever asked. Awaited by the route after the creation
 * transaction has rolled back (and before the 422 is answered), so the record exists when the refusal does.
 */
export async function recordRefusal(db: Database, scope: TenantScope, error: BlockedTransferError, requestId: string | null) {
  await withTenant(db, scope, async (tx) => {
    await writeReviewItems(tx, scope, [error.record]);
    recordAudit(tx, {
      ...scope,
      actor: error.initiatedBy,
      action: 'transfer.blocked',
      objectType: 'review',
      objectId: error.record.id,
      requestId,
      at: error.evaluation.at,
    });
  });
}
