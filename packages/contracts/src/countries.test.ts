import { describe, expect, it } from 'vitest';
import { createAccountBodySchema, updateAccountBodySchema } from './accounts.js';
import { COUNTRY_CODES, isCountryCode } from './countries.js';

describe('COUNTRY_CODES', () => {
  it('holds the 249 assigned ISO 3166-1 alpha-2 codes, once each, in order', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES].sort()).toEqual([...COUNTRY_CODES]);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('names every code through Intl (no downloaded data), in English, Spanish and Portuguese', () => {
    for (const locale of ['en', 'es-419', 'pt-BR']) {
      const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
      for (const code of COUNTRY_CODES) {
        const name = names.of(code);
        expect(name, `${locale} ${code}`).toBeTruthy();
        expect(name, `${locale} ${code}`).not.toBe(code);
      }
    }
    expect(new Intl.DisplayNames(['es-419'], { type: 'region' }).of('MX')).toBe('México');
  });

  it('refuses codes that are not assigned, even where Intl knows a name for them', () => {
    for (const code of ['XX', 'ZZ', 'XK', 'EU', 'UK', 'AN', 'YU', 'mx', 'Me', 'MEX', '']) expect(isCountryCode(code), code).toBe(false);
    for (const code of ['ME', 'MX', 'BR', 'CO', 'AR', 'US', 'AQ', 'SS']) expect(isCountryCode(code), code).toBe(true);
  });

  it('is what an account’s country accepts', () => {
    expect(createAccountBodySchema.safeParse({ type: 'person', name: 'M', country: 'ME' }).success).toBe(true);
    const refused = createAccountBodySchema.safeParse({ type: 'person', name: 'M', country: 'XX' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['country'], message: 'XX is not an ISO 3166-1 country code' });
    expect(updateAccountBodySchema.safeParse({ country: 'ZZ' }).success).toBe(false);
    expect(updateAccountBodySchema.safeParse({ country: null }).success).toBe(true);
  });
});
