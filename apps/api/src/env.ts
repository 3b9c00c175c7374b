import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const perMinute = z.coerce.number().int().min(0).max(1_000_000);

/** Every setting PayOS reads from the environment, validated once at start-up. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATABASE_APP_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case role name')
      .default('payos_app'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    // A statement PostgreSQL has not answered within this many ms fails (503) and its connection is
    // dropped; 0 waits forever. Covers a server that vanishes without closing its connections.
    DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    // Group commit of money movements (docs/ARCHITECTURE.md): how long the first command of an idle
    // tenant environment waits for others (0: the end of the event-loop turn), and the largest batch.
    GROUP_COMMIT_WINDOW_MS: z.coerce.number().min(0).max(100).default(0),
    GROUP_COMMIT_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(64),
    GROUP_COMMIT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(2),
    PAYOS_DATA_DIR: z.string().min(1).default('.payos-data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    CORS_ORIGINS: z.string().default('http://localhost:3000,http://localhost:3001,http://localhost:5173'),
    ENABLE_SCHEDULED_TRANSFERS: booleanFlag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    RATE_LIMIT_PER_MINUTE: perMinute.default(1000),
    RATE_LIMIT_STRICT_PER_MINUTE: perMinute.default(30),
    RATE_LIMIT_AUTH_PER_MINUTE: perMinute.default(10),
    TRUST_PROXY: booleanFlag.default(false),
    // Proxies of ours in front of the API, each appending to X-Forwarded-For; the client address is
    // the value this many places from the right (1: the address our one proxy saw).
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    // A session ends this many days after login however often it is refreshed.
    SESSION_ABSOLUTE_LIFETIME_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    SEED_DEMO: booleanFlag.default(true),
    FX_RATES: z
      .string()
      .regex(/^((MXN|BRL|COP|ARS)=\d+(\.\d+)?)(,(MXN|BRL|COP|ARS)=\d+(\.\d+)?)*$/, 'must look like MXN=17.15,BRL=4.97')
      .optional(),
    PAYOUT_LATENCY_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
    // How long after completing a payout to a destination ending in 0001 the simulated rail sends it back.
    SIMULATED_RETURN_DELAY_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3_600_000)
      .default(60_000),
    SETTLEMENT_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
    SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(15_000),
    RUN_SETTLEMENT_WORKER: booleanFlag.default(true),
    // Webhook delivery (issue #17): the worker loop runs where the other background work runs.
    ENABLE_WEBHOOKS: booleanFlag.default(true),
    WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
    // One attempt's whole budget (connect, send, answer), and how long a claimed delivery is held before
    // another worker may send it again (a crashed worker's claims come back after it). The lease must
    // outlast an attempt and its settle: at least 2 × the timeout + 5 s (checked below); bench:chaos
    // shortens both.
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1000).max(10_000).default(10_000),
    WEBHOOK_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    // Receivers on private addresses (http://localhost) — development and tests only.
    WEBHOOKS_ALLOW_PRIVATE: booleanFlag.optional(),
    // After SIGTERM/SIGINT the process finishes in-flight work for at most this long, then exits
    // whatever is still running (or blocking: a log write into a closed pipe).
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    FX_SPREAD: z
      .string()
      .regex(/^0(\.\d{1,6})?$/, 'must be a fraction below 1 such as 0.005')
      .default('0'),
  })
  .superRefine((env, ctx) => {
    if (env.WEBHOOK_LEASE_MS < 2 * env.WEBHOOK_TIMEOUT_MS + 5000) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_LEASE_MS'],
        message: `must be at least 2 × WEBHOOK_TIMEOUT_MS + 5000 (${2 * env.WEBHOOK_TIMEOUT_MS + 5000}): a lease that expires while its attempt is in flight sends it twice`,
      });
    }
    if (env.NODE_ENV !== 'production') return;
    if (!env.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    if (!env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when NODE_ENV=production (PGlite never fsyncs)' });
    }
    if (env.WEBHOOKS_ALLOW_PRIVATE) {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOKS_ALLOW_PRIVATE'], message: 'cannot be true when NODE_ENV=production (SSRF guard)' });
    }
    for (const name of ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_STRICT_PER_MINUTE', 'RATE_LIMIT_AUTH_PER_MINUTE'] as const) {
      if (env[name] === 0) ctx.addIssue({ code: 'custom', path: [name], message: 'cannot be 0 (disabled) when NODE_ENV=production' });
    }
  });

export type Env = z.infer<typeof envSchema> & {
  JWT_SECRET: string;
  ENABLE_SCHEDULED_TRANSFERS: boolean;
  WEBHOOKS_ALLOW_PRIVATE: boolean;
  corsOrigins: string[];
};

export class ConfigError extends Error {}

/** Parses the environment; the error message is one line naming the first bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const env = result.data;
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? developmentJwtSecret(env.PAYOS_DATA_DIR),
    ENABLE_SCHEDULED_TRANSFERS: env.ENABLE_SCHEDULED_TRANSFERS ?? env.NODE_ENV !== 'production',
    WEBHOOKS_ALLOW_PRIVATE: env.WEBHOOKS_ALLOW_PRIVATE ?? env.NODE_ENV !== 'production',
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}

/** Outside production, a secret is generated once and kept in the data directory. */
function developmentJwtSecret(dataDir: string): string {
  const dir = resolve(dataDir);
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
