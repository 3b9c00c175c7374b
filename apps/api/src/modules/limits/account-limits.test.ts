import { type Amount, type Currency, Money, scaleOf } from '@payos/money';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staticRateProvider } from '../fx/rates.js';
import { accountLimitsFrom, assertWithinLimits, type UsageRow } from './limits.service.js';

// The figures GET /v1/accounts/{id}/limits shows are the limit check's own (apps/api/src/modules/accounts/
// account-limits.test.ts proves it through HTTP): for any usage in any currencies, the largest amount
// they allow passes assertWithinLimits and a cent more does not.

const provider = staticRateProvider();
const CURRENCIES: Currency[] = ['USD', 'USDC', 'MXN', 'BRL', 'COP', 'ARS'];

/** A decimal of `currency`'s scale between 0 and `max` units. */
const amountOf = (currency: Currency, max: number) =>
  fc
    .bigInt({ min: 0n, max: BigInt(max) * 10n ** BigInt(scaleOf(currency)) })
    .map((units) => new Money(units.toString()).div(10 ** scaleOf(currency)));

/** One usage row per currency: the 30 days' sum, and the day's as a part of it. */
const usageRows = fc.uniqueArray(fc.constantFrom(...CURRENCIES), { maxLength: 4 }).chain((currencies) =>
  fc.tuple(
    ...currencies.map((currency) =>
      fc
        .tuple(
          amountOf(currency, currency === 'COP' ? 50_000_000 : currency === 'ARS' ? 5_000_000 : 600_000),
          fc.double({ min: 0, max: 1, noNaN: true }),
        )
        .map(([monthly, share]): UsageRow => {
          const daily = monthly.times(share).toDecimalPlaces(scaleOf(currency), Money.ROUND_DOWN);
          return { currency, daily: daily.toFixed(), monthly: monthly.toFixed() };
        }),
    ),
  ),
);

const passes = (tier: number, rows: UsageRow[], amount: Amount) =>
  assertWithinLimits({ verification_status: 'verified', status: 'active', verification_tier: tier }, rows, undefined, amount, 'USD', {
    rates: provider,
  }).then(
    () => true,
    (error: { code?: string }) => {
      if (error.code !== 'limit_exceeded') throw error;
      return false;
    },
  );

describe('account limits figures', () => {
  it('the most they allow passes the check and a cent more is refused, whatever the usage (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), usageRows, async (tier, rows) => {
        const id = '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f';
        const figures = await accountLimitsFrom(
          { id, verification_status: 'verified', status: 'active', verification_tier: tier },
          rows,
          provider,
        );
        for (const window of [figures.daily, figures.monthly]) {
          expect(new Money(window.remaining).gte(0)).toBe(true);
          // Used rounds up and remaining down, so together they never read above the limit.
          if (new Money(window.used).lte(window.limit)) expect(new Money(window.used).plus(window.remaining).lte(window.limit)).toBe(true);
        }
        const most = Money.min(figures.perTransaction.limit, figures.daily.remaining, figures.monthly.remaining);
        if (most.gt(0)) expect(await passes(tier, rows, most)).toBe(true);
        expect(await passes(tier, rows, most.plus('0.01'))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
