'use client';

import { createRefundBodySchema, REFUND_REASONS, type RefundReason, type Transfer } from '@payos/contracts';
import { AmountError, isCurrency, Money, parseAmount } from '@payos/money';
import { DialogActions, Field, Input } from '@payos/ui';
import { type FormEvent, useState } from 'react';
import { AmountInput, OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
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
    return `${message} At most ${exactMoney(details.refundable, String(details.currency ?? ''))} can be refunded now.`;
  }
  if (error.code === 'refund_window_expired' && typeof details.refundableUntil === 'string') {
    return `${message} This one could be refunded until ${date(details.refundableUntil)}.`;
  }
  return message;
}

/** What is wrong with the amount typed, before asking the API: its format, its decimals, more than is refundable. */
function amountProblem(amount: string, transfer: Pick<Transfer, 'currency' | 'refundableAmount'>): string | undefined {
  if (!isValidAmount(amount)) return `Enter an amount such as ${transfer.refundableAmount}`;
  if (isCurrency(transfer.currency)) {
    try {
      parseAmount(amount, transfer.currency);
    } catch (e) {
      if (e instanceof AmountError) return e.message;
    }
  }
  if (new Money(amount).gt(transfer.refundableAmount))
    return `At most ${exactMoney(transfer.refundableAmount, transfer.currency)} can be refunded.`;
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
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Refund transfer"
      description={`Pays the sender back from the recipient's ${transfer.currency} balance. Up to ${exactMoney(transfer.refundableAmount, transfer.currency)} can be refunded.`}
    >
      {(done) => <RefundForm transfer={transfer} onDone={done} />}
    </FormDialog>
  );
}

function RefundForm({ transfer, onDone }: { transfer: Transfer; onDone: () => void }) {
  const env = useEnvironment();
  const create = useDialogMutation(useCreateRefund(env, transfer));
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
      toast(`Refund of ${money(refund.amount, refund.currency)} ${refund.status === 'succeeded' ? 'made' : refund.status}.`, 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Refund">
      <Field id="rf-amount" label={`Amount (${transfer.currency})`} error={amount ? problem : 'Enter an amount.'}>
        <AmountInput id="rf-amount" value={amount} onChange={setAmount} invalid={Boolean(problem)} />
      </Field>
      <Field id="rf-reason" label="Reason">
        <OptionSelect
          id="rf-reason"
          options={REFUND_REASONS}
          labels={REFUND_REASON_LABELS}
          placeholder="Choose a reason…"
          value={reason}
          onChange={setReason}
        />
      </Field>
      <Field id="rf-details" label="Details (optional)" error={detailsError} hint="Up to 500 characters; kept with the refund.">
        <Input id="rf-details" value={details} maxLength={500} onChange={(e) => setDetails(e.target.value)} />
      </Field>
      <FormError error={create.error} message={refundErrorMessage} testId="refund-error" />
      <DialogActions
        onCancel={onDone}
        label="Refund"
        busyLabel="Refunding…"
        busy={create.busy}
        disabled={!checked.success || Boolean(problem)}
      />
    </form>
  );
}
