import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { AGENT_PERMISSIONS } from '../../apps/api/src/modules/agents/agents.permissions.js';
import { testApp } from '../fixtures.js';
import { addMember, createKey, type Json, type Reply, signup } from '../harness.js';
import { tenantChecksum } from './checksum.js';
import { BODIES_BY_OPERATION } from './declared.js';

const t = testApp();

type Scope = 'anotherAccount' | 'anotherEnvironment' | 'anotherTenant';
type Caller = 'key' | 'agent' | 'user';

/** Every row of these tenants; an agent's reads and refusals are expected in its log, a write that went through is not. */
const checksum = (tenantIds: string[]) => tenantChecksum(t.db, tenantIds, { activity: 'succeededWrites' });

type Spec = {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: Json }>>;
  components?: { schemas?: Record<string, Json> };
};

/** Property names of a request body schema, through $ref, oneOf/anyOf/allOf (a discriminated union lists every variant's). */
function bodyProperties(spec: Spec, schema: Json | undefined, seen = new Set<Json>()): Set<string> {
  const names = new Set<string>();
  if (!schema || seen.has(schema)) return names;
  seen.add(schema);
  const resolved: Json = schema.$ref ? (spec.components?.schemas?.[String(schema.$ref).split('/').pop() as string] ?? {}) : schema;
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const part of (resolved[key] as Json[] | undefined) ?? []) for (const n of bodyProperties(spec, part, seen)) names.add(n);
  }
  for (const name of Object.keys(resolved.properties ?? {})) names.add(name);
  return names;
}

const namesAnObject = (name: string) => /Ids?$/.test(name);

