import { Money } from '@payos/money';
import { afterAll, beforeAll, expect } from 'vitest';
import { AGENT_PERMISSIONS } from '../apps/api/src/modules/agents/agents.permissions.js';
import { RateUnavailableError } from '../apps/api/src/modules/fx/rates.js';
import {
  addMember,
  buildApp,
  createKey,
  createTestDatabase,
  type Http,
  type Json,
  PASSWORD,
  signup,
  type TestDatabase,
} from './harness.js';

type Built = ReturnType<typeof buildApp>;
type Owner = Awaited<ReturnType<typeof signup>>;

/**
 * This test file's own migrated database, created before its tests and dropped after, for files
 * that build their own apps on it: `const database = testDatabase()`, then `database.db` inside tests.
 */
export function testDatabase() {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());
  const ready = () => {
    if (!database) throw new Error('testDatabase() is ready inside tests (beforeAll has not run).');
    return database;
  };
  return {
    get db() {
      return ready().db;
    },
    /** Its connection string on PostgreSQL (undefined on PGlite). */
    get url() {
      return ready().url;
    },
  };
}

/**
 * This test file's own migrated database and app, created before its tests and dropped after:
 * `const t = testApp()` at module level, then `t.http`, `t.app`, `t.clock`, `t.deps`, `t.db` inside tests.
 */
export function testApp(overrides: Parameters<typeof buildApp>[1] = {}) {
  const database = testDatabase();
  let built: Built | undefined;
  beforeAll(() => {
    built = buildApp(database.db, overrides);
  });
  const ready = () => {
    if (!built) throw new Error('testApp() is ready inside tests (beforeAll has not run).');
    return { database, built };
  };
  return {
    get db() {
      return ready().database.db;
    },
    /** The database's connection string on PostgreSQL (undefined on PGlite). */
    get url() {
      return ready().database.url;
    },
    get http() {
      return ready().built.http;
    },
    get app() {
      return ready().built.app;
    },
    get clock() {
      return ready().built.clock;
    },
    get deps() {
      return ready().built.deps;
    },
  };
}

/** FX settings whose rate provider cannot answer (every rate is a RateUnavailableError): `buildApp(t.db, { fx: ratesDown() })`. */
export function ratesDown() {
  return {
    provider: {
      midRate: async (): Promise<never> => {
        throw new RateUnavailableError('rate provider down');
      },
    },
    spread: new Money(0),
  };
}

/**
 * An organization signed up on `t`'s app before this file's tests: `const tenant = signedUpTenant(t, 'label')`
 * at module level, then `tenant.owner` (what `signup()` returns) inside tests. `tenant.userToken()` logs
 * the owner in again: an access token lives 15 minutes, and tests move the clock.
 */
export function signedUpTenant(t: { readonly http: Http }, label?: string) {
  let owner: Owner | undefined;
  beforeAll(async () => {
    owner = await signup(t.http, label);
  });
  const ready = () => {
    if (!owner) throw new Error('signedUpTenant() is ready inside tests (beforeAll has not run).');
    return owner;
  };
  return {
    get owner() {
      return ready();
    },
    userToken: async () => {
      const login = await t.http.post('/v1/auth/login', { body: { email: ready().email, password: PASSWORD } });
      if (login.status !== 200) throw new Error(`log in: ${login.status} ${JSON.stringify(login.body)}`);
      return login.body.data.session.accessToken as string;
    },
  };
}

/**
 * `signedUpTenant()` with a test-environment API key of the owner's (named `key test`), created
 * before this file's tests: `tenant.key` inside tests. An API key does not expire when tests move the clock.
 */
export function tenantWithKey(t: { readonly http: Http }, label?: string) {
  const tenant = signedUpTenant(t, label);
  let key: string | undefined;
  beforeAll(async () => {
    key = (await createKey(t.http, tenant.owner.token)).key;
  });
  return {
    get owner() {
      return tenant.owner;
    },
    get key() {
      if (!key) throw new Error('tenantWithKey() is ready inside tests (beforeAll has not run).');
      return key;
    },
    userToken: tenant.userToken,
  };
}

/**
 * A test API key a developer of the tenant (a member invited for it, on first use) created: what the
 * owner and admins may approve or review — a transfer an API key starts is its creator's own, which
 * they never decide on (self_approval). `const devKey = developerKey(t, tenant)`, then `await devKey()`.
 */
