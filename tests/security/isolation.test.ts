/**
 * Isolation sweep: every route of /openapi.json that takes an id is called on tenant A's object as
 * tenant B, as A's other environment, and as an agent of another of A's accounts. Each call must be
 * a 404 (or a route-level 403 — the caller's role or kind may not use the route — that says nothing
 * about the object) — and A's rows must
 * be byte-for-byte unchanged. A route with an id that this file does not know fails the sweep.
 */
import { withOwner } from '@payos/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_PERMISSIONS } from '../../apps/api/src/modules/agents/agents.permissions.js';
import { addMember, buildApp, createKey, createTestDatabase, PASSWORD, signup, type TestDatabase } from '../harness.js';
import { BODIES_BY_OPERATION } from './declared.js';

let database: TestDatabase;
let t: ReturnType<typeof buildApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  t = buildApp(database.db);
});
afterAll(() => database.drop());

/** Tables holding tenant data; a table the catalog has and this list lacks fails the sweep. */
const TENANT_TABLES = [
  'accounts',
  'agent_activity',
  'agents',
  'api_keys',
  'approval_decisions',
  'approval_policies',
  'approval_requests',
  'audit_events',
  'balances',
  'deposits',
  'dispute_events',
  'disputes',
  'event_sequences',
  'events',
  'idempotency_keys',
  'invites',
  'ledger_entries',
  'ledger_transactions',
  'limit_usage',
  'notification_read_marks',
  'notification_reads',
  'notifications',
  'payment_methods',
  'refunds',
  'quotes',
  'refresh_tokens',
  'review_items',
  'review_notes',
  'risk_rule_settings',
  'schedule_occurrences',
  'search_terms',
  'sessions',
  'stream_events',
  'streams',
  'tenant_policies',
  'transfer_events',
  'transfer_schedules',
  'transfers',
  'users',
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_endpoints',
];

/**
 * A checksum of every row tenant A owns, read as the owner role (RLS does not apply). Two things
 * legitimately move while others knock: a key's last_used_at (A's own live key is one of the callers)
 * and the calling agent's own activity log.
 */
async function checksum(tenantId: string, callerAgentId: string) {
  return withOwner(database.db, async (tx) => {
    const sums: Record<string, string | null> = {};
    for (const table of TENANT_TABLES) {
      const [row] = await tx.query<{ sum: string | null }>(
        `SELECT md5(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS sum
           FROM ${table} t WHERE tenant_id = $1 ${table === 'agent_activity' ? 'AND agent_id <> $2' : 'AND $2::uuid IS NOT NULL'}`,
        [tenantId, callerAgentId],
      );
      sums[table] = row?.sum ?? null;
    }
    return sums;
  });
}

