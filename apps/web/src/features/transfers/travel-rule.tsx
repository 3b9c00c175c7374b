'use client';

import { Button, Field, Input } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { money } from '@/lib/format';
import { PayOSError } from '@/lib/payos';
import { type TravelRuleDraft, type TravelRuleFieldError, travelRuleField } from './travel-rule-fields';

/** The travel rule field a payout's refusal names (422 travel_rule_data_required, or a malformed party), if any. */
export const travelRuleFieldError = (error: unknown): TravelRuleFieldError | undefined =>
  error instanceof PayOSError ? travelRuleField(error.param, error.message) : undefined;

// Labels: the `transfers.travel.<key>` messages.
const FIELDS: { key: keyof TravelRuleDraft; max: number }[] = [
  { key: 'originatorName', max: 140 },
  { key: 'originatorAddress', max: 300 },
  { key: 'originatorAccountNumber', max: 40 },
  { key: 'beneficiaryName', max: 140 },
  { key: 'beneficiaryAddress', max: 300 },
];

/**
 * The travel rule fieldset of a payout: collapsed behind a button unless the rule applies (then
 * expanded, saying why) or the API named one of its fields.
 */
export function TravelRuleFieldset({
  value,
  onChange,
  required,
  expanded,
  onExpand,
  thresholdUsd,
  fieldError,
}: {
  value: TravelRuleDraft;
  onChange: (value: TravelRuleDraft) => void;
  required: boolean;
  expanded: boolean;
  onExpand: () => void;
  thresholdUsd: string | undefined;
  fieldError: TravelRuleFieldError | undefined;
}) {
  const t = useTranslations('transfers.travel');
  if (!expanded && !required && !fieldError) {
    return (
      <Button variant="ghost" size="sm" className="w-fit" onClick={onExpand}>
        {t('add')}
      </Button>
    );
  }
  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3" data-testid="travel-rule">
      <legend className="px-1 text-sm font-medium">{t('legend')}</legend>
      <p className="text-xs text-muted-foreground">{required ? t('required', { threshold: money(thresholdUsd, 'USD') }) : t('optional')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <Field key={f.key} id={`tr-${f.key}`} label={t(f.key)} error={fieldError?.field === f.key ? fieldError.message : undefined}>
            <Input
              id={`tr-${f.key}`}
              value={value[f.key]}
              maxLength={f.max}
              aria-invalid={fieldError?.field === f.key}
              onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
