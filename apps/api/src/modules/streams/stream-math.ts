import { type Amount, type Currency, Money, roundDown, roundHalfUp, roundUp, scaleOf } from '@payos/money';

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

/**
 * The longest any stream's funding may last: 1,000 years of flow. A depletion instant then stays
 * before year 10000 (for any clock before year 9000) — past it, a JavaScript Date (which ends at 8.64e15 ms) still holds it, but its
 * ISO form gets a six-digit year that PostgreSQL refuses, so a tinier rate or a bigger funding would
 * fail with a 500 instead of a clear 400. runwaySeconds stays a safe integer.
 */
export const MAX_RUNWAY_YEARS = 1_000;
export const MAX_RUNWAY_SECONDS = MAX_RUNWAY_YEARS * 365 * DAY_SECONDS;

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

/**
 * The monthly rate shown for a per-second rate, to the currency's scale and rounded to nearest. A rate
 * entered per month is stored per second cut to 18 decimals, which loses less than 3e-12 a month, so
 * rounding to nearest gives back exactly what was entered (2,000.00 stays 2,000.00; rounding down
 * showed 1,999.999999).
 */
export const ratePerMonthOf = (perSecond: Amount, currency: Currency) => roundHalfUp(perSecond.mul(SECONDS_PER_MONTH), currency);

/** Buffer (4 h of flow) and minimum funding (buffer + 7 days), rounded up to the currency scale. */
export function minimumFunding(perSecond: Amount, currency: Currency) {
  return {
    buffer: roundUp(perSecond.mul(BUFFER_SECONDS), currency),
    minimum: roundUp(perSecond.mul(BUFFER_SECONDS + MINIMUM_FLOW_SECONDS), currency),
  };
}

/**
 * The smallest rate a stream may have in `currency`: even its smallest possible funding, one unit of
 * the currency's scale, runs out within MAX_RUNWAY_SECONDS. Rounded up to the rate's 18 decimals, so
 * it is itself an exact, valid rate (USD 0.000000000000317098, USDC 0.000000000000000032 a second).
 */
export const minimumRatePerSecond = (currency: Currency): Amount =>
  new Money(10).pow(-scaleOf(currency)).div(MAX_RUNWAY_SECONDS).toDecimalPlaces(RATE_DECIMALS, Money.ROUND_UP);

/** The most a stream at `perSecond` may hold unstreamed: MAX_RUNWAY_SECONDS of flow, rounded down to the currency scale. */
export const maximumUnstreamed = (perSecond: Amount, currency: Currency): Amount => roundDown(perSecond.mul(MAX_RUNWAY_SECONDS), currency);

/** What has not streamed yet at `now`, exactly (sub-unit dust included). */
export const unstreamedExact = (s: StreamState, now: Date): Amount =>
  s.funded.minus(Money.min(s.funded, s.ratePerSecond.mul(activeSeconds(s, now))));

/** The largest top-up that keeps the runway within MAX_RUNWAY_SECONDS (zero when there is no room). */
export function maximumTopUp(s: StreamState, now: Date): Amount {
  const room = roundDown(s.ratePerSecond.mul(MAX_RUNWAY_SECONDS).minus(unstreamedExact(s, now)), s.currency);
  return room.isNegative() ? new Money(0) : room;
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
