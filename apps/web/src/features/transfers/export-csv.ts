import type { ListTransfersParams } from '@payos/sdk';
import { payos } from '@/lib/payos';

const MAX_ROWS = 10_000;
const COLUMNS = [
  'id',
  'createdAt',
  'type',
  'status',
  'fromAccountId',
  'toAccountId',
  'paymentMethodId',
  'amount',
  'currency',
  'fees',
  'totalDebit',
  'destinationAmount',
  'destinationCurrency',
  'rate',
  'description',
  'failureReason',
  'initiatedBy',
] as const;

export const csvCell = (value: string | null | undefined) => {
  const text = value ?? '';
  // Quote everything; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

/** Every transfer matching the current filters (page by page, up to 10,000 rows) as a CSV download. */
export async function exportTransfersCsv(filters: Omit<ListTransfersParams, 'limit'>) {
  const rows = await payos()
    .transfers.list({ ...filters, limit: 100 })
    .toArray({ max: MAX_ROWS });
  const lines = [
    COLUMNS.join(','),
    ...rows.map((t) =>
      [
        t.id,
        t.createdAt,
        t.type,
        t.status,
        t.fromAccountId,
        t.toAccountId,
        t.paymentMethodId,
        t.amount,
        t.currency,
        t.fees.total,
        t.totalDebit,
        t.destinationAmount,
        t.destinationCurrency,
        t.rate,
        t.description,
        t.failureReason,
        t.initiatedBy.name ?? t.initiatedBy.type,
      ]
        .map(csvCell)
        .join(','),
    ),
  ];
  const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `transfers-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(url);
  return rows.length;
}
