'use client';

import type { Dispute } from '@payos/contracts';
import { Card, CardContent, CardHeader, CardTitle, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { DetailRow as Row } from '@/components/detail-drawer';
import { QueryError } from '@/components/query-view';
import { DisputeActions } from '@/features/disputes/dispute-actions';
import { dueState } from '@/features/disputes/due';
import { disputeQuery } from '@/features/disputes/queries';
import {
  COUNTER_OFFER_LABELS,
  DISPUTE_REASON_LABELS,
  DISPUTE_RESOLUTION_LABELS,
  DisputeStatusBadge,
  DueBadge,
  EVIDENCE_TYPE_LABELS,
  REQUESTED_RESOLUTION_LABELS,
} from '@/features/disputes/status';
import { AccountName } from '@/features/transfers/transfer-drawer';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { date, dateTime, money } from '@/lib/format';
import { useCanWrite } from '@/lib/session';

const actorName = (actor: Dispute['initiatedBy']) =>
  actor.name ?? translate('disputes')('detail.actorType', { type: actor.type, raw: actor.type.replaceAll('_', ' ') });

export default function DisputePage() {
  const { id } = useParams<{ id: string }>();
  const env = useEnvironment();
  const canWrite = useCanWrite();
  const query = useQuery(disputeQuery(env, id));
  const t = useTranslations('disputes.detail');

  if (query.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-label={t('loading')}>
        <Skeleton className="h-10 w-64" />
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="grid gap-4">
        <BackLink />
        <QueryError query={query} notFound={{ title: t('notFound'), backHref: '/disputes', backLabel: t('back') }} />
      </div>
    );
  }
  const d = query.data;
  const answered = d.respondentResponse !== null;

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <BackLink />
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="tabular text-xl font-semibold" data-testid="dispute-amount">
            {t('disputed', { amount: money(d.amountDisputed, d.currency) })}
          </h1>
          <DisputeStatusBadge status={d.status} />
          <DueBadge due={dueState(d)} />
          <Link href={`/events?objectId=${d.id}`} className="ml-auto text-sm text-primary hover:underline">
            {t('eventLog')}
          </Link>
        </div>
        <p className="text-sm text-muted-foreground">
          {t.rich('subtitle', {
            reason: DISPUTE_REASON_LABELS[d.reason],
            claimant: () => <AccountName id={d.claimantAccountId} />,
            respondent: () => <AccountName id={d.respondentAccountId} />,
          })}
        </p>
      </div>

      <DisputeActions dispute={d} canWrite={canWrite} />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t('dispute')}</CardTitle>
          </CardHeader>
          <CardContent>
            <p className="mb-3 text-sm whitespace-pre-wrap" data-testid="dispute-description">
              {d.description}
            </p>
            <dl className="divide-y divide-border">
              <Row label={t('transfer')}>
                <Link href={`/transfers?transfer=${d.transferId}`} className="text-primary hover:underline">
                  {t('viewTransfer')}
                </Link>
              </Row>
              <Row label={t('claimant')}>
                <AccountName id={d.claimantAccountId} />
              </Row>
              <Row label={t('respondent')}>
                <AccountName id={d.respondentAccountId} />
              </Row>
              <Row label={t('amountDisputed')}>
                <span className="tabular">{money(d.amountDisputed, d.currency)}</span>
                {d.status !== 'resolved' ? <span className="block text-xs text-muted-foreground">{t('heldUntilResolved')}</span> : null}
              </Row>
              <Row label={t('requestedResolution')}>
                {d.requestedResolution ? REQUESTED_RESOLUTION_LABELS[d.requestedResolution] : '—'}
                {d.requestedAmount ? <span className="tabular"> · {money(d.requestedAmount, d.currency)}</span> : null}
              </Row>
              <Row label={t('responseDue')}>
                <span data-testid="dispute-due">{dateTime(d.dueAt)}</span>
              </Row>
              {d.autoEscalateAt && d.status !== 'resolved' && d.status !== 'escalated' ? (
                <Row label={t('autoEscalates')}>{dateTime(d.autoEscalateAt)}</Row>
              ) : null}
              <Row label={t('opened')}>
                {dateTime(d.createdAt)} <span className="text-muted-foreground">{t('by', { name: actorName(d.initiatedBy) })}</span>
              </Row>
              {d.escalatedAt ? <Row label={t('escalated')}>{dateTime(d.escalatedAt)}</Row> : null}
              <Row label={t('id')}>
                <code className="text-xs">{d.id}</code>
              </Row>
            </dl>
          </CardContent>
        </Card>

        <div className="grid content-start gap-6">
          {d.resolution ? (
            <Card data-testid="dispute-resolution">
              <CardHeader>
                <CardTitle>{t('resolution')}</CardTitle>
              </CardHeader>
              <CardContent>
                <dl className="divide-y divide-border">
                  <Row label={t('outcome')}>{DISPUTE_RESOLUTION_LABELS[d.resolution]}</Row>
                  <Row label={t('refundedToClaimant')}>
                    <span className="tabular">{money(d.resolutionAmount ?? '0', d.currency)}</span>
                    {d.refundId ? (
                      <Link href={`/refunds?refund=${d.refundId}`} className="block text-xs text-primary hover:underline">
                        {t('viewRefund')}
                      </Link>
                    ) : null}
                  </Row>
                  {d.resolvedAt ? <Row label={t('resolved')}>{dateTime(d.resolvedAt)}</Row> : null}
                  {d.resolutionNotes ? <Row label={t('notes')}>{d.resolutionNotes}</Row> : null}
                </dl>
              </CardContent>
            </Card>
          ) : null}

          <Card data-testid="dispute-response">
            <CardHeader>
              <CardTitle>{t('response')}</CardTitle>
            </CardHeader>
            <CardContent>
              {answered ? (
                <div className="grid gap-3 text-sm">
                  <p className="whitespace-pre-wrap">{d.respondentResponse}</p>
                  <p>
                    {d.respondentAcceptedClaim === true ? t('accepted') : d.respondentAcceptedClaim === false ? t('notAccepted') : null}
                  </p>
                  {d.counterOffer ? (
                    <div className="rounded-md bg-muted p-3" data-testid="counter-offer">
                      <p className="font-medium">
                        {t('counterOffer', { offer: COUNTER_OFFER_LABELS[d.counterOffer.resolution] })}
                        {d.counterOffer.amount ? <span className="tabular"> · {money(d.counterOffer.amount, d.currency)}</span> : null}
                      </p>
                      {d.counterOffer.notes ? <p className="text-muted-foreground">{d.counterOffer.notes}</p> : null}
                    </div>
                  ) : null}
                </div>
              ) : (
                <p className="text-sm text-muted-foreground">
                  {d.status === 'open' ? t('noResponseDue', { date: date(d.dueAt) }) : t('noResponse')}
                </p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>{t('evidence')}</CardTitle>
        </CardHeader>
        <CardContent>
          {d.evidence.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t('noEvidence')}</p>
          ) : (
            <ul className="grid gap-3" aria-label={t('evidence')}>
              {d.evidence.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence items have no id; the list only grows.
                <li key={i} className="grid gap-0.5 text-sm" data-testid="evidence-item">
                  <p>
                    <span className="font-medium">{EVIDENCE_TYPE_LABELS[e.type]}</span> — {e.description}
                  </p>
                  {e.url && /^https?:\/\//i.test(e.url) ? (
                    <a
                      href={e.url}
                      target="_blank"
                      rel="noopener noreferrer nofollow"
                      className="inline-flex items-center gap-1 text-primary hover:underline"
                    >
                      {e.url} <ExternalLink className="h-3 w-3" aria-hidden />
                    </a>
                  ) : e.url ? (
                    <p className="break-all text-muted-foreground">{e.url}</p>
                  ) : null}
                  {e.content ? <p className="whitespace-pre-wrap text-muted-foreground">{e.content}</p> : null}
                  <p className="text-xs text-muted-foreground">
                    {t('submittedBy', { party: e.submittedBy })} · {dateTime(e.submittedAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="mb-2 text-sm font-medium">
          {t('timeline')}
        </h2>
        <ol className="grid gap-2 border-l border-border pl-4">
          {d.timeline.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: timeline entries have no id; the list only grows.
            <li key={i} className="text-sm" data-testid="dispute-timeline">
              <span className="font-medium">{t('event', { type: e.type })}</span>{' '}
              <span className="text-muted-foreground">{t('by', { name: actorName(e.actor) })}</span>
              {e.type === 'resolved' && d.resolution ? (
                <span className="block text-muted-foreground">
                  {DISPUTE_RESOLUTION_LABELS[d.resolution]}
                  {/[1-9]/.test(d.resolutionAmount ?? '') ? ` · ${money(d.resolutionAmount, d.currency)}` : ''}
                </span>
              ) : e.note ? (
                <span className="block text-muted-foreground">{e.note}</span>
              ) : null}
              <span className="block text-xs text-muted-foreground">{dateTime(e.at)}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

const BackLink = () => (
  <Link href="/disputes" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
    <ArrowLeft className="h-3 w-3" /> {translate('disputes')('page.title')}
  </Link>
);
