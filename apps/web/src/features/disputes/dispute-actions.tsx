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
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('disputes.actions');
  if (!canWrite) return null;
  const close = (open: boolean) => !open && setAction(null);
  const [respond, resolve, escalate] = [canRespond(dispute), canResolve(dispute), canEscalate(dispute)];
  if (!respond && !resolve && !escalate) return null;
  return (
    <section aria-label={t('label')} className="flex flex-wrap gap-2">
      {respond ? (
        <Button onClick={() => setAction('respond')}>
          <MessageSquareReply className="h-4 w-4" /> {t('respond')}
        </Button>
      ) : null}
      {resolve ? (
        <Button variant={respond ? 'outline' : 'primary'} onClick={() => setAction('resolve')}>
          <Gavel className="h-4 w-4" /> {t('resolve')}
        </Button>
      ) : null}
      {escalate ? (
        <Button variant="outline" onClick={() => setAction('escalate')}>
          <TriangleAlert className="h-4 w-4" /> {t('escalate')}
        </Button>
      ) : null}
      <FormDialog open={action === 'respond'} onOpenChange={close} title={t('respondTitle')} description={t('respondDescription')}>
        {(done) => <RespondForm dispute={dispute} onDone={done} />}
      </FormDialog>
      <FormDialog
        open={action === 'resolve'}
        onOpenChange={close}
        title={t('resolveTitle')}
        description={t('resolveDescription', { amount: money(dispute.amountDisputed, dispute.currency) })}
      >
        {(done) => <ResolveForm dispute={dispute} onDone={done} />}
      </FormDialog>
      <FormDialog open={action === 'escalate'} onOpenChange={close} title={t('escalateTitle')} description={t('escalateDescription')}>
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
  const t = useTranslations('disputes.actions');
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
      ? amountProblem(offerAmount, dispute.currency, dispute.amountDisputed, 'offered')
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
      toast(t('responded'), 'success');
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('respond')}>
      <Field id="rs-response" label={t('response')} error={responseError} hint={t('responseHint')}>
        <Textarea id="rs-response" value={response} maxLength={2000} onChange={(e) => setResponse(e.target.value)} />
      </Field>
      <EvidenceEditor items={evidence} onChange={setEvidence} errors={issues} />
      {incomplete.length ? (
        <p className="text-xs text-muted-foreground">{t('incomplete', { items: incomplete.join(', '), count: incomplete.length })}</p>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
        {t('accept')}
      </label>
      {!accept ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={offering} onChange={(e) => setOffering(e.target.checked)} />
          {t('counterOffer')}
        </label>
      ) : null}
      {!accept && offering ? (
        <fieldset className="grid gap-3 rounded-md border border-border p-3">
          <legend className="px-1 text-sm font-medium">{t('counterOfferLegend')}</legend>
          <Field id="rs-offer" label={t('offer')}>
            <OptionSelect
              id="rs-offer"
              options={COUNTER_OFFER_RESOLUTIONS}
              labels={COUNTER_OFFER_LABELS}
              placeholder={t('chooseOffer')}
              value={offer}
              onChange={setOffer}
            />
          </Field>
          {offerWithAmount ? (
            <Field id="rs-offer-amount" label={t('offeredAmount', { currency: dispute.currency })} error={offerProblem}>
              <AmountInput id="rs-offer-amount" value={offerAmount} onChange={setOfferAmount} invalid={Boolean(offerProblem)} />
            </Field>
          ) : null}
          <Field id="rs-offer-notes" label={t('notesOptional')}>
            <Input id="rs-offer-notes" value={offerNotes} maxLength={1000} onChange={(e) => setOfferNotes(e.target.value)} />
          </Field>
        </fieldset>
      ) : null}
      <ErrorLine error={respond.error} />
      <DialogActions
        onCancel={onDone}
        label={t('send')}
        busyLabel={t('sending')}
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
  const t = useTranslations('disputes.actions');

  const withAmount = needsAmount(resolution);
  const problem = withAmount ? amountProblem(amount, currency, amountDisputed, 'refunded') : undefined;
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
        /[1-9]/.test(d.resolutionAmount ?? '') ? t('resolved', { amount: money(d.resolutionAmount, currency) }) : t('resolvedNothing'),
        'success',
      );
      onDone();
    });
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('resolve')}>
      <Field id="rv-resolution" label={t('resolution')}>
        <OptionSelect
          id="rv-resolution"
          options={DISPUTE_RESOLUTIONS}
          labels={DISPUTE_RESOLUTION_LABELS}
          placeholder={t('chooseResolution')}
          value={resolution}
          onChange={setResolution}
        />
      </Field>
      {withAmount ? (
        <Field id="rv-amount" label={t('amountToRefund', { currency })} error={amount ? problem : undefined}>
          <AmountInput
            id="rv-amount"
            placeholder={dispute.counterOffer?.amount ?? undefined}
            value={amount}
            onChange={setAmount}
            invalid={Boolean(amount && problem)}
          />
        </Field>
      ) : null}
      <Field id="rv-notes" label={t('notesOptional')} hint={t('notesHint')}>
        <Textarea id="rv-notes" value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      {split ? (
        <dl className="grid gap-1 rounded-md bg-muted p-3 text-sm" data-testid="resolution-split">
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">{t('refundedToClaimant')}</dt>
            <dd className="tabular font-medium">{money(split.refund, currency)}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">{t('releasedToRespondent')}</dt>
            <dd className="tabular font-medium">{money(split.release, currency)}</dd>
          </div>
        </dl>
      ) : null}
      <ErrorLine error={resolve.error} />
      <DialogActions
        onCancel={onDone}
        label={t('resolve')}
        busyLabel={t('resolving')}
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
  const t = useTranslations('disputes.actions');
  return (
    <div className="grid gap-4">
      <ErrorLine error={escalate.error} />
      <DialogActions
        onCancel={onDone}
        label={t('escalate')}
        busyLabel={t('escalating')}
        busy={escalate.busy}
        onConfirm={() =>
          escalate.send({}, () => {
            toast(t('escalated'), 'success');
            onDone();
          })
        }
      />
    </div>
  );
}
