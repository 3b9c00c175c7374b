/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type StreamHealth = 'healthy' | 'warning' | 'critical';
export type Stream = {
  id: string;
  status: 'active' | 'paused' | 'depleted' | 'cancelled';
  senderAccountId: string;
  receiverAccountId: string;
  currency: string;
  ratePerSecond: string;
  ratePerMonth: string;
  funded: string;
  streamed: string;
  withdrawn: string;
  withdrawable: string;
  remaining: string;
  refunded: string;
  runwaySeconds: number | null;
  depletesAt: string | null;
  health: StreamHealth;
  activeSeconds: number;
  description: string | null;
  category: string | null;
  initiatedBy: { type: string; id: string | null; name: string | null };
  asOf: string;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
};
export type StreamEvent = {
  id: string;
  type: string;
  amount: string | null;
  data: Record<string, unknown>;
  actor: { type: string; id: string | null };
  at: string;
};
