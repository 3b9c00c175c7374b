import { type Amount, type Currency, Money, roundDown, roundUp } from '@payos/money';

/**
 * Money-stream arithmetic, exact. The rate is kept per second with 18 decimals; what has streamed is
 * rate × whole active seconds, capped at the funding. Money only leaves a stream in whole units of
 * the currency's scale (floored), so at every instant
 *   funded = withdrawn + withdrawable + remaining
 * holds exactly: withdrawable = floor(streamed) − withdrawn, remaining = funded − floor(streamed) —
 * the sub-cent dust of `streamed` stays in `remaining` until it adds up to a whole cent.
 */
export const SECONDS_PER_MONTH = 30 * 24 * 60 * 60;
export const BUFFER_SECONDS = 4 * 60 * 60;
export const MINIMUM_FLOW_SECONDS = 7 * 24 * 60 * 60;
const RATE_DECIMALS = 18;
const DAY_SECONDS = 24 * 60 * 60;

export type StreamState = {
  currency: Currency;
  ratePerSecond: Amount;
  funded: Amount;
  withdrawn: Amount;
  /** Whole seconds the stream was running before the current run. */
  accruedSeconds: number;
  /** When the current run started; null while paused or ended. */
  runningSince: Date | null;
};

export type Health = 'healthy' | 'warning' | 'critical';

export const ratePerSecondFromMonthly = (perMonth: Amount) =>
  perMonth.div(SECONDS_PER_MONTH).toDecimalPlaces(RATE_DECIMALS, Money.ROUND_DOWN);

export const ratePerMonthOf = (perSecond: Amount, currency: Currency) => roundDown(perSecond.mul(SECONDS_PER_MONTH), currency);

/** Buffer (4 h of flow) and minimum funding (buffer + 7 days), rounded up to the currency scale. */
export function minimumFunding(perSecond: Amount, currency: Currency) {
  return {
    buffer: roundUp(perSecond.mul(BUFFER_SECONDS), currency),
    minimum: roundUp(perSecond.mul(BUFFER_SECONDS + MINIMUM_FLOW_SECONDS), currency),
  };
}

export const activeSeconds = (s: Pick<StreamState, 'accruedSeconds' | 'runningSince'>, now: Date) =>
  s.accruedSeconds + (s.runningSince ? Math.max(0, Math.floor((now.getTime() - s.runningSince.getTime()) / 1000)) : 0);

/** Everything a stream shows at `now`, computed to the second. */
export function figures(s: StreamState, now: Date) {
  const seconds = activeSeconds(s, now);
  const exact = Money.min(s.funded, s.ratePerSecond.mul(seconds));
  const streamed = roundDown(exact, s.currency);
  const withdrawable = streamed.minus(s.withdrawn);
  const remaining = s.funded.minus(streamed);
  const isDepleted = exact.gte(s.funded);
  const unstreamedExact = s.funded.minus(exact);
  const runwaySeconds = s.ratePerSecond.isZero() ? null : unstreamedExact.div(s.ratePerSecond).floor().toNumber();
  const depletesAt = s.runningSince && runwaySeconds !== null && !isDepleted ? new Date(now.getTime() + runwaySeconds * 1000) : null;
  return {
    activeSeconds: seconds,
    streamed,
    withdrawable,
    remaining,
    isDepleted,
    runwaySeconds,
    depletesAt,
    health: healthOf(runwaySeconds),
  };
}

export const healthOf = (runwaySeconds: number | null): Health =>
  runwaySeconds === null || runwaySeconds > 7 * DAY_SECONDS ? 'healthy' : runwaySeconds > DAY_SECONDS ? 'warning' : 'critical';

/** When the funding runs out if the stream keeps running from `now` (for the depletion worker's queue). */
export function depletionInstant(s: StreamState, now: Date): Date | null {
  if (!s.runningSince || s.ratePerSecond.isZero()) return null;
  const secondsLeft = s.funded
    .minus(s.ratePerSecond.mul(activeSeconds(s, now)))
    .div(s.ratePerSecond)
    .ceil()
    .toNumber();
  return new Date(now.getTime() + Math.max(0, secondsLeft) * 1000);
}
