import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, matchLocale } from './locales';

describe('the browser language → the dashboard language', () => {
  it('matches es-* to es-419, pt-* to pt-BR, en-* to en, in the browser order, else English', () => {
    expect(matchLocale(['es-MX', 'en'])).toBe('es-419');
    expect(matchLocale(['es'])).toBe('es-419');
    expect(matchLocale(['pt-PT'])).toBe('pt-BR');
    expect(matchLocale(['fr-FR', 'pt-BR', 'en'])).toBe('pt-BR');
    expect(matchLocale(['en-GB', 'es-AR'])).toBe('en');
    expect(matchLocale(['de', 'fr'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });

  it('reads Accept-Language by its q-values', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt-BR');
    expect(localeFromAcceptLanguage('fr;q=0.9, es-CO;q=0.8, en;q=0.7')).toBe('es-419');
    expect(localeFromAcceptLanguage('en;q=0.5, es;q=0.9')).toBe('es-419');
    expect(localeFromAcceptLanguage('*')).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage(null)).toBe('en');
  });
});