describe('ownership of every id a request names', () => {
  it('refuses another account’s, environment’s and tenant’s objects in every id field, writing nothing', async () => {
    // ── Tenant A, test: X acts (its agent too), Y is another account of the same tenant, Z receives.
    const a = await signup(t.http, 'own-a');
    const aKey = (await createKey(t.http, a.token)).key;
    const aLive = (await createKey(t.http, a.token, 'live')).key;
    const account = async (token: string, name: string, fund = true) => {
      const res = await t.http.post('/v1/accounts', { token, body: { type: 'business', name } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.data.id as string;
      if (fund) {
        await t.http.post(`/v1/accounts/${id}/verify`, { token: a.token, body: { tier: 3 } });
        await t.http.post('/v1/deposits', { token, body: { accountId: id, amount: '100000.00', currency: 'USDC' } });
      }
      return id;
    };
    const method = async (token: string, accountId: string) => {
      const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
        token,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Owner' } },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data.id as string;
    };
    const quote = async (token: string) => {
      const res = await t.http.post('/v1/quotes', { token, body: { fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.00' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data.id as string;
    };
    const agentOf = async (accountId: string) => {
      const res = await t.http.post('/v1/agents', {
        token: aKey,
        body: {
          accountId,
          name: 'Ownership agent',
          permissions: [...AGENT_PERMISSIONS],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await t.http.post(`/v1/agents/${res.body.data.id}/verify`, { token: a.token, body: { tier: 3 } });
      return { id: res.body.data.id as string, token: res.body.data.token as string };
    };

    const b = await signup(t.http, 'own-b');
    const bKey = (await createKey(t.http, b.token)).key;
    const [x, y, z] = [await account(aKey, 'X'), await account(aKey, 'Y'), await account(aKey, 'Z')];
    const [pmX, pmY] = [await method(aKey, x), await method(aKey, y)];
    const agentX = await agentOf(x);
    const agentY = await agentOf(y);
    const xLive = await account(aLive, 'X live', false);
    const pmLive = await method(aLive, xLive);
    const quoteLive = await quote(aLive);
    const xB = await account(bKey, 'B', false);
    const pmB = await method(bKey, xB);
    const quoteB = await quote(bKey);
    const quoteOfKey = await quote(aKey);

    // A's objects of every kind that a path names (all X's), for the path sweep.
    const transfer = (
      await t.http.post('/v1/transfers', {
        token: aKey,
        body: { type: 'payout', fromAccountId: x, paymentMethodId: pmX, amount: '10.00', currency: 'USDC' },
      })
    ).body.data.id as string;
    const today = t.clock.now().toISOString().slice(0, 10);
    const schedule = (
      await t.http.post('/v1/scheduled-transfers', {
        token: aKey,
        body: { fromAccountId: x, toAccountId: z, amount: '1.00', currency: 'USDC', frequency: 'monthly', startDate: today },
      })
    ).body.data.id as string;
    const stream = (
      await t.http.post('/v1/streams', {
        token: aKey,
        body: { senderAccountId: x, receiverAccountId: z, currency: 'USDC', ratePerSecond: '0.0001' },
      })
    ).body.data.id as string;
    const member = await addMember(t.http, a.token, 'member');
    const session = (await t.http.get('/v1/auth/sessions', { token: a.token })).body.data[0].id as string;
    const apiKey = (await createKey(t.http, a.token)).id;
    const event = (await t.http.get(`/v1/events?limit=1&objectId=${x}`, { token: aKey })).body.data[0].id as string;
    const hookOf = async (token: string, environment?: 'live') =>
      (await t.http.post('/v1/webhook-endpoints', { token, environment, body: { url: 'http://localhost:9/hooks', enabledEvents: ['*'] } }))
        .body.data.id as string;
    const [hook, hookLive, hookB] = [await hookOf(a.token), await hookOf(a.token, 'live'), await hookOf(b.token)];
    for (const id of [transfer, schedule, stream, session, apiKey, event]) expect(id).toBeTruthy();

    // Completed internal transfers to refund: X received one (X's agent may refund it), Y sent one to Z
    // (X's agent is no party to it), B has its own, and live has one (written directly: live cannot be
    // funded through the API).
    const paid = async (token: string, from: string, to: string) => {
      const res = await t.http.post('/v1/transfers', {
        token,
        body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '10.00', currency: 'USDC' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data.id as string;
    };
    const [paidToX, paidByY] = [await paid(aKey, z, x), await paid(aKey, y, z)];
    const disputeOfX = (
      await t.http.post('/v1/disputes', {
        token: aKey,
        body: { transferId: await paid(aKey, z, x), reason: 'other', description: 'Ownership', amountDisputed: '1.00' },
      })
    ).body.data.id as string;
    const refundOfX = (await t.http.post('/v1/refunds', { token: aKey, body: { transferId: paidToX, amount: '0.01', reason: 'error' } }))
      .body.data.id as string;
    const yB = (await t.http.post('/v1/accounts', { token: bKey, body: { type: 'business', name: 'B payer' } })).body.data.id as string;
    await t.http.post(`/v1/accounts/${yB}/verify`, { token: b.token, body: { tier: 2 } });
    await t.http.post('/v1/deposits', { token: bKey, body: { accountId: yB, amount: '100.00', currency: 'USDC' } });
    const paidB = await paid(bKey, yB, xB);
    // B's schedule and stream, for the approvals filters that name one.
    const scheduleB = (
      await t.http.post('/v1/scheduled-transfers', {
        token: bKey,
        body: { fromAccountId: yB, toAccountId: xB, amount: '1.00', currency: 'USDC', frequency: 'monthly', startDate: today },
      })
    ).body.data.id as string;
    const streamB = (
      await t.http.post('/v1/streams', {
        token: bKey,
        body: { senderAccountId: yB, receiverAccountId: xB, currency: 'USDC', ratePerSecond: '0.0001' },
      })
    ).body.data.id as string;
    for (const id of [scheduleB, streamB]) expect(id).toBeTruthy();
    // Each has a refund, so a filter that leaked would show one.
    for (const [token, transferId] of [
      [aKey, paidByY],
      [bKey, paidB],
    ]) {
      const res = await t.http.post('/v1/refunds', { token, body: { transferId, amount: '0.01', reason: 'error' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // A transfer waiting for approval: a policy of A's that only users' internal transfers match (no template sends one).
    const policy = (
      await t.http.post('/v1/approval-policies', {
        token: a.token,
        body: {
          name: 'Users',
          appliesTo: 'internal',
          amountGte: '0',
          initiatorTypes: ['user'],
          requiredApprovals: 1,
          approverRole: 'owner',
        },
      })
    ).body.data.id as string;
    const waiting = await paid(a.token, z, x);
    const approval = (await t.http.get(`/v1/approvals?transferId=${waiting}&status=pending`, { token: a.token })).body.data[0]
      ?.id as string;
    expect(approval).toBeTruthy();
    // The waiting transfer put a notification on the team's bell.
    const notification = (await t.http.get('/v1/notifications?limit=1', { token: a.token })).body.data[0]?.id as string;
    expect(notification).toBeTruthy();
    const reviewOfX = (await t.http.post('/v1/reviews', { token: aKey, body: { accountId: x, riskLevel: 'high', reason: 'Ownership' } }))
      .body.data.id as string;
    expect(reviewOfX).toBeTruthy();
    const yLive = await account(aLive, 'Y live', false);
    const [paidLive] = await withOwner(t.db, (tx) =>
      tx.query<{ id: string }>(
        `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, amount, currency, total_debit,
                                initiated_by_type, created_at, updated_at)
         VALUES ($1, 'live', gen_random_uuid(), 'internal', 'completed', $2, $3, 10, 'USDC', 10, 'system', now(), now()) RETURNING id`,
        [a.tenantId, yLive, xLive],
      ),
    );

    const tokens: Record<Caller, string> = { key: aKey, agent: agentX.token, user: a.token };

    // ── How to build a foreign object for each body field name, per scope. `anotherAccount` exists only
    // where the API holds the object to one account, and says for which callers.
    type FieldRule = {
      anotherAccount?: { callers: Caller[]; id: () => string | Promise<string>; rule: string };
      anotherEnvironment: () => string;
      anotherTenant: () => string;
    };
    const BODY_FIELDS: Record<string, FieldRule> = {
      fromAccountId: {
        anotherAccount: { callers: ['agent'], id: () => y, rule: 'an agent sends only from the account it acts for' },
        anotherEnvironment: () => xLive,
        anotherTenant: () => xB,
      },
      // Any account of the tenant environment may receive.
      toAccountId: { anotherEnvironment: () => xLive, anotherTenant: () => xB },
      paymentMethodId: {
        anotherAccount: { callers: ['key', 'agent'], id: () => pmY, rule: 'a payment method is used only by its own account' },
        anotherEnvironment: () => pmLive,
        anotherTenant: () => pmB,
      },
      // A quote is a price of the tenant environment (any user or key may use it once); an agent only its own.
      quoteId: {
        anotherAccount: { callers: ['agent'], id: () => quoteOfKey, rule: 'an agent uses only the quotes it asked for' },
        anotherEnvironment: () => quoteLive,
        anotherTenant: () => quoteB,
      },
      accountId: { anotherEnvironment: () => xLive, anotherTenant: () => xB },
      senderAccountId: {
        anotherAccount: { callers: ['agent'], id: () => y, rule: 'an agent streams only from the account it acts for' },
        anotherEnvironment: () => xLive,
        anotherTenant: () => xB,
      },
      receiverAccountId: { anotherEnvironment: () => xLive, anotherTenant: () => xB },
      transferId: {
        anotherAccount: { callers: ['agent'], id: () => paidByY, rule: 'an agent refunds only what its account received' },
        anotherEnvironment: () => paidLive?.id as string,
        anotherTenant: () => paidB,
      },
      // A webhook endpoint of the tenant environment (managed by its owners and admins).
      endpointId: { anotherEnvironment: () => hookLive, anotherTenant: () => hookB },
      // A member of the tenant (users belong to the tenant, not an environment): B's owner is foreign either way.
      userId: { anotherEnvironment: () => b.userId, anotherTenant: () => b.userId },
    };

    // ── A request that uses each field, valid with the caller's own objects. `callers`: who may send it.
    // `own.quote` is a quote the caller may use (the sweep never consumes it; each success needs a fresh one).
    type Own = { quote: string };
    type Template = { callers: Caller[]; body: (own: Own) => Json };
    const sweepQuotes: Record<Caller, Own> = {
      key: { quote: await quote(aKey) },
      agent: { quote: await quote(agentX.token) },
      user: { quote: await quote(a.token) },
    };
    const TEMPLATES: Record<string, Template[]> = {
      'POST /v1/transfers': [
        {
          callers: ['key', 'agent'],
          body: () => ({ type: 'internal', fromAccountId: x, toAccountId: z, amount: '1.00', currency: 'USDC' }),
        },
        {
          callers: ['key', 'agent'],
          body: (own) => ({
            type: 'payout',
            fromAccountId: x,
            paymentMethodId: pmX,
            quoteId: own.quote,
            amount: '10.00',
            currency: 'USDC',
          }),
        },
        {
          callers: ['key', 'agent'],
          body: () => ({ type: 'payout', fromAccountId: x, toAccountId: z, destinationCurrency: 'MXN', amount: '10.00', currency: 'USDC' }),
        },
      ],
      'POST /v1/scheduled-transfers': [
        {
          callers: ['key', 'agent'],
          body: () => ({ fromAccountId: x, toAccountId: z, amount: '1.00', currency: 'USDC', frequency: 'monthly', startDate: today }),
        },
        {
          callers: ['key', 'agent'],
          body: () => ({
            fromAccountId: x,
            paymentMethodId: pmX,
            amount: '1.00',
            currency: 'USDC',
            frequency: 'monthly',
            startDate: today,
          }),
        },
      ],
      'POST /v1/streams': [
        {
          callers: ['key', 'agent'],
          body: () => ({ senderAccountId: x, receiverAccountId: z, currency: 'USDC', ratePerSecond: '0.0001' }),
        },
      ],
      'POST /v1/disputes': [
        { callers: ['key'], body: () => ({ transferId: paidToX, reason: 'other', description: 'Own', amountDisputed: '0.01' }) },
      ],
      'POST /v1/refunds': [{ callers: ['key', 'agent'], body: () => ({ transferId: paidToX, amount: '0.01', reason: 'error' }) }],
      'POST /v1/deposits': [{ callers: ['key'], body: () => ({ accountId: x, amount: '1.00', currency: 'USDC' }) }],
      'POST /v1/agents': [{ callers: ['key'], body: () => ({ accountId: x, name: 'Another agent' }) }],
      'POST /v1/events/{id}/redeliver': [{ callers: ['user'], body: () => ({ endpointId: hook }) }],
      'POST /v1/reviews': [
        { callers: ['key', 'user'], body: () => ({ accountId: x, riskLevel: 'low', reason: 'Own' }) },
        { callers: ['key', 'user'], body: () => ({ transferId: paidToX, riskLevel: 'low', reason: 'Own' }) },
      ],
      'POST /v1/reviews/{id}/assign': [{ callers: ['user'], body: () => ({ userId: a.userId }) }],
    };
    /** A template's path with its own path parameters filled (X's review, or the event of X). */
    const templatePath = (path: string) => path.replace('{id}', path.startsWith('/v1/reviews/') ? reviewOfX : event);

    // Refusals that do not name the field yet; they must still be 404 not_found_error. An agent's sending
    // account is checked by the operation gate before the service (it answers `account` with no param);
    // the streams and deposits services (not this file's owners') answer without a param.
    const PARAM_NOT_NAMED_YET = new Set<string>([]);

    const spec = (await t.http.get('/openapi.json')).body as Spec;
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );

    const before = await checksum([a.tenantId, b.tenantId]);
    const covered = new Set<string>();
    let calls = 0;
    const failures: string[] = [];
    const expectRefused = (where: string, res: Reply, param: string | undefined) => {
      calls++;
      const error = res.body.error ?? {};
      const ok = res.status === 404 && error.type === 'not_found_error' && (param === undefined || error.param === param);
      if (!ok) failures.push(`${where} → ${res.status} ${JSON.stringify(error)}`);
    };
    const uppercaseToo = (id: string) => [id, id.toUpperCase()];

    // ── 1. Body fields.
    for (const { method, path, op } of operations) {
      const fields = [...bodyProperties(spec, op.requestBody?.content?.['application/json']?.schema)].filter(namesAnObject);
      if (!fields.length) continue;
      const name = `${method} ${path}`;
      const templates = TEMPLATES[name];
      expect(templates, `${name} names objects (${fields.join(', ')}): add a request template for it`).toBeDefined();
      for (const field of fields) {
        const rule = BODY_FIELDS[field];
        expect(rule, `${name}: no rule for body field ${field} — say how to build a foreign one`).toBeDefined();
        let used = false;
        for (const template of templates as Template[]) {
          for (const caller of template.callers) {
            const own = template.body(sweepQuotes[caller]);
            if (!(field in own)) continue;
            used = true;
            const scopes: [Scope, string][] = [
              ['anotherEnvironment', (rule as FieldRule).anotherEnvironment()],
              ['anotherTenant', (rule as FieldRule).anotherTenant()],
            ];
            const another = (rule as FieldRule).anotherAccount;
            if (another?.callers.includes(caller)) scopes.push(['anotherAccount', await another.id()]);
            for (const [scope, foreign] of scopes) {
              for (const id of uppercaseToo(foreign)) {
                const body = { ...own, [field]: field.endsWith('Ids') ? [id] : id };
                const res = await t.http.post(templatePath(path), { token: tokens[caller], body });
                const unnamed = PARAM_NOT_NAMED_YET.has(`${caller} ${field}`) || PARAM_NOT_NAMED_YET.has(`${name} ${field}`);
                expectRefused(
                  `${caller} ${name} ${field}=${scope}${id === foreign ? '' : ' (upper case)'}`,
                  res,
                  unnamed ? undefined : field,
                );
              }
            }
            covered.add(`${name} ${field}`);
          }
        }
        expect(used, `${name}: no template sends ${field}`).toBe(true);
      }
    }

    // ── 2. Path parameters: A's objects (all X's), asked for by tenant B, by A's live key and by the
    // agent of another of A's accounts (Y); a payment method of Y under X's path. A route-level 403
    // (the caller's kind may not use the route at all) says nothing about the object.
    const PATH_OBJECTS: [RegExp, string, { environmentScoped: boolean }][] = [
      [/^\/v1\/accounts\/\{id\}/, x, { environmentScoped: true }],
      [/^\/v1\/quotes\/\{id\}/, quoteOfKey, { environmentScoped: true }],
      [/^\/v1\/transfers\/\{id\}\/(approve|deny)$/, waiting, { environmentScoped: true }],
      [/^\/v1\/transfers\/\{id\}/, transfer, { environmentScoped: true }],
      [/^\/v1\/approval-policies\/\{id\}/, policy, { environmentScoped: true }],
      [/^\/v1\/approvals\/\{id\}/, approval, { environmentScoped: true }],
      [/^\/v1\/reviews\/\{id\}/, reviewOfX, { environmentScoped: true }],
      [/^\/v1\/refunds\/\{id\}/, refundOfX, { environmentScoped: true }],
      [/^\/v1\/disputes\/\{id\}/, disputeOfX, { environmentScoped: true }],
      [/^\/v1\/test-helpers\/transfers\/\{id\}/, transfer, { environmentScoped: true }],
      [/^\/v1\/scheduled-transfers\/\{id\}/, schedule, { environmentScoped: true }],
      [/^\/v1\/agents\/\{id\}/, agentX.id, { environmentScoped: true }],
      [/^\/v1\/streams\/\{id\}/, stream, { environmentScoped: true }],
      [/^\/v1\/organization\/team\/\{userId\}/, member.userId, { environmentScoped: false }],
      [/^\/v1\/auth\/sessions\/\{id\}/, session, { environmentScoped: false }],
      [/^\/v1\/api-keys\/\{id\}/, apiKey, { environmentScoped: false }],
      [/^\/v1\/events\/\{id\}/, event, { environmentScoped: true }],
      [/^\/v1\/webhook-endpoints\/\{id\}/, hook, { environmentScoped: true }],
      [/^\/v1\/notifications\/\{id\}/, notification, { environmentScoped: true }],
    ];
    /** Path parameters other than the leading object: how to fill them with X's and with another account's. */
    const PATH_PARAMS: Record<string, { own: string; anotherAccount: string }> = { pmId: { own: pmX, anotherAccount: pmY } };
    const PATH_BODIES = BODIES_BY_OPERATION;
    const ROUTE_LEVEL = [
      'insufficient_permissions',
      'user_credentials_required',
      'agent_not_allowed',
      'agent_permission_missing',
      'stream_sender_only',
      'credential_not_allowed',
      'environment_not_allowed',
      'test_mode_only',
    ];
    const send = (method: string, url: string, token: string, body?: Json) =>
      method === 'GET'
        ? t.http.get(url, { token })
        : method === 'DELETE'
          ? t.http.delete(url, { token })
          : method === 'PATCH'
            ? t.http.patch(url, { token, body })
            : t.http.post(url, { token, ...(body !== undefined && { body }) });
    for (const { method, path, op } of operations) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      if (!params.length) continue;
      const name = `${method} ${path}`;
      const leading = PATH_OBJECTS.find(([pattern]) => pattern.test(path));
      expect(leading, `${name}: no object for this path — add it to PATH_OBJECTS`).toBeDefined();
      const [, ownId, { environmentScoped }] = leading as (typeof PATH_OBJECTS)[number];
      for (const param of params.slice(1)) expect(PATH_PARAMS[param], `${name}: no rule for path parameter ${param}`).toBeDefined();
      const url = (first: string, others: 'own' | 'anotherAccount' = 'own') =>
        params.reduce(
          (u, p, i) => u.replace(`{${p}}`, i === 0 ? first : (PATH_PARAMS[p] as { own: string; anotherAccount: string })[others]),
          path,
        );
      const callers: [string, string][] = [
        ['tenant B', bKey],
        ...(environmentScoped ? [['A live', aLive] as [string, string]] : []),
        ['agent of another account', agentY.token],
      ];
      for (const [who, token] of callers) {
        for (const id of uppercaseToo(ownId)) {
          const res = await send(method, url(id), token, PATH_BODIES[name]);
          if (res.status === 403 && ROUTE_LEVEL.includes(res.body.error?.code)) {
            calls++;
            continue;
          }
          expectRefused(`${who}: ${name}${id === ownId ? '' : ' (upper case)'}`, res, undefined);
        }
      }
      // A nested path parameter of another account of the same tenant, under X's own path.
      if (params.length > 1) {
        for (const id of uppercaseToo(x)) {
          // As A's key, or as A's owner where keys may not call the route at all.
          let res = await send(method, url(id, 'anotherAccount'), aKey, PATH_BODIES[name]);
          if (res.status === 403 && res.body.error?.code === 'user_credentials_required') {
            res = await send(method, url(id, 'anotherAccount'), a.token, PATH_BODIES[name]);
          }
          expectRefused(`A: ${name} with Y's ${params.slice(1).join(', ')}`, res, undefined);
        }
      }
      covered.add(name);
    }

    // ── 3. `…Id` list filters: a foreign id filters to nothing (or is a 404), never to its rows.
    const QUERY_FOREIGN: Record<string, { anotherAccount?: string; anotherEnvironment: string; anotherTenant: string }> = {
      accountId: { anotherAccount: y, anotherEnvironment: xLive, anotherTenant: xB },
      objectId: { anotherEnvironment: xLive, anotherTenant: xB },
      transferId: { anotherAccount: paidByY, anotherEnvironment: paidLive?.id as string, anotherTenant: paidB },
      assigneeId: { anotherEnvironment: b.userId, anotherTenant: b.userId },
      // Live has no schedule or stream of A's (it cannot be funded through the API): an id of live stands in.
      scheduleId: { anotherEnvironment: xLive, anotherTenant: scheduleB },
      streamId: { anotherEnvironment: xLive, anotherTenant: streamB },
    };
    for (const { method, path, op } of operations) {
      const filters = (op.parameters ?? []).filter((p) => p.in === 'query' && namesAnObject(p.name)).map((p) => p.name);
      for (const filter of filters) {
        const rule = QUERY_FOREIGN[filter];
        expect(rule, `${method} ${path}: no rule for filter ${filter}`).toBeDefined();
        const tries: [string, string, string][] = [
          ['key', aKey, (rule as { anotherEnvironment: string }).anotherEnvironment],
          ['key', aKey, (rule as { anotherTenant: string }).anotherTenant],
          ...(rule?.anotherAccount ? [['agent', agentX.token, rule.anotherAccount] as [string, string, string]] : []),
        ];
        for (const [who, token, foreign] of tries) {
          for (const id of uppercaseToo(foreign)) {
            const res = await t.http.get(`${path}?${filter}=${id}`, { token });
            calls++;
            if (res.status === 403 && ROUTE_LEVEL.includes(res.body.error?.code)) continue;
            const empty = res.status === 200 && Array.isArray(res.body.data) && res.body.data.length === 0;
            if (!empty && res.status !== 404)
              failures.push(`${who}: ${method} ${path}?${filter}=foreign → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          }
        }
        covered.add(`${method} ${path} ?${filter}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await checksum([a.tenantId, b.tenantId])).toEqual(before);

    // ── Each template with the caller's own objects goes through: the refusals above were about the id.
    for (const [name, templates] of Object.entries(TEMPLATES)) {
      const path = name.slice(name.indexOf(' ') + 1);
      for (const template of templates) {
        for (const caller of template.callers) {
          const res = await t.http.post(templatePath(path), {
            token: tokens[caller],
            body: template.body({ quote: await quote(tokens[caller]) }),
          });
          expect(res.status, `${caller} ${name} with its own objects → ${res.status} ${JSON.stringify(res.body.error ?? {})}`).toBeOneOf([
            200, 201, 202,
          ]);
        }
      }
    }
    const verification = await t.http.get('/v1/ledger/verification', { token: a.token });
    expect(verification.body.data).toMatchObject({ ok: true });

    expect(covered.size).toBeGreaterThanOrEqual(60);
    expect(calls).toBeGreaterThan(300);
    console.log(`ownership sweep: ${covered.size} fields and routes, ${calls} foreign calls, both tenants' rows unchanged`);
    // A sweep of every route with an id (hundreds of calls): it grows with the API, past the 30 s default on a busy machine.
  }, 120_000);
});
