'use client';

import { createRefundBodySchema, REFUND_REASONS, type RefundReason, type Transfer } from '@payos/contracts';
import { AmountError, isCurrency, Money, parseAmount } from '@payos/money';
import { DialogActions, Field, Input } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { AmountInput, OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { translate } from '@/i18n/active';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { date, exactMoney, money } from '@/lib/format';
import { errorMessage, PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useCreateRefund } from './queries';
import { REFUND_REASON_LABELS } from './status';

/** The API's message, with what its details add for the refund errors a user can act on. */
export function refundErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  if (!(error instanceof PayOSError)) return message;
  const details = error.details ?? {};
  if (error.code === 'amount_exceeds_refundable' && typeof details.refundable === 'string' && /[1-9]/.test(details.refundable)) {
    return translate('refunds')('dialog.atMostNow', { message, amount: exactMoney(details.refundable, String(details.currency ?? '')) });
  }
  if (error.code === 'refund_window_expired' && typeof details.refundableUntil === 'string') {
    return translate('refunds')('dialog.until', { message, date: date(details.refundableUntil) });
  }
  return message;
}

/** What is wrong with the amount typed, before asking the API: its format, its decimals, more than is refundable. */
function amountProblem(amount: string, transfer: Pick<Transfer, 'currency' | 'refundableAmount'>): string | undefined {
  if (!isValidAmount(amount)) return translate('refunds')('dialog.enterSuch', { example: transfer.refundableAmount });
  if (isCurrency(transfer.currency)) {
    try {
      parseAmount(amount, transfer.currency);
    } catch (e) {
      if (e instanceof AmountError) return e.message;
    }
  }
  if (new Money(amount).gt(transfer.refundableAmount))
    return translate('refunds')('dialog.atMost', { amount: exactMoney(transfer.refundableAmount, transfer.currency) });
  return undefined;
}

/**
 * Refund a completed internal transfer, in full or in part: its recipient pays its sender back. The
 * form is mounted afresh each time the dialog opens, so each opening has its own Idempotency-Key.
 */
export function RefundDialog({
  transfer,
  open,
  onOpenChange,
}: {
  transfer: Transfer;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('refunds.dialog');
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('title')}
      description={t('description', { currency: transfer.currency, amount: exactMoney(transfer.refundableAmount, transfer.currency) })}
    >
      {(done) => <RefundForm transfer={transfer} onDone={done} />}
    </FormDialog>
  );
}

function RefundForm({ transfer, onDone }: { transfer: Transfer; onDone: () => void }) {
  const env = useEnvironment();
  const create = useDialogMutation(useCreateRefund(env, transfer));
  const t = useTranslations('refunds.dialog');
  const [amount, setAmount] = useState(transfer.refundableAmount);
  const [reason, setReason] = useState<RefundReason | ''>('');
  const [details, setDetails] = useState('');

  const problem = amountProblem(amount, transfer);
  // The API's own request schema: the id, the reason, the details' length.
  const checked = createRefundBodySchema.safeParse({
    transferId: transfer.id,
    amount,
    reason,
    ...(details.trim() ? { reasonDetails: details.trim() } : {}),
  });
  const detailsError = checked.error?.issues.find((issue) => issue.path[0] === 'reasonDetails')?.message;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success || problem) return;
    create.send({ body: checked.data }, (refund) => {
      toast(t('done', { amount: money(refund.amount, refund.currency), status: refund.status }), 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('formLabel')}>
      <Field id="rf-amount" label={t('amount', { currency: transfer.currency })} error={amount ? problem : t('enterAmount')}>
        <AmountInput id="rf-amount" value={amount} onChange={setAmount} invalid={Boolean(problem)} />
      </Field>
      <Field id="rf-reason" label={t('reason')}>
        <OptionSelect
          id="rf-reason"
          options={REFUND_REASONS}
          labels={REFUND_REASON_LABELS}
          placeholder={t('chooseReason')}
          value={reason}
          onChange={setReason}
        />
      </Field>
      <Field id="rf-details" label={t('details')} error={detailsError} hint={t('detailsHint')}>
        <Input id="rf-details" value={details} maxLength={500} onChange={(e) => setDetails(e.target.value)} />
      </Field>
      <FormError error={create.error} message={refundErrorMessage} testId="refund-error" />
      <DialogActions
        onCancel={onDone}
        label={t('submit')}
        busyLabel={t('refunding')}
        busy={create.busy}
        disabled={!checked.success || Boolean(problem)}
      />
    </form>
  );
}
