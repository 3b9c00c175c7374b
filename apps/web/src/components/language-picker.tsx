'use client';

import { MenuItem, MenuLabel, Select } from '@payos/ui';
import { Check } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from '@/i18n/locales';
import { useLocaleChoice } from '@/i18n/provider';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

/** Saves the choice and says so in the new language (the toast is phrased after the switch). */
function useChoose() {
  const { choose } = useLocaleChoice();
  const t = useTranslations('language');
  return async (locale: Locale | null) => {
    try {
      await choose(locale);
    } catch (error) {
      toast(t('failed', { reason: errorMessage(error) }), 'error');
    }
  };
}

/** The user menu's languages: each in its own name, the current one checked. */
export function LanguageMenuItems() {
  const t = useTranslations('language');
  const { locale } = useLocaleChoice();
  const choose = useChoose();
  return (
    <>
      <MenuLabel>{t('label')}</MenuLabel>
      {LOCALES.map((l) => (
        <MenuItem key={l} onSelect={() => void choose(l)}>
          <span lang={l} className="flex w-full items-center gap-2" data-testid={`language-${l}`}>
            <Check className={l === locale ? 'h-4 w-4' : 'h-4 w-4 opacity-0'} aria-hidden />
            {LOCALE_NAMES[l]}
            {l === locale ? <span className="sr-only"> ✓</span> : null}
          </span>
        </MenuItem>
      ))}
    </>
  );
}

/** Settings → profile: the language, including "Browser default", which follows the browser. */
export function LanguageSelect() {
  const t = useTranslations('language');
  const { stored, browser } = useLocaleChoice();
  const choose = useChoose();
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <div className="grid max-w-sm gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {t('label')}
      </label>
      <Select
        id={id}
        value={stored ?? ''}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          await choose(isLocale(e.target.value) ? e.target.value : null);
          setBusy(false);
        }}
      >
        <option value="">{t('browserDefault', { language: LOCALE_NAMES[browser] })}</option>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </Select>
      <p className="text-xs text-muted-foreground">{t('description')}</p>
    </div>
  );
}
