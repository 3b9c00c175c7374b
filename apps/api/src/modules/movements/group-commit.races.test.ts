import { withOwner } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import { describe, expect, it } from 'vitest';
import { expectLedgerOk, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { buildApp, isRealPostgres } from '../../../../../tests/harness.js';
import { type RateProvider, staticRateProvider } from '../fx/rates.js';

/*
 * Hostile-review findings on group commit (bd3c1c8) that need real concurrency (PostgreSQL: separate
 * connections). Every test here FAILS on the reviewed tree; each demonstrates one defect.
 *
 * The rate provider is the seam used to interleave another transaction at a chosen point: the provider
 * is an external call the server awaits in the middle of a request (a real one takes milliseconds to
 * seconds), and `hook` runs whatever a concurrent client would do at that moment.
 */

let hook: ((from: Currency, to: Currency) => Promise<void>) | undefined;
const base = staticRateProvider();
const provider: RateProvider = {
  async midRate(from, to) {
    const run = hook;
    if (run) await run(from, to);
    return base.midRate(from, to);
  },
};
const fx = { provider, spread: new Money(0) };

const t = testApp({ fx, groupCommit: { windowMs: 0 } });
const tenant = tenantWithKey(t, 'attack-gc-pg');

const send = (body: Record<string, unknown>, http = t.http) =>
  http.post('/v1/transfers', { token: tenant.key, body: { type: 'internal', currency: 'USDC', ...body } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(isRealPostgres)('group commit: group commit under real concurrency (PostgreSQL)', () => {
  // Regression (hostile review, medium): a recipient closed while a batch is being decided makes the transfer a 500.
  // executeInternalTransfers reads the recipients WITHOUT a lock (internal-batch.repo.ts readAccounts;
  // only senders are locked), decides in memory, and posts with ledger.postOnCommit (now postManyOnCommit) — which, unlike
  // ledger.post, does not translate PY002 ("account not found or closed") into the 404 a lone transfer
  // answered. The whole batch then fails with the raw database error; a batch of one is rejected with
  // it as is (group-commit.ts run(): `batch.length === 1` → reject), i.e. 500 internal_error and an
  // "unhandled error" log for an ordinary race. The same raw error reaches schedule runs
  // (schedules.service.ts attempt(): not an AppError → the tick rolls back instead of recording a 404).
  it('an internal transfer whose recipient is closed while its batch is decided answers 404, not 500', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'MXN sender', tier: 2, funds: '1000.00', currency: 'MXN' });
    const to = await openAccount(t.http, tenant.key, { name: 'Closing recipient', tier: 2 });
    let closed: number | undefined;
    hook = async () => {
      hook = undefined;
      // Another caller of the tenant closes the (empty) recipient meanwhile.
      closed = (await t.http.delete(`/v1/accounts/${to}`, { token: tenant.key })).status;
    };
    const reply = await send({ fromAccountId: from, toAccountId: to, amount: '10.00', currency: 'MXN' });
    hook = undefined;
    expect(closed).toBe(200);
    // Before the fix: 500 internal_error.
    expect({ status: reply.status, code: reply.body.error?.code, param: reply.body.error?.param }).toEqual({
      status: 404,
      code: 'resource_missing',
      param: 'toAccountId',
    });
  });

  // Regression (hostile review, medium, availability): a batch decides its commands one after another and awaits the FX
  // provider for each non-par command while holding its locks and its connection
  // (internal.service.ts executeInternalTransfers, `await assertWithinLimits(...)` inside the loop), and
  // every later batch of the tenant environment waits for it (group-commit.ts: one executing batch per
  // lane). So one MXN/COP transfer whose rate is slow — or never comes: the provider has no timeout —
  // stalls every internal transfer of the tenant environment, USDC ones between other accounts
  // included. docs/MONEY.md promises "USD and USDC count at par, so stablecoin sends never wait on the
  // provider"; before bd3c1c8 each transfer had its own transaction and that held.
  it('a USDC transfer between other accounts is not held up by a slow FX rate for an MXN transfer', async () => {
    const mxn = await openAccount(t.http, tenant.key, { name: 'Slow MXN sender', tier: 2, funds: '1000.00', currency: 'MXN' });
    const mxnTo = await openAccount(t.http, tenant.key, { name: 'Slow MXN recipient', tier: 2 });
    const usdc = await openAccount(t.http, tenant.key, { name: 'USDC sender', tier: 2, funds: '100.00' });
    const usdcTo = await openAccount(t.http, tenant.key, { name: 'USDC recipient', tier: 2 });
    let release: () => void = () => {};
    const provider = new Promise<void>((resolve) => {
      release = resolve;
    });
    hook = async (_from, to) => {
      if (to === 'MXN') await provider; // the provider is slow to answer
    };
    try {
      const slow = send({ fromAccountId: mxn, toAccountId: mxnTo, amount: '10.00', currency: 'MXN' });
      await sleep(200); // the MXN transfer's batch is executing, waiting for its rate
      const started = Date.now();
      const fast = send({ fromAccountId: usdc, toAccountId: usdcTo, amount: '1.00' });
      const outcome = await Promise.race([fast.then(() => 'answered'), sleep(3_000).then(() => 'still waiting')]);
      const waited = Date.now() - started;
      release();
      expect((await slow).status).toBe(201);
      expect((await fast).status).toBe(201);
      // Before the fix: 'still waiting' — the USDC transfer is answered only once the MXN rate arrives.
      expect({ outcome, waited: waited < 3_000 }).toEqual({ outcome: 'answered', waited: true });
    } finally {
      hook = undefined;
      release();
    }
  });

  // Regression (hostile review, high: a daily limit is exceeded): executeInternalTransfers takes `now` BEFORE its first
  // round trip, which waits for the sender locks; the usage it then reads (limits.repo.ts
  // accountsUsage) deliberately leaves out every entry after `now` ("minus those after now in the
  // current hour"). A send from the same account that another transaction committed while the batch
  // waited for a lock carries a LATER timestamp, so the batch does not see it and both squeeze under
  // the limit. Here the batch waits for one sender (S1, locked by another transaction — another
  // instance's batch, a schedule run, a verification) while a send from its other sender S2 commits;
  // S2 then sends 24,800 in a day on a 20,000 limit. The same stale `now` is in createPayout (taken
  // before the quote's rate lookup, i.e. for a whole provider round trip) and agentsUsage
  // (`created_at <= now`). Fix: read the clock after the locks are held (or count entries after `now`
  // instead of dropping them: they are sends that happened).
  it('a batch waiting for one sender lock still sees what its other sender sent meanwhile (daily limit)', async () => {
    const app = buildApp(t.db, { clock: t.clock, fx, groupCommit: { windowMs: 1_000, maxBatch: 2 } });
    const ids = await Promise.all([
      openAccount(app.http, tenant.key, { name: 'S-a', tier: 1, funds: '30000.00' }),
      openAccount(app.http, tenant.key, { name: 'S-b', tier: 1, funds: '30000.00' }),
    ]);
    const [s1, s2] = [...ids].sort() as [string, string]; // the batch locks S1 first (id order)
    const r = await openAccount(app.http, tenant.key, { name: 'Limit recipient', tier: 2 });
    // S2 has used 15,000 of its 20,000 day.
    for (let i = 0; i < 3; i++) expect((await send({ fromAccountId: s2, toAccountId: r, amount: '5000.00' }, app.http)).status).toBe(201);

    // Another transaction holds S1's sender lock for a moment.
    let unlock: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = withOwner(t.db, async (tx) => {
      await tx.query('SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE', [s1]);
      locked();
      await held;
    });
    await isLocked;
    try {
      // One batch of two: S1 → R and S2 → R 4,900. It takes `now`, then waits for S1.
      const batch = Promise.all([
        send({ fromAccountId: s1, toAccountId: r, amount: '1.00' }, app.http),
        send({ fromAccountId: s2, toAccountId: r, amount: '4900.00' }, app.http),
      ]);
      await waitForLockWaiter(t.db);
      // Meanwhile (a second later) S2 sends 4,900 through a payout: 19,900 used, accepted.
      t.clock.advance(1_000);
      const dest = await openAccount(app.http, tenant.key, { name: 'Payout destination', tier: 2 });
      const payout = await app.http.post('/v1/transfers', {
        token: tenant.key,
        body: {
          type: 'payout',
          fromAccountId: s2,
          toAccountId: dest,
          destinationCurrency: 'MXN',
          amount: '4900.00',
          currency: 'USDC',
          // At or above the travel rule's 3,000 USD: who sends and who receives.
          originator: { name: 'Limit sender', address: 'Av. Reforma 1, CDMX', accountNumber: '000123456789' },
          beneficiary: { name: 'Payout destination' },
        },
      });
      expect(payout.status, JSON.stringify(payout.body)).toBe(201);
      unlock();
      await holder;
      const [first, second] = await batch;
      expect(first.status).toBe(201);
      // Before the fix: 201 — S2 has now sent 15,000 + 4,900 + 4,900 = 24,800 within a day on tier 1 (20,000).
      expect({ status: second.status, code: second.body.error?.code }).toEqual({ status: 422, code: 'limit_exceeded' });
    } finally {
      unlock();
      await holder.catch(() => {});
    }
  });

  // Regression (hostile review, same root cause, pre-existing in the payout path): createPayout takes `now` before pricing
  // its quote (a rate-provider call, no lock held), and checks the limit with it after: an internal
  // transfer (a group-commit batch) from the same account committed during the pricing is not counted.
  it('a payout priced while an internal transfer of its sender commits still counts that transfer', async () => {
    const s = await openAccount(t.http, tenant.key, { name: 'Payout sender', tier: 1, funds: '30000.00', currency: 'USD' });
    const r = await openAccount(t.http, tenant.key, { name: 'Payout recipient', tier: 2 });
    const dest = await openAccount(t.http, tenant.key, { name: 'Payout MXN', tier: 2 });
    for (let i = 0; i < 3; i++) {
      expect((await send({ fromAccountId: s, toAccountId: r, amount: '5000.00', currency: 'USD' })).status).toBe(201);
    }
    let internal: number | undefined;
    hook = async () => {
      hook = undefined;
      t.clock.advance(1_000); // the provider answers a second later; meanwhile an internal send commits
      internal = (await send({ fromAccountId: s, toAccountId: r, amount: '4900.00', currency: 'USD' })).status;
    };
    const payout = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: s, toAccountId: dest, destinationCurrency: 'MXN', amount: '4900.00', currency: 'USD' },
    });
    hook = undefined;
    expect(internal).toBe(201); // 19,900 used
    // Before the fix: 201 — 24,800 sent within a day on a 20,000 limit.
    expect({ status: payout.status, code: payout.body.error?.code }).toEqual({ status: 422, code: 'limit_exceeded' });
  });

  // Regression (issue #16, left open by 0020): a batch locked its existing balances first and only then
  // opened a recipient's first balance row (inside ledger_post_many). A single post opens missing rows
  // first and then locks them all in order: one that had opened R's row and then waited for the
  // batch's sender A met the batch, holding A and waiting for R — a deadlock, answered 500 to whichever
  // PostgreSQL picked. The batch now opens its recipients' rows before it locks any balance: while it
  // waits for R it holds no balance, so the post takes A at once.
  it("a batch waiting to open its recipient's first balance holds no balance lock (no deadlock with a single post)", async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Open-first sender', tier: 2, funds: '100.00' });
    const r = await openAccount(t.http, tenant.key, { name: 'Open-first recipient', tier: 2 });
    let opened: () => void = () => {};
    const isOpened = new Promise<void>((resolve) => {
      opened = resolve;
    });
    let proceed: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      proceed = resolve;
    });
    // The single post's order, one step at a time: open R's USDC row, then (later) lock A's.
    const post = withOwner(t.db, async (tx) => {
      await tx.query(
        `INSERT INTO balances (tenant_id, environment, account_id, currency) SELECT tenant_id, environment, id, 'USDC' FROM accounts WHERE id = $1`,
        [r],
      );
      opened();
      await gate;
      return tx.query<{ account_id: string }>(
        `SELECT account_id FROM balances WHERE account_id = $1 AND currency = 'USDC' FOR UPDATE NOWAIT`,
        [a],
      );
    });
    post.catch(() => {});
    await isOpened;
    const transfer = send({ fromAccountId: a, toAccountId: r, amount: '10.00' });
    try {
      await waitForLockWaiter(t.db); // the batch, waiting for R's row
      proceed();
      // Before the fix: 55P03 (lock_not_available) — the batch held A's balance while it waited.
      expect(await post).toEqual([{ account_id: a }]);
    } finally {
      proceed();
    }
    const reply = await transfer;
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const balances = (await t.http.get(`/v1/accounts/${r}`, { token: tenant.key })).body.data.balances;
    expect(balances.find((b: { currency: string }) => b.currency === 'USDC')?.available).toBe('10.000000');
    await expectLedgerOk(t.http, tenant.owner.token);
  });
});

/** Waits until some session of this database waits for a row lock (the batch, blocked on S1). */
async function waitForLockWaiter(db: Parameters<typeof withOwner>[0]) {
  for (let i = 0; i < 200; i++) {
    const [row] = await withOwner(db, (tx) =>
      tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      ),
    );
    if ((row?.n ?? 0) > 0) return;
    await sleep(25);
  }
  throw new Error('the batch never waited for the lock');
}
