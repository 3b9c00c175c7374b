'use client';

import { type OrganizationSettings, TRAVEL_RULE_SCOPES, updateOrganizationSettingsBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Select, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { QueryView } from '@/components/query-view';
import { settingsQuery, useUpdateSettings } from '@/features/settings/queries';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { controlsPatch } from './controls-patch';

type Controls = OrganizationSettings['controls'];

/**
 * Settings → Controls → Cooling-off and travel rule: how much a payment method added recently may
 * receive per payout (allowlisted ones skip it), and from which amount payouts must name their
 * originator and beneficiary. This environment's; owners and admins change them.
 */
export function PayoutControlsCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const settings = useQuery(settingsQuery(env));
  const t = useTranslations('settings.payoutControls');
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
        <QueryView query={settings} loading={<Skeleton className="h-40 w-full" />}>
          {(current) => <ControlsForm key={`${env}-${current.updatedAt}`} current={current.controls} canManage={canManage} />}
        </QueryView>
      </CardContent>
    </Card>
  );
}

function ControlsForm({ current, canManage }: { current: Controls; canManage: boolean }) {
  const env = useEnvironment();
  const update = useUpdateSettings(env);
  const t = useTranslations('settings.payoutControls');
  const [hours, setHours] = useState(String(current.coolingOffHours));
  const [maxUsd, setMaxUsd] = useState(current.coolingOffMaxAmountUsd);
  const [thresholdUsd, setThresholdUsd] = useState(current.travelRule.thresholdUsd);
  const [appliesTo, setAppliesTo] = useState<string>(current.travelRule.appliesTo);
  const [error, setError] = useState<string | undefined>();
  const patch = controlsPatch(current, { hours, maxUsd, thresholdUsd, appliesTo });

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!patch) return;
    // The contract's request schema, as the API applies it.
    const parsed = updateOrganizationSettingsBodySchema.safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`${issue?.path.slice(1).join('.') || 'controls'}: ${issue?.message ?? 'invalid'}`);
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
    <form className="grid gap-6" onSubmit={save} aria-label={t('title')}>
      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('coolingOff', { env })}</legend>
        <Field id="coolingOffHours" label={t('hours')} hint={t('hoursHint')}>
          <Input id="coolingOffHours" type="number" min={0} max={720} value={hours} onChange={(e) => setHours(e.target.value)} />
        </Field>
        <Field id="coolingOffMaxAmountUsd" label={t('maxUsd')} hint={t('maxUsdHint')}>
          <Input id="coolingOffMaxAmountUsd" inputMode="decimal" value={maxUsd} onChange={(e) => setMaxUsd(e.target.value)} />
        </Field>
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">{t('travelRule', { env })}</legend>
        <Field id="travelRuleThresholdUsd" label={t('threshold')} hint={t('thresholdHint')}>
          <Input id="travelRuleThresholdUsd" inputMode="decimal" value={thresholdUsd} onChange={(e) => setThresholdUsd(e.target.value)} />
        </Field>
        <Field id="travelRuleAppliesTo" label={t('appliesTo')}>
          <Select id="travelRuleAppliesTo" value={appliesTo} onChange={(e) => setAppliesTo(e.target.value)}>
            {TRAVEL_RULE_SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`scope.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="controls-error">
          {error}
        </p>
      ) : null}
      {canManage ? (
        <Button type="submit" className="w-fit" disabled={!patch || update.isPending}>
          {update.isPending ? t('saving') : t('save')}
        </Button>
      ) : (
        <p className="text-sm text-muted-foreground">{t('ownersOnly')}</p>
      )}
    </form>
  );
}
