/** The declared authorization rules, restated from the outside for the matrix and replay tests. */
import { ROLE_RANK } from '../../apps/api/src/core/actor.js';
import type { OperationDeclaration } from '../../apps/api/src/http/operation.js';

export type Kind = 'user' | 'api_key' | 'agent';
export type Caller = {
  name: string;
  kind: Kind | 'none';
  role?: 'owner' | 'admin' | 'member' | 'viewer';
  environment: 'test' | 'live';
  token?: string;
  headers?: Record<string, string>;
  /** Agents: the permissions held and the account acted for. */
  permissions?: readonly string[];
  accountId?: string;
  email?: string;
};
export type Outcome = { allowed: true } | { allowed: false; status: number; code: string };

const REFUSED = (status: number, code: string): Outcome => ({ allowed: false, status, code });

/** What the declaration says must happen to this caller — the same rules, written from the outside. */
export function expected(d: OperationDeclaration, caller: Caller, accountInRequest: string | undefined): Outcome {
  if (d.credentials === 'public') return { allowed: true };
  if (caller.kind === 'none') return REFUSED(401, 'missing_credentials');
  if (!d.environments.includes(caller.environment)) return REFUSED(403, 'test_mode_only');
  const rule = caller.environment === 'live' && d.live ? d.live : { credentials: d.credentials, role: d.role };
  if (!rule.credentials.includes(caller.kind)) {
    return REFUSED(
      403,
      caller.kind === 'agent' ? 'agent_not_allowed' : caller.kind === 'api_key' ? 'user_credentials_required' : 'insufficient_permissions',
    );
  }
  const role = caller.kind === 'user' ? (caller.role ?? 'viewer') : 'member';
  if (ROLE_RANK[role] < ROLE_RANK[rule.role]) return REFUSED(403, 'insufficient_permissions');
  if (caller.kind === 'agent' && d.agent) {
    if (d.agent.permission && !caller.permissions?.includes(d.agent.permission)) return REFUSED(403, 'agent_permission_missing');
    if (typeof d.agent.account === 'object' && accountInRequest && accountInRequest !== caller.accountId) {
      return REFUSED(404, 'resource_missing');
    }
  }
  return { allowed: true };
}

/** A valid body for each operation on an object named in its path that needs one (the sweeps call them on foreign ids). */
export const BODIES_BY_OPERATION: Record<string, Record<string, unknown>> = {
  'PATCH /v1/accounts/{id}': { name: 'Renamed' },
  'POST /v1/accounts/{id}/verify': { tier: 1 },
  'POST /v1/accounts/{id}/payment-methods': {
    type: 'bank_account',
    rail: 'spei',
    details: { clabe: '032180000118359719', holderName: 'X' },
  },
  'PATCH /v1/organization/team/{userId}': { role: 'viewer' },
  'PATCH /v1/agents/{id}': { name: 'Renamed' },
  'POST /v1/agents/{id}/verify': { tier: 1 },
  'POST /v1/streams/{id}/top-up': { amount: '1.00' },
  'POST /v1/streams/{id}/withdraw': {},
  'PATCH /v1/webhook-endpoints/{id}': { description: 'Renamed' },
  'POST /v1/events/{id}/redeliver': { endpointId: '00000000-0000-4000-8000-000000000000' },
  'POST /v1/test-helpers/transfers/{id}/return': { code: 'regulatory' },
  'POST /v1/disputes/{id}/respond': { response: 'Delivered' },
  'POST /v1/disputes/{id}/resolve': { resolution: 'no_action' },
  'PATCH /v1/approval-policies/{id}': { name: 'Renamed' },
  'PATCH /v1/accounts/{id}/payment-methods/{pmId}': { allowlisted: true },
  'POST /v1/transfers/{id}/deny': { reason: 'Sweep' },
  'POST /v1/approvals/{id}/deny': { reason: 'Sweep' },
  'POST /v1/reviews/{id}/reject': { note: 'Sweep' },
  'POST /v1/reviews/{id}/dismiss': { note: 'Sweep' },
  'POST /v1/reviews/{id}/notes': { body: 'Sweep' },
};
