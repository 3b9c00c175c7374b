import { describe, expect, it } from 'vitest';
import { AmountError, formatAmount, Money, parseAmount, roundDown, roundHalfUp, roundUp } from './index.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as AmountError).code;
  }
  return 'no error';
};

describe('parseAmount', () => {
  it('accepts decimal strings and JSON numbers within the scale', () => {
    expect(parseAmount('1250.00', 'USD').toString()).toBe('1250');
    expect(parseAmount('12.5', 'USDC').toString()).toBe('12.5');
    expect(parseAmount(0.1, 'USD').toString()).toBe('0.1');
    expect(parseAmount(100, 'MXN').toString()).toBe('100');
    expect(parseAmount('0.000001', 'USDC').toString()).toBe('0.000001');
  });

  it.each([
    ['1e3', 'invalid_amount'],
    ['1E3', 'invalid_amount'],
    [1e21, 'invalid_amount'],
    ['NaN', 'invalid_amount'],
    [Number.NaN, 'invalid_amount'],
    [Number.POSITIVE_INFINITY, 'invalid_amount'],
    ['-5', 'invalid_amount'],
    [-5, 'invalid_amount'],
    ['+5', 'invalid_amount'],
    ['01.5', 'invalid_amount'],
    ['1.', 'invalid_amount'],
    ['.5', 'invalid_amount'],
    ['', 'invalid_amount'],
    ['1,000.00', 'invalid_amount'],
    ['0x10', 'invalid_amount'],
    [null, 'invalid_amount'],
    [true, 'invalid_amount'],
    ['1.001', 'amount_too_precise'],
    ['0', 'amount_not_positive'],
    ['0.00', 'amount_not_positive'],
    ['1000000000000000', 'amount_too_large'],
  ])('rejects %j with %s', (input, code) => {
    expect(codeOf(() => parseAmount(input, 'USD'))).toBe(code);
  });

  it('allows zero when asked', () => {
    expect(parseAmount('0', 'USD', { allowZero: true }).isZero()).toBe(true);
  });

  it('checks precision per currency', () => {
    expect(codeOf(() => parseAmount('1.1234567', 'USDC'))).toBe('amount_too_precise');
    expect(parseAmount('1.123456', 'USDC').toString()).toBe('1.123456');
  });
});

describe('formatAmount and rounding', () => {
  it('formats with the currency scale', () => {
    expect(formatAmount(new Money('1250'), 'USD')).toBe('1250.00');
    expect(formatAmount('12.5', 'USDC')).toBe('12.500000');
    expect(() => formatAmount('1.005', 'USD')).toThrow(AmountError);
  });

  it('rounds exactly, without binary floating point', () => {
    const third = new Money(1).div(3);
    expect(roundDown(third, 'USD').toFixed(2)).toBe('0.33');
    expect(roundUp(third, 'USD').toFixed(2)).toBe('0.34');
    expect(roundHalfUp(new Money('1.005'), 'USD').toFixed(2)).toBe('1.01');
    expect(new Money('0.1').plus('0.2').toString()).toBe('0.3');
  });
});
