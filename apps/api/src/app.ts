import type { Database } from '@payos/db';
import { Money } from '@payos/money';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import pino, { type Logger } from 'pino';
import type { AppConfig, AppDeps } from './context.js';
import { type Clock, systemClock } from './core/clock.js';
import { AppError } from './core/errors.js';
import { respondWithError } from './http/errors.js';
import { CredentialResolver } from './http/middleware/auth.js';
import { createRateLimiters, type RateLimiters } from './http/middleware/rate-limit.js';
import { requestContext, requireJsonBody } from './http/middleware/request-context.js';
import { createRouter, mountDocs } from './http/openapi.js';
import { assertEveryRouteDeclared } from './http/operation.js';
import { registerAccountRoutes } from './modules/accounts/accounts.routes.js';
import { registerAgentRoutes } from './modules/agents/agents.routes.js';
import { registerApiKeyRoutes } from './modules/api-keys/api-keys.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerDepositRoutes } from './modules/deposits/deposits.routes.js';
import { registerDisputeRoutes } from './modules/disputes/disputes.routes.js';
import { registerEventRoutes } from './modules/events/events.routes.js';
import { registerFxRoutes } from './modules/fx/fx.routes.js';
import { checkedRateProvider, staticRateProvider } from './modules/fx/rates.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes.js';
import { createGroupCommit, type GroupCommitOptions } from './modules/movements/group-commit.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { registerPaymentMethodRoutes } from './modules/payment-methods/payment-methods.routes.js';
import { registerApprovalRoutes } from './modules/approvals/approvals.routes.js';
import { registerRefundRoutes } from './modules/refunds/refunds.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { registerReviewRoutes } from './modules/reviews/reviews.routes.js';
import { registerRiskRoutes } from './modules/risk/risk.routes.js';
import { registerScheduleRoutes } from './modules/schedules/schedules.routes.js';
import { registerSearchRoutes } from './modules/search/search.routes.js';
import { registerSettingsRoutes } from './modules/settings/settings.routes.js';
import { registerStreamRoutes } from './modules/streams/streams.routes.js';
import { registerTeamRoutes } from './modules/team/team.routes.js';
import { executeInternalTransfers } from './modules/transfers/internal.service.js';
import { simulatedPayoutProvider } from './modules/transfers/payout-provider.js';
import { registerTransferRoutes } from './modules/transfers/transfers.routes.js';
import { defaultWebhookSettings, type WebhookSettings } from './modules/webhooks/settings.js';
import { registerWebhookRoutes } from './modules/webhooks/webhooks.routes.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type AppOptions = {
  db: Database;
  config: AppConfig;
  clock?: Clock;
  logger?: Logger;
  limiters?: RateLimiters;
  isReady?: () => boolean;
  fx?: AppDeps['fx'];
  payouts?: AppDeps['payouts'];
  /** Group commit of money movements (window, batch size); on by default. */
  groupCommit?: GroupCommitOptions;
  /** Webhook destinations and delivery; by default private addresses only outside production. */
  webhooks?: WebhookSettings;
};

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'payos-api' },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'key',
          '*.key',
          'refreshToken',
          '*.refreshToken',
          'accessToken',
          '*.accessToken',
          'inviteToken',
          '*.inviteToken',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'secret',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The Hono app with every route; no listening (tests call app.request). */
export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const fx = options.fx ?? { provider: staticRateProvider(), spread: new Money(0) };
  const deps: AppDeps = {
    db: options.db,
    config: options.config,
    clock,
    logger: options.logger ?? createLogger('silent'),
    limiters: options.limiters ?? createRateLimiters({ perMinute: 1000, strictPerMinute: 30, authPerMinute: 10 }),
    credentials: new CredentialResolver(options.db, clock, options.config.jwtSecret),
    // Every consumer of rates (quotes, limits, reports) gets them checked once, here.
    fx: { provider: checkedRateProvider(fx.provider), spread: fx.spread },
    payouts: options.payouts ?? { provider: simulatedPayoutProvider(), latencyMs: 2_000 },
    webhooks: options.webhooks ?? defaultWebhookSettings(options.config.isProduction),
    movements: createGroupCommit(options.db, (tx, commands) => executeInternalTransfers(tx, deps, commands), options.groupCommit),
  };
  const app = createRouter();

  app.use('*', requestContext(deps));
  app.use(
    '*',
    secureHeaders({
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      xXssProtection: '0',
      permissionsPolicy: { geolocation: [], microphone: [], camera: [] },
    }),
  );
  const corsMiddleware = cors({
    origin: deps.config.corsOrigins,
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Idempotency-Key', 'X-Request-ID', 'PayOS-Environment'],
    exposeHeaders: [
      'X-Request-ID',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Retry-After',
      'Idempotent-Replayed',
    ],
    credentials: true,
    maxAge: 86_400,
  });
  // CORS concerns browsers only; skipping it for server-to-server calls (no Origin) keeps the
  // response from being rebuilt on the hot path.
  app.use('*', (c, next) => (c.req.header('origin') ? corsMiddleware(c, next) : next()));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('invalid_request_error', 'request_too_large', 'Request body exceeds 1 MB.', { status: 413 });
    },
  });
  // Only methods that carry bodies: reading `body` of a GET would materialise a full Request.
  app.use('*', (c, next) => (BODY_METHODS.has(c.req.method) ? limitBody(c, next) : next()));
  app.use('/v1/*', requireJsonBody);
  // Everything else — authentication, authorization, rate limits, idempotency — is each operation's
  // declared pipeline (http/operation.ts), in one fixed order.

  registerHealthRoutes(app, options.isReady ?? (() => true));
  registerAuthRoutes(app);
  registerTeamRoutes(app);
  registerApiKeyRoutes(app);
  registerAccountRoutes(app);
  registerDepositRoutes(app);
  registerLedgerRoutes(app);
  registerPaymentMethodRoutes(app);
  registerAuditRoutes(app);
  registerFxRoutes(app);
  registerTransferRoutes(app);
  registerRefundRoutes(app);
  registerApprovalRoutes(app);
  registerRiskRoutes(app);
  registerReviewRoutes(app);
  registerDisputeRoutes(app);
  registerReportRoutes(app);
  registerScheduleRoutes(app);
  registerAgentRoutes(app);
  registerStreamRoutes(app);
  // After the streams: GET /v1/events/streams must match before GET /v1/events/{id}.
  registerEventRoutes(app);
  registerWebhookRoutes(app);
  registerSettingsRoutes(app);
  registerSearchRoutes(app);
  registerNotificationRoutes(app);
  mountDocs(app, deps.config.version);
  assertEveryRouteDeclared(app);

  app.notFound((c) =>
    respondWithError(c, new AppError('not_found_error', 'route_not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  );
  app.onError((error, c) => {
    const retryAfter = error instanceof AppError ? error.details?.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    return respondWithError(c, error);
  });
  return { app, deps };
}
