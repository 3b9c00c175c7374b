import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { adminConnection, type Database, openDatabase } from '@payos/db';
import { inject } from 'vitest';
import { type AppOptions, createApp, createLogger } from '../apps/api/src/app.js';
import type { Clock } from '../apps/api/src/core/clock.js';
import { createRateLimiters, type RateLimitSettings } from '../apps/api/src/http/middleware/rate-limit.js';

export const isRealPostgres = Boolean(process.env.DATABASE_URL);

export type TestDatabase = { db: Database; url?: string; drop(): Promise<void> };

/** A migrated database of this test file's own: a PGlite image clone, or a PostgreSQL template clone. */
export async function createTestDatabase(options: { appRole?: string } = {}): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    const db = await openDatabase({ loadDataDir: image, appRole: options.appRole });
    return { db, drop: () => db.close() };
  }
  const template = inject('pgTemplate');
  const name = `${template.replace('payos_tpl_', 'payos_t_')}_${randomBytes(4).toString('hex')}`;
  const admin = await adminConnection(url);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  // Tests that queue 100 transactions on one hot row on a loaded 2-core CI box can wait longer than
  // production's 2 s for a free connection; what they assert is the ledger, not the pool's patience.
  // (The outage tests open their own databases with the production default.)
  const db = await openDatabase({ databaseUrl: dbUrl.toString(), poolSize: 30, acquireTimeoutMs: 60_000, appRole: options.appRole });
  return {
    db,
    url: dbUrl.toString(),
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export type TestClock = Clock & { advance(ms: number): void; set(date: Date): void };

export function testClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

export const TEST_CONFIG = {
  version: '0.1.0-test',
  isProduction: false,
  jwtSecret: 'test-secret-test-secret-test-secret-0123',
  corsOrigins: ['http://localhost:3000'],
  trustProxy: true,
  flagUndeclaredErrors: true,
};

/** Generous limits so ordinary tests never trip them; rate-limit tests pass their own. */
export const RELAXED_LIMITS: RateLimitSettings = { perMinute: 100_000, strictPerMinute: 100_000, authPerMinute: 100_000 };

// biome-ignore lint/suspicious/noExplicitAny: test replies are read loosely; assertions check the shape.
export type Json = Record<string, any>;
export type Reply = { status: number; body: Json; headers: Headers };

export function buildApp(db: Database, overrides: Partial<AppOptions> & { limits?: RateLimitSettings } = {}) {
  const clock = (overrides.clock as TestClock | undefined) ?? testClock();
  const { app, deps } = createApp({
    db,
    config: TEST_CONFIG,
    clock,
    // Unexpected errors (500s) are logged, so a failing test shows its cause.
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'error'),
    limiters: overrides.limiters ?? createRateLimiters(overrides.limits ?? RELAXED_LIMITS),
    ...overrides,
  });
  return { app, deps, clock: clock as TestClock, http: httpClient(app) };
}

type RequestOptions = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; environment?: 'test' | 'live' };

export function httpClient(app: ReturnType<typeof createApp>['app']) {
  const call = async (method: string, path: string, options: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.environment) headers['payos-environment'] = options.environment;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const undeclared = res.headers.get('payos-undeclared-error');
    if (undeclared) {
      if (process.env.PAYOS_HARVEST_ERRORS) appendFileSync(process.env.PAYOS_HARVEST_ERRORS, `${undeclared}\n`);
      else
        throw new Error(
          `${method} ${path} answered an error code its operation does not declare: ${undeclared} (add it to errors in its declare())`,
        );
    }
    const text = await res.text();
    let parsed: Json = {};
    if (text) {
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        parsed = { text };
      }
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    call,
    get: (path: string, options?: RequestOptions) => call('GET', path, options),
    post: (path: string, options?: RequestOptions) => call('POST', path, options),
    patch: (path: string, options?: RequestOptions) => call('PATCH', path, options),
    delete: (path: string, options?: RequestOptions) => call('DELETE', path, options),
  };
}

export type Http = ReturnType<typeof httpClient>;

let counter = 0;
export const uniqueEmail = (label = 'user') => `${label}.${process.pid}.${Date.now()}.${counter++}@example.com`;
export const PASSWORD = 'a-long-enough-password';

/** Signs up a new organization and returns its owner's credentials. */
export async function signup(http: Http, label = 'owner') {
  const email = uniqueEmail(label);
  const res = await http.post('/v1/auth/signup', {
    body: { email, password: PASSWORD, name: `${label} name`, organizationName: `${label} org` },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    email,
    token: res.body.data.session.accessToken as string,
    refreshToken: res.body.data.session.refreshToken as string,
    userId: res.body.data.user.id as string,
    tenantId: res.body.data.tenant.id as string,
  };
}

/** Creates an API key through the API and returns its secret and id. */
export async function createKey(http: Http, token: string, environment: 'test' | 'live' = 'test') {
  const res = await http.post('/v1/api-keys', { token, body: { name: `key ${environment}`, environment } });
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { key: res.body.data.key as string, id: res.body.data.id as string };
}

/** Invites and accepts a member with a role; returns their token and id. */
export async function addMember(http: Http, ownerToken: string, role: 'owner' | 'admin' | 'member' | 'viewer') {
  const email = uniqueEmail(role);
  const invite = await http.post('/v1/organization/team/invites', { token: ownerToken, body: { email, role } });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accepted = await http.post('/v1/auth/accept-invite', {
    body: { inviteToken: invite.body.data.inviteToken, password: PASSWORD, name: `${role} person` },
  });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { email, token: accepted.body.data.session.accessToken as string, userId: accepted.body.data.user.id as string };
}
