'use client';

import { CURRENCY_CODES, type OrganizationSettings, updateOrganizationSettingsBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { QueryView } from '@/components/query-view';
import { settingsQuery, useUpdateSettings } from '@/features/settings/queries';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

type Thresholds = OrganizationSettings['lowBalanceThresholds'];
type Currency = (typeof CURRENCY_CODES)[number];

/**
 * Settings → Controls → Low-balance alerts: per currency, the available balance under which an account
 * puts a notification on the team's bell (once per crossing). This environment's; owners and admins change them.
 */
export function LowBalanceCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const settings = useQuery(settingsQuery(env));
  const t = useTranslations('notifications.lowBalanceCard');
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>{t('title')}</CardTitle>
          <p className="text-sm text-muted-foreground">{t('subtitle')}</p>
        </div>
        <Badge tone={env === 'live' ? 'amber' : 'blue'}>{t('environment', { env })}</Badge>
      </CardHeader>
      <CardContent>
        <QueryView query={settings} loading={<Skeleton className="h-32 w-full" />}>
          {(current) => <ThresholdsForm key={`${env}-${current.updatedAt}`} current={current.lowBalanceThresholds} canManage={canManage} />}
        </QueryView>
      </CardContent>
    </Card>
  );
}

function ThresholdsForm({ current, canManage }: { current: Thresholds; canManage: boolean }) {
  const env = useEnvironment();
  const update = useUpdateSettings(env);
  const t = useTranslations('notifications.lowBalanceCard');
  const [values, setValues] = useState<Record<Currency, string>>(
    () => Object.fromEntries(CURRENCY_CODES.map((c) => [c, current[c] ?? ''])) as Record<Currency, string>,
  );
  const [error, setError] = useState<string | undefined>();
  // Only what changed: an emptied field removes that currency's threshold (null).
  const changed = Object.fromEntries(
    CURRENCY_CODES.filter((c) => values[c].trim() !== (current[c] ?? '')).map((c) => [
      c,
      values[c].trim() === '' ? null : values[c].trim(),
    ]),
  );
  const hasChanges = Object.keys(changed).length > 0;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!hasChanges) return;
    const parsed = updateOrganizationSettingsBodySchema.safeParse({ lowBalanceThresholds: changed });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`${issue?.path.slice(1).join('.') || 'thresholds'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    setError(undefined);
    update.mutate(parsed.data, {
      onSuccess: () => toast(t('saved'), 'success'),
      onError: (e) => setError(errorMessage(e)),
    });
  }

  const disabled = !canManage || update.isPending;
  return (
    <form className="grid gap-4" onSubmit={save} aria-label={t('title')}>
      <fieldset className="grid gap-3 sm:grid-cols-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('legend', { env })}</legend>
        {CURRENCY_CODES.map((c) => (
          <Field key={c} id={`lowBalance-${c}`} label={t('field', { currency: c })} hint={t('hint')}>
            <Input
              id={`lowBalance-${c}`}
              inputMode="decimal"
              placeholder={t('none')}
              value={values[c]}
              onChange={(e) => setValues((v) => ({ ...v, [c]: e.target.value }))}
            />
          </Field>
        ))}
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {canManage ? (
        <Button type="submit" className="w-fit" disabled={!hasChanges || update.isPending}>
          {update.isPending ? t('saving') : t('save')}
        </Button>
      ) : (
        <p className="text-sm text-muted-foreground">{t('ownersOnly')}</p>
      )}
    </form>
  );
}
