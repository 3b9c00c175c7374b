/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { FeeLine } from './fx.js';

export type TransferStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type Transfer = {
  id: string;
  type: 'internal' | 'payout';
  status: TransferStatus;
  fromAccountId: string;
  toAccountId: string | null;
  paymentMethodId: string | null;
  amount: string;
  currency: string;
  fees: { total: string; breakdown: FeeLine[] };
  totalDebit: string;
  destinationAmount: string | null;
  destinationCurrency: string | null;
  rate: string | null;
  quoteId: string | null;
  description: string | null;
  metadata: Record<string, string>;
  failureReason: string | null;
  initiatedBy: { type: 'user' | 'api_key' | 'agent' | 'system'; id: string | null; name: string | null };
  timeline: { status: string; note: string | null; at: string }[];
  createdAt: string;
  updatedAt: string;
};
