/** What an agent may be allowed to do. Each operation that agents may call names the one it needs. */
export const AGENT_PERMISSIONS = [
  'accounts.view',
  'paymentMethods.view',
  'transactions.initiate',
  'streams.initiate',
  'streams.pause',
  'streams.terminate',
] as const;
export type AgentPermission = (typeof AGENT_PERMISSIONS)[number];
export const DEFAULT_AGENT_PERMISSIONS: AgentPermission[] = ['accounts.view', 'paymentMethods.view', 'transactions.initiate'];
