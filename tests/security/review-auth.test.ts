/**
 * Regression tests for the external security review of authentication: the login lockout under
 * concurrency, access-token claims, the session cache key, the absolute session lifetime, the
 * client address behind proxies, and bounded credential caches.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { withOwner } from '@payos/db';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PREFIX_LENGTH } from '../../apps/api/src/core/credentials.js';
import { ConfigError, loadEnv } from '../../apps/api/src/env.js';
import type { RateLimitSettings } from '../../apps/api/src/http/middleware/rate-limit.js';
import {
  addMember,
  buildApp,
  createKey,
  createTestDatabase,
  PASSWORD,
  RELAXED_LIMITS,
  signup,
  TEST_CONFIG,
  type TestDatabase,
} from '../harness.js';

let database: TestDatabase;
let t: ReturnType<typeof buildApp>;
// REDIS_URL set: the lockout runs on Redis, as several API instances would share it.
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  t = buildApp(database.db);
});
afterAll(async () => {
  redis?.disconnect();
  await database.drop();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const WRONG = 'wrong-password-123';
const limits = (overrides: Partial<RateLimitSettings> = {}): RateLimitSettings => ({
  ...RELAXED_LIMITS,
  ...(redis ? { redis, keyPrefix: `test:${randomUUID()}` } : {}),
  ...overrides,
});
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string; tid: string; sid: string };

/** A token signed with the server's secret: only the claims decide whether it is honoured. */
function forge(claims: Record<string, unknown>, options: { exp?: boolean; iat?: boolean; sub?: string } = {}) {
  const nowSeconds = Math.floor(t.clock.now().getTime() / 1000);
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('payos').setAudience('payos-api');
  if (options.sub) jwt = jwt.setSubject(options.sub);
  if (options.iat !== false) jwt = jwt.setIssuedAt(nowSeconds);
  if (options.exp !== false) jwt = jwt.setExpirationTime(nowSeconds + 900);
  return jwt.sign(new TextEncoder().encode(TEST_CONFIG.jwtSecret));
}

describe('login lockout under concurrency', () => {
  it('checks at most 5 passwords of one e-mail whatever the concurrency; the right one after them is locked out', async () => {
    const app = buildApp(database.db, { limits: limits() });
    const owner = await signup(app.http, 'race');
    const passwords = Array.from({ length: 15 }, (_, i) => (i < 5 ? WRONG : PASSWORD));
    const replies = await Promise.all(
      passwords.map((password) => app.http.post('/v1/auth/login', { body: { email: owner.email, password } })),
    );
    const checked = replies.filter((reply) => reply.status !== 429);
    expect(checked.length, `statuses ${replies.map((r) => r.status).join(',')}`).toBeLessThanOrEqual(5);
    for (const [i, reply] of replies.entries()) {
      if (i < 5) continue;
      expect(reply.status, `attempt ${i + 1} (right password)`).toBe(429);
      expect(reply.body.error.code).toBe('login_locked');
    }
    const later = await app.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    expect(later.status).toBe(429);
    expect(later.body.error.code).toBe('login_locked');
    expect(Number(later.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('never locks out successful logins, sequential or parallel', async () => {
    const app = buildApp(database.db, { limits: limits() });
    const owner = await signup(app.http, 'many-logins');
    for (let i = 0; i < 7; i++) {
      expect((await app.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })).status).toBe(200);
    }
    for (let round = 0; round < 2; round++) {
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => app.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })),
      );
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
    }
    // Failures still count after successes: four wrong, one right, the fifth wrong, then locked.
    for (let i = 0; i < 4; i++) {
      expect((await app.http.post('/v1/auth/login', { body: { email: owner.email, password: WRONG } })).status).toBe(401);
    }
    expect((await app.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } })).status).toBe(200);
    expect((await app.http.post('/v1/auth/login', { body: { email: owner.email, password: WRONG } })).status).toBe(401);
    const locked = await app.http.post('/v1/auth/login', { body: { email: owner.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_locked');
  });
});

