'use client';

import { createReviewBodySchema, RISK_LEVELS, type RiskLevel } from '@payos/contracts';
import { Button, DialogActions, Field, Input } from '@payos/ui';
import { Flag } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
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
  if (!canWrite) return null;
  return (
    <>
      <Button variant="outline" size={size} onClick={() => setOpen(true)}>
        <Flag className="h-4 w-4" /> Flag for review
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        title="Flag for review"
        description={`The ${target.transferId ? 'transfer' : 'account'} joins the review queue for an admin or owner to decide; nothing is held.`}
      >
        {(done) => <FlagForm target={target} onDone={done} />}
      </FormDialog>
    </>
  );
}

function FlagForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const env = useEnvironment();
  const create = useDialogMutation(useCreateReview(env));
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
      toast(`Flagged for review (${review.riskLevel} risk): it is in the Reviews queue.`, 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Flag for review">
      <Field id="flag-risk" label="Risk level">
        <OptionSelect
          id="flag-risk"
          options={RISK_LEVELS}
          labels={RISK_LEVEL_LABELS}
          placeholder="Choose a risk level…"
          value={riskLevel}
          onChange={setRiskLevel}
        />
      </Field>
      <Field id="flag-reason" label="Reason" hint="A short code or phrase, e.g. sanctions_potential_match." error={issue('reason')}>
        <Input id="flag-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field id="flag-description" label="Description (optional)" error={issue('description')}>
        <Textarea id="flag-description" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <FormError error={create.error} message={errorMessage} testId="flag-error" />
      <DialogActions onCancel={onDone} label="Flag for review" busyLabel="Flagging…" busy={create.busy} disabled={!checked.success} />
    </form>
  );
}
