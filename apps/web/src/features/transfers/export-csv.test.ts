import type { Transfer } from '@payos/contracts';
import { describe, expect, it } from 'vitest';
import { csvCell, transfersCsv } from './export-csv';

describe('csvCell()', () => {
  it('quotes every cell and doubles quotes inside', () => {
    expect(csvCell('Invoice "1042", November')).toBe('"Invoice ""1042"", November"');
    expect(csvCell(null)).toBe('""');
  });
  it('neutralises spreadsheet formulas but keeps negative amounts as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('-1007.00')).toBe('"-1007.00"');
  });
});

const transfer = (over: Partial<Transfer>): Transfer => ({
  id: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9',
  type: 'internal',
  status: 'completed',
  fromAccountId: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f',
  fromAccountName: 'TechCorp Inc',
  toAccountId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
  paymentMethodId: null,
  recipient: { type: 'account', id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', name: 'Maria Garcia', detail: null },
  amount: '250.00',
  currency: 'USD',
  fees: { total: '0.00', breakdown: [] },
  totalDebit: '250.00',
  destinationAmount: null,
  destinationCurrency: null,
  rate: null,
  quoteId: null,
  description: null,
  metadata: {},
  failureReason: null,
  initiatedBy: { type: 'user', id: null, name: 'Ana' },
  refundedAmount: '0.00',
  refundableAmount: '250.00',
  refunds: [],
  returnDetails: null,
  travelRule: null,
  timeline: [],
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  ...over,
});

describe('transfersCsv()', () => {
  it('names the sender and the recipient next to their ids', () => {
    const payout = transfer({
      type: 'payout',
      status: 'pending',
      toAccountId: null,
      paymentMethodId: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8',
      recipient: {
        type: 'payment_method',
        id: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8',
        name: 'Maria Garcia',
        detail: 'BBVA México ••••9719',
      },
      description: '=1+1',
    });
    const [header, internal, paid, end] = transfersCsv([transfer({}), payout]).split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns.slice(4, 10)).toEqual([
      'fromAccountId',
      'fromAccountName',
      'toAccountId',
      'paymentMethodId',
      'recipientName',
      'recipientDetail',
    ]);
    const cells = (line: string | undefined) => Object.fromEntries(columns.map((c, i) => [c, line?.split('","')[i]?.replaceAll('"', '')]));
    expect(cells(internal)).toMatchObject({ fromAccountName: 'TechCorp Inc', recipientName: 'Maria Garcia', recipientDetail: '' });
    expect(cells(paid)).toMatchObject({
      fromAccountName: 'TechCorp Inc',
      toAccountId: '',
      recipientName: 'Maria Garcia',
      recipientDetail: 'BBVA México ••••9719',
      description: "'=1+1",
    });
    expect(end).toBe('');
  });

  it('leaves the names empty when the API has none', () => {
    const [, line] = transfersCsv([transfer({ fromAccountName: null, recipient: null })]).split('\r\n');
    expect(line?.split(',').slice(5, 6)).toEqual(['""']);
    expect(line?.split(',').slice(8, 10)).toEqual(['""', '""']);
  });
});
