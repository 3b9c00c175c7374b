import type { AgentPermission } from '@payos/contracts';

/**
 * What an agent may be allowed to do — the contract's list (@payos/contracts), so the API, the
 * dashboard and the SDK cannot disagree. Each operation that agents may call names the one it needs.
 */
export { AGENT_PERMISSIONS, type AgentPermission } from '@payos/contracts';
export const DEFAULT_AGENT_PERMISSIONS: AgentPermission[] = ['accounts.view', 'paymentMethods.view', 'transactions.initiate'];
