/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { Environment } from './common.js';

export type Balance = { currency: string; available: string; pending: string; inStreams: string; total: string };
export type VerificationStatus = 'unverified' | 'pending' | 'verified' | 'suspended';
export type Account = {
  id: string;
  environment: Environment;
  type: 'person' | 'business';
  name: string;
  email: string | null;
  country: string | null;
  metadata: Record<string, string>;
  verificationTier: number;
  verificationStatus: VerificationStatus;
  status: 'active' | 'closed';
  balances: Balance[];
  createdAt: string;
  updatedAt: string;
};

export type LedgerEntry = {
  id: string;
  transactionId: string;
  accountId: string;
  currency: string;
  part: 'available' | 'pending' | 'inStreams';
  amount: string;
  balanceAfter: string;
  referenceType: string;
  referenceId: string | null;
  description: string | null;
  createdAt: string;
};
