import { COUNTRY_CODES } from '@payos/contracts';

/** A country as a picker offers it: its ISO 3166-1 alpha-2 code and its name in the display locale. */
export type CountryOption = { code: string; name: string };

const optionsByLocale = new Map<string, readonly CountryOption[]>();

/**
 * Every assigned ISO 3166-1 code (COUNTRY_CODES, the list the API accepts), named by the runtime's
 * `Intl.DisplayNames` in `locale` — no list of names is shipped — and sorted by that name as the
 * locale sorts ("México" among the M's in Spanish). Computed once per locale.
 */
export function countryOptions(locale: string): readonly CountryOption[] {
  let options = optionsByLocale.get(locale);
  if (!options) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    const collator = new Intl.Collator(locale);
    options = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    optionsByLocale.set(locale, options);
  }
  return options;
}

/** A country code as people read it in `locale` ("MX" → "Mexico"); a code no runtime knows stays as it is. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code; // not a well-formed region code: shown as stored
  }
}
