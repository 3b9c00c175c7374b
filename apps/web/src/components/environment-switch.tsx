'use client';

import type { Environment } from '@payos/contracts';
import { cn } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-action';
import { asksBeforeSwitching, setEnvironment, useEnvironment } from '@/lib/environment';

/** The header's colour in each environment: Live is unmistakable, Test as it always was. */
export const HEADER_TONE: Record<Environment, string> = {
  test: 'border-border bg-background/95',
  live: 'border-b-2 border-emerald-700 bg-emerald-100/95 dark:border-emerald-500 dark:bg-emerald-950/95',
};

/**
 * Test / Live. Going to Live asks first (it means real money and live keys); going back to Test does
 * not. The radios stay on Test until the switch is confirmed.
 */
export function EnvironmentSwitch() {
  const environment = useEnvironment();
  const t = useTranslations('shell.environment');
  const [asking, setAsking] = useState(false);
  const choose = (env: Environment) => (asksBeforeSwitching(environment, env) ? setAsking(true) : setEnvironment(env));
  return (
    <>
      <fieldset className="flex rounded-md border border-border bg-background p-0.5 text-xs font-medium">
        <legend className="sr-only">{t('legend')}</legend>
        {(['test', 'live'] as const).map((env) => (
          <label
            key={env}
            className={cn(
              'cursor-pointer rounded px-2.5 py-1 capitalize has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
              environment === env
                ? env === 'test'
                  ? 'bg-amber-400 text-amber-950' // white on amber reads at 2.1:1; amber-950 at 8.7:1
                  : 'bg-emerald-700 text-white'
                : 'text-muted-foreground',
            )}
          >
            <input
              type="radio"
              name="environment"
              value={env}
              checked={environment === env}
              onChange={() => choose(env)}
              className="sr-only"
            />
            {t(env)}
          </label>
        ))}
      </fieldset>
      <ConfirmDialog
        open={asking}
        onOpenChange={setAsking}
        title={t('confirmTitle')}
        description={t('confirmDescription')}
        confirmLabel={t('confirmLabel')}
        busyLabel={t('switching')}
        tone="primary"
        onConfirm={() => setEnvironment('live')}
      />
    </>
  );
}

/** Under the header on every page: in Live a banner that cannot be missed (it stays in view), in Test the note it always had. */
export function EnvironmentBanner() {
  const environment = useEnvironment();
  const t = useTranslations('shell.environment');
  if (environment === 'live') {
    return (
      <div
        data-testid="live-banner"
        className="sticky top-14 z-20 flex flex-wrap items-center justify-center gap-x-3 bg-emerald-700 px-4 py-1.5 text-center text-sm font-semibold text-white"
      >
        {t('liveBanner')}
        <button
          type="button"
          onClick={() => setEnvironment('test')}
          className="rounded text-xs font-medium underline underline-offset-2 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-white"
        >
          {t('switchToTest')}
        </button>
      </div>
    );
  }
  return <div className="bg-amber-500/10 px-4 py-1 text-center text-xs text-amber-800 dark:text-amber-300">{t('testBanner')}</div>;
}
