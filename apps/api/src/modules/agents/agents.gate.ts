import { randomUUID } from 'node:crypto';
import { withTenant } from '@payos/db';
import type { MiddlewareHandler } from 'hono';
import type { Actor, AppEnv } from '../../context.js';
import { AppError, notFound } from '../../http/errors.js';
import { insertActivity } from './agents.repo.js';

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

const UUID = '[0-9a-fA-F-]{36}';
type AgentRoute = { method: string; pattern: RegExp; action: string; permission: AgentPermission | null; ownAccountParam?: boolean };

/**
 * Everything an agent may call — anything else is refused (deny by default). Routes with an account
 * id in the path only answer for the agent's own account (404 otherwise); list and create handlers
 * narrow the rest to it (see `agentAccountOf`).
 */
const AGENT_ROUTES: AgentRoute[] = [
  { method: 'GET', pattern: /^\/v1\/accounts$/, action: 'accounts.list', permission: 'accounts.view' },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/accounts/(${UUID})$`),
    action: 'accounts.get',
    permission: 'accounts.view',
    ownAccountParam: true,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/accounts/(${UUID})/(balances|ledger-entries|transfers)$`),
    action: 'accounts.read',
    permission: 'accounts.view',
    ownAccountParam: true,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/accounts/(${UUID})/payment-methods$`),
    action: 'paymentMethods.list',
    permission: 'paymentMethods.view',
    ownAccountParam: true,
  },
  { method: 'GET', pattern: /^\/v1\/transfers$/, action: 'transfers.list', permission: 'accounts.view' },
  { method: 'GET', pattern: new RegExp(`^/v1/transfers/${UUID}$`), action: 'transfers.get', permission: 'accounts.view' },
  { method: 'POST', pattern: /^\/v1\/transfers$/, action: 'transfers.create', permission: 'transactions.initiate' },
  { method: 'POST', pattern: /^\/v1\/quotes$/, action: 'quotes.create', permission: 'transactions.initiate' },
  { method: 'GET', pattern: new RegExp(`^/v1/quotes/${UUID}$`), action: 'quotes.get', permission: 'transactions.initiate' },
  { method: 'GET', pattern: /^\/v1\/(corridors|fx\/rates)$/, action: 'fx.read', permission: null },
  { method: 'POST', pattern: /^\/v1\/scheduled-transfers$/, action: 'scheduledTransfers.create', permission: 'transactions.initiate' },
  { method: 'POST', pattern: /^\/v1\/streams$/, action: 'streams.create', permission: 'streams.initiate' },
  { method: 'GET', pattern: /^\/v1\/streams(\/stats)?$/, action: 'streams.list', permission: 'accounts.view' },
  { method: 'GET', pattern: new RegExp(`^/v1/streams/${UUID}(/events)?$`), action: 'streams.get', permission: 'accounts.view' },
  { method: 'GET', pattern: /^\/v1\/events\/streams$/, action: 'streams.watch', permission: 'accounts.view' },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/accounts/(${UUID})/streams$`),
    action: 'streams.list',
    permission: 'accounts.view',
    ownAccountParam: true,
  },
  { method: 'POST', pattern: new RegExp(`^/v1/streams/${UUID}/(pause|resume)$`), action: 'streams.pause', permission: 'streams.pause' },
  { method: 'POST', pattern: new RegExp(`^/v1/streams/${UUID}/cancel$`), action: 'streams.cancel', permission: 'streams.terminate' },
  { method: 'POST', pattern: new RegExp(`^/v1/streams/${UUID}/top-up$`), action: 'streams.topUp', permission: 'streams.initiate' },
  { method: 'POST', pattern: new RegExp(`^/v1/streams/${UUID}/withdraw$`), action: 'streams.withdraw', permission: 'accounts.view' },
];

const match = (method: string, path: string) => AGENT_ROUTES.find((r) => r.method === method && r.pattern.test(path));

/** The account an agent acts for, or undefined for users and API keys. */
export const agentAccountOf = (actor: Actor) => actor.agent?.accountId;

/** For handlers: refuses (404, like any id outside the caller's reach) an account the agent does not act for. */
export function assertAgentAccount(actor: Actor, accountId: string) {
  if (actor.agent && actor.agent.accountId !== accountId) throw notFound('account');
}

/** Deny-by-default gate for agent credentials: the route must be listed and the permission held. */
export const agentGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor') as Actor | undefined; // unset on public routes (login, signup…)
  if (!actor?.agent) return next();
  const route = match(c.req.method, c.req.path);
  if (!route) {
    throw new AppError('permission_error', 'agent_not_allowed', 'Agents cannot call this endpoint.');
  }
  if (route.permission && !actor.agent.permissions.includes(route.permission)) {
    throw new AppError('permission_error', 'agent_permission_missing', `This agent lacks the ${route.permission} permission.`, {
      details: { permission: route.permission },
    });
  }
  if (route.ownAccountParam) assertAgentAccount(actor, route.pattern.exec(c.req.path)?.[1] ?? '');
  await next();
};

/**
 * Records every call an agent makes — allowed or refused — with its result, in its own short
 * transaction after the response is decided (a refused call's own transaction rolled back).
 */
export const agentActivity: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const actor = c.get('actor') as Actor | undefined;
  if (!actor?.agent) return;
  const route = match(c.req.method, c.req.path);
  const status = c.res.status;
  const error = c.error instanceof AppError ? c.error : undefined;
  let objectId: string | null = null;
  if (status < 300 && c.res.headers.get('content-type')?.includes('application/json')) {
    const body = (await c.res
      .clone()
      .json()
      .catch(() => null)) as { data?: { id?: unknown } } | null;
    objectId = typeof body?.data?.id === 'string' ? body.data.id : null;
  }
  const deps = c.get('deps');
  await withTenant(deps.db, actor, (tx) =>
    insertActivity(tx, {
      tenantId: actor.tenantId,
      environment: actor.environment,
      id: randomUUID(),
      agentId: actor.id,
      method: c.req.method,
      path: c.req.path.slice(0, 300),
      action: route?.action ?? 'unknown',
      objectId,
      statusCode: status,
      result: status < 400 ? 'succeeded' : status === 403 || status === 404 || status === 422 ? 'refused' : 'failed',
      errorCode: error?.code ?? null,
      requestId: c.get('requestId'),
      at: deps.clock.now(),
    }),
  ).catch((err: unknown) => deps.logger.error({ err }, 'could not record agent activity'));
};
