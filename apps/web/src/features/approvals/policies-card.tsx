'use client';

import type { ApprovalPolicy } from '@payos/contracts';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  EmptyState,
  Table,
  TableSkeleton,
  TBody,
  Td,
  THead,
  Th,
  Tr,
} from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-action';
import { QueryView } from '@/components/query-view';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { PolicyDialog } from './policy-form';
import { approvalPoliciesQuery, useApprovalPolicyMutations } from './queries';
import { APPLIES_TO_LABELS, APPROVER_ROLE_LABELS, INITIATOR_LABELS } from './status';

type Editing = { mode: 'new' } | { mode: 'edit'; policy: ApprovalPolicy } | { mode: 'delete'; policy: ApprovalPolicy } | null;

/**
 * Settings → Controls → Approval policies: which transfers wait for people to approve them. Owners and
 * admins manage them (the API lets no one else read them): others see what they are for.
 */
export function ApprovalPoliciesCard({ canManage }: { canManage: boolean }) {
  const env = useEnvironment();
  const [editing, setEditing] = useState<Editing>(null);
  const t = useTranslations('approvals.policies');
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>{t('title')}</CardTitle>
          <p className="text-sm text-muted-foreground">{t('description')}</p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={env === 'live' ? 'amber' : 'blue'}>{t('environment', { env })}</Badge>
          {canManage ? (
            <Button size="sm" onClick={() => setEditing({ mode: 'new' })}>
              <Plus className="h-4 w-4" /> {t('new')}
            </Button>
          ) : null}
        </div>
      </CardHeader>
      {canManage ? (
        <PolicyTable
          onEdit={(policy) => setEditing({ mode: 'edit', policy })}
          onDelete={(policy) => setEditing({ mode: 'delete', policy })}
        />
      ) : (
        <CardContent>
          <p className="text-sm text-muted-foreground" data-testid="policies-role-notice">
            {t('roleNotice')}
          </p>
        </CardContent>
      )}
      {canManage ? (
        <>
          <PolicyDialog
            key={editing?.mode === 'edit' ? editing.policy.id : 'new'}
            policy={editing?.mode === 'edit' ? editing.policy : undefined}
            open={editing?.mode === 'new' || editing?.mode === 'edit'}
            onOpenChange={(open) => !open && setEditing(null)}
          />
          {editing?.mode === 'delete' ? <DeletePolicy policy={editing.policy} onClose={() => setEditing(null)} /> : null}
        </>
      ) : null}
    </Card>
  );
}

const initiators = (p: ApprovalPolicy) => p.initiatorTypes.map((t) => INITIATOR_LABELS[t]).join(', ');

function PolicyTable({ onEdit, onDelete }: { onEdit: (p: ApprovalPolicy) => void; onDelete: (p: ApprovalPolicy) => void }) {
  const env = useEnvironment();
  const policies = useQuery(approvalPoliciesQuery(env));
  const t = useTranslations('approvals.policies');
  return (
    <QueryView query={policies} loading={<TableSkeleton rows={2} />}>
      {(page) =>
        page.data.length === 0 ? (
          <EmptyState title={t('emptyTitle')} description={t('emptyDescription')} />
        ) : (
          <Table aria-label={t('title')}>
            <THead>
              <Tr>
                <Th>{t('name')}</Th>
                <Th>{t('appliesTo')}</Th>
                <Th className="text-right">{t('amountAtLeast')}</Th>
                <Th>{t('startedBy')}</Th>
                <Th>{t('needs')}</Th>
                <Th className="text-right">{t('actions')}</Th>
              </Tr>
            </THead>
            <TBody>
              {page.data.map((p) => (
                <Tr key={p.id} data-testid="approval-policy">
                  <Td className="font-medium">{p.name}</Td>
                  <Td className="text-muted-foreground">{APPLIES_TO_LABELS[p.appliesTo]}</Td>
                  <Td className="tabular text-right whitespace-nowrap">{money(p.amountGte, 'USD')}</Td>
                  <Td className="text-muted-foreground">{initiators(p)}</Td>
                  <Td className="text-muted-foreground">
                    {p.requiredApprovals} × {APPROVER_ROLE_LABELS[p.approverRole]}
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    <Button variant="ghost" size="sm" aria-label={t('edit', { name: p.name })} onClick={() => onEdit(p)}>
                      <Pencil className="h-4 w-4" />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-red-600 dark:text-red-400"
                      aria-label={t('delete', { name: p.name })}
                      onClick={() => onDelete(p)}
                    >
                      <Trash2 className="h-4 w-4" />
                    </Button>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )
      }
    </QueryView>
  );
}

function DeletePolicy({ policy, onClose }: { policy: ApprovalPolicy; onClose: () => void }) {
  const env = useEnvironment();
  const { remove } = useApprovalPolicyMutations(env);
  const t = useTranslations('approvals.policies');
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t('deleteTitle', { name: policy.name })}
      description={t('deleteDescription')}
      confirmLabel={t('deleteConfirm')}
      busyLabel={t('deleting')}
      onConfirm={() => remove.mutateAsync(policy.id)}
      success={t('deleted')}
    />
  );
}