describe('access token claims', () => {
  it('refuses a correctly signed token without exp, iat, sub or sid', async () => {
    const owner = await signup(t.http, 'claims');
    const { sid, tid } = claimsOf(owner.token);
    // Control: the forged token with every claim is honoured, so the refusals below are about the claims.
    expect((await t.http.get('/v1/auth/me', { token: await forge({ tid, sid }, { sub: owner.userId }) })).status).toBe(200);
    const cases = {
      'no exp': await forge({ tid, sid }, { sub: owner.userId, exp: false }),
      'no iat': await forge({ tid, sid }, { sub: owner.userId, iat: false }),
      'no sub': await forge({ tid, sid }),
      'no sid': await forge({ tid }, { sub: owner.userId }),
    };
    for (const [label, token] of Object.entries(cases)) {
      const res = await t.http.get('/v1/auth/me', { token });
      expect(res.status, label).toBe(401);
      expect(res.body.error.code, label).toBe('invalid_token');
    }
  });
});

describe('session cache', () => {
  it('does not lend a cached session to a token naming another user or tenant', async () => {
    const owner = await signup(t.http, 'cache-owner');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    const outsider = await signup(t.http, 'cache-outsider');
    const { sid, tid } = claimsOf(owner.token);
    // The owner's session state is now cached.
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(200);
    const otherUser = await t.http.get('/v1/auth/me', { token: await forge({ tid, sid }, { sub: viewer.userId }) });
    expect(otherUser.status).toBe(401);
    const otherTenant = await t.http.get('/v1/organization', {
      token: await forge({ tid: outsider.tenantId, sid }, { sub: owner.userId }),
    });
    expect(otherTenant.status).toBe(401);
    // The genuine token still works, and logging out still takes effect at once.
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(200);
    expect((await t.http.post('/v1/auth/logout', { token: owner.token })).status).toBe(204);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(401);
  });
});

