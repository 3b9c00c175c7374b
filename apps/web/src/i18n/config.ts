import type { Locale } from './locales';
import type { Messages } from './messages';

// Typed keys: `t('shell.nav.home')` is checked against English, the reference language.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
