'use client';

import { type Approval, denyTransferBodySchema } from '@payos/contracts';
import { DialogActions, Field } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { DENIED_MESSAGES } from './decide';
import { useDeny } from './queries';
import { cadence } from './summary';

/** What a denial does to the object, said in the dialog before it is confirmed. */
function consequence(a: Approval): string {
  const tr = translate('approvals');
  if (a.transfer) {
    const t = a.transfer;
    return tr('deny.transfer', { amount: money(t.amount, t.currency), type: t.type });
  }
  if (a.schedule) {
    const s = a.schedule;
    return tr('deny.schedule', { amount: money(s.amount, s.currency), cadence: cadence(s).toLowerCase() });
  }
  if (a.stream) {
    const s = a.stream;
    return tr('deny.stream', { amount: money(s.ratePerMonth, s.currency), funding: money(s.funded, s.currency) });
  }
  return tr('deny.other', { type: a.objectType });
}

/**
 * Deny a transfer, schedule or stream waiting for approval, with the reason kept with the decision (and
 * on a transfer's timeline). One denial ends it: a transfer's held funds, or a stream's funding, return
 * to the sender's available balance; a schedule never runs.
 */
export function DenyDialog({ approval, open, onOpenChange }: { approval: Approval; open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations('approvals.deny');
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('title', { type: approval.objectType })}
      description={consequence(approval)}
    >
      {(done) => <DenyForm approval={approval} onDone={done} />}
    </FormDialog>
  );
}

function DenyForm({ approval, onDone }: { approval: Approval; onDone: () => void }) {
  const env = useEnvironment();
  const deny = useDialogMutation(useDeny(env));
  const t = useTranslations('approvals.deny');
  const type = approval.objectType;
  const [reason, setReason] = useState('');
  // The API's own request schema: trimmed, 1–500 characters.
  const checked = denyTransferBodySchema.safeParse({ reason });
  const reasonError = reason && !checked.success ? checked.error.issues[0]?.message : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success) return;
    deny.send({ approvalId: approval.id, body: checked.data }, () => {
      toast(DENIED_MESSAGES[approval.objectType], 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('form')}>
      <Field id="deny-reason" label={t('reason')} hint={t('hint', { type })} error={reasonError}>
        <Textarea id="deny-reason" value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError error={deny.error} message={errorMessage} testId="deny-error" />
      <DialogActions onCancel={onDone} label={t('title', { type })} busyLabel={t('denying')} busy={deny.busy} disabled={!checked.success} />
    </form>
  );
}
