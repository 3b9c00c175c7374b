'use client';

import { createDisputeBodySchema, DISPUTE_REASONS, type DisputeReason, REQUESTED_RESOLUTIONS, type Transfer } from '@payos/contracts';
import { Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
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
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Open dispute"
      description={`Holds the disputed amount on the recipient until the dispute is resolved. Up to ${money(transfer.refundableAmount, transfer.currency)} can be disputed.`}
    >
      {open ? <OpenDisputeForm transfer={transfer} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function OpenDisputeForm({ transfer, onDone }: { transfer: Transfer; onDone: () => void }) {
  const env = useEnvironment();
  const router = useRouter();
  const create = useCreateDispute(env, transfer);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
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
    create.mutate(
      { body: checked.data, idempotencyKey },
      {
        onSuccess: (dispute) => {
          toast(`Dispute opened: ${money(dispute.amountDisputed, dispute.currency)} held on the recipient.`, 'success');
          onDone();
          router.push(`/disputes/${dispute.id}`);
        },
      },
    );
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Open dispute">
      <Field id="dp-reason" label="Reason">
        <Select id="dp-reason" value={reason} onChange={(e) => setReason(e.target.value as DisputeReason | '')}>
          <option value="">Choose a reason…</option>
          {DISPUTE_REASONS.map((r) => (
            <option key={r} value={r}>
              {DISPUTE_REASON_LABELS[r]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="dp-description" label="Description" error={descriptionError} hint="What went wrong, in up to 2,000 characters.">
        <Textarea id="dp-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field id="dp-amount" label={`Amount disputed (${transfer.currency})`} error={problem}>
        <Input
          id="dp-amount"
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(e) => setAmount(e.target.value.trim())}
          aria-invalid={Boolean(problem)}
        />
      </Field>
      <Field id="dp-requested" label="Requested resolution (optional)">
        <Select id="dp-requested" value={requested} onChange={(e) => setRequested(e.target.value as RequestedResolution | '')}>
          <option value="">None</option>
          {REQUESTED_RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {REQUESTED_RESOLUTION_LABELS[r]}
            </option>
          ))}
        </Select>
      </Field>
      {withAmount ? (
        <Field id="dp-requested-amount" label={`Requested amount (${transfer.currency}, optional)`} error={requestedProblem}>
          <Input
            id="dp-requested-amount"
            inputMode="decimal"
            autoComplete="off"
            value={requestedAmount}
            onChange={(e) => setRequestedAmount(e.target.value.trim())}
            aria-invalid={Boolean(requestedProblem)}
          />
        </Field>
      ) : null}
      {create.isError ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400" data-testid="dispute-error">
          {disputeErrorMessage(create.error)}
          {exists && other ? (
            <>
              {' '}
              <Link href={`/disputes/${other.id}`} className="font-medium underline" onClick={onDone}>
                View the open dispute
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <DialogActions
        onCancel={onDone}
        label="Open dispute"
        busyLabel="Opening…"
        busy={create.isPending}
        disabled={!checked.success || Boolean(problem) || Boolean(requestedProblem)}
      />
    </form>
  );
}