export function developerKey(t: { readonly http: Http }, tenant: { userToken(): Promise<string> }) {
  let key: string | undefined;
  return async () => {
    key ??= (await createKey(t.http, (await addMember(t.http, await tenant.userToken(), 'member')).token)).key;
    return key;
  };
}

/**
 * Opens an account through the API, verifies it (tier 2 by default; in test verification is
 * self-service) and optionally funds it with a deposit. Returns its id.
 */
export async function openAccount(
  http: Http,
  credential: string,
  options: { name?: string; type?: 'business' | 'person'; tier?: number; funds?: string; currency?: string } = {},
): Promise<string> {
  const created = await http.post('/v1/accounts', {
    token: credential,
    body: { type: options.type ?? 'business', name: options.name ?? 'Account' },
  });
  if (created.status !== 201) throw new Error(`open account: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.data.id as string;
  if (options.tier !== 0) await http.post(`/v1/accounts/${id}/verify`, { token: credential, body: { tier: options.tier ?? 2 } });
  if (options.funds) {
    const deposit = await http.post('/v1/deposits', {
      token: credential,
      body: { accountId: id, amount: options.funds, currency: options.currency ?? 'USDC' },
    });
    if (deposit.status !== 201) throw new Error(`fund account: ${deposit.status} ${JSON.stringify(deposit.body)}`);
  }
  return id;
}

/** Creates an agent for an account (every permission unless told otherwise), verified to KYA tier 1 by `verifier` (an admin's token). */
export async function createAgent(
  http: Http,
  credential: string,
  verifier: string,
  accountId: string,
  permissions: readonly string[] = AGENT_PERMISSIONS,
): Promise<{ id: string; token: string }> {
  const created = await http.post('/v1/agents', { token: credential, body: { accountId, name: 'Test agent', permissions } });
  if (created.status !== 201) throw new Error(`create agent: ${created.status} ${JSON.stringify(created.body)}`);
  const verified = await http.post(`/v1/agents/${created.body.data.id}/verify`, { token: verifier, body: { tier: 1 } });
  if (verified.status !== 200) throw new Error(`verify agent: ${verified.status} ${JSON.stringify(verified.body)}`);
  return { id: created.body.data.id as string, token: created.body.data.token as string };
}

/**
 * A fresh organization for the controls tests: its owner, a test API key a developer (a member)
 * created — so the owner and admins may approve what it starts — and `login()`, a fresh session of
 * the owner (or of `email`): these tests move the clock past a token's life.
 */
export async function developerOrg(http: Http, label: string) {
  const owner = await signup(http, label);
  const developer = await addMember(http, owner.token, 'member');
  const key = await createKey(http, developer.token);
  const login = async (email = owner.email) => {
    const res = await http.post('/v1/auth/login', { body: { email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`log in: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.session.accessToken as string;
  };
  return { owner, developer, key: key.key, keyId: key.id, login };
}
export type DeveloperOrg = Awaited<ReturnType<typeof developerOrg>>;

/** Creates an approval policy as `token` — by default: any kind, from 1,000 USD, started by an API key, one admin's approval. */
export async function createApprovalPolicy(http: Http, token: string, body: Json = {}): Promise<Json> {
  const res = await http.post('/v1/approval-policies', {
    token,
    body: {
      name: 'Large',
      appliesTo: 'all',
      amountGte: '1000.00',
      initiatorTypes: ['api_key'],
      requiredApprovals: 1,
      approverRole: 'admin',
      ...body,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
}

/** The ledger of the caller's tenant environment verifies: no discrepancy. */
export async function expectLedgerOk(http: Http, token: string) {
  const res = await http.get('/v1/ledger/verification', { token });
  expect(res.body.data, JSON.stringify(res.body)).toMatchObject({ ok: true, discrepancies: [] });
}

/**
 * `refused(request, status, code)`: the request is answered `status` with error `code`, and what
 * `snapshot` reads (the rows the test cares about) is the same before and after — it wrote nothing.
 * Returns the error.
 */
export function refusalChecker(snapshot: () => Promise<unknown>) {
  return async (promise: Promise<{ status: number; body: Json }>, status: number, code?: string): Promise<Json> => {
    const before = await snapshot();
    const res = await promise;
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code) expect(res.body.error?.code, JSON.stringify(res.body)).toBe(code);
    expect(await snapshot()).toEqual(before);
    return res.body.error as Json;
  };
}
