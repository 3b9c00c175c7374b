'use client';

import type { Review } from '@payos/contracts';
import { cn, Table, TBody, Td, THead, Th, Tr } from '@payos/ui';
import { translate } from '@/i18n/active';
import { date } from '@/lib/format';
import { dueLabel } from './actions';
import { ReviewStatusBadge, RiskLevelBadge, RULE_LABELS } from './status';

/** The queue: risk, what opened the item, its account, status, assignee and due date (overdue ones in red). */
export function ReviewTable({
  reviews,
  names,
  onOpen,
}: {
  reviews: Review[];
  names: ReadonlyMap<string, string>;
  onOpen: (id: string) => void;
}) {
  return (
    <Table aria-label={translate('tables')('reviews')} stacked hasAmount={false}>
      <THead>
        <Tr>
          <Th>{translate('tables')('risk')}</Th>
          <Th>{translate('tables')('review')}</Th>
          <Th>{translate('tables')('account')}</Th>
          <Th>{translate('tables')('status')}</Th>
          <Th>{translate('tables')('assignedTo')}</Th>
          <Th>{translate('tables')('due')}</Th>
        </Tr>
      </THead>
      <TBody>
        {reviews.map((r) => {
          const due = dueLabel(r);
          return (
            <Tr key={r.id} data-testid="review-row" data-review-id={r.id} data-overdue={r.isOverdue ? 'true' : undefined}>
              <Td>
                <RiskLevelBadge level={r.riskLevel} />
              </Td>
              <Td mobile="primary">
                <button
                  type="button"
                  className="text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                  onClick={() => onOpen(r.id)}
                >
                  {r.ruleId ? RULE_LABELS[r.ruleId] : translate('tables')('manualFlag')}
                </button>
                <span className="block text-xs text-muted-foreground">
                  {r.evidence.message ?? r.description ?? r.reason.replaceAll('_', ' ')}
                </span>
              </Td>
              <Td className="text-muted-foreground">{r.accountId ? (names.get(r.accountId) ?? `${r.accountId.slice(0, 8)}…`) : '—'}</Td>
              <Td mobile="status">
                <ReviewStatusBadge status={r.status} />
              </Td>
              <Td mobile="hidden" className="text-muted-foreground">
                {r.assignee?.name ?? '—'}
              </Td>
              <Td className={cn('whitespace-nowrap', r.isOverdue ? 'font-medium text-red-600 dark:text-red-400' : 'text-muted-foreground')}>
                {date(r.dueAt)}
                {due ? <span className="block text-xs">{due}</span> : null}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
