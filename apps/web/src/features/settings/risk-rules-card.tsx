'use client';

import { RISK_ACTIONS, RISK_LEVELS, type RiskRuleId, type RiskRules, updateRiskRulesBodySchema } from '@payos/contracts';
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Field, Input, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { OptionSelect } from '@/components/form-fields';
import { QueryView } from '@/components/query-view';
import { riskRulesQuery, useUpdateRiskRules } from '@/features/reviews/queries';
import { type Draft, draftOf, riskRulesPatch, THRESHOLDS } from './controls-patch';
import { RISK_ACTION_LABELS, RISK_LEVEL_LABELS, RULE_LABELS } from '@/features/reviews/status';
import { useEnvironment } from '@/lib/environment';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';

const RULE_HINTS: Record<RiskRuleId, string> = {
  velocity: 'Many sends, or much money, from one account in a short time. Empty thresholds are not checked.',
  amount_threshold: 'One large transfer (in USD equivalent).',
  new_beneficiary: 'A payout to a payment method that was just added.',
  new_corridor: 'The account’s first payout into this destination currency.',
  new_account: 'A young account sending a large amount.',
  beneficiary_name_mismatch: 'A payout to a payment method whose holder name is not the account’s name.',
  structuring: 'Several amounts just below a threshold within a day.',
};

/**
 * Settings → Controls → Risk rules: each built-in rule of this environment with its switch, action, risk
 * level and thresholds. Owners and admins change them (only what changed is sent); others read them.
 */
export function RiskRulesCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const rules = useQuery(riskRulesQuery(env));
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Risk rules</CardTitle>
          <p className="text-sm text-muted-foreground">
            Every transfer goes through the enabled rules. Flag: it passes and a review opens. Hold for review: it waits in requires review,
            its funds held. Block: it is refused.
          </p>
        </div>
        <Badge tone={env === 'live' ? 'amber' : 'blue'}>{env} environment</Badge>
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
      setError(`${RULE_LABELS[rule as RiskRuleId] ?? 'Rules'}${field ? ` · ${String(field)}` : ''}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    setError(undefined);
    update.mutate(parsed.data, {
      onSuccess: () => toast('Risk rules saved.', 'success'),
      onError: (e) => setError(errorMessage(e)),
    });
  }

  return (
    <form className="grid gap-4" onSubmit={save} aria-label="Risk rules">
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
                <p className="text-xs text-muted-foreground">{RULE_HINTS[rule.id]}</p>
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked={draft.enabled}
                  checked={draft.enabled}
                  onChange={(e) => set(rule.id, { enabled: e.target.checked })}
                  aria-label={`Enable ${RULE_LABELS[rule.id]}`}
                />
                {draft.enabled ? 'Enabled' : 'Disabled'}
              </label>
            </div>
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <Field id={`${rule.id}-action`} label="Action">
                <OptionSelect
                  id={`${rule.id}-action`}
                  options={RISK_ACTIONS}
                  labels={RISK_ACTION_LABELS}
                  placeholder="Choose…"
                  value={draft.action as (typeof RISK_ACTIONS)[number]}
                  onChange={(action) => action && set(rule.id, { action })}
                />
              </Field>
              <Field id={`${rule.id}-risk`} label="Risk level">
                <OptionSelect
                  id={`${rule.id}-risk`}
                  options={RISK_LEVELS}
                  labels={RISK_LEVEL_LABELS}
                  placeholder="Choose…"
                  value={draft.riskLevel as (typeof RISK_LEVELS)[number]}
                  onChange={(riskLevel) => riskLevel && set(rule.id, { riskLevel })}
                />
              </Field>
              {THRESHOLDS[rule.id].map((t) => (
                <Field
                  key={t.key}
                  id={`${rule.id}-${t.key}`}
                  label={`${t.label} (${t.unit})`}
                  hint={t.nullable ? 'Empty: not checked.' : undefined}
                >
                  <Input
                    id={`${rule.id}-${t.key}`}
                    inputMode={t.kind === 'usd' ? 'decimal' : 'numeric'}
                    type={t.kind === 'count' ? 'number' : 'text'}
                    min={t.min}
                    max={t.max}
                    placeholder={t.nullable ? 'Not checked' : undefined}
                    value={draft.values[t.key] ?? ''}
                    onChange={(e) => set(rule.id, { values: { ...draft.values, [t.key]: e.target.value } })}
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
            {update.isPending ? 'Saving…' : 'Save risk rules'}
          </Button>
        ) : (
          <p className="text-sm text-muted-foreground">Owners and admins change these.</p>
        )}
        <p className="text-xs text-muted-foreground">
          {current.updatedAt ? `Last changed ${dateTime(current.updatedAt)}` : 'Defaults: never changed.'}
        </p>
      </div>
    </form>
  );
}
