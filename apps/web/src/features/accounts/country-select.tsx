'use client';

import { Select } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { countryOptions } from '@/lib/countries';
import { DISPLAY_LOCALE } from '@/lib/format';

/**
 * A country, chosen from the assigned ISO 3166-1 codes named in the display locale and sorted by
 * name — never typed as free text. A native select: typing a name's first letters picks it ("Mex" →
 * Mexico), the phone's own picker opens on mobile, and keyboard and screen readers work as they do
 * everywhere. The form gets the code (`name`), or '' for none.
 */
export function CountrySelect({
  id,
  name,
  defaultValue,
  invalid,
}: {
  id: string;
  name: string;
  defaultValue?: string | null;
  invalid?: boolean;
}) {
  const t = useTranslations('accounts');
  // DISPLAY_LOCALE follows the language (a live binding); countryOptions keeps one sorted list per locale.
  const options = countryOptions(DISPLAY_LOCALE);
  return (
    <Select
      id={id}
      name={name}
      defaultValue={defaultValue ?? ''}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? `${id}-error` : undefined}
    >
      <option value="">{t('noCountry')}</option>
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.name}
        </option>
      ))}
    </Select>
  );
}
