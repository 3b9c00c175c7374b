import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import type { ReactNode } from 'react';
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from '@/i18n/locales';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = { title: 'PayOS Dashboard', description: 'Stablecoin payouts for Latin America' };

// Applies the saved (or system) colour scheme before first paint, so dark mode never flashes.
const themeScript = `try{var t=localStorage.getItem('payos-theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The language of the first render (#20 §6): the signed-in user's choice this browser last saw (a
  // cookie), else the browser's Accept-Language. The page then follows the session's stored choice.
  const acceptLocale = localeFromAcceptLanguage((await headers()).get('accept-language'));
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const initialLocale = isLocale(cookie) ? cookie : acceptLocale;
  return (
    <html lang={initialLocale} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant, first-party script. */}
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">
        <Providers initialLocale={initialLocale} acceptLocale={acceptLocale}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
