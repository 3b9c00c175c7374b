import type { Transfer } from '@payos/contracts';
import type { ListTransfersParams } from '@payos/sdk';
import { payos } from '@/lib/payos';

const MAX_ROWS = 10_000;

/** Each column of the export: its header, and its value of a transfer. */
const COLUMNS: readonly (readonly [string, (t: Transfer) => string | null | undefined])[] = [
  ['id', (t) => t.id],
  ['createdAt', (t) => t.createdAt],
  ['type', (t) => t.type],
  ['status', (t) => t.status],
  ['fromAccountId', (t) => t.fromAccountId],
  ['fromAccountName', (t) => t.fromAccountName],
  ['toAccountId', (t) => t.toAccountId],
  ['paymentMethodId', (t) => t.paymentMethodId],
  ['recipientName', (t) => t.recipient?.name],
  ['recipientDetail', (t) => t.recipient?.detail],
  ['amount', (t) => t.amount],
  ['currency', (t) => t.currency],
  ['fees', (t) => t.fees.total],
  ['totalDebit', (t) => t.totalDebit],
  ['destinationAmount', (t) => t.destinationAmount],
  ['destinationCurrency', (t) => t.destinationCurrency],
  ['rate', (t) => t.rate],
  ['description', (t) => t.description],
  ['failureReason', (t) => t.failureReason],
  ['initiatedBy', (t) => t.initiatedBy.name ?? t.initiatedBy.type],
];

export const csvCell = (value: string | null | undefined) => {
  const text = value ?? '';
  // Quote everything; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

/** Transfers as CSV text: a header line, then one line per transfer, each line ended by CRLF. */
export function transfersCsv(transfers: readonly Transfer[]): string {
  const lines = [
    COLUMNS.map(([header]) => header).join(','),
    ...transfers.map((t) => COLUMNS.map(([, value]) => csvCell(value(t))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Every transfer matching the current filters (page by page, up to 10,000 rows) as a CSV download. */
export async function exportTransfersCsv(filters: Omit<ListTransfersParams, 'limit'>) {
  const rows = await payos()
    .transfers.list({ ...filters, limit: 100 })
    .toArray({ max: MAX_ROWS });
  const url = URL.createObjectURL(new Blob([transfersCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `transfers-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(url);
  return rows.length;
}
