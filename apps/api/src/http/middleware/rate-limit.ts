import type { Context } from 'hono';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { AppEnv } from '../../context.js';
import { AppError } from '../../core/errors.js';

export { createRateLimiters, type RateLimiters, type RateLimitSettings } from './rate-limiters.js';

/** Longer than any IPv6 text form: a forged value cannot make a limiter key (or a stored session ip) large. */
const MAX_ADDRESS_LENGTH = 64;

/**
 * The client address: the socket's peer, or with TRUST_PROXY the X-Forwarded-For value our own
 * proxies vouch for. Each proxy appends the address it received from, so only the right-most
 * `TRUST_PROXY_HOPS` entries are trustworthy; anything left of them the client wrote itself (the
 * left-most value is whatever the client sent). X-Real-IP is not read: a proxy that does not set
 * it passes the client's own through, and one that does set it also appends to X-Forwarded-For.
 */
export function clientIp(c: Context<AppEnv>): string {
  const { trustProxy, trustProxyHops = 1 } = c.get('deps').config;
  if (trustProxy) {
    const hops = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    // Fewer entries than proxies (a request that reached a proxy without one in front): the left-most.
    const forwarded = hops?.length ? hops[Math.max(0, hops.length - trustProxyHops)] : undefined;
    if (forwarded) return forwarded.slice(0, MAX_ADDRESS_LENGTH);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

function setHeaders(c: Context<AppEnv>, limit: number, res: RateLimiterRes) {
  c.header('X-RateLimit-Limit', String(limit));
  c.header('X-RateLimit-Remaining', String(Math.max(0, res.remainingPoints)));
  c.header('X-RateLimit-Reset', String(Math.ceil((Date.now() + res.msBeforeNext) / 1000)));
}

export type LimiterTier = 'general' | 'strict' | 'auth';

/**
 * Consumes one point of a tier for `key`; sets X-RateLimit-* and throws 429 (with Retry-After) when
 * the budget is spent. Keys are built by the operation pipeline from resolved identities only:
 * `ip|<kind>:<id>` for a caller whose credential resolved, the IP alone for anyone else — so a
 * stream of random bearer values shares one budget instead of minting a fresh one per value.
 */
export async function consumeRateLimit(c: Context<AppEnv>, tier: LimiterTier, key: string): Promise<void> {
  const limiter = c.get('deps').limiters[tier];
  if (!limiter) return;
  try {
    const res = await limiter.consume(key);
    setHeaders(c, limiter.points, res);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    setHeaders(c, limiter.points, error);
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    c.header('Retry-After', String(retryAfterSeconds));
    throw new AppError('rate_limit_error', 'rate_limited', `Too many requests. Retry after ${retryAfterSeconds} s.`, {
      details: { retryAfterSeconds },
    });
  }
}

/** The rate-limit identity of the caller: IP + resolved credential, or the IP alone. */
export function callerKey(c: Context<AppEnv>): string {
  const actor = c.get('actor') as { kind: string; id: string } | undefined;
  return actor ? `${clientIp(c)}|${actor.kind}:${actor.id}` : clientIp(c);
}
