'use client';

import type { Approval } from '@payos/contracts';
import { Badge, Button, Card, CardContent } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Check, X } from 'lucide-react';
import { useState } from 'react';
import { DetailRow } from '@/components/detail-drawer';
import { paymentMethodsQuery } from '@/features/accounts/queries';
import { AccountName } from '@/features/transfers/transfer-drawer';
import { useEnvironment } from '@/lib/environment';
import { dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';
import { approvalsSoFar, expiresIn, whyNotDecidable } from './decide';
import { DenyDialog } from './deny-dialog';
import { useApproveTransfer } from './queries';
import { APPROVER_ROLE_LABELS, ApprovalStatusBadge } from './status';

/** A payout's destination: the sender's payment method, by its label and last four characters. */
function PaymentMethodName({ accountId, id }: { accountId: string; id: string }) {
  const env = useEnvironment();
  const { data } = useQuery(paymentMethodsQuery(env, accountId));
  const method = data?.data.find((m) => m.id === id);
  return <>{method ? `${method.label ?? method.rail} ··${method.last4}` : 'Payment method'}</>;
}

const initiator = (a: Approval) =>
  `${a.initiatedBy.name ?? a.initiatedBy.type} (${a.initiatedBy.type === 'api_key' ? 'API key' : a.initiatedBy.type})`;

/**
 * One approval: the transfer waiting (amount, kind, from/to, description), who started it, the policy,
 * the approvals so far and when it expires; Approve and Deny when the user can decide it, else why not.
 */
export function ApprovalCard({ approval: a, onOpenTransfer }: { approval: Approval; onOpenTransfer: (id: string) => void }) {
  const env = useEnvironment();
  const session = useSession();
  const approve = useApproveTransfer(env);
  const [denying, setDenying] = useState(false);
  const t = a.transfer;
  const me = session.status === 'authenticated' ? session.me : null;
  const why = me ? whyNotDecidable(a, me) : undefined;
  const approved = approvalsSoFar(a);

  return (
    <Card data-testid="approval" data-transfer-id={t.id}>
      <CardContent className="grid gap-4 pt-4 md:grid-cols-[1fr_auto]">
        <div className="grid gap-3">
          <div className="flex flex-wrap items-center gap-2">
            <p className="tabular text-2xl font-semibold">{money(t.amount, t.currency)}</p>
            <Badge>
              {t.type === 'payout' && t.destinationCurrency && t.destinationCurrency !== t.currency
                ? `payout → ${t.destinationCurrency}`
                : t.type}
            </Badge>
            <ApprovalStatusBadge status={a.status} />
          </div>
          <button
            type="button"
            className="w-fit text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            onClick={() => onOpenTransfer(t.id)}
          >
            {t.description ?? (t.type === 'payout' ? 'Payout' : 'Internal transfer')}
          </button>
          <dl className="grid gap-x-8 divide-y divide-border sm:grid-cols-2 sm:divide-y-0">
            <DetailRow label="From">
              <AccountName id={t.fromAccountId} />
            </DetailRow>
            <DetailRow label="To">
              {t.toAccountId ? (
                <AccountName id={t.toAccountId} />
              ) : t.paymentMethodId ? (
                <PaymentMethodName accountId={t.fromAccountId} id={t.paymentMethodId} />
              ) : (
                '—'
              )}
            </DetailRow>
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
            <DetailRow label="In USD">
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
                    approve.mutate(t.id, {
                      onSuccess: (transfer) =>
                        toast(
                          transfer.status === 'requires_approval'
                            ? 'Approved; it still needs another approval.'
                            : `Approved: the ${transfer.type === 'payout' ? 'payout is on its way' : 'transfer is complete'}.`,
                          'success',
                        ),
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