describe('isolation sweep over every route with an id', () => {
  it('covers every tenant table', async () => {
    const tables = await withOwner(database.db, (tx) =>
      tx.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
      ),
    );
    expect(tables.map((r) => r.table_name).sort()).toEqual([...TENANT_TABLES].sort());
  });

  it('answers 404 to tenant B, to A’s other environment and to another account’s agent — and changes nothing', async () => {
    // Tenant A with one object of every kind.
    const a = await signup(t.http, 'sweep-a');
    const aKey = (await createKey(t.http, a.token)).key;
    const account = async (name: string) => {
      const id = (await t.http.post('/v1/accounts', { token: aKey, body: { type: 'business', name } })).body.data.id as string;
      await t.http.post(`/v1/accounts/${id}/verify`, { token: a.token, body: { tier: 2 } });
      await t.http.post('/v1/deposits', { token: aKey, body: { accountId: id, amount: '10000.00', currency: 'USDC' } });
      return id;
    };
    const [acc, other, bystander] = [await account('Sweep A'), await account('Sweep B'), await account('Sweep C')];
    const pm = (
      await t.http.post(`/v1/accounts/${acc}/payment-methods`, {
        token: aKey,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Sweep' } },
      })
    ).body.data.id;
    const quote = (await t.http.post('/v1/quotes', { token: aKey, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } }))
      .body.data.id;
    const transfer = (
      await t.http.post('/v1/transfers', {
        token: aKey,
        body: { type: 'payout', fromAccountId: acc, paymentMethodId: pm, amount: '10.00', currency: 'USDC' },
      })
    ).body.data.id;
    const paid = (
      await t.http.post('/v1/transfers', {
        token: aKey,
        body: { type: 'internal', fromAccountId: acc, toAccountId: other, amount: '5.00', currency: 'USDC' },
      })
    ).body.data.id;
    const refund = (await t.http.post('/v1/refunds', { token: aKey, body: { transferId: paid, amount: '1.00', reason: 'error' } })).body
      .data.id as string;
    const disputed = (
      await t.http.post('/v1/transfers', {
        token: aKey,
        body: { type: 'internal', fromAccountId: other, toAccountId: acc, amount: '5.00', currency: 'USDC' },
      })
    ).body.data.id;
    const dispute = (
      await t.http.post('/v1/disputes', {
        token: aKey,
        body: { transferId: disputed, reason: 'other', description: 'Sweep', amountDisputed: '1.00' },
      })
    ).body.data.id as string;
    // A transfer waiting for approval, under a policy of A's (and one approval of two given).
    const policy = (
      await t.http.post('/v1/approval-policies', {
        token: a.token,
        body: {
          name: 'Sweep',
          appliesTo: 'internal',
          amountGte: '7.00',
          initiatorTypes: ['api_key'],
          requiredApprovals: 2,
          approverRole: 'admin',
        },
      })
    ).body.data.id as string;
    const waiting = (
      await t.http.post('/v1/transfers', {
        token: aKey,
        body: { type: 'internal', fromAccountId: acc, toAccountId: other, amount: '7.00', currency: 'USDC' },
      })
    ).body.data.id as string;
    await t.http.post(`/v1/transfers/${waiting}/approve`, { token: a.token });
    const approval = (await t.http.get(`/v1/approvals?transferId=${waiting}`, { token: a.token })).body.data[0].id as string;
    const review = (await t.http.post('/v1/reviews', { token: aKey, body: { accountId: acc, riskLevel: 'high', reason: 'Sweep' } })).body
      .data.id as string;
    const today = t.clock.now().toISOString().slice(0, 10);
    const schedule = (
      await t.http.post('/v1/scheduled-transfers', {
        token: aKey,
        body: { fromAccountId: acc, toAccountId: other, amount: '1.00', currency: 'USDC', frequency: 'monthly', startDate: today },
      })
    ).body.data.id;
    const agent = (await t.http.post('/v1/agents', { token: aKey, body: { accountId: acc, name: 'Sweep agent' } })).body.data.id;
    const stream = (
      await t.http.post('/v1/streams', {
        token: aKey,
        body: { senderAccountId: acc, receiverAccountId: other, currency: 'USDC', ratePerSecond: '0.0001' },
      })
    ).body.data.id;
    const member = await addMember(t.http, a.token, 'member');
    const session = (await t.http.get('/v1/auth/sessions', { token: a.token })).body.data[0].id;
    const apiKey = (await createKey(t.http, a.token)).id;
    const event = (await t.http.get('/v1/events?limit=1', { token: aKey })).body.data[0].id as string;
    const hook = (
      await t.http.post('/v1/webhook-endpoints', { token: a.token, body: { url: 'http://localhost:9/hooks', enabledEvents: ['*'] } })
    ).body.data.id as string;
    // The waiting transfer above put a notification on A's bell.
    const notification = (await t.http.get('/v1/notifications?limit=1', { token: a.token })).body.data[0].id as string;

    // The callers.
    const b = await signup(t.http, 'sweep-b');
    const aLive = (await createKey(t.http, a.token, 'live')).key;
    const bystanderAgent = await t.http.post('/v1/agents', {
      token: aKey,
      body: {
        accountId: bystander,
        name: 'Bystander',
        permissions: [...AGENT_PERMISSIONS],
      },
    });
    await t.http.post(`/v1/agents/${bystanderAgent.body.data.id}/verify`, { token: a.token, body: { tier: 3 } });
    const agentToken = bystanderAgent.body.data.token as string;

    // Route prefix → A's object; {pmId} is A's payment method. Tenant-wide objects (team, keys,
    // sessions) are not environment-scoped: A's live key is A, so only B and the agent try them.
    const ids: [RegExp, string, boolean][] = [
      [/^\/v1\/accounts\/\{id\}/, acc, true],
      [/^\/v1\/quotes\/\{id\}/, quote, true],
      [/^\/v1\/transfers\/\{id\}\/(approve|deny)$/, waiting, true],
      [/^\/v1\/transfers\/\{id\}/, transfer, true],
      [/^\/v1\/approval-policies\/\{id\}/, policy, true],
      [/^\/v1\/approvals\/\{id\}/, approval, true],
      [/^\/v1\/reviews\/\{id\}/, review, true],
      [/^\/v1\/refunds\/\{id\}/, refund, true],
      [/^\/v1\/disputes\/\{id\}/, dispute, true],
      [/^\/v1\/test-helpers\/transfers\/\{id\}/, transfer, true],
      [/^\/v1\/scheduled-transfers\/\{id\}/, schedule, true],
      [/^\/v1\/agents\/\{id\}/, agent, true],
      [/^\/v1\/streams\/\{id\}/, stream, true],
      [/^\/v1\/organization\/team\/\{userId\}/, member.userId, false],
      [/^\/v1\/auth\/sessions\/\{id\}/, session, false],
      [/^\/v1\/api-keys\/\{id\}/, apiKey, false],
      [/^\/v1\/events\/\{id\}/, event, true],
      [/^\/v1\/webhook-endpoints\/\{id\}/, hook, true],
      [/^\/v1\/notifications\/\{id\}/, notification, true],
    ];
    const bodies = BODIES_BY_OPERATION;

    const spec = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
    const withIds = routes.filter((r) => r.path.includes('{'));
    const before = await checksum(a.tenantId, bystanderAgent.body.data.id);
    let calls = 0;
    for (const { method, path } of withIds) {
      const known = ids.find(([pattern]) => pattern.test(path));
      expect(known, `${method} ${path}: no object for this route — add it to the sweep`).toBeDefined();
      const [, id, environmentScoped] = known as [RegExp, string, boolean];
      const url = path.replace(/\{id\}|\{userId\}/, id).replace('{pmId}', pm);
      const body = bodies[`${method} ${path}`];
      const call = (token: string) =>
        method === 'GET'
          ? t.http.get(url, { token })
          : method === 'DELETE'
            ? t.http.delete(url, { token })
            : method === 'PATCH'
              ? t.http.patch(url, { token, body })
              : t.http.post(url, { token, ...(body !== undefined && { body }) });
      for (const [who, token] of [
        ['tenant B', b.token],
        ...(environmentScoped ? [['A live', aLive]] : []),
        ['agent', agentToken],
      ] as const) {
        const res = await call(token);
        calls++;
        const where = `${who}: ${method} ${path} → ${res.status} ${JSON.stringify(res.body.error ?? {})}`;
        // A route-level refusal (the caller's role or kind may not use the route at all) says nothing
        // about the object; anything that looked at the object must be a 404.
        const routeLevel = ['insufficient_permissions', 'user_credentials_required', 'test_mode_only'];
        const agentLevel = ['agent_not_allowed', 'agent_permission_missing', 'stream_sender_only'];
        if (res.status === 403) {
          expect(who === 'agent' ? [...routeLevel, ...agentLevel] : routeLevel, where).toContain(res.body.error.code);
        } else {
          expect(res.status, where).toBe(404);
        }
      }
    }
    // Search (GET /v1/search): each of A's objects by its whole id, upper case and first characters, and
    // by its words — B and A's live environment find none of them; agents may not search at all.
    const objects = { acc, other, pm, transfer, paid, disputed, waiting, schedule, agent, stream };
    const aIds = new Set(Object.values(objects).map((id) => id.toLowerCase()));
    const queries = [...[...aIds].flatMap((id) => [id, id.toUpperCase(), id.slice(0, 8)]), 'sweep', 'sweep agent', '10.00', '5.00 USDC'];
    for (const q of queries) {
      for (const [who, token] of [
        ['tenant B', b.token],
        ['A live', aLive],
        ['agent', agentToken],
      ] as const) {
        const res = await t.http.get(`/v1/search?q=${encodeURIComponent(q)}`, { token });
        calls++;
        const where = `${who}: GET /v1/search?q=${q} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        if (who === 'agent') {
          expect(res.status, where).toBe(403);
          expect(res.body.error.code, where).toBe('agent_not_allowed');
          continue;
        }
        expect(res.status, where).toBe(200);
        expect(
          (res.body.data as { id: string }[]).filter((r) => aIds.has(r.id)),
          where,
        ).toEqual([]);
      }
    }
    // …while A finds each of them by its id.
    for (const id of aIds) {
      const found = await t.http.get(`/v1/search?q=${id}`, { token: aKey });
      expect(
        (found.body.data as { id: string }[]).map((r) => r.id),
        `A: ${id}`,
      ).toContain(id);
    }

    expect(await checksum(a.tenantId, bystanderAgent.body.data.id)).toEqual(before);
    expect(withIds.length).toBeGreaterThanOrEqual(40);
    expect(calls).toBeGreaterThan(100);
    console.log(
      `isolation sweep: ${withIds.length} routes with an id, ${calls} foreign calls, checksum of ${TENANT_TABLES.length} tables unchanged`,
    );
    // Sanity: A itself still reaches its objects.
    const login = await t.http.post('/v1/auth/login', { body: { email: a.email, password: PASSWORD } });
    expect((await t.http.get(`/v1/streams/${stream}`, { token: login.body.data.session.accessToken })).status).toBe(200);
  });
});
