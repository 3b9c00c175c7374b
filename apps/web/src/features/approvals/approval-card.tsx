'use client';

import type { Approval, ScheduledTransfer, Stream, Transfer } from '@payos/contracts';
import { Badge, Button, Card, CardContent } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Check, X } from 'lucide-react';
import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { DetailRow } from '@/components/detail-drawer';
import { paymentMethodsQuery } from '@/features/accounts/queries';
import { runway } from '@/features/streams/stream-badges';
import { AccountName } from '@/features/transfers/transfer-drawer';
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
  return <>{method ? `${method.label ?? method.rail} ··${method.last4}` : 'Payment method'}</>;
}

const initiator = (a: Approval) =>
  `${a.initiatedBy.name ?? a.initiatedBy.type} (${a.initiatedBy.type === 'api_key' ? 'API key' : a.initiatedBy.type})`;

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
  return {
    figure: money(t.amount, t.currency),
    kind:
      t.type === 'payout' && t.destinationCurrency && t.destinationCurrency !== t.currency ? `payout → ${t.destinationCurrency}` : t.type,
    name: (
      <button type="button" className={openClass} onClick={() => onOpen(t.id)}>
        {t.description ?? (t.type === 'payout' ? 'Payout' : 'Internal transfer')}
      </button>
    ),
    rows: (
      <>
        <DetailRow label="From">
          <AccountName id={t.fromAccountId} />
        </DetailRow>
        <DetailRow label="To">
          <Destination from={t.fromAccountId} to={t.toAccountId} method={t.paymentMethodId} />
        </DetailRow>
      </>
    ),
    usdLabel: 'In USD',
  };
}

/** A schedule waiting: nothing has moved; once approved it runs on its dates, each run not asked again. */
function scheduleParts(s: ScheduledTransfer, onOpen: (id: string) => void): Parts {
  const first = s.upcomingRuns[0] ?? s.startDate;
  const ends = scheduleEnd(s, day);
  return {
    figure: (
      <>
        {money(s.amount, s.currency)} <span className="text-sm font-normal text-muted-foreground">per run</span>
      </>
    ),
    kind: s.paymentMethodId ? 'payout' : 'internal',
    name: (
      <button type="button" className={openClass} onClick={() => onOpen(s.id)}>
        {s.description ?? 'Scheduled transfer'}
      </button>
    ),
    sentence:
      s.frequency === 'once' ? (
        <>
          One payment of {money(s.amount, s.currency)} from <AccountName id={s.fromAccountId} /> to{' '}
          <Destination from={s.fromAccountId} to={s.toAccountId} method={s.paymentMethodId} /> on {day(first)}
        </>
      ) : (
        <>
          {cadence(s)} {money(s.amount, s.currency)} from <AccountName id={s.fromAccountId} /> to{' '}
          <Destination from={s.fromAccountId} to={s.toAccountId} method={s.paymentMethodId} />, first runs {day(first)}
        </>
      ),
    more:
      s.upcomingRuns.length > 1 ? (
        <p className="text-xs text-muted-foreground" data-testid="approval-runs">
          Runs on {s.upcomingRuns.map(day).join(' · ')}
        </p>
      ) : null,
    rows: (
      <>
        <DetailRow label="Ends">{ends ?? 'When cancelled'}</DetailRow>
        <DetailRow label="Time zone">{s.timezone}</DetailRow>
      </>
    ),
    usdLabel: 'In USD, per run',
  };
}

/** A stream waiting: funded (the funding sits in the stream), flowing only once approved. */
function streamParts(s: Stream): Parts {
  return {
    figure: (
      <>
        {money(s.ratePerMonth, s.currency)} <span className="text-sm font-normal text-muted-foreground">a month</span>
      </>
    ),
    kind: null,
    name: (
      <Link href={`/streams/${s.id}`} className={openClass}>
        {s.description ?? 'Money stream'}
      </Link>
    ),
    sentence: (
      <>
        {money(s.ratePerMonth, s.currency)} a month from <AccountName id={s.senderAccountId} /> to <AccountName id={s.receiverAccountId} />,
        funded with {money(s.funded, s.currency)}
      </>
    ),
    rows: (
      <>
        <DetailRow label="Funding">
          <span className="tabular">{money(s.funded, s.currency)}</span>
        </DetailRow>
        <DetailRow label="Lasts">{runway(s.runwaySeconds)} at this rate</DetailRow>
      </>
    ),
    usdLabel: 'In USD (funding)',
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
          {parts ? parts.name : <p className="text-sm text-muted-foreground">Its {a.objectType} is not available.</p>}
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
            <DetailRow label="Initiated by">{initiator(a)}</DetailRow>
            <DetailRow label="Policy">{a.policy.name}</DetailRow>
            <DetailRow label="Approvals">
              <span data-testid="approval-progress">
                {approved} of {a.requiredApprovals}
              </span>{' '}
              <span className="text-muted-foreground">by {APPROVER_ROLE_LABELS[a.approverRole]}</span>
            </DetailRow>
            <DetailRow label={a.status === 'pending' ? 'Expires' : 'Decided'}>
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
            <DetailRow label={parts?.usdLabel ?? 'In USD'}>
              <span className="tabular">{money(a.amountUsd, 'USD')}</span>
            </DetailRow>
            <DetailRow label="Requested">{dateTime(a.createdAt)}</DetailRow>
          </dl>
          {a.decisions.length > 0 ? (
            <ul className="grid gap-1 text-sm" aria-label="Decisions">
              {a.decisions.map((d) => (
                <li key={`${d.userId}-${d.at}`}>
                  <span className="font-medium">{d.decision === 'approved' ? 'Approved' : 'Denied'}</span> by {d.name}
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
                  <Check className="h-4 w-4" /> {approve.isPending ? 'Approving…' : 'Approve'}
                </Button>
                <Button variant="outline" onClick={() => setDenying(true)}>
                  <X className="h-4 w-4" /> Deny
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