describe('absolute session lifetime', () => {
  it('refuses to refresh a session 30 days after it was created, however often it was rotated', async () => {
    const owner = await signup(t.http, 'absolute');
    let refreshToken = owner.refreshToken;
    let accessToken = owner.token;
    // Rotating every 6 days keeps the 7-day refresh token alive until day 30.
    let day = 0;
    for (const next of [6, 12, 18, 24, 29]) {
      t.clock.advance((next - day) * DAY_MS);
      day = next;
      const res = await t.http.post('/v1/auth/refresh', { body: { refreshToken } });
      expect(res.status, `refresh on day ${day}`).toBe(200);
      expect(Object.keys(res.body.data.session).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
      refreshToken = res.body.data.session.refreshToken;
      accessToken = res.body.data.session.accessToken;
    }
    // Day 29: the session (and so its access token) ends on day 30, not on day 36.
    const sessions = await t.http.get('/v1/auth/sessions', { token: accessToken });
    const current = sessions.body.data.find((s: { current: boolean }) => s.current);
    expect(Date.parse(current.expiresAt) - Date.parse(current.createdAt)).toBe(30 * DAY_MS);
    t.clock.advance(DAY_MS + 1000);
    const late = await t.http.post('/v1/auth/refresh', { body: { refreshToken } });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('invalid_refresh_token');
    expect((await t.http.get('/v1/auth/me', { token: accessToken })).status).toBe(401);
  });

  it('takes its length from the configuration', async () => {
    const app = buildApp(database.db, { config: { ...TEST_CONFIG, sessionAbsoluteLifetimeMs: 2 * DAY_MS } });
    const owner = await signup(app.http, 'short-absolute');
    app.clock.advance(DAY_MS);
    const first = await app.http.post('/v1/auth/refresh', { body: { refreshToken: owner.refreshToken } });
    expect(first.status).toBe(200);
    app.clock.advance(DAY_MS);
    const second = await app.http.post('/v1/auth/refresh', { body: { refreshToken: first.body.data.session.refreshToken } });
    expect(second.status).toBe(401);
  });

  it('reads SESSION_ABSOLUTE_LIFETIME_DAYS and TRUST_PROXY_HOPS from the environment, refusing bad values by name', () => {
    const base = { JWT_SECRET: 'x'.repeat(32) };
    const env = loadEnv({ ...base });
    expect(env.SESSION_ABSOLUTE_LIFETIME_DAYS).toBe(30);
    expect(env.TRUST_PROXY_HOPS).toBe(1);
    expect(loadEnv({ ...base, SESSION_ABSOLUTE_LIFETIME_DAYS: '7', TRUST_PROXY_HOPS: '2' })).toMatchObject({
      SESSION_ABSOLUTE_LIFETIME_DAYS: 7,
      TRUST_PROXY_HOPS: 2,
    });
    for (const [name, value] of [
      ['SESSION_ABSOLUTE_LIFETIME_DAYS', '0'],
      ['SESSION_ABSOLUTE_LIFETIME_DAYS', 'soon'],
      ['TRUST_PROXY_HOPS', '0'],
      ['TRUST_PROXY_HOPS', '1.5'],
    ] as const) {
      expect(() => loadEnv({ ...base, [name]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => loadEnv({ ...base, [name]: value })).toThrow(name);
    }
  });
});

describe('client address behind proxies', () => {
  const login = (app: ReturnType<typeof buildApp>, headers: Record<string, string>) =>
    app.http.post('/v1/auth/login', { body: { email: `nobody-${randomUUID()}@example.com`, password: WRONG }, headers });

  it('a rotating left-most X-Forwarded-For value does not escape the auth limit', async () => {
    const app = buildApp(database.db, { limits: limits({ authPerMinute: 10 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await login(app, { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.77` })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // Another client, as seen by our proxy, has its own budget.
    expect((await login(app, { 'x-forwarded-for': '203.0.113.1, 198.51.100.78' })).status).toBe(401);
  });

  it('ignores X-Real-IP', async () => {
    const app = buildApp(database.db, { limits: limits({ authPerMinute: 3 }) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(app, { 'x-real-ip': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('skips TRUST_PROXY_HOPS - 1 further proxies from the right, and takes the left-most when there are fewer', async () => {
    const app = buildApp(database.db, { config: { ...TEST_CONFIG, trustProxyHops: 2 } });
    const owner = await signup(app.http, 'hops');
    const ipOf = async (forwardedFor: string) => {
      const res = await app.http.post('/v1/auth/login', {
        body: { email: owner.email, password: PASSWORD },
        headers: { 'x-forwarded-for': forwardedFor },
      });
      expect(res.status).toBe(200);
      const sessions = await app.http.get('/v1/auth/sessions', { token: res.body.data.session.accessToken });
      return sessions.body.data.find((s: { current: boolean }) => s.current).ip as string;
    };
    expect(await ipOf('10.9.9.9, 203.0.113.50, 10.0.0.2')).toBe('203.0.113.50');
    expect(await ipOf('203.0.113.51,10.0.0.2')).toBe('203.0.113.51');
    expect(await ipOf('203.0.113.52')).toBe('203.0.113.52');
  });
});

describe('credential caches', () => {
  it('stay bounded under 20,000 distinct junk credentials, and real ones still resolve', async () => {
    const owner = await signup(t.http, 'junk');
    const { key } = await createKey(t.http, owner.token);
    const credentials = t.deps.credentials as unknown as { size(): number };
    const junk = (i: number) =>
      i % 4 === 3 ? `agent_${randomBytes(24).toString('base64url')}` : `pk_test_${randomBytes(24).toString('base64url')}`;
    const batch = 200;
    for (let start = 0; start < 20_000; start += batch) {
      const replies = await Promise.all(Array.from({ length: batch }, (_, i) => t.http.get('/v1/accounts', { token: junk(start + i) })));
      for (const reply of replies) expect(reply.status).toBe(401);
    }
    expect(credentials.size()).toBeLessThanOrEqual(10_000);
    expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(200);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(200);
  }, 180_000);

  // A revocation forgets the cached credential inside its transaction, before it commits: a lookup in
  // that window (or already in flight) still reads the row as it was. The test clock stands still, so
  // a row cached then would be honoured for ever; the lookup must answer without caching.
  const commitSql = (sql: string, params: unknown[]) => withOwner(database.db, (tx) => tx.query(sql, params));

  it('do not keep an API key read while its revocation was still uncommitted', async () => {
    const owner = await signup(t.http, 'forget-key');
    const { key, id } = await createKey(t.http, owner.token);
    t.deps.credentials.forgetApiKey(key.slice(0, API_KEY_PREFIX_LENGTH));
    expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(200);
    await commitSql('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
    expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(401);
  });

  it('do not keep a session read while its logout was still uncommitted', async () => {
    const owner = await signup(t.http, 'forget-session');
    t.deps.credentials.forgetSession(claimsOf(owner.token).sid);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(200);
    await commitSql('UPDATE sessions SET revoked_at = now() WHERE id = $1', [claimsOf(owner.token).sid]);
    expect((await t.http.get('/v1/auth/me', { token: owner.token })).status).toBe(401);
  });
});
