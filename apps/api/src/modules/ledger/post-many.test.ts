import { withTenant } from '@payos/db';
import { Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../../../../../tests/fixtures.js';
import { signup } from '../../../../../tests/harness.js';
import { AppError } from '../../core/errors.js';
import { systemAccountId, verifyLedger } from './ledger.repo.js';
import * as ledger from './ledger.service.js';

// ledger_post_many() (0014): many ledger transactions in one call must do exactly what one
// ledger_post() each would, in order — including refusing a transaction that takes a balance below
// zero even when a later one in the same call would bring it back.

const t = testApp();
type Scope = { tenantId: string; environment: 'test' };

async function tenantWithAccounts(count: number) {
  const owner = await signup(t.http, 'post-many');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await openAccount(t.http, owner.token, { type: 'person', name: `Account ${i}`, tier: 0 }));
  return { ids, scope: { tenantId: owner.tenantId, environment: 'test' as const } };
}

const fund = (scope: Scope, accountId: string, amount: string) =>
  withTenant(t.db, scope, async (tx) =>
    ledger.post(tx, {
      entries: ledger.moveEntries(await systemAccountId(tx, 'funding'), accountId, 'USD', new Money(amount)),
      referenceType: 'test_funding',
      at: t.clock.now(),
    }),
  );

const move = (from: string, to: string, amount: string): ledger.PostInput => ({
  entries: ledger.moveEntries(from, to, 'USD', new Money(amount)),
  referenceType: 'transfer',
  at: t.clock.now(),
});

/** Posts the movements in one ledger_post_many() call, in their own transaction. */
const postMany = (scope: Scope, movements: ledger.PostInput[]) =>
  withTenant(t.db, scope, async (tx) => {
    ledger.postManyOnCommit(tx, movements);
  });

const available = async (scope: Scope, ids: string[]) =>
  withTenant(t.db, scope, async (tx) => {
    const rows = await tx.query<{ account_id: string; available: string }>(
      `SELECT account_id, available::text FROM balances WHERE account_id = ANY($1::uuid[]) AND currency = 'USD'`,
      [ids],
    );
    return ids.map((id) => new Money(rows.find((r) => r.account_id === id)?.available ?? '0').toFixed(2));
  });

const entriesOf = (scope: Scope, accountId: string) =>
  withTenant(t.db, scope, (tx) =>
    tx.query<{ amount: string; balance_after: string }>(
      `SELECT amount::numeric(30, 2)::text AS amount, balance_after::numeric(30, 2)::text AS balance_after
         FROM ledger_entries WHERE account_id = $1 ORDER BY seq`,
      [accountId],
    ),
  );

describe('ledger_post_many', () => {
  it('posts transactions in order: balances, balance after each entry, limit usage, all as one post each', async () => {
    const { ids, scope } = await tenantWithAccounts(3);
    const [a, b, c] = ids as [string, string, string];
    await fund(scope, a, '100.00');
    await fund(scope, b, '50.00');
    // b can send 100 only because a's 60 reached it in the transaction before.
    await postMany(scope, [move(a, b, '60.00'), move(b, c, '100.00'), move(a, c, '30.00')]);

    expect(await available(scope, [a, b, c])).toEqual(['10.00', '10.00', '130.00']);
    expect(await entriesOf(scope, b)).toEqual([
      { amount: '50.00', balance_after: '50.00' },
      { amount: '60.00', balance_after: '110.00' },
      { amount: '-100.00', balance_after: '10.00' },
    ]);
    expect(await entriesOf(scope, a)).toEqual([
      { amount: '100.00', balance_after: '100.00' },
      { amount: '-60.00', balance_after: '40.00' },
      { amount: '-30.00', balance_after: '10.00' },
    ]);
    const usage = await withTenant(t.db, scope, (tx) =>
      tx.query<{ account_id: string; amount: string; entries: number }>(
        `SELECT account_id, amount::numeric(30, 2)::text AS amount, entries FROM limit_usage WHERE account_id = ANY($1::uuid[])`,
        [[a, b, c]],
      ),
    );
    expect(usage.sort((x, y) => ids.indexOf(x.account_id) - ids.indexOf(y.account_id))).toEqual([
      { account_id: a, amount: '90.00', entries: 2 },
      { account_id: b, amount: '100.00', entries: 1 },
    ]);
    const transactions = await withTenant(t.db, scope, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference_type = 'transfer'`),
    );
    expect(transactions[0]?.n).toBe(3);
    expect((await withTenant(t.db, scope, (tx) => verifyLedger(tx))).ok).toBe(true);
  });

  it('refuses a transaction that takes a balance below zero, though a later one would refill it, and writes nothing', async () => {
    const { ids, scope } = await tenantWithAccounts(3);
    const [a, b, c] = ids as [string, string, string];
    await fund(scope, a, '100.00');
    await fund(scope, b, '20.00');
    // Final balances would all be non-negative (b: 20 − 30 + 50 = 40), but b is at −10 after the second.
    const attempt = postMany(scope, [move(a, c, '10.00'), move(b, c, '30.00'), move(a, b, '50.00')]);
    await expect(attempt).rejects.toThrow();
    const error = await attempt.catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('PY001');
    expect(JSON.parse((error as { detail: string }).detail)).toMatchObject({ accountId: b, currency: 'USD', part: 'available' });
    expect(new Money(JSON.parse((error as { detail: string }).detail).available).toFixed(2)).toBe('20.00');
    expect(new Money(JSON.parse((error as { detail: string }).detail).required).toFixed(2)).toBe('30.00');
    expect(await available(scope, [a, b, c])).toEqual(['100.00', '20.00', '0.00']);
    expect(await entriesOf(scope, c)).toEqual([]);

    // One post through the service answers the same refusal as insufficient_funds.
    const alone = await withTenant(t.db, scope, (tx) => ledger.post(tx, move(b, c, '30.00'))).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(AppError);
    expect((alone as AppError).code).toBe('insufficient_funds');
    expect((await withTenant(t.db, scope, (tx) => verifyLedger(tx))).ok).toBe(true);
  });

  it('refuses malformed calls in the database: an entry of no transaction, a transaction without entries', async () => {
    const { ids, scope } = await tenantWithAccounts(2);
    const [a, b] = ids as [string, string];
    await fund(scope, a, '10.00');
    const call = (transactions: number, entryTransactions: number[]) =>
      withTenant(t.db, scope, (tx) =>
        tx.query(
          `SELECT ledger_post_many(
             array_fill(gen_random_uuid(), ARRAY[$1::int]), array_fill('raw'::text, ARRAY[$1::int]),
             array_fill(NULL::uuid, ARRAY[$1::int]), array_fill(NULL::text, ARRAY[$1::int]),
             $2::int[], $3::uuid[], '{USD,USD}', '{available,available}', '{-1,1}', now())`,
          [transactions, entryTransactions, [a, b]],
        ),
      );
    await expect(call(1, [1, 2])).rejects.toThrow(/empty or malformed/);
    await expect(call(2, [1, 1])).rejects.toThrow(/empty or malformed/);
    // Each transaction must balance on its own: −1 in one and +1 in the other do not.
    await expect(call(2, [1, 2])).rejects.toThrow(/do not sum to zero/);
    expect(await available(scope, [a, b])).toEqual(['10.00', '0.00']);
  });
});
