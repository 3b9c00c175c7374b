'use client';

import { createDisputeBodySchema, DISPUTE_REASONS, type DisputeReason, REQUESTED_RESOLUTIONS, type Transfer } from '@payos/contracts';
import { DialogActions, Field } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
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
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Open dispute"
      description={`Holds the disputed amount on the recipient until the dispute is resolved. Up to ${exactMoney(transfer.refundableAmount, transfer.currency)} can be disputed.`}
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

  const problem = amountProblem(amount, transfer.currency, transfer.refundableAmount);
  const withAmount = requested === 'partial_refund' || requested === 'credit';
  const requestedProblem =
    withAmount && requestedAmount
      ? amountProblem(requestedAmount, transfer.currency, amount, 'of the disputed amount can be requested')
      : undefined;
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
      toast(`Dispute opened: ${money(dispute.amountDisputed, dispute.currency)} held on the recipient.`, 'success');
      onDone();
      router.push(`/disputes/${dispute.id}`);
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Open dispute">
      <Field id="dp-reason" label="Reason">
        <OptionSelect
          id="dp-reason"
          options={DISPUTE_REASONS}
          labels={DISPUTE_REASON_LABELS}
          placeholder="Choose a reason…"
          value={reason}
          onChange={setReason}
        />
      </Field>
      <Field id="dp-description" label="Description" error={descriptionError} hint="What went wrong, in up to 2,000 characters.">
        <Textarea id="dp-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="dp-amount" label={`Amount disputed (${transfer.currency})`} error={problem}>
        <AmountInput id="dp-amount" value={amount} onChange={setAmount} invalid={Boolean(problem)} />
      </Field>
      <Field id="dp-requested" label="Requested resolution (optional)">
        <OptionSelect
          id="dp-requested"
          options={REQUESTED_RESOLUTIONS}
          labels={REQUESTED_RESOLUTION_LABELS}
          placeholder="None"
          value={requested}
          onChange={setRequested}
        />
      </Field>
      {withAmount ? (
        <Field id="dp-requested-amount" label={`Requested amount (${transfer.currency}, optional)`} error={requestedProblem}>
          <AmountInput id="dp-requested-amount" value={requestedAmount} onChange={setRequestedAmount} invalid={Boolean(requestedProblem)} />
        </Field>
      ) : null}
      <FormError error={create.error} message={disputeErrorMessage} testId="dispute-error">
        {exists && other ? (
          <>
            {' '}
            <Link href={`/disputes/${other.id}`} className="font-medium underline" onClick={onDone}>
              View the open dispute
            </Link>
          </>
        ) : null}
      </FormError>
      <DialogActions
        onCancel={onDone}
        label="Open dispute"
        busyLabel="Opening…"
        busy={create.busy}
        disabled={!checked.success || Boolean(problem) || Boolean(requestedProblem)}
      />
    </form>
  );
}
