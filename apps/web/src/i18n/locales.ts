import { LOCALES, type Locale } from '@payos/contracts';

/**
 * The dashboard's languages (#20 §6): English, Latin-American Spanish, Brazilian Portuguese. No
 * locale routing — URLs stay as they are: the language is the signed-in user's stored choice
 * (PATCH /v1/auth/me), else the browser's, else English.
 */
export { LOCALES, type Locale };

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name, as the picker shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'es-419': 'Español (Latinoamérica)', 'pt-BR': 'Português (Brasil)' };

/** The locale numbers, money and dates are formatted in: English figures are US ones (1,234.56). */
export const FORMAT_LOCALES: Record<Locale, string> = { en: 'en-US', 'es-419': 'es-419', 'pt-BR': 'pt-BR' };

/** The cookie that lets the server render a signed-in user's language on a reload, before the session is restored. */
export const LOCALE_COOKIE = 'payos-locale';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** One browser language tag → ours: `es-*` → es-419, `pt-*` → pt-BR, `en-*` → en; anything else → undefined. */
export function localeOf(tag: string): Locale | undefined {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (language === 'es') return 'es-419';
  if (language === 'pt') return 'pt-BR';
  if (language === 'en') return 'en';
  return undefined;
}

/** The first of the browser's languages (in its order of preference) that we speak; else English. */
export function matchLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const locale = localeOf(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/** An `Accept-Language` header → our locale, by the header's q-values (`fr;q=0.9, pt-BR;q=0.8` → pt-BR). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return matchLocale(ranked.map((entry) => entry.tag));
}
