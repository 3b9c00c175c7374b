'use client';

import { createReviewBodySchema, RISK_LEVELS, type RiskLevel } from '@payos/contracts';
import { Button, DialogActions, Field, Input } from '@payos/ui';
import { Flag } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useCreateReview } from './queries';
import { RISK_LEVEL_LABELS } from './status';

type Target = { accountId: string; transferId?: undefined } | { transferId: string; accountId?: undefined };

/** "Flag for review" and its dialog, for members and up (the API refuses viewers): a manual review item that holds nothing. */
export function FlagForReview({ target, size = 'md' }: { target: Target; size?: 'md' | 'sm' }) {
  const canWrite = useCanWrite();
  const [open, setOpen] = useState(false);
  const t = useTranslations('reviews.flag');
  if (!canWrite) return null;
  return (
    <>
      <Button variant="outline" size={size} onClick={() => setOpen(true)}>
        <Flag className="h-4 w-4" /> {t('button')}
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title={t('title')}
        description={t('description', { target: target.transferId ? 'transfer' : 'account' })}
      >
        {(done) => <FlagForm target={target} onDone={done} />}
      </FormDialog>
    </>
  );
}

function FlagForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const env = useEnvironment();
  const create = useDialogMutation(useCreateReview(env));
  const t = useTranslations('reviews.flag');
  const [riskLevel, setRiskLevel] = useState<RiskLevel | ''>('medium');
  const [reason, setReason] = useState('');
  const [description, setDescription] = useState('');
  // The API's own request schema: trimmed reason of 1–200 characters, description up to 2,000.
  const checked = createReviewBodySchema.safeParse({
    ...target,
    riskLevel,
    reason,
    ...(description.trim() ? { description } : {}),
  });
  const issue = (field: string) => (reason || description ? checked.error?.issues.find((i) => i.path[0] === field)?.message : undefined);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success) return;
    create.send({ body: checked.data }, (review) => {
      toast(t('flagged', { level: translate('labels')(`riskLevelBadge.${review.riskLevel}`) }), 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('title')}>
      <Field id="flag-risk" label={t('riskLevel')}>
        <OptionSelect
          id="flag-risk"
          options={RISK_LEVELS}
          labels={RISK_LEVEL_LABELS}
          placeholder={t('chooseLevel')}
          value={riskLevel}
          onChange={setRiskLevel}
        />
      </Field>
      <Field id="flag-reason" label={t('reason')} hint={t('reasonHint')} error={issue('reason')}>
        <Input id="flag-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field id="flag-description" label={t('descriptionLabel')} error={issue('description')}>
        <Textarea id="flag-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <FormError error={create.error} message={errorMessage} testId="flag-error" />
      <DialogActions onCancel={onDone} label={t('title')} busyLabel={t('flagging')} busy={create.busy} disabled={!checked.success} />
    </form>
  );
}
