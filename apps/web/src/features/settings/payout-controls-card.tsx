'use client';

import { type OrganizationSettings, TRAVEL_RULE_SCOPES, updateOrganizationSettingsBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Select, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { QueryView } from '@/components/query-view';
import { settingsQuery, useUpdateSettings } from '@/features/settings/queries';
import { controlsPatch } from './controls-patch';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

type Controls = OrganizationSettings['controls'];
const SCOPE_LABELS: Record<(typeof TRAVEL_RULE_SCOPES)[number], string> = {
  usdc: 'Payouts whose source currency is USDC',
  all: 'Every payout',
};

/**
 * Settings → Controls → Cooling-off and travel rule: how much a payment method added recently may
 * receive per payout (allowlisted ones skip it), and from which amount payouts must name their
 * originator and beneficiary. This environment's; owners and admins change them.
 */
export function PayoutControlsCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const settings = useQuery(settingsQuery(env));
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Cooling-off and travel rule</CardTitle>
          <p className="text-sm text-muted-foreground">Checked when a payout is created, before any approval policy.</p>
        </div>
        <Badge tone={env === 'live' ? 'amber' : 'blue'}>{env} environment</Badge>
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
      onSuccess: () => toast('Payout controls saved.', 'success'),
      onError: (e) => setError(errorMessage(e)),
    });
  }

  const disabled = !canManage || update.isPending;
  return (
    <form className="grid gap-6" onSubmit={save} aria-label="Cooling-off and travel rule">
      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">Cooling-off · {env}</legend>
        <Field
          id="coolingOffHours"
          label="Cooling-off period (hours)"
          hint="0–720; 0: no cooling-off. A new payment method cools off this long."
        >
          <Input id="coolingOffHours" type="number" min={0} max={720} value={hours} onChange={(e) => setHours(e.target.value)} />
        </Field>
        <Field
          id="coolingOffMaxAmountUsd"
          label="Most per payout while cooling off (USD)"
          hint="Allowlisted payment methods skip this cap."
        >
          <Input id="coolingOffMaxAmountUsd" inputMode="decimal" value={maxUsd} onChange={(e) => setMaxUsd(e.target.value)} />
        </Field>
      </fieldset>
      <fieldset className="grid gap-3 sm:grid-cols-2" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold">Travel rule · {env}</legend>
        <Field id="travelRuleThresholdUsd" label="Threshold (USD)" hint="Payouts at or above it must name originator and beneficiary.">
          <Input id="travelRuleThresholdUsd" inputMode="decimal" value={thresholdUsd} onChange={(e) => setThresholdUsd(e.target.value)} />
        </Field>
        <Field id="travelRuleAppliesTo" label="Applies to">
          <Select id="travelRuleAppliesTo" value={appliesTo} onChange={(e) => setAppliesTo(e.target.value)}>
            {TRAVEL_RULE_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
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
          {update.isPending ? 'Saving…' : 'Save payout controls'}
        </Button>
      ) : (
        <p className="text-sm text-muted-foreground">Owners and admins change these.</p>
      )}
    </form>
  );
}
