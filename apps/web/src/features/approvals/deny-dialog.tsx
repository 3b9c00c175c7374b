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
import { useDenyTransfer } from './queries';

/**
 * Deny a transfer waiting for approval, with the reason its initiator will read on its timeline. One
 * denial ends it: the held funds return to the sender's available balance.
 */
export function DenyDialog({ approval, open, onOpenChange }: { approval: Approval; open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = approval.transfer;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Deny transfer"
      description={`${money(t.amount, t.currency)} ${t.type === 'payout' ? 'payout' : 'transfer'} ends denied; its held funds return to the sender’s available balance.`}
    >
      {(done) => <DenyForm approval={approval} onDone={done} />}
    </FormDialog>
  );
}

function DenyForm({ approval, onDone }: { approval: Approval; onDone: () => void }) {
  const env = useEnvironment();
  const deny = useDialogMutation(useDenyTransfer(env));
  const [reason, setReason] = useState('');
  // The API's own request schema: trimmed, 1–500 characters.
  const checked = denyTransferBodySchema.safeParse({ reason });
  const reasonError = reason && !checked.success ? checked.error.issues[0]?.message : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success) return;
    deny.send({ transferId: approval.transferId, body: checked.data }, () => {
      toast('Transfer denied; the held funds are available again.', 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Deny">
      <Field id="deny-reason" label="Reason" hint="Required; up to 500 characters. Kept on the transfer’s timeline." error={reasonError}>
        <Textarea id="deny-reason" value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError error={deny.error} message={errorMessage} testId="deny-error" />
      <DialogActions onCancel={onDone} label="Deny transfer" busyLabel="Denying…" busy={deny.busy} disabled={!checked.success} />
    </form>
  );
}
