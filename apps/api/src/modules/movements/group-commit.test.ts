import { randomUUID } from 'node:crypto';
import { withOwner } from '@payos/db';
import { Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { isRealPostgres } from '../../../../../tests/harness.js';
import { createGroupCommit, type Outcome } from './group-commit.js';

// Batches form only when 64 commands are queued (or after 1 s): one HTTP burst is one batch.
const t = testApp({ groupCommit: { windowMs: 1_000, maxBatch: 64 } });
const tenant = tenantWithKey(t, 'gc');
const other = tenantWithKey(t, 'gc-other');

type Expect = { status: number; code?: string; replayed?: boolean };
type Command = { body: Record<string, unknown>; key?: string; token?: string; expect: Expect };

const send = (c: Command) =>
  t.http.post('/v1/transfers', {
    token: c.token ?? tenant.key,
    body: { type: 'internal', currency: 'USDC', ...c.body },
    headers: c.key ? { 'idempotency-key': c.key } : {},
  });

const balance = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: tenant.key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  )?.available ?? '0.000000';

const count = async (table: string) => {
  const [row] = await withOwner(t.db, (tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`));
  return row?.n ?? 0;
};

describe('group commit: a batch of 64 internal transfers with every kind of refusal mixed in', () => {
  it('commits exactly the valid ones, each refusal gets its own error, and balances are exact', async () => {
    const account = (name: string, tier: number, funds?: string) => openAccount(t.http, tenant.key, { name, tier, funds });
    const rich = await account('Rich', 3, '100000.00');
    const a = await account('A', 2, '100.00');
    const b = await account('B', 2);
    const c = await account('C', 2);
    const tier1 = await account('Tier one', 1, '30000.00');
    const suspended = await account('Suspended', 2, '100.00');
    expect((await t.http.post(`/v1/accounts/${suspended}/suspend`, { token: tenant.key })).status).toBe(200);
    const closed = await account('Closed', 2);
    expect((await t.http.delete(`/v1/accounts/${closed}`, { token: tenant.key })).status).toBe(200);
    const foreign = await openAccount(t.http, other.key, { name: 'Foreign', tier: 2, funds: '100.00' });
    const agentHome = await account('Agent home', 3, '20000.00');
    const agent = await createAgent(t.http, tenant.key, tenant.owner.token, agentHome);
    const fresh = await account('Fresh, refused', 2);
    const freshPaid = await account('Fresh, paid', 2);
    // A request made before the batch, replayed (and misused) inside it.
    const doneBody = { fromAccountId: rich, toAccountId: c, amount: '1.00' };
    expect((await send({ body: doneBody, key: 'k-done', expect: { status: 201 } })).status).toBe(201);
    expect((await send({ body: doneBody, key: 'k-other', expect: { status: 201 } })).status).toBe(201);

    const commands: Command[] = [
      { body: { fromAccountId: a, toAccountId: b, amount: '60.00' }, expect: { status: 201 } },
      { body: { fromAccountId: a, toAccountId: b, amount: '50.00' }, expect: { status: 422, code: 'insufficient_funds' } },
      // B spends what the first command gave it: earlier credits of the batch count.
      { body: { fromAccountId: b, toAccountId: c, amount: '30.00' }, expect: { status: 201 } },
      { body: { fromAccountId: a, toAccountId: c, amount: '40.00' }, expect: { status: 201 } },
      { body: { fromAccountId: a, toAccountId: c, amount: '0.000001' }, expect: { status: 422, code: 'insufficient_funds' } },
      { body: { fromAccountId: suspended, toAccountId: a, amount: '1.00' }, expect: { status: 422, code: 'account_suspended' } },
      { body: { fromAccountId: closed, toAccountId: a, amount: '1.00' }, expect: { status: 422, code: 'invalid_state' } },
      { body: { fromAccountId: rich, toAccountId: closed, amount: '1.00' }, expect: { status: 404, code: 'resource_missing' } },
      { body: { fromAccountId: rich, toAccountId: foreign, amount: '1.00' }, expect: { status: 404, code: 'resource_missing' } },
      { body: { fromAccountId: foreign, toAccountId: rich, amount: '1.00' }, expect: { status: 404, code: 'resource_missing' } },
      { body: { fromAccountId: randomUUID(), toAccountId: rich, amount: '1.00' }, expect: { status: 404, code: 'resource_missing' } },
      { body: { fromAccountId: tier1, toAccountId: rich, amount: '5000.01' }, expect: { status: 422, code: 'limit_exceeded' } },
      // Tier 1 allows 20,000 a day: four sends reach it, and the fifth is refused on the batch's own usage.
      ...Array.from({ length: 4 }, () => ({
        body: { fromAccountId: tier1, toAccountId: rich, amount: '5000.00' },
        expect: { status: 201 },
      })),
      { body: { fromAccountId: tier1, toAccountId: rich, amount: '0.01' }, expect: { status: 422, code: 'limit_exceeded' } },
      // A key twice in one batch: the two requests were in flight together, so the second is told so.
      { body: { fromAccountId: rich, toAccountId: a, amount: '1.00' }, key: 'k-dup', expect: { status: 201 } },
      {
        body: { fromAccountId: rich, toAccountId: a, amount: '1.00' },
        key: 'k-dup',
        expect: { status: 409, code: 'idempotency_key_in_use' },
      },
      { body: doneBody, key: 'k-done', expect: { status: 201, replayed: true } },
      { body: { ...doneBody, amount: '2.00' }, key: 'k-other', expect: { status: 422, code: 'idempotency_key_reused' } },
      // The agent (KYA tier 1: 1,000 per send, 10,000 a day).
      {
        body: { fromAccountId: agentHome, toAccountId: rich, amount: '1000.01' },
        token: agent.token,
        expect: { status: 422, code: 'limit_exceeded' },
      },
      ...Array.from({ length: 10 }, () => ({
        body: { fromAccountId: agentHome, toAccountId: rich, amount: '1000.00' },
        token: agent.token,
        expect: { status: 201 },
      })),
      {
        body: { fromAccountId: agentHome, toAccountId: rich, amount: '0.01' },
        token: agent.token,
        expect: { status: 422, code: 'limit_exceeded' },
      },
      // Recipients without a balance row yet: the batch opens both rows before it locks any balance,
      // and discards the one no accepted command credits.
      { body: { fromAccountId: a, toAccountId: fresh, amount: '500.00' }, expect: { status: 422, code: 'insufficient_funds' } },
      { body: { fromAccountId: rich, toAccountId: freshPaid, amount: '5.00' }, expect: { status: 201 } },
    ];
    while (commands.length < 64) commands.push({ body: { fromAccountId: rich, toAccountId: b, amount: '1.00' }, expect: { status: 201 } });
    expect(commands).toHaveLength(64);

    const before = { stats: t.deps.movements.stats(), transfers: await count('transfers'), audit: await count('audit_events') };
    // Sent one after another, each once the one before it is queued: a batch keeps arrival order,
    // and this is the order the expectations above are written in.
    const inFlight: ReturnType<typeof send>[] = [];
    for (const command of commands) {
      const queued = t.deps.movements.stats().queued;
      inFlight.push(send(command));
      while (t.deps.movements.stats().queued === queued) await new Promise((resolve) => setImmediate(resolve));
    }
    const replies = await Promise.all(inFlight);
    const after = t.deps.movements.stats();
    expect(after.batches - before.stats.batches).toBe(1);
    expect(after.largest).toBe(64);

    for (const [i, reply] of replies.entries()) {
      const expected = commands[i]?.expect as Expect;
      expect({ i, status: reply.status, code: reply.body.error?.code }).toEqual({ i, status: expected.status, code: expected.code });
      expect(reply.headers.get('idempotent-replayed')).toBe(expected.replayed ? 'true' : null);
    }
    // The daily refusals report the batch's own earlier sends as used.
    expect(replies[16]?.body.error.details).toMatchObject({ limitType: 'daily', used: '20000.00', limit: '20000.00' });
    expect(replies[32]?.body.error.details).toMatchObject({ scope: 'agent', limitType: 'daily', used: '10000.00' });

    const created = replies.filter((r, i) => r.status === 201 && !commands[i]?.expect.replayed);
    expect(await count('transfers')).toBe(before.transfers + created.length);
    expect(await count('audit_events')).toBe(before.audit + created.length);
    // What a batch answers is what the database holds.
    for (const reply of created.slice(0, 5)) {
      const stored = await t.http.get(`/v1/transfers/${reply.body.data.id}`, { token: tenant.key });
      expect(stored.body.data).toEqual(reply.body.data);
    }
    const fillers = commands.length - 35;
    expect(await balance(freshPaid)).toBe('5.000000');
    const [freshRows] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>('SELECT count(*)::int AS n FROM balances WHERE account_id = $1', [fresh]),
    );
    expect(freshRows?.n).toBe(0); // the refused command wrote nothing, not even an empty balance
    expect(await balance(a)).toBe('1.000000'); // 100 − 60 − 40 + 1 (k-dup)
    expect(await balance(b)).toBe(new Money(60 - 30 + fillers).toFixed(6));
    expect(await balance(c)).toBe('72.000000'); // 30 + 40 + 1 (k-done) + 1 (k-other)
    expect(await balance(tier1)).toBe('10000.000000');
    expect(await balance(agentHome)).toBe('10000.000000');
    expect(await balance(suspended)).toBe('100.000000');
    const verification = await t.http.get('/v1/ledger/verification', { token: tenant.owner.token });
    expect(verification.body.data).toMatchObject({ ok: true });
  });
});

describe('group commit engine', () => {
  it('runs again alone each command of a batch that failed as a whole, and retries what PostgreSQL asks to retry', async () => {
    const scope = { tenantId: randomUUID(), environment: 'test' as const };
    let deadlocks = 1;
    const seen: string[][] = [];
    const engine = createGroupCommit<string, string>(
      t.db,
      async (tx, commands) => {
        seen.push([...commands]);
        await tx.query('SELECT 1');
        if (commands.includes('deadlock') && deadlocks-- > 0) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        if (commands.includes('poison')) throw new Error('poison breaks the transaction');
        return commands.map(
          (c): Outcome<string> => (c === 'refused' ? { ok: false, error: new Error('refused') } : { ok: true, value: c }),
        );
      },
      { windowMs: 1_000, maxBatch: 4 },
    );
    const results = await Promise.allSettled(['a', 'poison', 'refused', 'b'].map((c) => engine.submit(scope, c)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'poison breaks the transaction',
      'refused',
      'b',
    ]);
    expect(seen).toEqual([['a', 'poison', 'refused', 'b'], ['a'], ['poison'], ['refused'], ['b']]);
    seen.length = 0;
    const retried = await Promise.all(['deadlock', 'c', 'd', 'e'].map((c) => engine.submit(scope, c)));
    expect(retried).toEqual(['deadlock', 'c', 'd', 'e']);
    expect(seen).toHaveLength(2);
    expect(engine.stats()).toMatchObject({ largest: 4 });
  });
});

describe.runIf(isRealPostgres)('group commit under concurrency (PostgreSQL)', () => {
  it('100 parallel transfers on 10 hot accounts in both directions: no deadlock, no overdraft, ledger exact', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => openAccount(t.http, tenant.key, { name: `Hot ${i}`, tier: 3, funds: '10.00' })),
    );
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        send({
          body: { fromAccountId: ids[i % 10], toAccountId: ids[(i * 7 + 3) % 10], amount: '3.00' },
          key: `hot-${i}`,
          expect: { status: 201 },
        }),
      ),
    );
    const statuses = replies.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.body.error?.code}`));
    expect(statuses.filter((s) => s !== 201 && s !== '422 insufficient_funds')).toEqual([]);
    const total = (await Promise.all(ids.map(balance))).reduce((sum, v) => sum.plus(v), new Money(0));
    expect(total.toFixed(6)).toBe('100.000000');
    for (const id of ids) expect(new Money(await balance(id)).isNegative()).toBe(false);
    const verification = await t.http.get('/v1/ledger/verification', { token: tenant.owner.token });
    expect(verification.body.data).toMatchObject({ ok: true });
  });
});
