'use client';

import { RISK_ACTIONS, RISK_LEVELS, type RiskRuleId, type RiskRules, updateRiskRulesBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { OptionSelect } from '@/components/form-fields';
import { QueryView } from '@/components/query-view';
import { riskRulesQuery, useUpdateRiskRules } from '@/features/reviews/queries';
import { RISK_ACTION_LABELS, RISK_LEVEL_LABELS, RULE_LABELS } from '@/features/reviews/status';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { type Draft, draftOf, riskRulesPatch, THRESHOLDS } from './controls-patch';

/**
 * Settings → Controls → Risk rules: each built-in rule of this environment with its switch, action, risk
 * level and thresholds. Owners and admins change them (only what changed is sent); others read them.
 */
export function RiskRulesCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const rules = useQuery(riskRulesQuery(env));
  const t = useTranslations('settings.riskRules');
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>{t('title')}</CardTitle>
          <p className="text-sm text-muted-foreground">{t('intro')}</p>
        </div>
        <Badge tone={env === 'live' ? 'amber' : 'blue'}>{t('environment', { env })}</Badge>
      </CardHeader>
      <CardContent>
        <QueryView query={rules} loading={<Skeleton className="h-96 w-full" />}>
          {(current) => <RiskRulesForm key={`${env}-${current.updatedAt}`} current={current} canManage={canManage} />}
        </QueryView>
      </CardContent>
    </Card>
  );
}

function RiskRulesForm({ current, canManage }: { current: RiskRules; canManage: boolean }) {
  const env = useEnvironment();
  const update = useUpdateRiskRules(env);
  const t = useTranslations('settings.riskRules');
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(current.rules.map((r) => [r.id, draftOf(r)])));
  const [error, setError] = useState<string | undefined>();
  const set = (id: RiskRuleId, change: Partial<Draft>) => setDrafts((d) => ({ ...d, [id]: { ...(d[id] as Draft), ...change } }));
  const patch = riskRulesPatch(current.rules, drafts);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!patch) return;
    // The contract's request schema, as the API applies it.
    const parsed = updateRiskRulesBodySchema.safeParse(patch);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const [, rule, field] = issue?.path ?? [];
      setError(
        `${RULE_LABELS[rule as RiskRuleId] ?? t('rulesFallback')}${field ? ` · ${String(field)}` : ''}: ${issue?.message ?? t('invalid')}`,
      );
      return;
    }
    setError(undefined);
    update.mutate(parsed.data, {
      onSuccess: () => toast(t('saved'), 'success'),
      onError: (e) => setError(errorMessage(e)),
    });
  }

  return (
    <form className="grid gap-4" onSubmit={save} aria-label={t('title')}>
      {current.rules.map((rule) => {
        const draft = drafts[rule.id] as Draft;
        return (
          <fieldset
            key={rule.id}
            className="grid gap-3 rounded-md border border-border p-4"
            disabled={!canManage || update.isPending}
            data-testid={`risk-rule-${rule.id}`}
          >
            <legend className="sr-only">{RULE_LABELS[rule.id]}</legend>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="grid gap-0.5">
                <p className="text-sm font-semibold">{RULE_LABELS[rule.id]}</p>
                <p className="text-xs text-muted-foreground">{t(`hints.${rule.id}`)}</p>
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked={draft.enabled}
                  checked={draft.enabled}
                  onChange={(e) => set(rule.id, { enabled: e.target.checked })}
                  aria-label={t('enable', { rule: RULE_LABELS[rule.id] })}
                />
                {draft.enabled ? t('enabled') : t('disabled')}
              </label>
            </div>
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <Field id={`${rule.id}-action`} label={t('action')}>
                <OptionSelect
                  id={`${rule.id}-action`}
                  options={RISK_ACTIONS}
                  labels={RISK_ACTION_LABELS}
                  placeholder={t('choose')}
                  value={draft.action as (typeof RISK_ACTIONS)[number]}
                  onChange={(action) => action && set(rule.id, { action })}
                />
              </Field>
              <Field id={`${rule.id}-risk`} label={t('riskLevel')}>
                <OptionSelect
                  id={`${rule.id}-risk`}
                  options={RISK_LEVELS}
                  labels={RISK_LEVEL_LABELS}
                  placeholder={t('choose')}
                  value={draft.riskLevel as (typeof RISK_LEVELS)[number]}
                  onChange={(riskLevel) => riskLevel && set(rule.id, { riskLevel })}
                />
              </Field>
              {THRESHOLDS[rule.id].map((th) => (
                <Field
                  key={th.key}
                  id={`${rule.id}-${th.key}`}
                  label={t('threshold', { label: t(`thresholds.${th.label}`), unit: th.unit })}
                  hint={th.nullable ? t('notCheckedHint') : undefined}
                >
                  <Input
                    id={`${rule.id}-${th.key}`}
                    inputMode={th.kind === 'usd' ? 'decimal' : 'numeric'}
                    type={th.kind === 'count' ? 'number' : 'text'}
                    min={th.min}
                    max={th.max}
                    placeholder={th.nullable ? t('notChecked') : undefined}
                    value={draft.values[th.key] ?? ''}
                    onChange={(e) => set(rule.id, { values: { ...draft.values, [th.key]: e.target.value } })}
                  />
                </Field>
              ))}
            </div>
          </fieldset>
        );
      })}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="risk-rules-error">
          {error}
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        {canManage ? (
          <Button type="submit" disabled={!patch || update.isPending}>
            {update.isPending ? t('saving') : t('save')}
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
