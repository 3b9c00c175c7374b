import { withOwner, withTenant } from '@payos/db';
import { Money } from '@payos/money';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../../../../../tests/fixtures.js';
import { isRealPostgres, signup } from '../../../../../tests/harness.js';
import { AppError } from '../../core/errors.js';
import { systemAccountId, verifyLedger } from './ledger.repo.js';
import * as ledger from './ledger.service.js';

const t = testApp();

async function tenantWithAccounts(count: number) {
  const owner = await signup(t.http, 'ledger');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await openAccount(t.http, owner.token, { type: 'person', name: `Account ${i}`, tier: 0 }));
  const scope = { tenantId: owner.tenantId, environment: 'test' as const };
  return { owner, ids, scope };
}

const fund = (scope: { tenantId: string; environment: 'test' }, accountId: string, amount: string) =>
  withTenant(t.db, scope, async (tx) =>
    ledger.post(tx, {
      entries: ledger.moveEntries(await systemAccountId(tx, 'funding'), accountId, 'USD', new Money(amount)),
      referenceType: 'test_funding',
      at: t.clock.now(),
    }),
  );

const balance = async (scope: { tenantId: string; environment: 'test' }, accountId: string) => {
  const [row] = await withTenant(t.db, scope, (tx) =>
    tx.query<{ available: string; pending: string }>(
      `SELECT available::text, pending::text FROM balances WHERE account_id = $1 AND currency = 'USD'`,
      [accountId],
    ),
  );
  return row ? { available: new Money(row.available).toFixed(2), pending: new Money(row.pending).toFixed(2) } : undefined;
};

