import { assertAppRoleEnforcesRls, type Database, migrate, openDatabase } from '@payos/db';
import { Money } from '@payos/money';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createApp, createLogger } from './app.js';
import type { AppConfig, AppDeps } from './context.js';
import type { Env } from './env.js';
import { createRateLimiters } from './http/middleware/rate-limit.js';
import { DEFAULT_USD_RATES, parseRateList, staticRateProvider } from './modules/fx/rates.js';
import { simulatedPayoutProvider } from './modules/transfers/payout-provider.js';
import { demoBanner, isEmpty, seedDemo } from './seed/demo.js';

export const VERSION = '0.1.0';

export function configFromEnv(env: Env): AppConfig {
  return {
    version: VERSION,
    isProduction: env.NODE_ENV === 'production',
    jwtSecret: env.JWT_SECRET,
    corsOrigins: env.corsOrigins,
    trustProxy: env.TRUST_PROXY,
    trustProxyHops: env.TRUST_PROXY_HOPS,
    sessionAbsoluteLifetimeMs: env.SESSION_ABSOLUTE_LIFETIME_DAYS * 24 * 60 * 60 * 1000,
  };
}

export type Runtime = {
  app: ReturnType<typeof createApp>['app'];
  deps: AppDeps;
  db: Database;
  redis?: Redis;
  logger: Logger;
  seeded: boolean;
};

/** Everything `main` does before listening: database, migrations, the RLS guard, seed, app. */
export async function prepareRuntime(env: Env): Promise<Runtime> {
  const logger = createLogger(env.LOG_LEVEL);
  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.PAYOS_DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    appRole: env.DATABASE_APP_ROLE,
    queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
  });
  try {
    await migrate(db, (line) => logger.info(line));
    await assertAppRoleEnforcesRls(db);
    const config = configFromEnv(env);
    let seeded = false;
    if (env.SEED_DEMO && !config.isProduction && (await isEmpty(db))) {
      await seedDemo(db, { isProduction: false });
      seeded = true;
    }
    const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
    redis?.on('error', (error) => logger.warn({ err: error }, 'redis error (rate limits fall back to memory)'));
    const limiters = createRateLimiters({
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      strictPerMinute: env.RATE_LIMIT_STRICT_PER_MINUTE,
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      redis,
    });
    const fx = {
      provider: staticRateProvider({ ...DEFAULT_USD_RATES, ...(env.FX_RATES ? parseRateList(env.FX_RATES) : {}) }),
      spread: new Money(env.FX_SPREAD),
    };
    const payouts = {
      provider: simulatedPayoutProvider({ returnDelayMs: env.SIMULATED_RETURN_DELAY_MS }),
      latencyMs: env.PAYOUT_LATENCY_MS,
    };
    const groupCommit = {
      windowMs: env.GROUP_COMMIT_WINDOW_MS,
      maxBatch: env.GROUP_COMMIT_MAX_BATCH,
      maxInFlight: env.GROUP_COMMIT_MAX_IN_FLIGHT,
    };
    const webhooks = {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
      requireHttps: env.NODE_ENV === 'production',
      leaseMs: env.WEBHOOK_LEASE_MS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    };
    const { app, deps } = createApp({ db, config, logger, limiters, fx, payouts, groupCommit, webhooks });
    return { app, deps, db, redis, logger, seeded };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export { demoBanner };
