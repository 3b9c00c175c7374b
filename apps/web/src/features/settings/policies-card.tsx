'use client';

import { DATE_FORMATS, type OrganizationSettings, updateOrganizationSettingsBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Select, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useMemo, useState } from 'react';
import { QueryView } from '@/components/query-view';
import { settingsQuery, useUpdateSettings } from '@/features/settings/queries';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

const DATE_FORMAT_LABELS: Record<(typeof DATE_FORMATS)[number], string> = {
  US: 'US — 12/31/2026',
  UK: 'UK — 31/12/2026',
  ISO: 'ISO — 2026-12-31',
};

/** Settings → Policies: this environment's money policies and the organization's presentation. */
export function PoliciesCard({ canEdit }: { canEdit: boolean }) {
  const env = useEnvironment();
  const settings = useQuery(settingsQuery(env));
  const t = useTranslations('settings.policies');
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle>{t('title')}</CardTitle>
        <Badge tone={env === 'live' ? 'amber' : 'blue'}>{t('environment', { env })}</Badge>
      </CardHeader>
      <CardContent>
        <QueryView query={settings} loading={<Skeleton className="h-64 w-full" />}>
          {(current) => <PoliciesForm key={`${env}-${current.updatedAt}`} current={current} canEdit={canEdit} />}
        </QueryView>
      </CardContent>
    </Card>
  );
}

function PoliciesForm({ current, canEdit }: { current: OrganizationSettings; canEdit: boolean }) {
  const env = useEnvironment();
  const update = useUpdateSettings(env);
  const t = useTranslations('settings.policies');
  const [error, setError] = useState<string | undefined>();
  const timezones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => (String(form.get(name) ?? '').trim() === '' ? Number.NaN : Number(form.get(name)));
    const escalate = String(form.get('autoEscalateAfterDays') ?? '').trim();
    const body = {
      refunds: { windowDays: number('refundWindowDays') },
      disputes: {
        filingWindowDays: number('filingWindowDays'),
        responseWindowDays: number('responseWindowDays'),
        autoEscalateAfterDays: escalate === '' ? null : Number(escalate),
      },
      payoutReturns: { refundFees: form.get('refundFees') === 'on' },
      schedules: {
        retry: {
          maxAttempts: number('maxAttempts'),
          intervalsHours: String(form.get('intervalsHours') ?? '')
            .split(',')
            .map((h) => h.trim())
            .filter(Boolean)
            .map(Number),
        },
      },
      exports: { dateFormat: String(form.get('dateFormat')) },
      locale: String(form.get('locale') ?? '').trim(),
      timezone: String(form.get('timezone') ?? '').trim(),
    };
    // The contract's request schema, as the API applies it; the API still has the last word (locale, timezone).
    const parsed = updateOrganizationSettingsBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`${issue?.path.join('.') || t('settingsFallback')}: ${issue?.message ?? t('invalid')}`);
      return;
    }
    setError(undefined);
    update.mutate(parsed.data, {
      onSuccess: () => toast(t('saved'), 'success'),
      onError: (e) => setError(errorMessage(e)),
    });
  }

  const disabled = !canEdit || update.isPending;
  return (
    <form className="grid gap-6" onSubmit={save} aria-label={t('title')}>
      <fieldset className="grid gap-3 sm:grid-cols-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('refundsLegend', { env })}</legend>
        <NumberField
          name="refundWindowDays"
          label={t('refundWindow')}
          hint={t('refundWindowHint')}
          min={1}
          max={365}
          value={current.refunds.windowDays}
        />
        <NumberField
          name="filingWindowDays"
          label={t('filingWindow')}
          hint="1–540."
          min={1}
          max={540}
          value={current.disputes.filingWindowDays}
        />
        <NumberField
          name="responseWindowDays"
          label={t('responseWindow')}
          hint="1–90."
          min={1}
          max={90}
          value={current.disputes.responseWindowDays}
        />
        <NumberField
          name="autoEscalateAfterDays"
          label={t('escalate')}
          hint={t('escalateHint')}
          min={1}
          max={90}
          value={current.disputes.autoEscalateAfterDays}
        />
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="refundFees" defaultChecked={current.payoutReturns.refundFees} />
          {t('refundFees')}
        </label>
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('schedulesLegend', { env })}</legend>
        <NumberField
          name="maxAttempts"
          label={t('maxAttempts')}
          hint="0–10."
          min={0}
          max={10}
          value={current.schedules.retry.maxAttempts}
        />
        <Field id="intervalsHours" label={t('intervals')} hint={t('intervalsHint')}>
          <Input id="intervalsHours" name="intervalsHours" defaultValue={current.schedules.retry.intervalsHours.join(', ')} />
        </Field>
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('presentationLegend')}</legend>
        <Field id="dateFormat" label={t('dateFormat')}>
          <Select id="dateFormat" name="dateFormat" defaultValue={current.exports.dateFormat}>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {DATE_FORMAT_LABELS[f]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="locale" label={t('locale')} hint={t('localeHint')}>
          <Input id="locale" name="locale" defaultValue={current.locale} maxLength={35} />
        </Field>
        <Field id="timezone" label={t('timezone')}>
          <Input id="timezone" name="timezone" list="timezones" defaultValue={current.timezone} maxLength={64} />
          <datalist id="timezones">
            {timezones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        {canEdit ? (
          <Button type="submit" disabled={update.isPending}>
            {t('save')}
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">{t('ownersOnly')}</p>
        )}
        <p className="text-xs text-muted-foreground">
          {current.updatedAt ? t('lastChanged', { at: dateTime(current.updatedAt) }) : t('defaults')}
        </p>
      </div>
    </form>
  );
}

/** A whole number in a range (the API checks it again); empty stands for null where the setting allows it. */
function NumberField({
  name,
  label,
  hint,
  min,
  max,
  value,
}: {
  name: string;
  label: string;
  hint: string;
  min: number;
  max: number;
  value: number | null;
}) {
  return (
    <Field id={name} label={label} hint={hint}>
      <Input id={name} name={name} type="number" min={min} max={max} defaultValue={value ?? ''} />
    </Field>
  );
}
