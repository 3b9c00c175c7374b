import { randomUUID } from 'node:crypto';
import type { Agent, AgentActivity, AgentLimitRow, AgentLimits, AgentPermission, AgentWithToken, List } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { type Amount, Money, roundDown } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { AGENT_TOKEN_PREFIX_LENGTH } from '../../core/credentials.js';
import { decodeCursor, decodeSeqCursor, encodeSeqCursor, toPage } from '../../core/cursor.js';
import { AppError, businessRule, notFound } from '../../core/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import {
  ACCOUNT_TIER_LIMITS,
  agentUsage,
  effectiveAgentLimits,
  KYA_TIER_LIMITS,
  type LimitType,
  usdFigure,
} from '../limits/limits.service.js';
import { type EventInput, recordEvent, recordEvents } from '../events/events.service.js';
import { canonicalId } from '../transfers/transfers.service.js';
import { DEFAULT_AGENT_PERMISSIONS } from './agents.permissions.js';
import * as repo from './agents.repo.js';

type Deps = Pick<AppDeps, 'clock' | 'credentials'>;
type Limits = { perTransaction?: string | null; daily?: string | null; monthly?: string | null };

export function presentAgent(a: repo.AgentRow): Agent {
  return {
    id: a.id,
    accountId: a.account_id,
    name: a.name,
    description: a.description,
    type: a.type,
    status: a.status,
    suspendedReason: a.suspended_reason,
    kyaTier: a.kya_tier,
    permissions: a.permissions,
    limits: { perTransaction: a.limit_per_transaction, daily: a.limit_daily, monthly: a.limit_monthly },
    tokenPrefix: a.token_prefix,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}

/** The agent with its token: only in the answer that creates or rotates it. */
export const presentAgentWithToken = (a: repo.AgentRow, token: string): AgentWithToken => ({ ...presentAgent(a), token });

type AgentEventType =
  | 'agent.created'
  | 'agent.updated'
  | 'agent.verified'
  | 'agent.suspended'
  | 'agent.activated'
  | 'agent.deleted'
  | 'agent.limit_refused';

/** The agent's event, presented as the API returns it (never its token). */
const agentEvent = (type: AgentEventType, agent: repo.AgentRow, at: Date, before?: repo.AgentRow): EventInput => ({
  type,
  objectType: 'agent',
  objectId: agent.id,
  object: presentAgent(agent),
  previous: before ? presentAgent(before) : undefined,
  at,
});

const newToken = () => {
  const token = randomToken('agent_');
  return { token, prefix: token.slice(0, AGENT_TOKEN_PREFIX_LENGTH), hash: sha256Hex(token) };
};

export async function listPage(tx: Queryable, filter: repo.AgentFilter, page: { limit: number; cursor?: string }): Promise<List<Agent>> {
  const rows = await repo.listAgents(tx, filter, { limit: page.limit, cursor: decodeCursor(page.cursor) });
  return toPage(rows, page.limit, presentAgent);
}

export async function getAgentOrThrow(tx: Queryable, id: string, lock = false) {
  const agent = await repo.findAgent(tx, canonicalId(id), lock);
  if (!agent) throw notFound('agent');
  return agent;
}

/** Errors: 404 naming accountId; 422 invalid_account_type (persons cannot have agents), invalid_state (closed account). */
export async function createAgent(
  tx: Queryable,
  deps: Deps,
  actor: Actor,
  input: { accountId: string; name: string; description?: string; type?: repo.AgentType; permissions?: AgentPermission[]; limits?: Limits },
) {
  const account = await getAccountOrThrow(tx, canonicalId(input.accountId), 'accountId');
  if (account.type !== 'business') throw businessRule('invalid_account_type', 'Agents act for business accounts only.');
  if (account.status === 'closed') throw businessRule('invalid_state', 'This account is closed.');
  const { token, prefix, hash } = newToken();
  const agent = await repo.insertAgent(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    account_id: account.id,
    name: input.name,
    description: input.description ?? null,
    type: input.type ?? 'payment',
    permissions: input.permissions ?? DEFAULT_AGENT_PERMISSIONS,
    limit_per_transaction: input.limits?.perTransaction ?? null,
    limit_daily: input.limits?.daily ?? null,
    limit_monthly: input.limits?.monthly ?? null,
    token_prefix: prefix,
    tokenHash: hash,
    tokenIssuedTo: tokenHolder(actor),
    created_at: deps.clock.now(),
  });
  // An agent of a suspended account starts suspended.
  if (account.verification_status === 'suspended') {
    const suspended = await repo.updateAgent(
      tx,
      agent.id,
      { status: 'suspended', suspended_reason: 'account_suspended' },
      deps.clock.now(),
    );
    recordEvent(tx, agentEvent('agent.created', suspended, suspended.updated_at));
    return { agent: suspended, token };
  }
  recordEvent(tx, agentEvent('agent.created', agent, agent.created_at));
  return { agent, token };
}

