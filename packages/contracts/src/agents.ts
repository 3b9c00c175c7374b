/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type AgentPermission =
  | 'accounts.view'
  | 'paymentMethods.view'
  | 'transactions.initiate'
  | 'streams.initiate'
  | 'streams.pause'
  | 'streams.terminate';
export type Agent = {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  type: 'payment' | 'treasury' | 'compliance' | 'custom';
  status: 'active' | 'suspended' | 'deleted';
  suspendedReason: string | null;
  kyaTier: number;
  permissions: AgentPermission[];
  limits: { perTransaction: string | null; daily: string | null; monthly: string | null };
  tokenPrefix: string;
  createdAt: string;
  updatedAt: string;
};
export type AgentWithToken = Agent & { token: string };
export type AgentLimitRow = {
  kyaTier: string;
  agent: string | null;
  accountTier: string;
  effective: string;
  cappedBy: 'kya_tier' | 'agent' | 'account_tier';
  used?: string;
  remaining?: string;
};
export type AgentLimits = { currency: 'USD'; perTransaction: AgentLimitRow; daily: AgentLimitRow; monthly: AgentLimitRow };
export type AgentActivity = {
  id: string;
  action: string;
  method: string;
  path: string;
  objectId: string | null;
  statusCode: number;
  result: 'succeeded' | 'refused' | 'failed';
  errorCode: string | null;
  requestId: string | null;
  at: string;
};
