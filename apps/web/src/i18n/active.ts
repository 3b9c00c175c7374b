import { createTranslator } from 'next-intl';
import { setDisplayLocale } from '@/lib/format';
import { DEFAULT_LOCALE, FORMAT_LOCALES, type Locale } from './locales';
import { MESSAGES, type Messages } from './messages';

/**
 * The language the page is in right now, for code that runs outside React: the API client's toasts,
 * lib/error-words and lib/verbs phrase their sentences with `translate()`. The language provider
 * sets it before its children render; it is English until then (and in unit tests).
 */
let active: Locale = DEFAULT_LOCALE;

export function setActiveLocale(locale: Locale) {
  active = locale;
  setDisplayLocale(FORMAT_LOCALES[locale]);
}

export const activeLocale = () => active;

type Namespace = keyof Messages;
const translators = new Map<string, unknown>();

/** A translator for one namespace in the active language: `translate('errors')('accountSuspended')`. */
export function translate<N extends Namespace>(namespace: N) {
  const cacheKey = `${active}:${namespace}`;
  let t = translators.get(cacheKey) as ReturnType<typeof createTranslator<Messages, N>> | undefined;
  if (!t) {
    t = createTranslator({ locale: active, messages: MESSAGES[active], namespace });
    translators.set(cacheKey, t);
  }
  return t;
}