export async function updateAgent(
  tx: Queryable,
  deps: Deps,
  id: string,
  patch: { name?: string; description?: string | null; permissions?: AgentPermission[]; limits?: Limits },
) {
  const agent = await getAgentOrThrow(tx, id, true);
  const changes: Record<string, unknown> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.permissions !== undefined) changes.permissions = patch.permissions;
  if (patch.limits?.perTransaction !== undefined) changes.limit_per_transaction = patch.limits.perTransaction;
  if (patch.limits?.daily !== undefined) changes.limit_daily = patch.limits.daily;
  if (patch.limits?.monthly !== undefined) changes.limit_monthly = patch.limits.monthly;
  deps.credentials.forgetAgent(agent.token_prefix);
  const now = deps.clock.now();
  const updated = await repo.updateAgent(tx, agent.id, changes, now);
  recordEvent(tx, agentEvent('agent.updated', updated, now, agent));
  return updated;
}

/** verify / suspend / activate / delete. Errors: 404; 422 account_suspended (activating under a suspended account). */
export async function changeAgent(
  tx: Queryable,
  deps: Deps,
  id: string,
  action: 'verify' | 'suspend' | 'activate' | 'delete',
  tier?: number,
) {
  const agent = await getAgentOrThrow(tx, id, true);
  const now = deps.clock.now();
  deps.credentials.forgetAgent(agent.token_prefix);
  const changed = async (type: AgentEventType, changes: Record<string, unknown>) => {
    const updated = await repo.updateAgent(tx, agent.id, changes, now);
    recordEvent(tx, agentEvent(type, updated, now, agent));
    return updated;
  };
  switch (action) {
    case 'verify':
      return changed('agent.verified', { kya_tier: tier });
    case 'suspend':
      return changed('agent.suspended', { status: 'suspended', suspended_reason: 'manual' });
    case 'activate': {
      const account = await getAccountOrThrow(tx, agent.account_id);
      if (account.verification_status === 'suspended') {
        throw new AppError('business_rule_error', 'account_suspended', 'The agent’s account is suspended; activate the account first.');
      }
      return changed('agent.activated', { status: 'active', suspended_reason: null });
    }
    case 'delete':
      return changed('agent.deleted', { status: 'deleted' });
  }
}

/**
 * Who gets an agent's token — the caller creating the agent or rotating its token — recorded: what the
 * agent starts is theirs for maker-checker (approvals.service refusal).
 */
const tokenHolder = (actor: Actor): repo.TokenHolder => ({ type: actor.kind === 'api_key' ? 'api_key' : 'user', id: actor.id });

/** A new token, handed to the caller; the old one stops working at once. */
export async function rotateToken(tx: Queryable, deps: Deps, actor: Actor, id: string) {
  const agent = await getAgentOrThrow(tx, id, true);
  const { token, prefix, hash } = newToken();
  deps.credentials.forgetAgent(agent.token_prefix);
  const now = deps.clock.now();
  const holder = tokenHolder(actor);
  const rotated = await repo.updateAgent(
    tx,
    agent.id,
    { token_prefix: prefix, token_hash: hash, token_issued_to_type: holder.type, token_issued_to_id: holder.id },
    now,
  );
  recordEvent(tx, agentEvent('agent.updated', rotated, now, agent));
  return { agent: rotated, token };
}

/** Account suspension takes its agents with it (activation does not bring them back). */
export async function suspendAgentsOfAccount(tx: Queryable, deps: Deps, accountId: string) {
  const now = deps.clock.now();
  const suspended = await repo.suspendAgentsOf(tx, accountId, now);
  for (const agent of suspended) deps.credentials.forgetAgent(agent.token_prefix);
  recordEvents(
    tx,
    suspended.map((agent) => agentEvent('agent.suspended', agent, now)),
  );
}

/**
 * Tier, own and account limits side by side, the effective one and what caps it, usage and what remains
 * (USD, through the FX rate provider). Errors: 503 rates_unavailable.
 */
