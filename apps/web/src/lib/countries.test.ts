import { COUNTRY_CODES } from '@payos/contracts';
import { describe, expect, it } from 'vitest';
import { countryName, countryOptions } from './countries';

describe('countryOptions()', () => {
  it('offers every assigned code once, named in the locale and sorted by that name', () => {
    for (const locale of ['en-US', 'es-419', 'pt-BR']) {
      const options = countryOptions(locale);
      expect(options).toHaveLength(COUNTRY_CODES.length);
      expect(new Set(options.map((o) => o.code))).toEqual(new Set(COUNTRY_CODES));
      const collator = new Intl.Collator(locale);
      for (let i = 1; i < options.length; i++) {
        expect(collator.compare((options[i - 1] as { name: string }).name, (options[i] as { name: string }).name)).toBeLessThanOrEqual(0);
      }
      for (const o of options) expect(o.name).not.toBe(o.code);
    }
    expect(countryOptions('en-US').find((o) => o.code === 'MX')?.name).toBe('Mexico');
    expect(countryOptions('es-419').find((o) => o.code === 'MX')?.name).toBe('México');
    expect(countryOptions('pt-BR').find((o) => o.code === 'DE')?.name).toBe('Alemanha');
    // Montenegro is not where a typed "Me" lands: the list is chosen from, never typed into.
    expect(countryOptions('en-US').find((o) => o.code === 'ME')?.name).toBe('Montenegro');
  });
});

describe('countryName()', () => {
  it('names a code, and leaves what it cannot name as stored', () => {
    expect(countryName('MX', 'en-US')).toBe('Mexico');
    expect(countryName('BR', 'pt-BR')).toBe('Brasil');
    expect(countryName('not a code', 'en-US')).toBe('not a code');
  });
});
