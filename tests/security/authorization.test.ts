/**
 * The authorization matrix, generated from the operation declarations (http/operation.ts): every
 * declared operation × every kind of caller × environment. The expected outcome of each cell is
 * computed from the declaration alone; the call goes through HTTP. A refusal must carry the exact
 * status and code, and no refused call may write anything (checksum of both tenants' tables).
 * An operation declared tomorrow is in the matrix tomorrow.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { declarationsOf, type OperationDeclaration, routingPath } from '../../apps/api/src/http/operation.js';
import { AGENT_PERMISSIONS } from '../../apps/api/src/modules/agents/agents.permissions.js';
import { createAgent, testApp } from '../fixtures.js';
import { addMember, createKey, type Json, PASSWORD, signup } from '../harness.js';
import { tenantChecksum } from './checksum.js';
import { type Caller, expected } from './declared.js';

const t = testApp();

/** Codes that only the authorization pipeline produces: an allowed call must never answer one. */
const PIPELINE_REFUSALS = new Set([
  'missing_credentials',
  'test_mode_only',
  'agent_not_allowed',
  'user_credentials_required',
  'insufficient_permissions',
  'agent_permission_missing',
]);

describe('authorization matrix (from the declarations)', () => {
  it('gives every declared operation × caller × environment the declared outcome, and refused calls write nothing', async () => {
    const declarations = declarationsOf(t.app);
    expect(declarations.length).toBeGreaterThan(70);

    // Tenant A: every role, keys of both environments, agents with all / no permissions on two accounts.
    const owner = await signup(t.http, 'matrix-a');
    const users = {
      owner: { token: owner.token, email: owner.email },
      admin: await addMember(t.http, owner.token, 'admin'),
      member: await addMember(t.http, owner.token, 'member'),
      viewer: await addMember(t.http, owner.token, 'viewer'),
    };
    const testKey = (await createKey(t.http, owner.token, 'test')).key;
    const liveKey = (await createKey(t.http, owner.token, 'live')).key;
    const business = async (name: string) => {
      const res = await t.http.post('/v1/accounts', { token: testKey, body: { type: 'business', name } });
      expect(res.status).toBe(201);
      return res.body.data.id as string;
    };
    const [agentAccount, otherAccount] = [await business('Agent home'), await business('Another account')];
    const agent = async (accountId: string, permissions: readonly string[]) =>
      (await createAgent(t.http, testKey, owner.token, accountId, permissions)).token;
    const other = await signup(t.http, 'matrix-b');
    // An agent in live: its account and verification are live ones (verification there needs an admin and a reason).
    const liveAccount = (await t.http.post('/v1/accounts', { token: liveKey, body: { type: 'business', name: 'Live home' } })).body.data.id;
    const liveAgent = (
      await t.http.post('/v1/agents', {
        token: liveKey,
        body: { accountId: liveAccount, name: 'Live agent', permissions: AGENT_PERMISSIONS },
      })
    ).body.data;
    const liveVerified = await t.http.post(`/v1/agents/${liveAgent.id}/verify`, {
      token: owner.token,
      headers: { 'payos-environment': 'live' },
      body: { tier: 1, reason: 'KYA reviewed for the authorization matrix' },
    });
    expect(liveVerified.status).toBe(200);

    const callers: Caller[] = [
      ...(['owner', 'admin', 'member', 'viewer'] as const).map(
        (role): Caller => ({ name: role, kind: 'user', role, environment: 'test', token: users[role].token, email: users[role].email }),
      ),
      { name: 'owner in live', kind: 'user', role: 'owner', environment: 'live', token: owner.token, email: owner.email },
      { name: 'viewer in live', kind: 'user', role: 'viewer', environment: 'live', token: users.viewer.token, email: users.viewer.email },
      { name: 'test API key', kind: 'api_key', environment: 'test', token: testKey },
      { name: 'live API key', kind: 'api_key', environment: 'live', token: liveKey },
      {
        name: 'agent with every permission',
        kind: 'agent',
        environment: 'test',
        token: await agent(agentAccount, AGENT_PERMISSIONS),
        permissions: AGENT_PERMISSIONS,
        accountId: agentAccount,
      },
      {
        name: 'agent without permissions',
        kind: 'agent',
        environment: 'test',
        token: await agent(agentAccount, []),
        permissions: [],
        accountId: agentAccount,
      },
      {
        name: "another account's agent",
        kind: 'agent',
        environment: 'test',
        token: await agent(otherAccount, AGENT_PERMISSIONS),
        permissions: AGENT_PERMISSIONS,
        accountId: otherAccount,
      },
      {
        name: 'agent in live',
        kind: 'agent',
        environment: 'live',
        token: liveAgent.token,
        permissions: AGENT_PERMISSIONS,
        accountId: liveAccount,
      },
      { name: "another tenant's owner", kind: 'user', role: 'owner', environment: 'test', token: other.token, email: other.email },
      { name: 'no credential', kind: 'none', environment: 'test' },
    ];

    /** The request for one cell: unknown ids in the path, an empty body — except the account an agent names. */
    const requestFor = (d: OperationDeclaration) => {
      const account = d.agent && typeof d.agent.account === 'object' ? d.agent.account : undefined;
      let path = d.path;
      let body: Json | undefined = ['POST', 'PATCH', 'DELETE'].includes(d.method) ? {} : undefined;
      // The account an agent must own is always agentAccount, so agentAccount's own agents pass and another account's agent does not.
      if (account && 'path' in account) path = path.replace(`{${account.path}}`, agentAccount);
      if (account && 'body' in account) body = { [account.body]: agentAccount };
      path = path.replaceAll(/{[^}]+}/g, () => randomUUID());
      if (d.path === '/v1/events/streams') path += `?ids=${randomUUID()}`;
      return { path, body, accountInRequest: account ? agentAccount : undefined };
    };

    const before = { a: await tenantChecksum(t.db, owner.tenantId), b: await tenantChecksum(t.db, other.tenantId) };
    const allowedCells: Array<{ d: OperationDeclaration; caller: Caller }> = [];
    const failures: string[] = [];
    let cells = 0;
    for (const d of declarations) {
      for (const caller of callers) {
        const want = expected(d, caller, requestFor(d).accountInRequest);
        cells++;
        if (want.allowed) {
          allowedCells.push({ d, caller });
          continue;
        }
        const { path, body } = requestFor(d);
        const res = await call(d, caller, path, body);
        if (res.status !== want.status || res.body.error?.code !== want.code) {
          failures.push(
            `${d.operationId} as ${caller.name}: expected ${want.status} ${want.code}, got ${res.status} ${res.body.error?.code}`,
          );
        }
      }
    }
    // Every refused call, all together, changed nothing (an agent's own activity log excepted).
    expect({ a: await tenantChecksum(t.db, owner.tenantId), b: await tenantChecksum(t.db, other.tenantId) }).toEqual(before);

    // Allowed calls pass authorization: whatever the business answer (400 for an empty body, 404 for an unknown id), never a refusal.
    for (const { d, caller } of allowedCells) {
      const { path, body } = requestFor(d);
      // Logging out ends the session the next cells need: do it with a session of its own.
      const token = d.operationId === 'logout' && caller.email ? await freshLogin(caller.email) : caller.token;
      const res = await call(d, { ...caller, token }, path, body);
      if ((res.status === 401 || res.status === 403) && PIPELINE_REFUSALS.has(res.body.error?.code)) {
        failures.push(`${d.operationId} as ${caller.name}: expected to pass authorization, got ${res.status} ${res.body.error?.code}`);
      }
      if (res.status >= 500) failures.push(`${d.operationId} as ${caller.name}: ${res.status}`);
    }
    expect(failures).toEqual([]);
    console.info(
      `authorization matrix: ${declarations.length} operations × ${callers.length} callers = ${cells} cells (${cells - allowedCells.length} refusals checked with a checksum, ${allowedCells.length} allowed)`,
    );
  }, 180_000);

  it('refuses to mount an undeclared /v1 route, and every mounted route is declared', async () => {
    const declared = new Set(declarationsOf(t.app).map((d) => `${d.method} ${routingPath(d.path)}`));
    const mounted = t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'));
    expect(mounted.length).toBeGreaterThan(70);
    for (const route of mounted) expect(declared, `${route.method} ${route.path}`).toContain(`${route.method} ${route.path}`);

    const { createRouter } = await import('../../apps/api/src/http/openapi.js');
    const { assertEveryRouteDeclared } = await import('../../apps/api/src/http/operation.js');
    const rogue = createRouter();
    rogue.get('/v1/backdoor', (c) => c.json({ data: 'everything' }));
    expect(() => assertEveryRouteDeclared(rogue)).toThrow(/GET \/v1\/backdoor is mounted without a declared operation/);
  });

  it("keeps SECURITY.md's permission table generated from the declarations (npm run docs:permissions)", async () => {
    const { readFileSync } = await import('node:fs');
    const { permissionTable, renderSecurityMd } = await import('../../scripts/docs-permissions.js');
    const current = readFileSync(new URL('../../SECURITY.md', import.meta.url), 'utf8');
    expect(renderSecurityMd(current, permissionTable(declarationsOf(t.app)))).toBe(current);
  });

  it('publishes each declaration in /openapi.json (x-payos-*) with every error code per response', async () => {
    const spec = (await t.http.get('/openapi.json')).body;
    const declarations = declarationsOf(t.app);
    for (const d of declarations) {
      const op = spec.paths[d.path]?.[d.method.toLowerCase()];
      expect(op, d.operationId).toBeDefined();
      expect(op['x-payos-credentials']).toEqual(d.credentials === 'public' ? ['none'] : d.credentials);
      expect(op['x-payos-environments']).toEqual(d.environments);
      const documented = Object.values(op.responses as Record<string, Json>).flatMap((r) => (r['x-payos-error-codes'] as string[]) ?? []);
      expect(new Set(documented)).toEqual(new Set(d.errors));
    }
    // The internal declaration object never leaks into the document.
    expect(JSON.stringify(spec)).not.toContain('payos.declaration');
  });
});

async function freshLogin(email: string) {
  const res = await t.http.post('/v1/auth/login', { body: { email, password: PASSWORD } });
  expect(res.status).toBe(200);
  return res.body.data.session.accessToken as string;
}

/** Server-Sent Events operations: answered with a stream that stays open. */
const FEEDS = new Set(['/v1/events/streams', '/v1/notifications/feed']);

async function call(d: OperationDeclaration, caller: Caller, path: string, body: Json | undefined) {
  const headers: Record<string, string> = { ...caller.headers };
  if (caller.kind === 'user' && caller.environment === 'live') headers['payos-environment'] = 'live';
  if (!FEEDS.has(d.path)) return t.http.call(d.method, path, { token: caller.token, body, headers });
  // The event feeds never end by themselves: read the status (and an error body), then hang up.
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  const res = await t.app.request(path, { headers });
  const isError = res.headers.get('content-type')?.includes('application/json');
  const parsed = isError ? ((await res.json()) as Json) : {};
  if (!isError) await res.body?.cancel();
  return { status: res.status, body: parsed, headers: res.headers };
}
