'use client';

import type { Transfer } from '@payos/contracts';
import { Button, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Scale, Undo2 } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { DetailDrawer, DrawerHeading } from '@/components/detail-drawer';
import { useEnvironment } from '@/lib/environment';
import { failureReasonText, RETURN_CODE_LABELS } from '@/lib/failure-words';
import { date, dateTime, money, rate } from '@/lib/format';
import { useCanWrite } from '@/lib/session';
import { accountQuery } from '../accounts/queries';
import { approvalsSoFar, expiresIn } from '../approvals/decide';
import { transferApprovalQuery } from '../approvals/queries';
import { OpenDisputeDialog } from '../disputes/open-dispute-dialog';
import { transferDisputesQuery, unresolvedOf } from '../disputes/queries';
import { DisputeStatusBadge } from '../disputes/status';
import { RefundDialog } from '../refunds/refund-dialog';
import { REFUND_REASON_LABELS, RefundStatusBadge } from '../refunds/status';
import { FlagForReview } from '../reviews/flag-dialog';
import { transferReviewsQuery } from '../reviews/queries';
import { ReviewStatusBadge, RiskLevelBadge, RULE_LABELS } from '../reviews/status';
import { settingsQuery } from '../settings/queries';
import { transferQuery, useCancelTransfer } from './queries';
import { RecipientLink, SenderLink } from './recipient';
import { TransferStatusBadge, transferStatusLabel } from './status';

export function AccountName({ id }: { id: string }) {
  const env = useEnvironment();
  const { data } = useQuery(accountQuery(env, id));
  return (
    <Link href={`/accounts/${id}`} className="font-medium text-primary hover:underline">
      {data?.name ?? `${id.slice(0, 8)}…`}
    </Link>
  );
}

const useT = () => useTranslations('transfers.drawer');

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="flex justify-between gap-4 py-1.5 text-sm">
    <dt className="text-muted-foreground">{label}</dt>
    <dd className="text-right">{children}</dd>
  </div>
);

const DAY_MS = 86_400_000;
const NEVER_MOVED: readonly Transfer['status'][] = ['requires_approval', 'denied', 'expired'];
const isPositive = (amount: string) => /[1-9]/.test(amount);

