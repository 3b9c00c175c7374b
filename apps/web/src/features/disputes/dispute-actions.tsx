'use client';

import {
  COUNTER_OFFER_RESOLUTIONS,
  DISPUTE_RESOLUTIONS,
  type Dispute,
  type DisputeResolution,
  resolveDisputeBodySchema,
  respondDisputeBodySchema,
} from '@payos/contracts';
import { Button, DialogActions, Field, Input } from '@payos/ui';
import { Gavel, MessageSquareReply, TriangleAlert } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { AmountInput, OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { toast } from '@/lib/toast';
import { amountProblem, needsAmount, resolutionSplit } from './amounts';
import { canEscalate, canResolve, canRespond } from './due';
import { disputeErrorMessage, type EvidenceDraft, EvidenceEditor, evidenceBody, Textarea } from './form-parts';
import { useEscalateDispute, useResolveDispute, useRespondDispute } from './queries';
import { COUNTER_OFFER_LABELS, DISPUTE_RESOLUTION_LABELS } from './status';

type Action = 'respond' | 'resolve' | 'escalate';

/** The actions the dispute's status allows (and only for users who can write): respond, resolve, escalate. */
export function DisputeActions({ dispute, canWrite }: { dispute: Dispute; canWrite: boolean }) {
  const [action, setAction] = useState<Action | null>(null);
  if (!canWrite) return null;
  const close = (open: boolean) => !open && setAction(null);
  const [respond, resolve, escalate] = [canRespond(dispute), canResolve(dispute), canEscalate(dispute)];
  if (!respond && !resolve && !escalate) return null;
  return (
    <section aria-label="Actions" className="flex flex-wrap gap-2">
      {respond ? (
        <Button onClick={() => setAction('respond')}>
          <MessageSquareReply className="h-4 w-4" /> Respond
        </Button>
      ) : null}
      {resolve ? (
        <Button variant={respond ? 'outline' : 'primary'} onClick={() => setAction('resolve')}>
          <Gavel className="h-4 w-4" /> Resolve
        </Button>
      ) : null}
      {escalate ? (
        <Button variant="outline" onClick={() => setAction('escalate')}>
          <TriangleAlert className="h-4 w-4" /> Escalate
        </Button>
      ) : null}
      <FormDialog
        open={action === 'respond'}
        onOpenChange={close}
        title="Respond to dispute"
        description="The respondent's answer: the dispute moves to under review."
      >
        {(done) => <RespondForm dispute={dispute} onDone={done} />}
      </FormDialog>
      <FormDialog
        open={action === 'resolve'}
        onOpenChange={close}
        title="Resolve dispute"
        description={`${money(dispute.amountDisputed, dispute.currency)} is held on the respondent. What is not refunded goes back to its available balance.`}
      >
        {(done) => <ResolveForm dispute={dispute} onDone={done} />}
      </FormDialog>
      <FormDialog
        open={action === 'escalate'}
        onOpenChange={close}
        title="Escalate dispute"
        description="For disputes the two parties cannot settle: it stays held until resolved, and can no longer be answered."
      >
        {(done) => <EscalateForm dispute={dispute} onDone={done} />}
      </FormDialog>
    </section>
  );
}

const ErrorLine = ({ error }: { error: unknown }) => <FormError error={error} message={disputeErrorMessage} testId="dispute-error" />;

type CounterResolution = (typeof COUNTER_OFFER_RESOLUTIONS)[number];

/** The respondent's response, evidence, acceptance of the claim or a counter-offer. One Idempotency-Key per opening. */
function RespondForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const env = useEnvironment();
  const respond = useDialogMutation(useRespondDispute(env, dispute));
  const [response, setResponse] = useState('');
  const [evidence, setEvidence] = useState<EvidenceDraft[]>([]);
  const [accept, setAccept] = useState(false);
  const [offering, setOffering] = useState(false);
  const [offer, setOffer] = useState<CounterResolution | ''>('');
  const [offerAmount, setOfferAmount] = useState('');
  const [offerNotes, setOfferNotes] = useState('');

  const offerWithAmount = offer === 'partial_refund' || offer === 'credit';
  const offerProblem =
    offering && offerWithAmount && offerAmount
      ? amountProblem(offerAmount, dispute.currency, dispute.amountDisputed, 'can be offered (the disputed amount)')
      : undefined;
  const checked = respondDisputeBodySchema.safeParse({
    response,
    ...(evidence.length ? { evidence: evidenceBody(evidence) } : {}),
    acceptClaim: accept,
    ...(!accept && offering
      ? {
          counterOffer: {
            resolution: offer,
            ...(offerWithAmount && offerAmount ? { amount: offerAmount } : {}),
            ...(offerNotes.trim() ? { notes: offerNotes.trim() } : {}),
          },
        }
      : {}),
  });
  const issues = new Map(
    (checked.error?.issues ?? []).filter((i) => i.path[0] === 'evidence').map((i) => [i.path.slice(1).join('.'), i.message]),
  );
  const incomplete = evidence.map((e, i) => (!e.type || !e.description.trim() ? i + 1 : 0)).filter(Boolean);
  const responseError = response ? checked.error?.issues.find((i) => i.path[0] === 'response')?.message : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success || offerProblem) return;
    respond.send({ body: checked.data }, () => {
      toast('Response sent: the dispute is under review.', 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Respond">
      <Field id="rs-response" label="Response" error={responseError} hint="The respondent's side, in up to 2,000 characters.">
        <Textarea id="rs-response" value={response} maxLength={2000} onChange={(e) => setResponse(e.target.value)} />
      </Field>
      <EvidenceEditor items={evidence} onChange={setEvidence} errors={issues} />
      {incomplete.length ? (
        <p className="text-xs text-muted-foreground">
          Choose a type and describe evidence item {incomplete.join(', ')}, or remove {incomplete.length === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
        Accept the claim
      </label>
      {!accept ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={offering} onChange={(e) => setOffering(e.target.checked)} />
          Make a counter-offer
        </label>
      ) : null}
      {!accept && offering ? (
        <fieldset className="grid gap-3 rounded-md border border-border p-3">
          <legend className="px-1 text-sm font-medium">Counter-offer</legend>
          <Field id="rs-offer" label="Offer">
            <OptionSelect
              id="rs-offer"
              options={COUNTER_OFFER_RESOLUTIONS}
              labels={COUNTER_OFFER_LABELS}
              placeholder="Choose an offer…"
              value={offer}
              onChange={setOffer}
            />
          </Field>
          {offerWithAmount ? (
            <Field id="rs-offer-amount" label={`Offered amount (${dispute.currency}, optional)`} error={offerProblem}>
              <AmountInput id="rs-offer-amount" value={offerAmount} onChange={setOfferAmount} invalid={Boolean(offerProblem)} />
            </Field>
          ) : null}
          <Field id="rs-offer-notes" label="Notes (optional)">
            <Input id="rs-offer-notes" value={offerNotes} maxLength={1000} onChange={(e) => setOfferNotes(e.target.value)} />
          </Field>
        </fieldset>
      ) : null}
      <ErrorLine error={respond.error} />
      <DialogActions
        onCancel={onDone}
        label="Send response"
        busyLabel="Sending…"
        busy={respond.busy}
        disabled={!checked.success || Boolean(offerProblem)}
      />
    </form>
  );
}

/**
 * How the dispute ends: all, part or none of the held amount refunded to the claimant (a real refund),
 * the rest back to the respondent. The split is shown before confirming. One Idempotency-Key per opening.
 */
function ResolveForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const env = useEnvironment();
  const resolve = useDialogMutation(useResolveDispute(env, dispute));
  const [resolution, setResolution] = useState<DisputeResolution | ''>('');
  const [amount, setAmount] = useState('');
  const [notes, setNotes] = useState('');
  const { currency, amountDisputed } = dispute;

  const withAmount = needsAmount(resolution);
  const problem = withAmount ? amountProblem(amount, currency, amountDisputed, 'can be refunded (the disputed amount)') : undefined;
  const split = resolution ? resolutionSplit(amountDisputed, currency, resolution, amount) : undefined;
  const checked = resolveDisputeBodySchema.safeParse({
    resolution,
    ...(withAmount ? { resolutionAmount: amount } : {}),
    ...(notes.trim() ? { resolutionNotes: notes.trim() } : {}),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success || problem) return;
    resolve.send({ body: checked.data }, (d) => {
      toast(
        /[1-9]/.test(d.resolutionAmount ?? '')
          ? `Dispute resolved: ${money(d.resolutionAmount, currency)} refunded.`
          : 'Dispute resolved: nothing refunded.',
        'success',
      );
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label="Resolve">
      <Field id="rv-resolution" label="Resolution">
        <OptionSelect
          id="rv-resolution"
          options={DISPUTE_RESOLUTIONS}
          labels={DISPUTE_RESOLUTION_LABELS}
          placeholder="Choose a resolution…"
          value={resolution}
          onChange={setResolution}
        />
      </Field>
      {withAmount ? (
        <Field id="rv-amount" label={`Amount to refund (${currency})`} error={amount ? problem : undefined}>
          <AmountInput
            id="rv-amount"
            placeholder={dispute.counterOffer?.amount ?? undefined}
            value={amount}
            onChange={setAmount}
            invalid={Boolean(amount && problem)}
          />
        </Field>
      ) : null}
      <Field id="rv-notes" label="Notes (optional)" hint="Kept with the dispute and its refund.">
        <Textarea id="rv-notes" value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      {split ? (
        <dl className="grid gap-1 rounded-md bg-muted p-3 text-sm" data-testid="resolution-split">
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">Refunded to the claimant</dt>
            <dd className="tabular font-medium">{money(split.refund, currency)}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">Released to the respondent</dt>
            <dd className="tabular font-medium">{money(split.release, currency)}</dd>
          </div>
        </dl>
      ) : null}
      <ErrorLine error={resolve.error} />
      <DialogActions
        onCancel={onDone}
        label="Resolve"
        busyLabel="Resolving…"
        busy={resolve.busy}
        disabled={!checked.success || Boolean(problem)}
      />
    </form>
  );
}

/** Confirm the escalation. One Idempotency-Key per opening. */
function EscalateForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const env = useEnvironment();
  const escalate = useDialogMutation(useEscalateDispute(env, dispute));
  return (
    <div className="grid gap-4">
      <ErrorLine error={escalate.error} />
      <DialogActions
        onCancel={onDone}
        label="Escalate"
        busyLabel="Escalating…"
        busy={escalate.busy}
        onConfirm={() =>
          escalate.send({}, () => {
            toast('Dispute escalated.', 'success');
            onDone();
          })
        }
      />
    </div>
  );
}
