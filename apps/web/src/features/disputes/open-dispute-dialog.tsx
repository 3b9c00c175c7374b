'use client';

import { createDisputeBodySchema, DISPUTE_REASONS, type DisputeReason, REQUESTED_RESOLUTIONS, type Transfer } from '@payos/contracts';
import { DialogActions, Field } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { AmountInput, OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { useEnvironment } from '@/lib/environment';
import { exactMoney, money } from '@/lib/format';
import { PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { amountProblem } from './amounts';
import { disputeErrorMessage, Textarea } from './form-parts';
import { transferDisputesQuery, unresolvedOf, useCreateDispute } from './queries';
import { DISPUTE_REASON_LABELS, REQUESTED_RESOLUTION_LABELS } from './status';

type RequestedResolution = (typeof REQUESTED_RESOLUTIONS)[number];

/**
 * Open a dispute of a completed internal transfer: its sender (the claimant) disputes it with its
 * recipient, on whom the amount is held until the dispute is resolved. The form is mounted afresh
 * each time the dialog opens, so each opening has its own Idempotency-Key. On success, the new
 * dispute's page.
 */
export function OpenDisputeDialog({
  transfer,
  open,
  onOpenChange,
}: {
  transfer: Transfer;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('disputes.open');
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('title')}
      description={t('description', { amount: exactMoney(transfer.refundableAmount, transfer.currency) })}
    >
      {(done) => <OpenDisputeForm transfer={transfer} onDone={done} />}
    </FormDialog>
  );
}

function OpenDisputeForm({ transfer, onDone }: { transfer: Transfer; onDone: () => void }) {
  const env = useEnvironment();
  const router = useRouter();
  const create = useDialogMutation(useCreateDispute(env, transfer));
  const [reason, setReason] = useState<DisputeReason | ''>('');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState(transfer.refundableAmount);
  const [requested, setRequested] = useState<RequestedResolution | ''>('');
  const [requestedAmount, setRequestedAmount] = useState('');
  const exists = create.error instanceof PayOSError && create.error.code === 'dispute_exists';
  // On 409 dispute_exists: the transfer's unresolved dispute, to link to.
  const existing = useQuery({ ...transferDisputesQuery(env, transfer.id), enabled: exists });
  const other = unresolvedOf(existing.data?.data);
  const t = useTranslations('disputes.open');

  const problem = amountProblem(amount, transfer.currency, transfer.refundableAmount);
  const withAmount = requested === 'partial_refund' || requested === 'credit';
  const requestedProblem =
    withAmount && requestedAmount ? amountProblem(requestedAmount, transfer.currency, amount, 'requested') : undefined;
  // The API's own request schema: the reason, the description's length, the amounts' format.
  const checked = createDisputeBodySchema.safeParse({
    transferId: transfer.id,
    reason,
    description,
    amountDisputed: amount,
    ...(requested ? { requestedResolution: requested } : {}),
    ...(withAmount && requestedAmount ? { requestedAmount } : {}),
  });
  const descriptionError = description ? checked.error?.issues.find((issue) => issue.path[0] === 'description')?.message : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success || problem || requestedProblem) return;
    create.send({ body: checked.data }, (dispute) => {
      toast(t('opened', { amount: money(dispute.amountDisputed, dispute.currency) }), 'success');
      onDone();
      router.push(`/disputes/${dispute.id}`);
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('title')}>
      <Field id="dp-reason" label={t('reason')}>
        <OptionSelect
          id="dp-reason"
          options={DISPUTE_REASONS}
          labels={DISPUTE_REASON_LABELS}
          placeholder={t('chooseReason')}
          value={reason}
          onChange={setReason}
        />
      </Field>
      <Field id="dp-description" label={t('descriptionLabel')} error={descriptionError} hint={t('descriptionHint')}>
        <Textarea id="dp-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="dp-amount" label={t('amount', { currency: transfer.currency })} error={problem}>
        <AmountInput id="dp-amount" value={amount} onChange={setAmount} invalid={Boolean(problem)} />
      </Field>
      <Field id="dp-requested" label={t('requested')}>
        <OptionSelect
          id="dp-requested"
          options={REQUESTED_RESOLUTIONS}
          labels={REQUESTED_RESOLUTION_LABELS}
          placeholder={t('none')}
          value={requested}
          onChange={setRequested}
        />
      </Field>
      {withAmount ? (
        <Field id="dp-requested-amount" label={t('requestedAmount', { currency: transfer.currency })} error={requestedProblem}>
          <AmountInput id="dp-requested-amount" value={requestedAmount} onChange={setRequestedAmount} invalid={Boolean(requestedProblem)} />
        </Field>
      ) : null}
      <FormError error={create.error} message={disputeErrorMessage} testId="dispute-error">
        {exists && other ? (
          <>
            {' '}
            <Link href={`/disputes/${other.id}`} className="font-medium underline" onClick={onDone}>
              {t('viewOpen')}
            </Link>
          </>
        ) : null}
      </FormError>
      <DialogActions
        onCancel={onDone}
        label={t('title')}
        busyLabel={t('opening')}
        busy={create.busy}
        disabled={!checked.success || Boolean(problem) || Boolean(requestedProblem)}
      />
    </form>
  );
}