export async function agentLimits(tx: Queryable, deps: Pick<AppDeps, 'clock' | 'fx'>, agent: repo.AgentRow): Promise<AgentLimits> {
  const account = await getAccountOrThrow(tx, agent.account_id);
  const now = deps.clock.now();
  const used = await agentUsage(tx, agent.id, now, deps.fx.provider);
  const effective = effectiveAgentLimits(
    {
      kyaTier: agent.kya_tier,
      limits: { perTransaction: agent.limit_per_transaction, daily: agent.limit_daily, monthly: agent.limit_monthly },
    },
    account.verification_tier,
  );
  const own: Record<LimitType, string | null> = {
    per_transaction: agent.limit_per_transaction,
    daily: agent.limit_daily,
    monthly: agent.limit_monthly,
  };
  const row = (type: LimitType, usage?: Amount): AgentLimitRow => {
    const kya = (KYA_TIER_LIMITS[agent.kya_tier] ?? KYA_TIER_LIMITS[0])?.[type] as Amount;
    return {
      kyaTier: kya.toFixed(2),
      agent: own[type] === null ? null : new Money(own[type] as string).toFixed(2),
      accountTier: (ACCOUNT_TIER_LIMITS[account.verification_tier] ?? (ACCOUNT_TIER_LIMITS[0] as Record<LimitType, Amount>))[type].toFixed(
        2,
      ),
      effective: effective[type].limit.toFixed(2),
      cappedBy: effective[type].cappedBy,
      // Usage is exact USD; shown rounded up (a sub-cent send never reads as nothing used), what remains rounded down.
      ...(usage
        ? { used: usdFigure(usage), remaining: roundDown(Money.max(0, effective[type].limit.minus(usage)), 'USD').toFixed(2) }
        : {}),
    };
  };
  return {
    currency: 'USD' as const,
    perTransaction: row('per_transaction'),
    daily: row('daily', used.daily),
    monthly: row('monthly', used.monthly),
  };
}

export const presentActivity = (r: repo.ActivityRow): AgentActivity => ({
  id: r.id,
  action: r.action,
  method: r.method,
  path: r.path,
  objectId: r.object_id,
  statusCode: r.status_code,
  result: r.result,
  errorCode: r.error_code,
  requestId: r.request_id,
  at: r.at.toISOString(),
});

export async function activityPage(
  tx: Queryable,
  agentId: string,
  f: { result?: string; action?: string },
  page: { limit: number; cursor?: string },
): Promise<List<AgentActivity>> {
  const rows = await repo.listActivity(tx, agentId, f, { limit: page.limit, afterSeq: decodeSeqCursor(page.cursor) });
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  return {
    data: items.map(presentActivity),
    hasMore,
    nextCursor: hasMore && items.length ? encodeSeqCursor(items[items.length - 1]?.seq as string) : null,
  };
}

/**
 * The Actor an agent's scheduled transfer runs as: its current standing, re-read at each run, so a
 * suspended, deleted or unverified agent's schedules are refused (and retried like any refusal).
 */
export async function agentActorFor(
  tx: Queryable,
  scope: { tenantId: string; environment: 'test' | 'live' },
  agentId: string,
): Promise<Actor> {
  const agent = await repo.findAgent(tx, agentId);
  if (agent?.status !== 'active') {
    throw new AppError('permission_error', 'agent_suspended', 'The agent that created this schedule is suspended or deleted.');
  }
  if (agent.kya_tier === 0)
    throw new AppError('permission_error', 'agent_not_verified', 'The agent that created this schedule has KYA tier 0.');
  if (!agent.permissions.includes('transactions.initiate')) {
    throw new AppError('permission_error', 'agent_permission_missing', 'The agent lacks the transactions.initiate permission.');
  }
  return {
    ...scope,
    kind: 'agent',
    id: agent.id,
    name: agent.name,
    role: 'member',
    agent: {
      accountId: agent.account_id,
      permissions: agent.permissions,
      kyaTier: agent.kya_tier,
      limits: { perTransaction: agent.limit_per_transaction, daily: agent.limit_daily, monthly: agent.limit_monthly },
    },
  };
}

/**
 * agent.limit_refused: one of the agent's transfers was refused by a limit (its own or its account's).
 * A refusal changes nothing, so this is recorded in a transaction of its own, after the refusal.
 */
export async function recordLimitRefused(tx: Queryable, agentId: string, at: Date) {
  const agent = await repo.findAgent(tx, agentId);
  if (agent) recordEvent(tx, agentEvent('agent.limit_refused', agent, at));
}
