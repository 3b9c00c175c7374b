'use client';

import { EVIDENCE_TYPES, MAX_EVIDENCE_PER_REQUEST } from '@payos/contracts';
import { Button, cn, Field, Input } from '@payos/ui';
import { Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { TextareaHTMLAttributes } from 'react';
import { OptionSelect } from '@/components/form-fields';
import { translate } from '@/i18n/active';
import { date, exactMoney } from '@/lib/format';
import { errorMessage, PayOSError } from '@/lib/payos';
import { EVIDENCE_TYPE_LABELS, type EvidenceType } from './status';

/** A multi-line input with the look of @payos/ui's Input. */
export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      className={cn(
        'flex min-h-20 w-full rounded-md border border-border bg-background px-3 py-2 text-sm shadow-xs placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}

/** The API's message, with what its details add for the dispute errors a user can act on. */
export function disputeErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof PayOSError)) return message;
  const details = error.details ?? {};
  if (error.code === 'amount_exceeds_refundable' && typeof details.refundable === 'string') {
    return /[1-9]/.test(details.refundable)
      ? translate('disputes')('errors.atMostNow', { message, amount: exactMoney(details.refundable, String(details.currency ?? '')) })
      : translate('disputes')('errors.nothingLeft', { message });
  }
  if (error.code === 'dispute_window_expired' && typeof details.disputableUntil === 'string') {
    return translate('disputes')('errors.until', { message, date: date(details.disputableUntil) });
  }
  if (error.code === 'dispute_response_overdue' && typeof details.dueAt === 'string') {
    return translate('disputes')('errors.due', { message, date: date(details.dueAt) });
  }
  return message;
}

/** An evidence item being typed: the API's input, strings throughout (an empty url is left out). */
export type EvidenceDraft = { type: EvidenceType | ''; description: string; url: string };
export const emptyEvidence = (): EvidenceDraft => ({ type: '', description: '', url: '' });
/** The drafts as the request body's `evidence` (trimmed; no url when none was typed). */
export const evidenceBody = (drafts: EvidenceDraft[]) =>
  drafts.map((e) => ({
    type: e.type,
    description: e.description.trim(),
    ...(e.url.trim() ? { url: e.url.trim() } : {}),
  }));

/** Evidence items to add: type, description and an optional link each; up to MAX_EVIDENCE_PER_REQUEST. */
export function EvidenceEditor({
  items,
  onChange,
  errors,
}: {
  items: EvidenceDraft[];
  onChange: (items: EvidenceDraft[]) => void;
  /** The schema's message per item and field ('0.url'). */
  errors: ReadonlyMap<string, string>;
}) {
  const t = useTranslations('disputes.evidence');
  const set = (i: number, change: Partial<EvidenceDraft>) => onChange(items.map((e, j) => (j === i ? { ...e, ...change } : e)));
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-medium">{t('legend')}</legend>
      {items.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the drafts have no identity but their place.
        <div key={i} className="grid gap-2 rounded-md border border-border p-3" data-testid="evidence-draft">
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <Field id={`ev-${i}-type`} label={t('itemType', { n: i + 1 })}>
                <OptionSelect
                  id={`ev-${i}-type`}
                  options={EVIDENCE_TYPES}
                  labels={EVIDENCE_TYPE_LABELS}
                  placeholder={t('chooseType')}
                  value={e.type}
                  onChange={(type) => set(i, { type })}
                />
              </Field>
            </div>
            <Button
              variant="ghost"
              size="icon"
              aria-label={t('remove', { n: i + 1 })}
              onClick={() => onChange(items.filter((_, j) => j !== i))}
            >
              <Trash2 className="h-4 w-4" />
            </Button>
          </div>
          <Field id={`ev-${i}-description`} label={t('description')} error={e.description ? errors.get(`${i}.description`) : undefined}>
            <Input
              id={`ev-${i}-description`}
              value={e.description}
              maxLength={500}
              onChange={(ev) => set(i, { description: ev.target.value })}
            />
          </Field>
          <Field id={`ev-${i}-url`} label={t('link')} error={e.url ? errors.get(`${i}.url`) && t('badLink') : undefined}>
            <Input
              id={`ev-${i}-url`}
              type="url"
              inputMode="url"
              placeholder="https://…"
              value={e.url}
              maxLength={2000}
              onChange={(ev) => set(i, { url: ev.target.value })}
            />
          </Field>
        </div>
      ))}
      {items.length < MAX_EVIDENCE_PER_REQUEST ? (
        <Button variant="outline" size="sm" className="justify-self-start" onClick={() => onChange([...items, emptyEvidence()])}>
          <Plus className="h-4 w-4" /> {t('add')}
        </Button>
      ) : null}
    </fieldset>
  );
}
