/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type Rail = 'spei' | 'pix' | 'ach' | 'cbu' | 'cop_bank' | 'usdc';
export type PaymentMethod = {
  id: string;
  accountId: string;
  type: 'bank_account' | 'wallet';
  rail: Rail;
  currency: string;
  label: string | null;
  last4: string;
  details: Record<string, string>;
  status: 'active' | 'removed';
  createdAt: string;
};
