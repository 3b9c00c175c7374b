'use client';

import type { Agent } from '@payos/contracts';
import { Badge, type ColumnDef, DataTable } from '@payos/ui';
import Link from 'next/link';
import { date } from '@/lib/format';

export const AgentStatusBadge = ({ agent }: { agent: Pick<Agent, 'status' | 'kyaTier'> }) =>
  agent.status === 'suspended' ? (
    <Badge tone="red">suspended</Badge>
  ) : agent.kyaTier === 0 ? (
    <Badge tone="amber">unverified</Badge>
  ) : (
    <Badge tone="green">active · KYA {agent.kyaTier}</Badge>
  );

const COLUMNS: ColumnDef<Agent, unknown>[] = [
  {
    id: 'name',
    header: 'Agent',
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
    header: 'Type',
    meta: { className: 'capitalize text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => row.original.type,
  },
  { id: 'status', header: 'Status', meta: { mobile: 'status' }, cell: ({ row }) => <AgentStatusBadge agent={row.original} /> },
  {
    id: 'limit',
    header: 'Own daily limit',
    meta: { align: 'right', className: 'tabular text-muted-foreground' },
    cell: ({ row }) => (row.original.limits.daily ? `${row.original.limits.daily} USD` : '—'),
  },
  {
    id: 'created',
    header: 'Created',
    meta: { className: 'whitespace-nowrap text-muted-foreground', mobile: 'hidden' },
    cell: ({ row }) => date(row.original.createdAt),
  },
];

export function AgentTable({ agents }: { agents: Agent[] }) {
  return <DataTable columns={COLUMNS} data={agents} getRowId={(a) => a.id} />;
}
