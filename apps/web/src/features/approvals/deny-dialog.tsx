'use client';

import { type Approval, denyTransferBodySchema } from '@payos/contracts';
import { DialogActions, Field } from '@payos/ui';
import { type FormEvent, useState } from 'react';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { DENIED_MESSAGES, OBJECT_NOUNS } from './decide';
import { useDeny } from './queries';
import { cadence } from './summary';

/** What a denial does to the object, said in the dialog before it is confirmed. */
function consequence(a: Approval): string {
  if (a.transfer) {
    const t = a.transfer;
    return `${money(t.amount, t.currency)} ${t.type === 'payout' ? 'payout' : 'transfer'} ends denied; its held funds return to the sender’s available balance.`;
  }
  if (a.schedule) {
    const s = a.schedule;
    return `The schedule of ${money(s.amount, s.currency)} a run (${cadence(s).toLowerCase()}) ends denied before its first run; nothing has moved.`;
  }
  if (a.stream) {
    const s = a.stream;
    return `The stream of ${money(s.ratePerMonth, s.currency)} a month ends denied without flowing; its ${money(s.funded, s.currency)} funding returns to the sender’s available balance.`;
  }
  return `The ${OBJECT_NOUNS[a.objectType]} ends denied.`;
}

/**
 * Deny a transfer, schedule or stream waiting for approval, with the reason kept with the decision (and
 * on a transfer's timeline). One denial ends it: a transfer's held funds, or a stream's funding, return
 * to the sender's available balance; a schedule never runs.
 */
export function DenyDialog({ approval, open, onOpenChange }: { approval: Approval; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Deny ${OBJECT_NOUNS[approval.objectType]}`}
      description={consequence(approval)}
    >
      {(done) => <DenyForm approval={approval} onDone={done} />}
    </FormDialog>
  );
}

function DenyForm({ approval, onDone }: { approval: Approval; onDone: () => void }) {
  const env = useEnvironment();
  const deny = useDialogMutation(useDeny(env));
  const noun = OBJECT_NOUNS[approval.objectType];
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
    <form className="grid gap-4" onSubmit={submit} aria-label="Deny">
      <Field
        id="deny-reason"
        label="Reason"
        hint={`Required; up to 500 characters. Kept with the decision${noun === 'transfer' ? ' and on the transfer’s timeline' : ''}.`}
        error={reasonError}
      >
        <Textarea id="deny-reason" value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError error={deny.error} message={errorMessage} testId="deny-error" />
      <DialogActions onCancel={onDone} label={`Deny ${noun}`} busyLabel="Denying…" busy={deny.busy} disabled={!checked.success} />
    </form>
  );
}
