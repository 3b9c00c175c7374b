import { describe, expect, it } from 'vitest';
import { displayAmount, exactAmount, isRoundedForDisplay, parseLocaleAmount, splitForDisplay } from './index.js';

describe('displayAmount', () => {
  it('shows every currency to 2 decimals, grouped, the same in every row', () => {
    expect(displayAmount('747.290034', 'USDC')).toBe('747.29 USDC');
    expect(displayAmount('7003.50575', 'USDC')).toBe('7,003.51 USDC');
    expect(displayAmount('250000.000000', 'USDC')).toBe('250,000.00 USDC');
    expect(displayAmount('0.004999', 'USDC')).toBe('0.00 USDC');
    expect(displayAmount('0.005', 'USD')).toBe('0.01 USD');
    expect(displayAmount('1250', 'MXN', { withCurrency: false })).toBe('1,250.00');
  });

  it('is exact beyond what a double holds', () => {
    expect(displayAmount('123456789012345.675', 'USD')).toBe('123,456,789,012,345.68 USD');
    expect(displayAmount('9007199254740993.00', 'USD')).toBe('9,007,199,254,740,993.00 USD');
  });

  it('uses the separators of the locale', () => {
    expect(displayAmount('1234567.891', 'BRL', { locale: 'pt-BR' })).toBe('1.234.567,89 BRL');
    expect(displayAmount('1234567.891', 'MXN', { locale: 'es-MX' })).toBe('1,234,567.89 MXN');
    expect(displayAmount('1234.5', 'USD', { locale: 'es-AR' })).toBe('1.234,50 USD');
  });

  it('signs negatives, but never a zero', () => {
    expect(displayAmount('-1500.5', 'USD')).toBe('-1,500.50 USD');
    expect(displayAmount('-0.001', 'USD')).toBe('0.00 USD');
  });

  it('takes other decimals when asked (chart axes)', () => {
    expect(displayAmount('16000', null, { decimals: 0 })).toBe('16,000');
  });
});

describe('exactAmount', () => {
  it('keeps every stored decimal, at least the display ones', () => {
    expect(exactAmount('747.290034', 'USDC')).toBe('747.290034 USDC');
    expect(exactAmount('747.290000', 'USDC')).toBe('747.29 USDC');
    expect(exactAmount('5', 'USD')).toBe('5.00 USD');
    expect(isRoundedForDisplay('747.290034', 'USDC')).toBe(true);
    expect(isRoundedForDisplay('747.290000', 'USDC')).toBe(false);
  });
});

describe('splitForDisplay', () => {
  const shown = (parts: string[], currency = 'USDC') => {
    const split = splitForDisplay(parts, currency);
    return { parts: split.parts.map((p) => p.toFixed(2)), whole: split.whole.toFixed(2) };
  };

  it('shows parts that add up to the shown whole', () => {
    // Each part rounded on its own would show 0.01 + 0.01 + 0.01 = 0.03 for a total of 0.02.
    expect(shown(['0.006', '0.006', '0.006'])).toEqual({ parts: ['0.01', '0.01', '0.00'], whole: '0.02' });
    // 150.012 shows as 150.01; each part alone would round to 100.00 + 50.00 + 0.00. A tie goes to the first part.
    expect(shown(['100.004', '50.004', '0.004'])).toEqual({ parts: ['100.01', '50.00', '0.00'], whole: '150.01' });
    expect(shown(['100.001', '50.009', '0.002'])).toEqual({ parts: ['100.00', '50.01', '0.00'], whole: '150.01' });
    expect(shown(['10.00', '0', '0'])).toEqual({ parts: ['10.00', '0.00', '0.00'], whole: '10.00' });
  });

  it('holds for random parts', () => {
    for (let n = 0; n < 2000; n++) {
      const parts = [0, 1, 2].map(() => (Math.floor(Math.random() * 1e9) / 1e6).toFixed(6));
      const split = splitForDisplay(parts, 'USDC');
      const sum = split.parts.reduce((s, p) => s.plus(p), split.whole.minus(split.whole));
      expect(sum.toFixed(2)).toBe(split.whole.toFixed(2));
      split.parts.forEach((p, i) => {
        expect(
          p
            .minus(parts[i] as string)
            .abs()
            .lt('0.01'),
        ).toBe(true);
      });
    }
  });

  it('refuses negative parts', () => {
    expect(() => splitForDisplay(['-1', '2'], 'USD')).toThrow(RangeError);
  });
});

describe('parseLocaleAmount', () => {
  it.each([
    ['150,50', 'en-US', '150.50'],
    ['150.50', 'en-US', '150.50'],
    ['10,000.00', 'en-US', '10000.00'],
    ['10,000', 'en-US', '10000'],
    ['1,234,567.8', 'en-US', '1234567.8'],
    ['1.234,56', 'en-US', '1234.56'],
    [' 2 500.75 ', 'en-US', '2500.75'],
    ['1.234,56', 'pt-BR', '1234.56'],
    ['150,50', 'pt-BR', '150.50'],
    ['10,000', 'pt-BR', '10.000'],
    ['10.000', 'pt-BR', '10000'],
    ['10.000', 'es-MX', '10.000'],
    ['250', 'es-AR', '250'],
  ])('reads %j in %s as %s', (input, locale, expected) => {
    expect(parseLocaleAmount(input, locale)).toBe(expected);
  });

  it.each(['', 'abc', '1,2,3', '1.2.3,4,5', '12,34.5', '1,0000.00', '1e5', '-5', '5.', '.5', '1.000.00', '١٢'])(
    'refuses %j',
    (input) => {
      expect(parseLocaleAmount(input)).toBeNull();
    },
  );
});
