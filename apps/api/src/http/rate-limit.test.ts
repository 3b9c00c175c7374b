import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../tests/fixtures.js';
import { buildApp, createKey, RELAXED_LIMITS, signup } from '../../../../tests/harness.js';
import { createRateLimiters } from './middleware/rate-limit.js';

const database = testDatabase();

const ip = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });

describe('rate limits', () => {
  it('limits /v1 per IP + credential with headers on every response and Retry-After on 429', async () => {
    const setup = buildApp(database.db);
    const owner = await signup(setup.http, 'limited');
    const { key } = await createKey(setup.http, owner.token);
    const t = buildApp(database.db, { limits: { ...RELAXED_LIMITS, perMinute: 5 } });
    for (let i = 0; i < 5; i++) {
      const res = await t.http.get('/v1/organization', { token: key, headers: ip(1) });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    const limited = await t.http.get('/v1/organization', { token: key, headers: ip(1) });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another client (IP) has its own budget.
    expect((await t.http.get('/v1/organization', { token: key, headers: ip(2) })).status).toBe(200);
  });

  it('limits auth routes per IP', async () => {
    const t = buildApp(database.db, { limits: { ...RELAXED_LIMITS, authPerMinute: 3 } });
    const body = { email: 'nobody@example.com', password: 'whatever-password' };
    for (let i = 0; i < 3; i++) expect((await t.http.post('/v1/auth/login', { body, headers: ip(3) })).status).toBe(401);
    const limited = await t.http.post('/v1/auth/login', { body, headers: ip(3) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect((await t.http.post('/v1/auth/login', { body, headers: ip(4) })).status).toBe(401);
  });

  it('leaves refresh out of the login limit (a dashboard refreshes on every page load), under the general one', async () => {
    const t = buildApp(database.db, { limits: { ...RELAXED_LIMITS, authPerMinute: 2, perMinute: 5 } });
    const refresh = () => t.http.post('/v1/auth/refresh', { body: { refreshToken: 'rt_unknown' }, headers: ip(5) });
    for (let i = 0; i < 5; i++) expect((await refresh()).status).toBe(401);
    expect((await refresh()).status).toBe(429);
  });

  it('limits sensitive operations (API key creation) more strictly', async () => {
    const t = buildApp(database.db, { limits: { ...RELAXED_LIMITS, strictPerMinute: 2 } });
    const owner = await signup(t.http, 'strict');
    for (let i = 0; i < 2; i++) {
      const res = await t.http.post('/v1/api-keys', { token: owner.token, body: { name: `k${i}`, environment: 'test' }, headers: ip(5) });
      expect(res.status).toBe(201);
    }
    const limited = await t.http.post('/v1/api-keys', { token: owner.token, body: { name: 'k3', environment: 'test' }, headers: ip(5) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    // Reads are not strict-limited.
    expect((await t.http.get('/v1/api-keys', { token: owner.token, headers: ip(5) })).status).toBe(200);
  });

  it('a limit of 0 turns a tier off', async () => {
    const t = buildApp(database.db, { limits: { ...RELAXED_LIMITS, perMinute: 0 } });
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    const v1 = await t.http.get('/v1/organization');
    expect(v1.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe.runIf(process.env.REDIS_URL)('rate limits on Redis', () => {
  it('two API instances share one budget', async () => {
    const redis = new Redis(process.env.REDIS_URL as string);
    try {
      const setup = buildApp(database.db);
      const owner = await signup(setup.http, 'shared');
      const { key } = await createKey(setup.http, owner.token);
      const settings = { ...RELAXED_LIMITS, perMinute: 4, redis, keyPrefix: `test:${randomUUID()}` };
      const a = buildApp(database.db, { limiters: createRateLimiters(settings) });
      const b = buildApp(database.db, { limiters: createRateLimiters(settings) });
      const statuses: number[] = [];
      for (const instance of [a, b, a, b, a, b]) {
        statuses.push((await instance.http.get('/v1/organization', { token: key, headers: ip(9) })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      redis.disconnect();
    }
  });
});
