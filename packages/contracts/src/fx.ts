/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type FeeLine = { type: string; amount: string };
export type Quote = {
  id: string;
  fromCurrency: string;
  toCurrency: string;
  sourceAmount: string;
  destinationAmount: string;
  rate: string;
  fees: { total: string; breakdown: FeeLine[] };
  totalDebit: string;
  expiresAt: string;
  status: 'valid' | 'used' | 'expired';
};
