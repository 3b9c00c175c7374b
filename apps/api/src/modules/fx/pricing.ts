import type { FeeType } from '@payos/contracts';
import { type Amount, type Currency, Money, roundDown, roundUp } from '@payos/money';
import type { Corridor } from './corridors.js';

export const PLATFORM_FEE_RATE = new Money('0.005');
export const CROSS_CURRENCY_FEE_RATE = new Money('0.002');
/** Quoted rates keep 12 decimal places (the database column), truncated. */
const RATE_DECIMALS = 12;

export type FeeLine = { type: FeeType; amount: Amount };
export type Price = {
  rate: Amount;
  sourceAmount: Amount;
  destinationAmount: Amount;
  fees: FeeLine[];
  feeTotal: Amount;
  totalDebit: Amount;
};

/** USD and USDC are one currency for pricing: moving between them is not a conversion. */
const sameMoney = (a: Currency, b: Currency) => a === b || (a.startsWith('USD') && b.startsWith('USD'));

/**
 * Prices a quote (docs/MONEY.md, FX pricing). rate = mid × (1 − spread). By source: destination = source × rate rounded
 * DOWN to the destination scale. By destination: source = destination ÷ rate rounded UP to the source
 * scale. Fees are charged on top in the source currency — 0.5 % platform, 0.2 % when currencies
 * differ, the corridor's fixed fee — each line rounded UP to the source scale, so a fee that is not zero
 * is never charged as 0.00 (half-up made 0.2 % of 1.00 USD, 0.002, a free 0.00 line; this departs from
 * the product contract's half-up on purpose, by at most one unit of the scale per line); the total is the sum of
 * the rounded lines. The customer never receives more, nor pays less, than the rate and fees allow.
 */
export function price(input: {
  corridor: Corridor;
  amount: Amount;
  amountType: 'source' | 'destination';
  midRate: Amount;
  spread: Amount;
}): Price {
  const { corridor } = input;
  const from = corridor.fromCurrency;
  const to = corridor.toCurrency;
  const rate = input.midRate.times(new Money(1).minus(input.spread)).toDecimalPlaces(RATE_DECIMALS, Money.ROUND_DOWN);
  const sourceAmount = input.amountType === 'source' ? input.amount : roundUp(input.amount.div(rate), from);
  const destinationAmount = input.amountType === 'destination' ? input.amount : roundDown(input.amount.times(rate), to);
  const fees: FeeLine[] = [{ type: 'platform', amount: roundUp(sourceAmount.times(PLATFORM_FEE_RATE), from) }];
  if (!sameMoney(from, to)) fees.push({ type: 'cross_currency', amount: roundUp(sourceAmount.times(CROSS_CURRENCY_FEE_RATE), from) });
  if (corridor.fixedFee) fees.push({ type: 'corridor', amount: new Money(corridor.fixedFee) });
  const feeTotal = fees.reduce((sum, fee) => sum.plus(fee.amount), new Money(0));
  return { rate, sourceAmount, destinationAmount, fees, feeTotal, totalDebit: sourceAmount.plus(feeTotal) };
}
