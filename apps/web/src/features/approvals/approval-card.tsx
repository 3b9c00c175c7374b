'use client';

import type { Approval, ScheduledTransfer, Stream, Transfer } from '@payos/contracts';
import { Badge, Button, Card, CardContent } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Check, X } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type ReactNode, useState } from 'react';
import { DetailRow } from '@/components/detail-drawer';
import { paymentMethodsQuery } from '@/features/accounts/queries';
import { runway } from '@/features/streams/stream-badges';
import { AccountName } from '@/features/transfers/transfer-drawer';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { date, dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';
import { approvalsSoFar, approvedMessage, expiresIn, whyNotDecidable } from './decide';
import { DenyDialog } from './deny-dialog';
import { useApprove } from './queries';
import { APPROVER_ROLE_LABELS, ApprovalStatusBadge, OBJECT_TYPE_LABELS } from './status';
import { cadence, scheduleEnd } from './summary';

/** A payout's destination: the sender's payment method, by its label and last four characters. */
function PaymentMethodName({ accountId, id }: { accountId: string; id: string }) {
  const env = useEnvironment();
  const { data } = useQuery(paymentMethodsQuery(env, accountId));
  const method = data?.data.find((m) => m.id === id);
  return <>{method ? `${method.label ?? method.rail} ··${method.last4}` : translate('approvals')('card.paymentMethod')}</>;
}

const initiator = (a: Approval) =>
  translate('approvals')('card.initiator', { name: a.initiatedBy.name ?? a.initiatedBy.type, type: a.initiatedBy.type });

/** A calendar date of a schedule (YYYY-MM-DD), read at noon UTC so no time zone moves it a day. */
const day = (d: string) => date(`${d}T12:00:00Z`);

const openClass = 'w-fit text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';

/** The parts of a card that depend on what waits: its figure, its kind, its name, a sentence (and a line under it) and its own rows. */
type Parts = {
  figure: ReactNode;
  kind: string | null;
  name: ReactNode;
  sentence?: ReactNode;
  more?: ReactNode;
  rows: ReactNode;
  usdLabel: string;
};

/** Where a transfer or a schedule pays: another account, or a payment method of the sender (a payout). */
function Destination({ from, to, method }: { from: string; to: string | null; method: string | null }) {
  if (to) return <AccountName id={to} />;
  if (method) return <PaymentMethodName accountId={from} id={method} />;
  return <>—</>;
}

function transferParts(t: Transfer, onOpen: (id: string) => void): Parts {
  const tr = translate('approvals');
  return {
    figure: money(t.amount, t.currency),
    kind:
      t.type === 'payout' && t.destinationCurrency && t.destinationCurrency !== t.currency
        ? tr('card.payoutTo', { currency: t.destinationCurrency })
        : tr('card.kind', { type: t.type }),
    name: (
      <button type="button" className={openClass} onClick={() => onOpen(t.id)}>
        {t.description ?? (t.type === 'payout' ? tr('card.payout') : tr('card.internalTransfer'))}
      </button>
    ),
    rows: (
      <>
        <DetailRow label={tr('card.from')}>
          <AccountName id={t.fromAccountId} />
        </DetailRow>
        <DetailRow label={tr('card.to')}>
          <Destination from={t.fromAccountId} to={t.toAccountId} method={t.paymentMethodId} />
        </DetailRow>
      </>
    ),
    usdLabel: tr('card.inUsd'),
  };
}

/** A schedule waiting: nothing has moved; once approved it runs on its dates, each run not asked again. */
function scheduleParts(s: ScheduledTransfer, onOpen: (id: string) => void): Parts {
  const first = s.upcomingRuns[0] ?? s.startDate;
  const ends = scheduleEnd(s, day);
  const tr = translate('approvals');
  return {
    figure: (
      <>
        {money(s.amount, s.currency)} <span className="text-sm font-normal text-muted-foreground">{tr('card.perRun')}</span>
      </>
    ),
    kind: tr('card.kind', { type: s.paymentMethodId ? 'payout' : 'internal' }),
    name: (
      <button type="button" className={openClass} onClick={() => onOpen(s.id)}>
        {s.description ?? tr('card.scheduledTransfer')}
      </button>
    ),
    sentence:
      s.frequency === 'once'
        ? tr.rich('card.once', {
            amount: money(s.amount, s.currency),
            date: day(first),
            from: () => <AccountName id={s.fromAccountId} />,
            to: () => <Destination from={s.fromAccountId} to={s.toAccountId} method={s.paymentMethodId} />,
          })
        : tr.rich('card.recurring', {
            cadence: cadence(s),
            amount: money(s.amount, s.currency),
            date: day(first),
            from: () => <AccountName id={s.fromAccountId} />,
            to: () => <Destination from={s.fromAccountId} to={s.toAccountId} method={s.paymentMethodId} />,
          }),
    more:
      s.upcomingRuns.length > 1 ? (
        <p className="text-xs text-muted-foreground" data-testid="approval-runs">
          {tr('card.runsOn', { dates: s.upcomingRuns.map(day).join(' · ') })}
        </p>
      ) : null,
    rows: (
      <>
        <DetailRow label={tr('card.ends')}>{ends ?? tr('card.whenCancelled')}</DetailRow>
        <DetailRow label={tr('card.timeZone')}>{s.timezone}</DetailRow>
      </>
    ),
    usdLabel: tr('card.inUsdPerRun'),
  };
}

/** A stream waiting: funded (the funding sits in the stream), flowing only once approved. */
function streamParts(s: Stream): Parts {
  const tr = translate('approvals');
  return {
    figure: (
      <>
        {money(s.ratePerMonth, s.currency)} <span className="text-sm font-normal text-muted-foreground">{tr('card.aMonth')}</span>
      </>
    ),
    kind: null,
    name: (
      <Link href={`/streams/${s.id}`} className={openClass}>
        {s.description ?? tr('card.moneyStream')}
      </Link>
    ),
    sentence: tr.rich('card.stream', {
      rate: money(s.ratePerMonth, s.currency),
      funded: money(s.funded, s.currency),
      from: () => <AccountName id={s.senderAccountId} />,
      to: () => <AccountName id={s.receiverAccountId} />,
    }),
    rows: (
      <>
        <DetailRow label={tr('card.funding')}>
          <span className="tabular">{money(s.funded, s.currency)}</span>
        </DetailRow>
        <DetailRow label={tr('card.lasts')}>{tr('card.atThisRate', { runway: runway(s.runwaySeconds) })}</DetailRow>
      </>
    ),
    usdLabel: tr('card.inUsdFunding'),
  };
}

function partsOf(a: Approval, onOpenTransfer: (id: string) => void, onOpenSchedule: (id: string) => void): Parts | null {
  if (a.transfer) return transferParts(a.transfer, onOpenTransfer);
  if (a.schedule) return scheduleParts(a.schedule, onOpenSchedule);
  if (a.stream) return streamParts(a.stream);
  return null;
}

/**
 * One approval: what waits — a transfer (amount, kind, from/to, description), a schedule (its amount per
 * run, how often, from/to and first runs) or a stream (its rate, funding, sender → receiver) — who started
 * it, the policy, the approvals so far and when it expires; Approve and Deny when the user can decide
 * it, else why not.
 */
export function ApprovalCard({
  approval: a,
  onOpenTransfer,
  onOpenSchedule,
}: {
  approval: Approval;
  onOpenTransfer: (id: string) => void;
  onOpenSchedule: (id: string) => void;
}) {
  const session = useSession();
  const approve = useApprove(useEnvironment());
  const [denying, setDenying] = useState(false);
  const me = session.status === 'authenticated' ? session.me : null;
  const why = me ? whyNotDecidable(a, me) : undefined;
  const approved = approvalsSoFar(a);
  const parts = partsOf(a, onOpenTransfer, onOpenSchedule);
  const t = useTranslations('approvals.card');

  return (
    <Card
      data-testid="approval"
      data-object-type={a.objectType}
      data-transfer-id={a.transferId ?? undefined}
      data-schedule-id={a.scheduleId ?? undefined}
      data-stream-id={a.streamId ?? undefined}
    >
      <CardContent className="grid gap-4 pt-4 md:grid-cols-[1fr_auto]">
        <div className="grid gap-3">
          <div className="flex flex-wrap items-center gap-2">
            {parts ? <p className="tabular text-2xl font-semibold">{parts.figure}</p> : null}
            <Badge tone="blue">{OBJECT_TYPE_LABELS[a.objectType]}</Badge>
            {parts?.kind ? <Badge>{parts.kind}</Badge> : null}
            <ApprovalStatusBadge status={a.status} />
          </div>
          {parts ? parts.name : <p className="text-sm text-muted-foreground">{t('unavailable', { type: a.objectType })}</p>}
          {parts?.sentence ? (
            <div className="grid gap-1">
              <p className="text-sm" data-testid="approval-summary">
                {parts.sentence}
              </p>
              {parts.more}
            </div>
          ) : null}
          <dl className="grid gap-x-8 divide-y divide-border sm:grid-cols-2 sm:divide-y-0">
            {parts?.rows}
            <DetailRow label={t('initiatedBy')}>{initiator(a)}</DetailRow>
            <DetailRow label={t('policy')}>{a.policy.name}</DetailRow>
            <DetailRow label={t('approvals')}>
              <span data-testid="approval-progress">{t('progress', { done: approved, required: a.requiredApprovals })}</span>{' '}
              <span className="text-muted-foreground">{t('byRole', { role: APPROVER_ROLE_LABELS[a.approverRole] })}</span>
            </DetailRow>
            <DetailRow label={a.status === 'pending' ? t('expires') : t('decided')}>
              {a.status === 'pending' ? (
                <span title={dateTime(a.expiresAt)}>
                  {expiresIn(a.expiresAt)} · {dateTime(a.expiresAt)}
                </span>
              ) : a.decidedAt ? (
                dateTime(a.decidedAt)
              ) : (
                '—'
              )}
            </DetailRow>
            <DetailRow label={parts?.usdLabel ?? t('inUsd')}>
              <span className="tabular">{money(a.amountUsd, 'USD')}</span>
            </DetailRow>
            <DetailRow label={t('requested')}>{dateTime(a.createdAt)}</DetailRow>
          </dl>
          {a.decisions.length > 0 ? (
            <ul className="grid gap-1 text-sm" aria-label={t('decisions')}>
              {a.decisions.map((d) => (
                <li key={`${d.userId}-${d.at}`}>
                  {t.rich('decision', {
                    decision: d.decision,
                    name: d.name,
                    b: (chunks) => <span className="font-medium">{chunks}</span>,
                  })}
                  {d.reason ? <span className="text-muted-foreground"> — {d.reason}</span> : null}
                  <span className="text-xs text-muted-foreground"> · {dateTime(d.at)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {a.status === 'pending' ? (
          <div className="flex flex-col items-stretch gap-2 md:w-44">
            {a.canDecide ? (
              <>
                <Button
                  disabled={approve.isPending}
                  onClick={() =>
                    approve.mutate(a.id, {
                      onSuccess: (decided) => toast(approvedMessage(decided), 'success'),
                      onError: (e) => toast(errorMessage(e), 'error'),
                    })
                  }
                >
                  <Check className="h-4 w-4" /> {approve.isPending ? t('approving') : t('approve')}
                </Button>
                <Button variant="outline" onClick={() => setDenying(true)}>
                  <X className="h-4 w-4" /> {t('deny')}
                </Button>
                <DenyDialog approval={a} open={denying} onOpenChange={setDenying} />
              </>
            ) : (
              <p className="text-sm text-muted-foreground" data-testid="cannot-decide">
                {why}
              </p>
            )}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
