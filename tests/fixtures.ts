import { afterAll, beforeAll } from 'vitest';
import { AGENT_PERMISSIONS } from '../apps/api/src/modules/agents/agents.permissions.js';
import { buildApp, createTestDatabase, type Http, type TestDatabase } from './harness.js';

type Built = ReturnType<typeof buildApp>;

/**
 * This test file's own migrated database and app, created before its tests and dropped after:
 * `const t = testApp()` at module level, then `t.http`, `t.app`, `t.clock`, `t.deps`, `t.db` inside tests.
 */
export function testApp(overrides: Parameters<typeof buildApp>[1] = {}) {
  let database: TestDatabase | undefined;
  let built: Built | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    built = buildApp(database.db, overrides);
  });
  afterAll(() => database?.drop());
  const ready = () => {
    if (!database || !built) throw new Error('testApp() is ready inside tests (beforeAll has not run).');
    return { database, built };
  };
  return {
    get db() {
      return ready().database.db;
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
