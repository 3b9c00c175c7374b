import { type Amount, type Currency, Money } from '@payos/money';
import { AppError } from '../../core/errors.js';

/** Where mid-market rates come from. A provider that cannot answer throws RateUnavailableError. */
export type RateProvider = {
  /** Units of `to` per one unit of `from`. */
  midRate(from: Currency, to: Currency): Promise<Amount>;
};

export class RateUnavailableError extends Error {}

/** What every consumer of rates answers when there is none to trust: 503, never a guess. */
export const ratesUnavailable = () =>
  new AppError('unavailable_error', 'rates_unavailable', 'FX rates are unavailable right now; retry shortly.');

/** The sane range of a rate between two supported currencies (ARS and COP are thousands per USD). */
const MIN_RATE = new Money('0.000001');
const MAX_RATE = new Money('1000000000');

/**
 * The provider as the app uses it (createApp wraps whatever it is given): a rate that is not a finite
 * decimal inside the sane range — 0, a negative, Infinity, a typo of a billion, not a number at all —
 * is an unavailable rate. It would otherwise price quotes absurdly or turn limits off for everyone.
 */
export function checkedRateProvider(provider: RateProvider): RateProvider {
  return {
    async midRate(from, to) {
      const rate: unknown = await provider.midRate(from, to);
      if (!Money.isDecimal(rate) || !rate.isFinite() || rate.lte(MIN_RATE) || rate.gte(MAX_RATE)) {
        throw new RateUnavailableError(`The provider's ${from}→${to} rate is not a usable rate.`);
      }
      return new Money(rate);
    },
  };
}

/** The default rates (docs/MONEY.md, FX pricing): units per USD. USDC is priced as USD. */
export const DEFAULT_USD_RATES: Record<'MXN' | 'BRL' | 'COP' | 'ARS', string> = { MXN: '17.15', BRL: '4.97', COP: '4150', ARS: '365' };

/** The built-in provider: configured rates against USD (USDC = USD), nothing else. */
export function staticRateProvider(usdRates: Partial<Record<Currency, string>> = DEFAULT_USD_RATES): RateProvider {
  const perUsd = (currency: Currency): Amount | undefined => {
    if (currency === 'USD' || currency === 'USDC') return new Money(1);
    const rate = usdRates[currency];
    return rate === undefined ? undefined : new Money(rate);
  };
  return {
    async midRate(from, to) {
      const fromPerUsd = perUsd(from);
      const toPerUsd = perUsd(to);
      if (!fromPerUsd || !toPerUsd) throw new RateUnavailableError(`No rate for ${from}→${to}.`);
      return toPerUsd.div(fromPerUsd);
    },
  };
}

/** Parses "MXN=17.15,BRL=4.97" (the FX_RATES setting); unknown or malformed entries throw. */
export function parseRateList(value: string): Partial<Record<Currency, string>> {
  const rates: Partial<Record<Currency, string>> = {};
  for (const pair of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(MXN|BRL|COP|ARS)=(\d+(\.\d+)?)$/.exec(pair);
    if (!match) throw new Error(`bad rate "${pair}" (expected e.g. MXN=17.15)`);
    const rate = new Money(match[2] as string);
    // Units per USD: ARS and COP are in the thousands; 0 or a billion is a typo, not a rate.
    if (rate.lte(0) || rate.gte(1_000_000_000)) throw new Error(`bad rate "${pair}" (must be above 0 and below 1,000,000,000)`);
    rates[match[1] as Currency] = match[2] as string;
  }
  return rates;
}
