import type { Database, Queryable } from '@payos/db';
import type { Amount } from '@payos/money';
import type { Logger } from 'pino';
import type { Actor } from './core/actor.js';
import type { Clock } from './core/clock.js';
import type { OperationDeclaration } from './http/declaration.js';
import type { CredentialResolver } from './http/middleware/auth.js';
import type { RateLimiters } from './http/middleware/rate-limiters.js';
import type { RateProvider } from './modules/fx/rates.js';
import type { IdempotentRequest } from './modules/idempotency/idempotency.service.js';
import type { MovementCommand, MovementResult } from './modules/movements/commands.js';
import type { GroupCommit } from './modules/movements/group-commit.js';
import type { PayoutProvider } from './modules/transfers/payout-provider.js';
import type { WebhookSettings } from './modules/webhooks/settings.js';

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
  /** Group commit of money movements (modules/movements): concurrent commands share one transaction. */
  movements: GroupCommit<MovementCommand, MovementResult>;
  /** Webhook destinations and delivery (modules/webhooks). */
  webhooks: WebhookSettings;
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
    /** The request's Idempotency-Key, validated, with the request's hash (idempotency middleware). */
    idempotency?: IdempotentRequest;
    /** The declared operation being served (http/operation.ts). */
    operation?: OperationDeclaration;
  };
};
