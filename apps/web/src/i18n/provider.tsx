'use client';

import { type UiLabels, UiLabelsProvider } from '@payos/ui';
import { type IntlError, IntlErrorCode, NextIntlClientProvider, useTranslations } from 'next-intl';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { payos } from '@/lib/payos';
import { useSession } from '@/lib/session';
import { setActiveLocale } from './active';
import { LOCALE_COOKIE, type Locale, matchLocale } from './locales';
import { MESSAGES } from './messages';

type LocaleChoice = {
  /** The language the page is in. */
  locale: Locale;
  /** The signed-in user's stored choice; null follows the browser. */
  stored: Locale | null;
  /** The browser's language, matched to ours: what `stored: null` means. */
  browser: Locale;
  /** Saves the choice (PATCH /v1/auth/me) and switches the page to it, without a reload. */
  choose(locale: Locale | null): Promise<void>;
};

const LocaleContext = createContext<LocaleChoice | null>(null);

export function useLocaleChoice(): LocaleChoice {
  const choice = useContext(LocaleContext);
  if (!choice) throw new Error('useLocaleChoice() needs the LanguageProvider');
  return choice;
}

/**
 * next-intl's own date formatting is not used (lib/format formats dates in the browser's time zone),
 * so its "no timeZone configured" notice is noise; every other problem (a missing message) is logged.
 */
function onIntlError(error: IntlError) {
  if (error.code === IntlErrorCode.ENVIRONMENT_FALLBACK) return;
  console.error(error);
}

const browserLanguages = () => (navigator.languages?.length ? navigator.languages : [navigator.language]);

function writeCookie(locale: Locale | null) {
  // Not a secret and not httpOnly: it only lets the server render the next page load in the user's language.
  // biome-ignore lint/suspicious/noDocumentCookie: one fixed name and a value from LOCALES; the Cookie Store API is not in every browser we serve.
  document.cookie = locale
    ? `${LOCALE_COOKIE}=${locale}; path=/; max-age=${365 * 24 * 60 * 60}; samesite=lax`
    : `${LOCALE_COOKIE}=; path=/; max-age=0; samesite=lax`;
}

/**
 * The page's language (#20 §6), without locale routing: the signed-in user's stored choice (`locale`
 * of GET /v1/auth/me), else the browser's language (navigator.languages; the server used
 * Accept-Language for the first render), else English. `initialLocale` is what the server rendered
 * (the cookie a signed-in user's choice leaves, else Accept-Language), so hydration matches.
 *
 * The subtree is keyed by the language: switching re-renders every figure and word at once (money
 * and dates read lib/format's display locale, set here before the children render); cached queries
 * stay, as the query client lives above.
 */
export function LanguageProvider({
  initialLocale,
  acceptLocale,
  children,
}: {
  initialLocale: Locale;
  acceptLocale: Locale;
  children: ReactNode;
}) {
  const session = useSession();
  const [browser, setBrowser] = useState<Locale>(acceptLocale);
  useEffect(() => setBrowser(matchLocale(browserLanguages())), []);
  // A choice saved in this page, until the session's own `me` carries it (the next refresh or sign-in).
  const [chosen, setChosen] = useState<{ userId: string; locale: Locale | null }>();

  const userId = session.status === 'authenticated' ? session.me.user.id : undefined;
  const stored =
    session.status === 'authenticated' ? (chosen && chosen.userId === userId ? chosen.locale : (session.me.locale ?? null)) : null;
  const locale: Locale = session.status === 'loading' ? initialLocale : (stored ?? browser);
  // Before the children render: money(), dates and the translators outside React follow at once.
  setActiveLocale(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    if (session.status === 'authenticated') writeCookie(stored);
    if (session.status === 'anonymous') writeCookie(null);
  }, [session.status, stored]);

  const choose = useCallback(async (next: Locale | null) => {
    const me = await payos().auth.updateMe({ locale: next });
    setChosen({ userId: me.user.id, locale: me.locale ?? null });
  }, []);

  const value = useMemo(() => ({ locale, stored, browser, choose }), [locale, stored, browser, choose]);
  return (
    <LocaleContext.Provider value={value}>
      <NextIntlClientProvider key={locale} locale={locale} messages={MESSAGES[locale]} onError={onIntlError}>
        <TranslatedUiLabels>{children}</TranslatedUiLabels>
      </NextIntlClientProvider>
    </LocaleContext.Provider>
  );
}

/** The shared components' own words (Cancel, Close, Loading…) in the page's language. */
function TranslatedUiLabels({ children }: { children: ReactNode }) {
  const t = useTranslations('common.ui');
  const labels = useMemo<UiLabels>(
    () => ({
      cancel: t('cancel'),
      close: t('close'),
      closeNamed: (title) => t('closeNamed', { title: title.toLowerCase() }),
      loading: t('loading'),
      somethingWentWrong: t('somethingWentWrong'),
      tryAgain: t('tryAgain'),
      sections: t('sections'),
      tableScrolls: t('tableScrolls'),
    }),
    [t],
  );
  return <UiLabelsProvider labels={labels}>{children}</UiLabelsProvider>;
}
