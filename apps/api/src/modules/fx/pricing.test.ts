import { type Currency, Money, scaleOf } from '@payos/money';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCorridor } from './corridors.js';
import { price } from './pricing.js';
import { DEFAULT_USD_RATES } from './rates.js';

const quote = (from: Currency, to: Currency, amount: string, amountType: 'source' | 'destination' = 'source', spread = '0') => {
  const corridor = findCorridor(from, to);
  if (!corridor) throw new Error('no corridor');
  const mid = from === to || (from.startsWith('USD') && to.startsWith('USD')) ? '1' : DEFAULT_USD_RATES[to as 'MXN'];
  const p = price({ corridor, amount: new Money(amount), amountType, midRate: new Money(mid), spread: new Money(spread) });
  return {
    rate: p.rate.toString(),
    source: p.sourceAmount.toString(),
    destination: p.destinationAmount.toString(),
    fees: p.fees.map((f) => `${f.type}:${f.amount.toString()}`),
    total: p.feeTotal.toString(),
    debit: p.totalDebit.toString(),
  };
};

// Every expectation below was computed by hand from the rules in docs/MONEY.md (FX pricing): each
// fee line is rounded UP to the source scale (not half-up), so a non-zero fee is never 0.00.
describe('quote pricing per corridor', () => {
  it('USD→MXN: the docs/MONEY.md example', () => {
    expect(quote('USD', 'MXN', '1000.00')).toEqual({
      rate: '17.15',
      source: '1000',
      destination: '17150',
      fees: ['platform:5', 'cross_currency:2'],
      total: '7',
      debit: '1007',
    });
  });

  it('USD→BRL adds the 1.50 corridor fee', () => {
    // 250.00 × 4.97 = 1242.50; fees 1.25 + 0.50 + 1.50 = 3.25.
    expect(quote('USD', 'BRL', '250.00')).toMatchObject({ destination: '1242.5', total: '3.25', debit: '253.25' });
  });

  it('USDC→BRL has no corridor fee; USDC keeps 6 decimals', () => {
    // 99.999999 × 4.97 = 496.99999503 → 496.99 (down); platform 0.499999995 → 0.500000; cross 0.199999998 → 0.200000.
    expect(quote('USDC', 'BRL', '99.999999')).toMatchObject({
      destination: '496.99',
      fees: ['platform:0.5', 'cross_currency:0.2'],
      debit: '100.699999',
    });
  });

  it('USD→COP and USD→ARS round the destination down', () => {
    // 10.01 × 4150 = 41541.5 ; 33.33 × 365 = 12165.45. Fee lines round up: 0.05005 → 0.06, 0.02002 → 0.03.
    expect(quote('USD', 'COP', '10.01')).toMatchObject({ destination: '41541.5', fees: ['platform:0.06', 'cross_currency:0.03'] });
    expect(quote('USD', 'ARS', '33.33')).toMatchObject({ destination: '12165.45', fees: ['platform:0.17', 'cross_currency:0.07'] });
  });

  it('USD→USD (ACH) and USDC→USDC charge the platform fee only', () => {
    expect(quote('USD', 'USD', '100.00')).toMatchObject({ rate: '1', destination: '100', fees: ['platform:0.5'], debit: '100.5' });
    expect(quote('USDC', 'USDC', '0.10')).toMatchObject({ fees: ['platform:0.0005'], debit: '0.1005' });
  });

  it('by destination amount: the source is rounded up so the recipient gets exactly the amount', () => {
    // 1000.00 MXN ÷ 17.15 = 58.3090379… → 58.31 USD; 58.31 × 17.15 = 1000.0165 ≥ 1000.
    expect(quote('USD', 'MXN', '1000.00', 'destination')).toMatchObject({
      source: '58.31',
      destination: '1000',
      fees: ['platform:0.3', 'cross_currency:0.12'], // 0.29155 → 0.30 (up), 0.11662 → 0.12
    });
  });

  it('applies the spread to the mid rate', () => {
    // 17.15 × (1 − 0.01) = 16.9785 ; 100 × 16.9785 = 1697.85
    expect(quote('USD', 'MXN', '100', 'source', '0.01')).toMatchObject({ rate: '16.9785', destination: '1697.85' });
  });

  it('1.00 USD→MXN: each fee line is at least one cent (half-up made the 0.002 cross-currency line 0.00)', () => {
    expect(quote('USD', 'MXN', '1.00')).toMatchObject({ fees: ['platform:0.01', 'cross_currency:0.01'], total: '0.02', debit: '1.02' });
  });

  it('every fee line is the exact fee rounded up: never zero, never a full unit of the scale more', () => {
    const corridors = [findCorridor('USD', 'MXN'), findCorridor('USDC', 'BRL'), findCorridor('USD', 'COP'), findCorridor('USDC', 'USDC')];
    fc.assert(
      fc.property(fc.constantFrom(...corridors), fc.bigInt({ min: 1n, max: 10n ** 12n }), (corridor, units) => {
        if (!corridor) throw new Error('no corridor');
        const scale = scaleOf(corridor.fromCurrency);
        const amount = new Money(units.toString()).div(new Money(10).pow(scale));
        const p = price({ corridor, amount, amountType: 'source', midRate: new Money('4.97'), spread: new Money(0) });
        const exact = { platform: new Money('0.005'), cross_currency: new Money('0.002') };
        for (const fee of p.fees) {
          if (fee.type === 'corridor') continue;
          const owed = amount.times(exact[fee.type]);
          expect(fee.amount.gt(0)).toBe(true);
          expect(fee.amount.gte(owed)).toBe(true);
          expect(fee.amount.minus(owed).lt(new Money(10).pow(-scale))).toBe(true);
          expect(fee.amount.decimalPlaces()).toBeLessThanOrEqual(scale);
        }
      }),
      { numRuns: 500 },
    );
  });
});
