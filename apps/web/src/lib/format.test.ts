import { describe, expect, it } from 'vitest';
import { isValidAmount } from './amount';
import { exactMoney, money } from './format';

describe('money()', () => {
  it('shows every currency to its display decimals, grouped, alike in every row', () => {
    expect(money('246692.900000', 'USDC')).toBe('246,692.90 USDC');
    expect(money('17150.00', 'MXN')).toBe('17,150.00 MXN');
    expect(money('1000')).toBe('1,000.00');
    // The review saw 747.290034 and 7,003.50575 in one column.
    expect(money('747.290034', 'USDC')).toBe('747.29 USDC');
    expect(money('7003.50575', 'USDC')).toBe('7,003.51 USDC');
  });

  it('never goes through a float', () => {
    // 2^53 + 1 is not representable as a number; as a string it survives.
    expect(money('9007199254740993.01', 'USD')).toBe('9,007,199,254,740,993.01 USD');
  });

  it('signs negatives with a minus sign, and treats −0 as 0', () => {
    expect(money('-1007.000000', 'USDC')).toBe('−1,007.00 USDC');
    expect(money('-0.00', 'USD')).toBe('0.00 USD');
    expect(money('-0.001', 'USDC')).toBe('0.00 USDC');
  });

  it('shows a dash for missing amounts', () => {
    expect(money(null, 'USD')).toBe('—');
    expect(money(undefined)).toBe('—');
  });
});

describe('exactMoney()', () => {
  it('keeps every stored decimal, for what a person must type to the unit', () => {
    expect(exactMoney('0.125000', 'USDC')).toBe('0.125 USDC');
    expect(exactMoney('0.000001', 'USDC')).toBe('0.000001 USDC');
    expect(exactMoney('250.000000', 'USDC')).toBe('250.00 USDC');
    expect(exactMoney('-1.5', 'USD')).toBe('−1.50 USD');
  });
});

describe('isValidAmount()', () => {
  it('accepts what the API accepts', () => {
    for (const ok of ['1', '250.00', '0.5', '0.000001', '123456789012345.123456']) expect(isValidAmount(ok), ok).toBe(true);
  });
  it('refuses zero, negatives, exponents, separators and too many decimals', () => {
    for (const bad of ['', '0', '0.00', '-5', '1e3', '1,000.00', '1.1234567', '.5', '5.', ' 5', 'NaN', 'Infinity']) {
      expect(isValidAmount(bad), bad).toBe(false);
    }
  });
});

describe('the display locale follows the language', () => {
  it('formats money, dates and counts in pt-BR and es-419, and back in English', async () => {
    const { setDisplayLocale, count, date } = await import('./format');
    try {
      setDisplayLocale('pt-BR');
      expect(money('1234.56', 'BRL')).toBe('1.234,56 BRL');
      expect(exactMoney('-0.125000', 'USDC')).toBe('−0,125 USDC');
      expect(count(12345)).toBe('12.345');
      expect(date('2026-03-05T12:00:00Z')).toMatch(/^5 de mar\.? de 2026$/);
      setDisplayLocale('es-419');
      expect(money('1234.56', 'MXN')).toBe(new Intl.NumberFormat('es-419', { minimumFractionDigits: 2 }).format(1234.56) + ' MXN');
    } finally {
      setDisplayLocale('en-US');
    }
    expect(money('1234.56', 'USD')).toBe('1,234.56 USD');
  });
});
