import type { Role } from '@payos/contracts';
import type { Environment } from '@payos/db';

export type { Role };
export const ROLE_RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

/** An AI agent's standing, carried on its Actor: the one account it acts for, what it may do, its limits. */
export type AgentContext = {
  accountId: string;
  permissions: string[];
  kyaTier: number;
  /** Its own limits in USD (decimal strings); null = not set. */
  limits: { perTransaction: string | null; daily: string | null; monthly: string | null };
};

/** Who is calling, resolved from the credential; everything downstream is scoped by it. */
export type Actor = {
  tenantId: string;
  environment: Environment;
  kind: 'user' | 'api_key' | 'agent';
  /** User id, API key id or agent id. */
  id: string;
  name: string;
  /** API keys and agents act with member permissions on business data (agents further narrowed by `agent`). */
  role: Role;
  sessionId?: string;
  agent?: AgentContext;
};
