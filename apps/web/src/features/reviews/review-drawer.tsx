'use client';

import type { ReviewDetail } from '@payos/contracts';
import { Badge, Button, cn, Field, Table, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowUpRight, Check, Flag, UserCheck, X } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { DetailDrawer, DetailRow } from '@/components/detail-drawer';
import { FormError } from '@/components/mutation-form';
import { Textarea } from '@/features/disputes/form-parts';
import { TransferStatusBadge } from '@/features/transfers/status';
import { AccountName } from '@/features/transfers/transfer-drawer';
import { translate } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { count, dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite, useSession } from '@/lib/session';
import { toast } from '@/lib/toast';
import { allowedActions, dueLabel } from './actions';
import { DecisionDialog, type NoteVerb } from './decision-dialog';
import { reviewQuery, useReviewAction } from './queries';
import { REVIEW_STATUS_LABELS, ReviewStatusBadge, RISK_ACTION_LABELS, RiskLevelBadge, RULE_LABELS } from './status';

/** `countLastHour` → "Count last hour"; `amountUsd` → "Amount (USD)". */
export function figureLabel(key: string): string {
  const usd = /Usd$/.test(key);
  const words = key
    .replace(/Usd$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${usd ? ' (USD)' : ''}`;
}

/** A figure as read: amounts as money (decimal strings, never numbers), yes/no, "—" for none. */
export function figureValue(key: string, value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return translate('reviews')(value ? 'drawer.yes' : 'drawer.no');
  if (typeof value === 'number') return count(value);
  if (/Usd$/.test(key) && /^-?\d+(\.\d+)?$/.test(value)) return money(value, 'USD');
  return value;
}

/** What the rule saw, as a two-column table. */
function FiguresTable({ figures }: { figures: Record<string, string | number | boolean | null> }) {
  const entries = Object.entries(figures);
  const t = useTranslations('reviews.drawer');
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">{t('noFigures')}</p>;
  return (
    <Table aria-label={t('figures')}>
      <TBody>
        {entries.map(([key, value]) => (
          <Tr key={key}>
            <Td className="text-muted-foreground">{figureLabel(key)}</Td>
            <Td className="tabular text-right">{figureValue(key, value)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="grid gap-2" aria-label={title} data-testid={testId}>
      <h3 className="text-sm font-medium">{title}</h3>
      {children}
    </section>
  );
}

/** The add-note box (members and up): notes stay with the item whatever its status. */
function AddNote({ reviewId }: { reviewId: string }) {
  const env = useEnvironment();
  const action = useReviewAction(env, reviewId);
  const [body, setBody] = useState('');
  const trimmed = body.trim();
  const t = useTranslations('reviews.drawer');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!trimmed) return;
    action.mutate(
      { verb: 'note', body: trimmed },
      {
        onSuccess: () => {
          setBody('');
          toast(t('noteAdded'), 'success');
        },
      },
    );
  }
  return (
    <form className="grid gap-2" onSubmit={submit} aria-label={t('addANote')}>
      <Field id="review-note" label={t('addANote')}>
        <Textarea id="review-note" value={body} maxLength={2000} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <FormError error={action.error} message={errorMessage} testId="review-note-error" />
      <Button type="submit" size="sm" variant="outline" className="w-fit" disabled={!trimmed || action.isPending}>
        {action.isPending ? t('adding') : t('addNote')}
      </Button>
    </form>
  );
}

/** Assign to me and the decisions the user may take now (the dialogs ask for their notes). */
function Actions({ review }: { review: ReviewDetail }) {
  const env = useEnvironment();
  const session = useSession();
  const assign = useReviewAction(env, review.id);
  const [verb, setVerb] = useState<NoteVerb | null>(null);
  const me = session.status === 'authenticated' ? session.me : null;
  const verbs = me ? allowedActions(review, me.role, me.user.id) : [];
  const t = useTranslations('reviews.drawer');
  if (verbs.length === 0) {
    return me && me.role !== 'owner' && me.role !== 'admin' && ['open', 'in_review', 'escalated'].includes(review.status) ? (
      <p className="text-sm text-muted-foreground" data-testid="review-role-notice">
        {t('roleNotice')}
      </p>
    ) : null;
  }
  return (
    <div className="flex flex-wrap gap-2" data-testid="review-actions">
      {verbs.includes('assign') ? (
        <Button
          variant="outline"
          disabled={assign.isPending}
          onClick={() =>
            assign.mutate(
              { verb: 'assign' },
              { onSuccess: () => toast(t('assigned'), 'success'), onError: (e) => toast(errorMessage(e), 'error') },
            )
          }
        >
          <UserCheck className="h-4 w-4" /> {t('assign')}
        </Button>
      ) : null}
      {verbs.includes('approve') ? (
        <Button onClick={() => setVerb('approve')}>
          <Check className="h-4 w-4" /> {t('approve')}
        </Button>
      ) : null}
      {verbs.includes('reject') ? (
        <Button variant="danger" onClick={() => setVerb('reject')}>
          <X className="h-4 w-4" /> {t('reject')}
        </Button>
      ) : null}
      {verbs.includes('escalate') ? (
        <Button variant="outline" onClick={() => setVerb('escalate')}>
          <ArrowUpRight className="h-4 w-4" /> {t('escalate')}
        </Button>
      ) : null}
      {verbs.includes('dismiss') ? (
        <Button variant="outline" onClick={() => setVerb('dismiss')}>
          {t('dismiss')}
        </Button>
      ) : null}
      <DecisionDialog
        reviewId={review.id}
        verb={verb}
        holdsTransfer={review.holdsTransfer}
        onOpenChange={(open) => !open && setVerb(null)}
      />
    </div>
  );
}

/**
 * A review item in a side drawer: the rule that fired and the figures it saw, the transfer it looked at
 * (and as it is now), the account's recent transfers, the notes with an add-note box, and the actions
 * the user may take.
 */
export function ReviewDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const env = useEnvironment();
  const query = useQuery({ ...reviewQuery(env, id ?? ''), enabled: Boolean(id) });
  const canWrite = useCanWrite();
  const t = useTranslations('reviews.drawer');
  return (
    <DetailDrawer title={t('title')} open={Boolean(id)} onClose={onClose} query={query}>
      {(r) => {
        const due = dueLabel(r);
        const reviewed = r.evidence.transfer;
        return (
          <div className="grid grid-cols-1 gap-6" data-testid="review-detail">
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-lg font-semibold">{r.ruleId ? RULE_LABELS[r.ruleId] : t('manualFlag')}</p>
              <RiskLevelBadge level={r.riskLevel} />
              <ReviewStatusBadge status={r.status} />
              {r.holdsTransfer ? <Badge tone="amber">{t('holds')}</Badge> : null}
            </div>
            {r.evidence.message ? (
              <p className="text-sm" data-testid="review-message">
                {r.evidence.message}
              </p>
            ) : null}
            {r.description ? <p className="text-sm text-muted-foreground">{r.description}</p> : null}
            <Actions review={r} />
            <dl className="divide-y divide-border">
              <DetailRow label={t('reason')}>{r.reason}</DetailRow>
              {r.action ? <DetailRow label={t('ruleAction')}>{RISK_ACTION_LABELS[r.action]}</DetailRow> : null}
              {r.accountId ? (
                <DetailRow label={t('account')}>
                  <AccountName id={r.accountId} />
                </DetailRow>
              ) : null}
              <DetailRow label={t('assignedTo')}>
                {r.assignee?.name ?? <span className="text-muted-foreground">{t('nobody')}</span>}
              </DetailRow>
              <DetailRow label={t('due')}>
                <span className={cn(r.isOverdue && 'font-medium text-red-600 dark:text-red-400')} data-testid="review-due">
                  {dateTime(r.dueAt)}
                  {due ? ` · ${due}` : ''}
                </span>
              </DetailRow>
              <DetailRow label={t('openedBy')}>
                {r.createdBy.name ?? r.createdBy.type} <span className="text-muted-foreground">· {dateTime(r.createdAt)}</span>
              </DetailRow>
              {r.resolution ? (
                <DetailRow label={REVIEW_STATUS_LABELS[r.status]}>
                  {r.resolution.by?.name ?? '—'} · {dateTime(r.resolution.at)}
                  {r.resolution.note ? <span className="block text-muted-foreground">{r.resolution.note}</span> : null}
                </DetailRow>
              ) : null}
            </dl>

            <Section title={t('whatRuleSaw')} testId="review-figures">
              <FiguresTable figures={r.evidence.figures} />
              {r.evidence.hits.length > 1 ? (
                <ul className="grid gap-1 text-xs text-muted-foreground">
                  {r.evidence.hits.map((h) => (
                    <li key={h.ruleId}>
                      {t('hit', { rule: RULE_LABELS[h.ruleId], level: h.riskLevel, action: h.action, message: h.message })}
                    </li>
                  ))}
                </ul>
              ) : null}
            </Section>

            {reviewed || r.transfer ? (
              <Section title={t('theTransfer')} testId="review-transfer">
                <dl className="divide-y divide-border">
                  {reviewed ? (
                    <>
                      <DetailRow label={t('amount')}>
                        <span className="tabular">{money(reviewed.amount, reviewed.currency)}</span>{' '}
                        <span className="text-muted-foreground tabular">({money(reviewed.amountUsd, 'USD')})</span>
                      </DetailRow>
                      <DetailRow label={t('kind')}>
                        {t('type', { type: reviewed.type })}
                        {reviewed.destinationCurrency && reviewed.destinationCurrency !== reviewed.currency
                          ? ` → ${reviewed.destinationCurrency}`
                          : ''}
                      </DetailRow>
                    </>
                  ) : null}
                  {r.transfer ? (
                    <DetailRow label={t('now')}>
                      <TransferStatusBadge status={r.transfer.status} />{' '}
                      <Link href={`/transfers?transfer=${r.transfer.id}`} className="text-primary hover:underline">
                        {t('openTransfer')}
                      </Link>
                    </DetailRow>
                  ) : null}
                </dl>
              </Section>
            ) : null}

            {r.recentActivity ? (
              <Section title={t('recent')} testId="review-recent">
                {r.recentActivity.transfers.length === 0 ? (
                  <p className="text-sm text-muted-foreground">{t('noneYet')}</p>
                ) : (
                  <Table aria-label={t('recentLabel')}>
                    <THead>
                      <Tr>
                        <Th>{t('when')}</Th>
                        <Th>{t('kind')}</Th>
                        <Th className="text-right">{t('amount')}</Th>
                        <Th>{t('status')}</Th>
                      </Tr>
                    </THead>
                    <TBody>
                      {r.recentActivity.transfers.map((tr) => (
                        <Tr key={tr.id}>
                          <Td className="whitespace-nowrap text-muted-foreground">{dateTime(tr.createdAt)}</Td>
                          <Td>{t('direction', { direction: tr.direction, type: tr.type })}</Td>
                          <Td className="tabular text-right whitespace-nowrap">
                            {tr.direction === 'out' ? '−' : '+'}
                            {money(tr.amount, tr.currency)}
                          </Td>
                          <Td>
                            <TransferStatusBadge status={tr.status} />
                          </Td>
                        </Tr>
                      ))}
                    </TBody>
                  </Table>
                )}
              </Section>
            ) : null}

            <Section title={t('notes')} testId="review-notes">
              {r.notes.length === 0 ? (
                <p className="text-sm text-muted-foreground">{t('noNotes')}</p>
              ) : (
                <ol className="grid gap-2 border-l border-border pl-4">
                  {r.notes.map((n) => (
                    <li key={n.id} className="text-sm" data-testid="review-note">
                      <span className="whitespace-pre-wrap">{n.body}</span>
                      <span className="block text-xs text-muted-foreground">
                        {n.author.name} · {dateTime(n.createdAt)}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
              {canWrite ? <AddNote reviewId={r.id} /> : null}
            </Section>
            <p className="text-xs text-muted-foreground">
              <Flag className="mr-1 inline h-3 w-3" aria-hidden />
              {t('deterministic')}
            </p>
          </div>
        );
      }}
    </DetailDrawer>
  );
}
