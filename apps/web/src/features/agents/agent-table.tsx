'use client';

import type { Agent } from '@payos/contracts';
import { Badge, type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { date } from '@/lib/format';

export function AgentStatusBadge({ agent }: { agent: Pick<Agent, 'status' | 'kyaTier'> }) {
  const t = useTranslations('agents.badge');
  return agent.status === 'suspended' ? (
    <Badge tone="red">{t('suspended')}</Badge>
  ) : agent.kyaTier === 0 ? (
    <Badge tone="amber">{t('unverified')}</Badge>
  ) : (
    <Badge tone="green">{t('active', { tier: agent.kyaTier })}</Badge>
  );
}

const COLUMNS = (t: ReturnType<typeof useTranslations<'agents'>>): ColumnDef<Agent, unknown>[] => [
  {
    id: 'name',
    header: t('table.agent'),
    meta: { mobile: 'primary' },
    cell: ({ row: { original: a } }) => (
      <>
        <Link
          href={`/agents/${a.id}`}
          className="font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {a.name}
        </Link>
        {a.description ? <span className="block text-xs text-muted-foreground">{a.description}</span> : null}
      </>
    ),
  },
  {
    id: 'type',
    header: t('table.type'),
    meta: { className: 'capitalize text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => t(`type.${row.original.type}`),
  },
  { id: 'status', header: t('table.status'), meta: { mobile: 'status' }, cell: ({ row }) => <AgentStatusBadge agent={row.original} /> },
  {
    id: 'limit',
    header: t('table.dailyLimit'),
    meta: { align: 'right', className: 'tabular text-muted-foreground' },
    cell: ({ row }) => (row.original.limits.daily ? `${row.original.limits.daily} USD` : '—'),
  },
  {
    id: 'created',
    header: t('table.created'),
    meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => date(row.original.createdAt),
  },
];

export function AgentTable({ agents }: { agents: Agent[] }) {
  const t = useTranslations('agents');
  return <DataTable columns={COLUMNS(t)} data={agents} getRowId={(a) => a.id} />;
}
