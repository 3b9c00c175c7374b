import { type Currency, Money } from '@payos/money';
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

// Every expectation below was computed by hand from the SPEC rules.
describe('quote pricing per corridor', () => {
  it('USD→MXN: the SPEC example', () => {
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
    // 10.01 × 4150 = 41541.5 ; 33.33 × 365 = 12165.45
    expect(quote('USD', 'COP', '10.01')).toMatchObject({ destination: '41541.5', fees: ['platform:0.05', 'cross_currency:0.02'] });
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
      fees: ['platform:0.29', 'cross_currency:0.12'],
    });
  });

  it('applies the spread to the mid rate', () => {
    // 17.15 × (1 − 0.01) = 16.9785 ; 100 × 16.9785 = 1697.85
    expect(quote('USD', 'MXN', '100', 'source', '0.01')).toMatchObject({ rate: '16.9785', destination: '1697.85' });
  });
});
