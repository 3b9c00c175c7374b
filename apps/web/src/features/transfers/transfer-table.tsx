'use client';

import type { Transfer } from '@payos/contracts';
import { Badge, Table, TBody, Td, Th, THead, Tr } from '@payos/ui';
import { dateTime, money } from '@/lib/format';
import { TransferStatusBadge } from './status';

export function TransferTable({ transfers, onOpen }: { transfers: Transfer[]; onOpen: (id: string) => void }) {
  return (
    <Table>
      <THead>
        <Tr>
          <Th>Description</Th>
          <Th>Type</Th>
          <Th className="text-right">Amount</Th>
          <Th>Status</Th>
          <Th>Created</Th>
        </Tr>
      </THead>
      <TBody>
        {transfers.map((t) => (
          <Tr key={t.id} className="cursor-pointer hover:bg-muted/50" onClick={() => onOpen(t.id)}>
            <Td className="max-w-64">
              <button
                type="button"
                className="truncate text-left font-medium hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(t.id);
                }}
              >
                {t.description ?? (t.type === 'payout' ? 'Payout' : 'Transfer')}
              </button>
              {t.initiatedBy.type === 'agent' ? (
                <Badge tone="blue" className="ml-2">
                  agent
                </Badge>
              ) : null}
            </Td>
            <Td className="text-muted-foreground">
              {t.type}
              {t.destinationCurrency && t.destinationCurrency !== t.currency ? ` → ${t.destinationCurrency}` : ''}
            </Td>
            <Td className="tabular text-right whitespace-nowrap">{money(t.amount, t.currency)}</Td>
            <Td>
              <TransferStatusBadge status={t.status} />
            </Td>
            <Td className="whitespace-nowrap text-muted-foreground">{dateTime(t.createdAt)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
