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

/**
 * A label map (`{ active: 'active', … }`) whose values are read in the active language each time they
 * are read: feature code keeps exporting `STATUS_LABELS[status]`, and pages that use it speak the language.
 * `namespace` is a dotted path to an object of the messages with exactly `keys`.
 */
export function labelsOf<K extends string>(namespace: string, keys: readonly K[]): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const key of keys) {
    Object.defineProperty(labels, key, {
      enumerable: true,
      get: () => (translate as (ns: string) => (key: string) => string)(namespace)(key),
    });
  }
  return labels;
}
