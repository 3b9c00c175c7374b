/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { Balance } from './accounts.js';
import type { Transfer } from './transfers.js';

export type Overview = {
  currency: 'USD';
  balances: (Balance & { accounts: number })[];
  volume: { date: string; count: number; volumeUsd: string }[];
  corridors: {
    id: string;
    fromCurrency: string;
    toCurrency: string;
    count: number;
    volume: string;
    destinationVolume: string;
    volumeUsd: string;
  }[];
  payouts: { pending: number; processing: number; failed: number };
  streams: {
    active: number;
    warning: number;
    critical: number;
    needingAttention: {
      id: string;
      description: string | null;
      health: 'healthy' | 'warning' | 'critical';
      runwaySeconds: number | null;
      ratePerMonth: string;
      currency: string;
    }[];
  };
  recentTransfers: Transfer[];
};
