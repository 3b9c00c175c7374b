'use client';

import { DialogActions, Field } from '@payos/ui';
import { type FormEvent, useState } from 'react';
import { FormDialog, FormError } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useReviewAction } from './queries';

export type NoteVerb = 'approve' | 'reject' | 'escalate' | 'dismiss';

const REQUIRED: Record<NoteVerb, boolean> = { approve: false, reject: true, escalate: false, dismiss: true };

/** A verb's words in the page's language: the dialog's title, its button, the busy label and the toast. */
function copyOf(verb: NoteVerb) {
  const t = translate('reviews');
  return {
    title: t(`decision.${verb}.title`),
    label: t(`decision.${verb}.label`),
    busy: t(`decision.${verb}.busy`),
    required: REQUIRED[verb],
    done: t(`decision.${verb}.done`),
  };
}

function describe(verb: NoteVerb, holdsTransfer: boolean) {
  const t = translate('reviews');
  if (verb === 'approve') return t(holdsTransfer ? 'decision.approveHeld' : 'decision.approvePlain');
  if (verb === 'reject') return t(holdsTransfer ? 'decision.rejectHeld' : 'decision.rejectPlain');
  if (verb === 'escalate') return t('decision.escalateText');
  return t('decision.dismissText');
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
  const copy = copyOf(verb ?? 'approve');
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
  const copy = copyOf(verb);
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
        label={copy.required ? translate('reviews')('decision.note') : translate('reviews')('decision.noteOptional')}
        hint={translate('reviews')('decision.hint', { required: copy.required ? 'yes' : 'no' })}
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