describe('ledger.post', () => {
  it('refuses to overdraw with insufficient_funds {available, required}, writing nothing', async () => {
    const { ids, scope } = await tenantWithAccounts(2);
    const [a, b] = ids as [string, string];
    await fund(scope, a, '100.00');
    const attempt = withTenant(t.db, scope, (tx) =>
      ledger.post(tx, { entries: ledger.moveEntries(a, b, 'USD', new Money('100.01')), referenceType: 'test', at: t.clock.now() }),
    );
    await expect(attempt).rejects.toMatchObject({
      type: 'business_rule_error',
      code: 'insufficient_funds',
      details: { accountId: a, currency: 'USD', available: '100.00', required: '100.01' },
    });
    expect(await balance(scope, a)).toEqual({ available: '100.00', pending: '0.00' });
    expect(await balance(scope, b)).toBeUndefined();
  });

  it('holds, voids and settles through pending, storing balanceAfter on each entry', async () => {
    const { ids, scope } = await tenantWithAccounts(2);
    const [a, b] = ids as [string, string];
    await fund(scope, a, '500.00');
    await withTenant(t.db, scope, (tx) =>
      ledger.post(tx, { entries: ledger.holdEntries(a, 'USD', new Money('200')), referenceType: 'test_hold', at: t.clock.now() }),
    );
    expect(await balance(scope, a)).toEqual({ available: '300.00', pending: '200.00' });
    await withTenant(t.db, scope, (tx) =>
      ledger.post(tx, { entries: ledger.voidEntries(a, 'USD', new Money('50')), referenceType: 'test_void', at: t.clock.now() }),
    );
    expect(await balance(scope, a)).toEqual({ available: '350.00', pending: '150.00' });
    await withTenant(t.db, scope, async (tx) =>
      ledger.post(tx, {
        entries: ledger.settleHoldEntries(a, 'USD', [
          { accountId: b, amount: new Money('149') },
          { accountId: await systemAccountId(tx, 'fees'), amount: new Money('1') },
        ]),
        referenceType: 'test_settle',
        at: t.clock.now(),
      }),
    );
    expect(await balance(scope, a)).toEqual({ available: '350.00', pending: '0.00' });
    expect(await balance(scope, b)).toEqual({ available: '149.00', pending: '0.00' });
    const after = await withTenant(t.db, scope, (tx) =>
      tx.query<{ part: string; balance_after: string }>(
        `SELECT part, balance_after::text FROM ledger_entries WHERE account_id = $1 ORDER BY seq`,
        [a],
      ),
    );
    expect(after.map((e) => `${e.part}:${new Money(e.balance_after).toFixed(2)}`)).toEqual([
      'available:500.00',
      'available:300.00',
      'pending:200.00',
      'pending:150.00',
      'available:350.00',
      'pending:0.00',
    ]);
    expect((await withTenant(t.db, scope, (tx) => verifyLedger(tx))).ok).toBe(true);
  });

  it('rejects unbalanced entries in TypeScript and again in the database', async () => {
    const { ids, scope } = await tenantWithAccounts(1);
    const [a] = ids as [string];
    expect(() => ledger.assertBalanced([{ accountId: a, currency: 'USD', part: 'available', amount: new Money('1') }])).toThrow(/sum to 1/);
    const direct = withTenant(t.db, scope, (tx) =>
      tx.query(`SELECT ledger_post(gen_random_uuid(), 'raw', NULL, NULL, $1::uuid[], '{USD}', '{available}', '{5}', now())`, [[a]]),
    );
    await expect(direct).rejects.toThrow(/do not sum to zero/);
  });

  it("cannot touch another tenant's account", async () => {
    const mine = await tenantWithAccounts(1);
    const theirs = await tenantWithAccounts(1);
    const attempt = withTenant(t.db, mine.scope, async (tx) =>
      ledger.post(tx, {
        entries: ledger.moveEntries(await systemAccountId(tx, 'funding'), theirs.ids[0] as string, 'USD', new Money('1')),
        referenceType: 'test',
        at: t.clock.now(),
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ status: 404 });
  });
});

describe('append-only entries', () => {
  it('the application role can neither UPDATE nor DELETE a ledger entry', async () => {
    const { ids, scope } = await tenantWithAccounts(1);
    await fund(scope, ids[0] as string, '10.00');
    await expect(withTenant(t.db, scope, (tx) => tx.query(`UPDATE ledger_entries SET amount = amount * 2`))).rejects.toThrow(
      /permission denied/,
    );
    await expect(withTenant(t.db, scope, (tx) => tx.query(`DELETE FROM ledger_entries`))).rejects.toThrow(/permission denied/);
    await expect(withTenant(t.db, scope, (tx) => tx.query(`DELETE FROM ledger_transactions`))).rejects.toThrow(/permission denied/);
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_entries WHERE tenant_id = $1`, [scope.tenantId]),
    );
    expect(row?.n).toBe(2);
  });
});

describe('invariants under random operations (property)', () => {
  it('keeps every currency at zero-sum and every customer balance part non-negative', async () => {
    const { ids, scope } = await tenantWithAccounts(4);
    const account = fc.integer({ min: 0, max: ids.length - 1 });
    const cents = fc.integer({ min: 1, max: 50_000 }).map((n) => new Money(n).div(100));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('deposit' as const), to: account, amount: cents }),
      fc.record({ kind: fc.constant('move' as const), from: account, to: account, amount: cents }),
      fc.record({ kind: fc.constant('hold' as const), from: account, amount: cents }),
      fc.record({ kind: fc.constant('void' as const), from: account, amount: cents }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          // A refused post aborts its transaction: catch outside it, as a caller would.
          await withTenant(t.db, scope, async (tx) => {
            const entries =
              o.kind === 'deposit'
                ? ledger.moveEntries(await systemAccountId(tx, 'funding'), ids[o.to] as string, 'USD', o.amount)
                : o.kind === 'move'
                  ? o.from === o.to
                    ? null
                    : ledger.moveEntries(ids[o.from] as string, ids[o.to] as string, 'USD', o.amount)
                  : o.kind === 'hold'
                    ? ledger.holdEntries(ids[o.from] as string, 'USD', o.amount)
                    : ledger.voidEntries(ids[o.from] as string, 'USD', o.amount);
            if (entries) await ledger.post(tx, { entries, referenceType: 'property', at: t.clock.now() });
          }).catch((error: unknown) => {
            if (!(error instanceof AppError && error.code === 'insufficient_funds')) throw error;
          });
        }
        const [sums] = await withTenant(t.db, scope, (tx) =>
          tx.query<{ total: string; negatives: number }>(
            `SELECT coalesce(sum(available + pending + in_streams), 0)::text AS total,
                    count(*) FILTER (WHERE NOT allow_negative AND (available < 0 OR pending < 0 OR in_streams < 0))::int AS negatives
               FROM balances WHERE currency = 'USD'`,
          ),
        );
        expect(new Money(sums?.total ?? 'NaN').isZero()).toBe(true);
        expect(sums?.negatives).toBe(0);
        expect((await withTenant(t.db, scope, (tx) => verifyLedger(tx))).ok).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});

describe.runIf(isRealPostgres)('concurrency on PostgreSQL', () => {
  it('100 concurrent debits from a balance that affords 40: exactly 40 succeed', async () => {
    const { ids, scope } = await tenantWithAccounts(2);
    const [payer, payee] = ids as [string, string];
    await fund(scope, payer, '400.00');
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        withTenant(t.db, scope, (tx) =>
          ledger.post(tx, {
            entries: ledger.moveEntries(payer, payee, 'USD', new Money('10')),
            referenceType: 'concurrent',
            at: t.clock.now(),
          }),
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    // Every refusal first (so a failure names the unexpected error), then the count.
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'insufficient_funds' });
    expect(ok).toHaveLength(40);
    expect(await balance(scope, payer)).toEqual({ available: '0.00', pending: '0.00' });
    expect(await balance(scope, payee)).toEqual({ available: '400.00', pending: '0.00' });
    const all = await withOwner(t.db, (tx) => verifyLedger(tx));
    expect(all).toMatchObject({ ok: true, discrepancies: [] });
  });

  it('opens a balance under concurrent posts without a deadlock (each round: 40 posts into an account’s first USD)', async () => {
    // The account sorting first in lock order receives: a post that locked the payer and then opened the
    // payee's balance used to wait for it while holding the payer, against one that held the payee.
    for (let round = 0; round < 5; round++) {
      const { ids, scope } = await tenantWithAccounts(2);
      const [payee, payer] = [...ids].sort() as [string, string];
      await fund(scope, payer, '40.00');
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, () =>
          withTenant(t.db, scope, (tx) =>
            ledger.post(tx, {
              entries: ledger.moveEntries(payer, payee, 'USD', new Money('1')),
              referenceType: 'concurrent',
              at: t.clock.now(),
            }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([]);
      expect(await balance(scope, payee)).toEqual({ available: '40.00', pending: '0.00' });
    }
  });
});
