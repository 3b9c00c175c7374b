import type { Role } from '@payos/contracts';
import type { Database, Environment, Queryable } from '@payos/db';
import type { Amount } from '@payos/money';
import type { Logger } from 'pino';
import type { CredentialResolver } from './http/middleware/auth.js';
import type { RateLimiters } from './http/middleware/rate-limit.js';
import type { OperationDeclaration } from './http/operation.js';
import type { RateProvider } from './modules/fx/rates.js';
import type { PayoutProvider } from './modules/payouts/provider.js';

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

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

export type AppConfig = {
  version: string;
  isProduction: boolean;
  jwtSecret: string;
  corsOrigins: string[];
  /** Behind a reverse proxy: the client address comes from X-Forwarded-For (see clientIp). */
  trustProxy: boolean;
  /** How many proxies of ours append to X-Forwarded-For (TRUST_PROXY_HOPS, default 1). */
  trustProxyHops?: number;
  /** A session ends this long after login whatever its refreshes (SESSION_ABSOLUTE_LIFETIME_DAYS, default 30 days). */
  sessionAbsoluteLifetimeMs?: number;
  /** Tests: mark responses whose error code the operation does not declare (PayOS-Undeclared-Error). */
  flagUndeclaredErrors?: boolean;
};

export type AppDeps = {
  db: Database;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  limiters: RateLimiters;
  credentials: CredentialResolver;
  /** FX: where mid rates come from, and the spread taken off them (0.01 = 1 %). */
  fx: { provider: RateProvider; spread: Amount };
  /** Payout rail partner and how long after creation a payout becomes due for settlement. */
  payouts: { provider: PayoutProvider; latencyMs: number };
  /**
   * The stream SSE feed: how often it pushes figures (1 s) and re-checks the caller's credential
   * (5 s); tests make both shorter.
   */
  streams?: { sseIntervalMs: number; credentialCheckMs?: number };
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /** Use requestLogger(c): created lazily. */
    logger?: Logger;
    actor: Actor;
    /** Set by the idempotency middleware so the handler's writes share its transaction. */
    tx?: Queryable;
    /** The declared operation being served (http/operation.ts). */
    operation?: OperationDeclaration;
  };
};
