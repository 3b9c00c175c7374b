/**
 * Hostile input: for every operation in /openapi.json, fast-check generates bodies, queries, path
 * ids and headers that are wrong — wrong types, huge and deeply nested values, unicode, malformed
 * amounts, SQL and script payloads, duplicate keys, broken JSON, missing, forged, expired or
 * `alg: none` credentials, truncated keys. Every answer must be a 4xx in the error envelope (never a
 * 5xx), and nothing may be written. FUZZ_RUNS sets the cases per operation (default: enough for ≥ 5,000).
 */
import { withOwner } from '@payos/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createKey, createTestDatabase, signup, type TestDatabase } from '../harness.js';

let database: TestDatabase;
let t: ReturnType<typeof buildApp>;
let token: string;
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
  t = buildApp(database.db);
  const owner = await signup(t.http, 'fuzz');
  token = owner.token;
  key = (await createKey(t.http, owner.token)).key;
});
afterAll(() => database.drop());

/** Every row of every table, hashed (owner role: RLS does not apply). */
async function everything() {
  return withOwner(database.db, async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN ('schema_migrations') ORDER BY table_name`,
    );
    const sums: Record<string, string | null> = {};
    for (const { table_name } of tables) {
      const [row] = await tx.query<{ sum: string | null }>(
        `SELECT md5(string_agg((to_jsonb(t) - 'last_used_at')::text, '|' ORDER BY (to_jsonb(t) - 'last_used_at')::text)) AS sum FROM ${table_name} t`,
      );
      sums[table_name] = row?.sum ?? null;
    }
    return sums;
  });
}

const nasty = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE accounts; --",
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '../../etc/passwd',
    '\u0000',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '🦄'.repeat(1000),
    'NaN',
    'Infinity',
    '-1',
    '1e308',
    '0x10',
    '1,000.00',
    '١٢٣',
    ' 12.00 ',
    '0.0000000001',
    '99999999999999999999999',
  ),
  fc.string({ maxLength: 40 }),
  fc.constant('x'.repeat(100_000)),
);
const wrongValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
);
/** Deeply nested JSON, as raw text (building it as an object would only test this file's own stack). */
const deep = (field: string) =>
  fc.integer({ min: 100, max: 20_000 }).map((depth) => `{"${field}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Operation = { method: string; path: string; properties: Record<string, Schema> };

function operations(spec: {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}) {
  const schemas = spec.components?.schemas ?? {};
  const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? resolve(schemas[s.$ref.split('/').pop() as string]) : s);
  const propertiesOf = (schema: Schema | undefined): Record<string, Schema> => {
    const s = resolve(schema);
    if (!s) return {};
    if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v) ?? {}]));
    return Object.assign({}, ...[...(s.oneOf ?? []), ...(s.anyOf ?? [])].map(propertiesOf));
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, properties: propertiesOf(op.requestBody?.content?.['application/json']?.schema) });
    }
  }
  return ops;
}

const huge = fc.constant('x'.repeat(100_000));
const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
/** A value that is wrong for this property's schema — never one it could accept (null included, where it is allowed). */
function wrongFor(schema: Schema): fc.Arbitrary<unknown> {
  const nullable = (Array.isArray(schema.type) && schema.type.includes('null')) || (schema.enum?.includes(null) ?? false);
  return nullable ? wrongForType(schema).filter((value) => value !== null) : wrongForType(schema);
}
function wrongForType(schema: Schema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'string':
      // Formatted, patterned and enumerated strings refuse hostile text; free text refuses only other types and excess length.
      return schema.format || schema.pattern || schema.enum ? fc.oneof(nasty, notString, huge) : fc.oneof(notString, huge);
    case 'integer':
    case 'number':
      return fc.oneof(
        nasty,
        fc.boolean(),
        fc.constant(1e308),
        fc.constant(1.5),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
      );
    case 'boolean':
      return fc.oneof(nasty, fc.integer());
    case 'array':
      return fc.oneof(nasty, fc.integer(), fc.array(fc.oneof(fc.integer(), nasty, fc.constant(null)), { minLength: 1, maxLength: 20 }));
    default:
      return fc.oneof(nasty, fc.integer(), fc.array(fc.integer(), { maxLength: 3 }));
  }
}

const ALG_NONE = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","tid":"00000000-0000-0000-0000-000000000000","sid":"x","exp":9999999999}').toString('base64url')}.`;

