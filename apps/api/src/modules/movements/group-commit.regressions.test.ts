import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';

/*
 * Hostile-review findings on group commit (bd3c1c8) that show on any database (PGlite and PostgreSQL).
 * Every test here FAILS on the reviewed tree: each demonstrates one defect (see the comment above it).
 */

// One HTTP burst is one batch: a batch forms when maxBatch commands are queued, or after the window.
const t = testApp({ groupCommit: { windowMs: 200, maxBatch: 64 } });
const tenant = tenantWithKey(t, 'attack-gc');

const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.http.post('/v1/transfers', { token: tenant.key, body: { type: 'internal', currency: 'USDC', ...body }, headers });

/** The raw text of a response (the fixtures' client parses it; byte comparisons need the text). */
async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), replayed: res.headers.get('idempotent-replayed') };
}

describe('group commit: what a batch answers is not what it stored', () => {
  // Regression (hostile review, low): the 201 body of an internal transfer is presented from the in-memory command
  // (internal.service.ts transferRow → presentTransfer), not from the row the database stored. jsonb
  // re-orders object keys (by length, then bytes), so `metadata` comes back from GET /v1/transfers/{id}
  // in another order than in the 201 and in every replay of it. Before bd3c1c8 the response was built
  // from INSERT … RETURNING, so POST, replay and GET were the same bytes.
  it('POST, its replay and GET /v1/transfers/{id} are the same bytes (metadata with keys in non-jsonb order)', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Meta from', funds: '10.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Meta to' });
    const body = {
      type: 'internal',
      currency: 'USDC',
      fromAccountId: from,
      toAccountId: to,
      amount: '1.00',
      metadata: { zebra: '1', a: '2', invoice_reference: '3', b: '4' },
    };
    const first = await raw('POST', '/v1/transfers', body, { 'idempotency-key': 'attack-meta-order' });
    expect(first.status).toBe(201);
    const replay = await raw('POST', '/v1/transfers', body, { 'idempotency-key': 'attack-meta-order' });
    expect(replay.replayed).toBe('true');
    expect(replay.text).toBe(first.text);
    const id = JSON.parse(first.text).data.id as string;
    const stored = await raw('GET', `/v1/transfers/${id}`);
    expect(stored.status).toBe(200);
    // Before the fix: {"zebra","a","invoice_reference","b"} in the 201 and the replay, {"a","b","zebra",…} in GET.
    expect(stored.text).toBe(first.text);
  });

  // A lone UTF-16 surrogate is valid JSON, but the database cannot hold it as sent (text turns it into
  // U+FFFD, jsonb refuses it): it is refused before anything runs.
  it('a description with a lone surrogate is a 400 invalid_character, and nothing is written', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Surrogate from', funds: '10.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Surrogate to' });
    const refused = await send({ fromAccountId: from, toAccountId: to, amount: '1.00', description: 'pay \ud800 now' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_character');
    const paired = await send({ fromAccountId: from, toAccountId: to, amount: '1.00', description: 'pay \ud83d\ude00 now' });
    expect(paired.status).toBe(201);
    const stored = await t.http.get(`/v1/transfers/${paired.body.data.id}`, { token: tenant.key });
    expect(stored.body.data.description).toBe('pay \ud83d\ude00 now');
  });
});

describe('group commit: a client mistake that reaches the database', () => {
  // Regression (hostile review, medium; the 500 predates bd3c1c8, the batch makes it costlier): a lone UTF-16 surrogate
  // in a metadata value is valid JSON and passes validation (packages/contracts/src/common.ts
  // metadataSchema; request-context.ts only refuses NUL), but PostgreSQL's jsonb refuses "\ud800"
  // (22P02, "Unicode low surrogate must follow a high surrogate") when internal-batch.repo.ts
  // insertTransfers casts `t.metadata::jsonb`. The INSERT of the whole batch fails, group-commit.ts
  // run() rolls it back and re-runs its commands ONE BY ONE, sequentially (n+1 transactions instead of
  // one, for everybody in the batch), and the poisoned request finally answers 500 internal_error for
  // what is a 400.
  it('a lone surrogate in metadata is a 400, and the other transfers of its batch commit in that batch', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Poison from', funds: '100.00' });
    const to = await openAccount(t.http, tenant.key, { name: 'Poison to' });
    const before = t.deps.movements.stats();
    const replies = await Promise.all([
      send({ fromAccountId: from, toAccountId: to, amount: '1.00' }),
      send({ fromAccountId: from, toAccountId: to, amount: '1.00', metadata: { note: 'evil \ud800' } }),
      send({ fromAccountId: from, toAccountId: to, amount: '1.00' }),
    ]);
    const after = t.deps.movements.stats();
    // The two valid ones do commit (after the split), so the balance is right either way.
    expect(replies[0]?.status).toBe(201);
    expect(replies[2]?.status).toBe(201);
    // Before the fix: 500 internal_error.
    expect({ status: replies[1]?.status, code: replies[1]?.body.error?.code }).toMatchObject({ status: 400 });
    // Before the fix: 4 batches (the failed one, then each command alone).
    expect(after.batches - before.batches).toBe(1);
  });
});
