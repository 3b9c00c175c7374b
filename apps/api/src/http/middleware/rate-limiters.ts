import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export type RateLimitSettings = {
  perMinute: number;
  strictPerMinute: number;
  authPerMinute: number;
  /** Failed logins for one e-mail before it is locked, and for how long. */
  loginFailures?: { attempts: number; lockSeconds: number };
  redis?: Redis;
  keyPrefix?: string;
};

export type RateLimiters = {
  general?: RateLimiterAbstract;
  strict?: RateLimiterAbstract;
  auth?: RateLimiterAbstract;
  loginFailures: RateLimiterAbstract;
};

/** Memory by default; Redis (shared by every API instance) when a client is given. */
export function createRateLimiters(settings: RateLimitSettings): RateLimiters {
  const prefix = settings.keyPrefix ?? 'payos:rl';
  const make = (name: string, points: number, duration: number, blockDuration = 0) => {
    const options = { keyPrefix: `${prefix}:${name}`, points, duration, blockDuration };
    if (!settings.redis) return new RateLimiterMemory(options);
    // If Redis is unreachable, fall back to per-process counting rather than failing requests.
    return new RateLimiterRedis({ ...options, storeClient: settings.redis, insuranceLimiter: new RateLimiterMemory(options) });
  };
  const lockout = settings.loginFailures ?? { attempts: 5, lockSeconds: 15 * 60 };
  return {
    general: settings.perMinute > 0 ? make('general', settings.perMinute, 60) : undefined,
    strict: settings.strictPerMinute > 0 ? make('strict', settings.strictPerMinute, 60) : undefined,
    auth: settings.authPerMinute > 0 ? make('auth', settings.authPerMinute, 60) : undefined,
    loginFailures: make('login', lockout.attempts, lockout.lockSeconds, lockout.lockSeconds),
  };
}