describe('hostile input', () => {
  it('never answers 5xx, always answers with the error envelope, and writes nothing', async () => {
    const spec = (await t.http.get('/openapi.json')).body as Parameters<typeof operations>[0];
    // The notification feed answers a valid user with a stream that never ends (its refusals are in
    // the authorization matrix, its messages in notifications.test.ts).
    const ops = operations(spec).filter((o) => !['/health', '/ready', '/openapi.json', '/docs', '/v1/notifications/feed'].includes(o.path));
    const runs = Number(process.env.FUZZ_RUNS ?? Math.ceil(5000 / ops.length));
    const invalidCredentials = fc.oneof(
      fc.constant(undefined),
      fc.constant(key.slice(0, 12)),
      fc.constant(`${token.slice(0, -4)}AAAA`),
      fc.constant(ALG_NONE),
      fc.constant('agent_'.padEnd(40, 'x')),
      fc.constant('pk_live_'.padEnd(40, '0')),
      nasty,
    );
    const credentials = fc.oneof(fc.constant(token), fc.constant(key), invalidCredentials);
    const pathId = fc.oneof(fc.uuid(), nasty.map(encodeURIComponent), fc.constant('00000000-0000-0000-0000-000000000000'));
    const before = await everything();
    let cases = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      const body = fc.oneof(
        fc.record(Object.fromEntries(Object.entries(op.properties).map(([p, schema]) => [p, wrongFor(schema)])), { requiredKeys: [] }),
        deep(Object.keys(op.properties)[0] ?? 'a'),
        fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 10 })), wrongValue, { maxKeys: 6 }),
        fc.constantFrom('{"amount":"1.00","amount":"-1"', '[', 'null', '"x"', '{'.repeat(10_000), 'x'.repeat(1_200_000)),
      );
      // A body-less change with no id (logout) succeeds whatever else is sent: fuzz only its credentials.
      const bodyless = op.method !== 'GET' && Object.keys(op.properties).length === 0 && !op.path.includes('{');
      await fc.assert(
        fc.asyncProperty(
          bodyless ? invalidCredentials : credentials,
          pathId,
          body,
          fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'from', 'minAmount', 'search', 'ids', 'q'), nasty, { maxKeys: 3 }),
          fc.option(nasty),
          async (credential, id, payload, query, idempotencyKey) => {
            const path = op.path.replace(/\{[^}]+\}/g, id);
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            // Header values are bytes: what a client cannot send as text is replaced, as it would be on the wire.
            const latin1 = (value: string) => value.replace(/[^\x20-\x7e]/g, '?');
            if (credential) headers.authorization = `Bearer ${latin1(credential)}`;
            if (idempotencyKey) headers['idempotency-key'] = latin1(idempotencyKey).slice(0, 500);
            const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
            const res = await t.app.request(`${path}${qs ? `?${qs}` : ''}`, {
              method: op.method,
              headers,
              ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: raw }),
            });
            cases++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const text = await res.text();
            const where = `${op.method} ${path}?${qs} ${raw.slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
            expect(res.status, where).toBeLessThan(500);
            // Reads may succeed (unknown query keys are ignored); a change made of hostile input may not.
            if (op.method !== 'GET') expect(res.status, where).toBeGreaterThanOrEqual(400);
            if (res.status >= 400) {
              const json = JSON.parse(text) as { error?: { type?: string; code?: string; message?: string; requestId?: string } };
              expect(json.error, where).toMatchObject({ type: expect.any(String), code: expect.any(String), message: expect.any(String) });
            }
          },
        ),
        { numRuns: runs },
      );
    }
    expect(await everything()).toEqual(before);
    expect(cases).toBeGreaterThanOrEqual(Math.min(5000, runs * ops.length));
    console.log(`fuzz: ${cases} cases over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 600_000);

  it('refuses the NUL character with a 400 (PostgreSQL text cannot hold it) — found by this fuzzer', async () => {
    const query = await t.http.get('/v1/accounts?search=%00', { token: key });
    expect(query.status).toBe(400);
    expect(query.body.error).toMatchObject({ code: 'invalid_character', param: 'query' });
    const body = await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name: 'Nul\u0000Corp' } });
    expect(body.body.error).toMatchObject({ code: 'invalid_character', param: 'body' });
  });
});