/** The status changes and the refunds of a transfer, in the order they happened. */
function timelineOf(t: Transfer) {
  const entries = [
    ...t.timeline.map((e, i) => ({ kind: 'status' as const, key: `s${i}`, at: e.at, status: e.status, note: e.note })),
    ...t.refunds.map((r) => ({ kind: 'refund' as const, key: r.id, at: r.createdAt, refund: r })),
  ];
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * Refunds of a completed internal transfer: what was given back, what is left, until when (the
 * environment's refund window, counted from when it was made), and the Refund button while any is left.
 */
function RefundSection({ t, canWrite }: { t: Transfer; canWrite: boolean }) {
  const env = useEnvironment();
  const settings = useQuery({ ...settingsQuery(env), enabled: t.type === 'internal' && t.status === 'completed' });
  const [refunding, setRefunding] = useState(false);
  const m = useT();
  // Held, then denied or expired: it never moved, so there is nothing to refund.
  if (t.type !== 'internal' || NEVER_MOVED.includes(t.status)) return null;
  const windowDays = settings.data?.refunds.windowDays;
  const until = windowDays === undefined ? undefined : new Date(Date.parse(t.createdAt) + windowDays * DAY_MS);
  const expired = until !== undefined && until.getTime() < Date.now();
  const refundable = t.status === 'completed' && isPositive(t.refundableAmount);
  return (
    <>
      <Row label={m('refunded')}>
        <span className="tabular" data-testid="refunded-amount">
          {money(t.refundedAmount, t.currency)}
        </span>
      </Row>
      <Row label={m('refundable')}>
        <span className="tabular" data-testid="refundable-amount">
          {money(t.refundableAmount, t.currency)}
        </span>
        {refundable && until ? (
          <span className="block text-xs text-muted-foreground">
            {expired
              ? m('refundWindowEnded', { days: windowDays ?? 0, date: date(until.toISOString()) })
              : m('until', { date: date(until.toISOString()) })}
          </span>
        ) : null}
        {refundable && canWrite && !expired ? (
          <Button size="sm" variant="outline" className="mt-2" onClick={() => setRefunding(true)}>
            <Undo2 className="h-4 w-4" /> {m('refund')}
          </Button>
        ) : null}
      </Row>
      {refundable && canWrite ? <RefundDialog transfer={t} open={refunding} onOpenChange={setRefunding} /> : null}
    </>
  );
}

/**
 * Disputes of a completed internal transfer: each one (linking its page), and Open dispute while
 * something is refundable, no dispute is unresolved and the environment's filing window is open.
 */
function DisputeSection({ t, canWrite }: { t: Transfer; canWrite: boolean }) {
  const env = useEnvironment();
  const completed = t.type === 'internal' && t.status === 'completed';
  const disputes = useQuery({ ...transferDisputesQuery(env, t.id), enabled: completed });
  const settings = useQuery({ ...settingsQuery(env), enabled: completed });
  const [opening, setOpening] = useState(false);
  const m = useT();
  if (!completed) return null;
  const list = disputes.data?.data ?? [];
  const windowDays = settings.data?.disputes.filingWindowDays;
  const until = windowDays === undefined ? undefined : new Date(Date.parse(t.createdAt) + windowDays * DAY_MS);
  const expired = until !== undefined && until.getTime() < Date.now();
  const disputable = isPositive(t.refundableAmount) && disputes.isSuccess && !unresolvedOf(list);
  return (
    <>
      <Row label={m('disputes')}>
        {disputes.isPending ? (
          <Skeleton className="h-4 w-24" />
        ) : disputes.isError ? (
          <span className="text-muted-foreground">{m('couldNotLoadDisputes')}</span>
        ) : list.length === 0 ? (
          <span className="text-muted-foreground">{m('none')}</span>
        ) : (
          <ul className="grid justify-items-end gap-1" data-testid="transfer-disputes">
            {list.map((d) => (
              <li key={d.id} className="flex items-center gap-2">
                <Link href={`/disputes/${d.id}`} className="tabular text-primary hover:underline">
                  {m('disputed', { amount: money(d.amountDisputed, d.currency) })}
                </Link>
                <DisputeStatusBadge status={d.status} />
              </li>
            ))}
          </ul>
        )}
        {disputable && expired ? (
          <span className="block text-xs text-muted-foreground">
            {m('filingWindowEnded', { days: windowDays ?? 0, date: date((until as Date).toISOString()) })}
          </span>
        ) : null}
        {disputable && canWrite && !expired ? (
          <Button size="sm" variant="outline" className="mt-2" onClick={() => setOpening(true)}>
            <Scale className="h-4 w-4" /> {m('openDispute')}
          </Button>
        ) : null}
      </Row>
      {canWrite ? <OpenDisputeDialog transfer={t} open={opening} onOpenChange={setOpening} /> : null}
    </>
  );
}

/**
 * A transfer waiting for approval: how far its approvals got and when it expires (when the user's role
 * may decide it: the inbox shows only those), and the way to the Approvals inbox.
 */
function ApprovalSection({ t }: { t: Transfer }) {
  const env = useEnvironment();
  const approval = useQuery(transferApprovalQuery(env, t.id));
  const a = approval.data;
  const m = useT();
  return (
    <Row label={m('approval')}>
      <span data-testid="transfer-approval">
        {a
          ? m('approvalProgress', {
              done: approvalsSoFar(a),
              required: a.requiredApprovals,
              policy: a.policy.name,
              expires: expiresIn(a.expiresAt),
            })
          : m('waitingApproval')}
      </span>
      <Link href="/approvals" className="block text-primary hover:underline">
        {a?.canDecide ? m('decideInApprovals') : m('openInbox')}
      </Link>
    </Row>
  );
}

/**
 * A transfer's review items (GET /v1/reviews?transferId=): while it is held in requires_review, what it
 * waits for; afterwards, how it was decided. Each links to its evidence in the Reviews queue.
 */
function ReviewSection({ t }: { t: Transfer }) {
  const env = useEnvironment();
  const reviews = useQuery(transferReviewsQuery(env, t.id));
  const list = reviews.data?.data ?? [];
  const m = useT();
  if (t.status !== 'requires_review' && list.length === 0) return null;
  return (
    <Row label={m('reviews')}>
      {t.status === 'requires_review' ? (
        <span className="block" data-testid="transfer-review">
          {m('heldForReview')}
        </span>
      ) : null}
      {reviews.isPending ? (
        <Skeleton className="ml-auto h-4 w-24" />
      ) : (
        <ul className="grid justify-items-end gap-1" data-testid="transfer-reviews">
          {list.map((r) => (
            <li key={r.id} className="flex items-center gap-2">
              <Link href={`/reviews?review=${r.id}`} className="text-primary hover:underline">
                {r.ruleId ? RULE_LABELS[r.ruleId] : m('manualFlag')}
              </Link>
              <RiskLevelBadge level={r.riskLevel} />
              <ReviewStatusBadge status={r.status} />
            </li>
          ))}
        </ul>
      )}
    </Row>
  );
}

/** The travel rule data a payout was sent with (the originator's account number masked by the API). */
function TravelRuleRows({ t }: { t: Transfer }) {
  const m = useT();
  if (!t.travelRule) return null;
  const { originator, beneficiary } = t.travelRule;
  return (
    <>
      <Row label={m('originator')}>
        <span data-testid="travel-rule-originator">
          {originator.name}
          <span className="block text-xs text-muted-foreground">{originator.address}</span>
          <span className="block text-xs text-muted-foreground tabular">{m('accountNumber', { number: originator.accountNumber })}</span>
        </span>
      </Row>
      <Row label={m('beneficiary')}>
        <span data-testid="travel-rule-beneficiary">
          {beneficiary.name}
          {beneficiary.address ? <span className="block text-xs text-muted-foreground">{beneficiary.address}</span> : null}
        </span>
      </Row>
    </>
  );
}

/**
 * Transfer detail in a side drawer: amounts, fees, counterparties, its approval while it waits for one,
 * refunds, disputes, timeline; cancel while pending or waiting for approval, refund or dispute once completed.
 */
export function TransferDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const env = useEnvironment();
  const query = useQuery({ ...transferQuery(env, id ?? ''), enabled: Boolean(id) });
  const cancel = useCancelTransfer(env);
  const canWrite = useCanWrite();
  const m = useT();
  const tt = useTranslations('transfers');

  return (
    <DetailDrawer title={m('title')} open={Boolean(id)} onClose={onClose} query={query}>
      {(t) => (
        <div className="grid grid-cols-1 gap-6">
          <DrawerHeading
            amount={money(t.amount, t.currency)}
            subtitle={t.description ?? (t.type === 'payout' ? m('payout') : m('internalTransfer'))}
            badge={<TransferStatusBadge status={t.status} />}
          />
          <dl className="divide-y divide-border">
            <Row label={m('from')}>
              <SenderLink transfer={t} fallback={<AccountName id={t.fromAccountId} />} />
            </Row>
            <Row label={m('to')}>
              <RecipientLink transfer={t} />
            </Row>
            {t.fees.breakdown.map((f) => (
              <Row key={f.type} label={m('fee', { type: tt(`fee.${f.type}`) })}>
                <span className="tabular">{money(f.amount, t.currency)}</span>
              </Row>
            ))}
            <Row label={m('totalDebited')}>
              <span className="tabular">{money(t.totalDebit, t.currency)}</span>
            </Row>
            {t.destinationAmount ? (
              <Row label={m('recipientGets')}>
                <span className="tabular">{money(t.destinationAmount, t.destinationCurrency)}</span>
                {t.rate ? <span className="block text-xs text-muted-foreground">{m('rate', { rate: rate(t.rate) })}</span> : null}
              </Row>
            ) : null}
            <TravelRuleRows t={t} />
            {t.status === 'requires_approval' ? <ApprovalSection key={`a-${t.id}`} t={t} /> : null}
            <ReviewSection key={`r-${t.id}`} t={t} />
            <RefundSection key={t.id} t={t} canWrite={canWrite} />
            <DisputeSection key={`d-${t.id}`} t={t} canWrite={canWrite} />
            <Row label={m('initiatedBy')}>
              {t.initiatedBy.name ?? tt(`actor.${t.initiatedBy.type}`)}{' '}
              <span className="text-muted-foreground">({tt(`actor.${t.initiatedBy.type}`)})</span>
            </Row>
            {t.failureReason ? <Row label={m('failureReason')}>{failureReasonText(t.failureReason)}</Row> : null}
            {t.returnDetails ? (
              <Row label={m('returned')}>
                <span data-testid="return-details">
                  {RETURN_CODE_LABELS[t.returnDetails.code]} · {dateTime(t.returnDetails.returnedAt)}
                </span>
                <span className="block text-xs text-muted-foreground">{t.returnDetails.reason}</span>
              </Row>
            ) : null}
            <Row label={m('id')}>
              <code className="text-xs">{t.id}</code>
            </Row>
            <Row label={m('events')}>
              <Link href={`/events?objectId=${t.id}`} className="text-primary hover:underline">
                {m('everyEvent')}
              </Link>
            </Row>
          </dl>
          <section aria-labelledby="timeline-title">
            <h3 id="timeline-title" className="mb-2 text-sm font-medium">
              {m('timeline')}
            </h3>
            <ol className="grid gap-2 border-l border-border pl-4">
              {timelineOf(t).map((e) =>
                e.kind === 'status' ? (
                  <li key={e.key} className="text-sm">
                    <span className="font-medium first-letter:uppercase">{transferStatusLabel(e.status)}</span>
                    {e.note ? <span className="text-muted-foreground"> — {e.note}</span> : null}
                    <span className="block text-xs text-muted-foreground">{dateTime(e.at)}</span>
                  </li>
                ) : (
                  <li key={e.key} className="text-sm" data-testid="timeline-refund">
                    <Link href={`/refunds?refund=${e.refund.id}`} className="font-medium text-primary hover:underline">
                      {m('refundLine', { amount: money(e.refund.amount, t.currency) })}
                    </Link>
                    <span className="text-muted-foreground"> — {REFUND_REASON_LABELS[e.refund.reason]}</span>{' '}
                    <RefundStatusBadge status={e.refund.status} />
                    <span className="block text-xs text-muted-foreground">{dateTime(e.at)}</span>
                  </li>
                ),
              )}
            </ol>
          </section>
          <div>
            <FlagForReview target={{ transferId: t.id }} size="sm" />
          </div>
          {(t.status === 'pending' || t.status === 'requires_approval') && canWrite ? (
            <ConfirmAction
              title={m('cancelTitle', { amount: money(t.amount, t.currency) })}
              description={m('cancelDescription', {
                named: t.description ? 'yes' : 'no',
                description: t.description ?? '',
                approval: t.status === 'requires_approval' ? 'yes' : 'no',
              })}
              confirmLabel={m('cancelLabel')}
              busyLabel={m('cancelling')}
              onConfirm={() => cancel.mutateAsync(t.id)}
              success={m('cancelled')}
              trigger={(open) => (
                <Button variant="danger" disabled={cancel.isPending} onClick={open}>
                  {m('cancelLabel')}
                </Button>
              )}
            />
          ) : null}
        </div>
      )}
    </DetailDrawer>
  );
}
