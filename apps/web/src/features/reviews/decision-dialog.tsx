'use client';

import { DialogActions, Field } from '@payos/ui';
import { type FormEvent, useState } from 'react';
import { FormDialog, FormError } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useReviewAction } from './queries';

export type NoteVerb = 'approve' | 'reject' | 'escalate' | 'dismiss';

const COPY: Record<NoteVerb, { title: string; label: string; busy: string; required: boolean; done: string }> = {
  approve: { title: 'Approve review', label: 'Approve', busy: 'Approving…', required: false, done: 'Review approved.' },
  reject: { title: 'Reject review', label: 'Reject', busy: 'Rejecting…', required: true, done: 'Review rejected.' },
  escalate: { title: 'Escalate review', label: 'Escalate', busy: 'Escalating…', required: false, done: 'Review escalated.' },
  dismiss: { title: 'Dismiss review', label: 'Dismiss', busy: 'Dismissing…', required: true, done: 'Review dismissed.' },
};

function describe(verb: NoteVerb, holdsTransfer: boolean) {
  if (verb === 'approve')
    return holdsTransfer
      ? 'The held transfer goes on once no other review of it is open.'
      : 'Nothing needed doing: the item closes as approved.';
  if (verb === 'reject')
    return holdsTransfer
      ? 'The held transfer is voided: its funds return to the sender’s available balance.'
      : 'The item closes as rejected.';
  if (verb === 'escalate') return 'It stays active, marked escalated; the note joins its notes.';
  return 'Nothing to act on: the item closes as dismissed.';
}

/** A decision on a review item, with its note: required to reject or dismiss (1–1,000 characters), optional otherwise. */
export function DecisionDialog({
  reviewId,
  verb,
  holdsTransfer,
  onOpenChange,
}: {
  reviewId: string;
  verb: NoteVerb | null;
  holdsTransfer: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const copy = verb ? COPY[verb] : COPY.approve;
  return (
    <FormDialog open={verb !== null} onOpenChange={onOpenChange} title={copy.title} description={verb ? describe(verb, holdsTransfer) : ''}>
      {(done) => (verb ? <DecisionForm reviewId={reviewId} verb={verb} onDone={done} /> : null)}
    </FormDialog>
  );
}

function DecisionForm({ reviewId, verb, onDone }: { reviewId: string; verb: NoteVerb; onDone: () => void }) {
  const env = useEnvironment();
  const action = useReviewAction(env, reviewId);
  const [note, setNote] = useState('');
  const copy = COPY[verb];
  const trimmed = note.trim();
  const valid = (copy.required ? trimmed.length > 0 : true) && trimmed.length <= 1000;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) return;
    const decision = verb === 'reject' || verb === 'dismiss' ? { verb, note: trimmed } : { verb, ...(trimmed ? { note: trimmed } : {}) };
    action.mutate(decision, {
      onSuccess: () => {
        toast(copy.done, 'success');
        onDone();
      },
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={copy.title}>
      <Field
        id="review-decision-note"
        label={copy.required ? 'Note' : 'Note (optional)'}
        hint={`${copy.required ? 'Required; u' : 'U'}p to 1,000 characters. Kept with the review.`}
      >
        <Textarea
          id="review-decision-note"
          value={note}
          maxLength={1000}
          required={copy.required}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <FormError error={action.error} message={errorMessage} testId="review-decision-error" />
      <DialogActions onCancel={onDone} label={copy.label} busyLabel={copy.busy} busy={action.isPending} disabled={!valid} />
    </form>
  );
}
