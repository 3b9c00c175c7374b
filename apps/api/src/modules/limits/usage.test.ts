import { withOwner, withTenant } from '@payos/db';
import { type Amount, type Currency, Money } from '@payos/money';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { isRealPostgres } from '../../../../../tests/harness.js';
import { AppError } from '../../core/errors.js';
import * as ledger from '../ledger/ledger.service.js';
import { settleDuePayouts } from '../transfers/settlement.service.js';
import { accountsUsage, accountUsage, accountUsageFromLedger, lockSender, type UsageRow } from './limits.repo.js';
import { assertWithinLimits } from './limits.service.js';

// Limit usage from the hourly counters (limit_usage, kept by ledger_post()) must be exactly what the
// ledger says (docs/MONEY.md, Limits): accountUsageFromLedger is the definition, and the old query.

const t = testApp();
// The tests move the clock by days and set it: an API key does not expire, a 15-minute access token would.
const tenant = tenantWithKey(t, 'usage');

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const scope = () => ({ tenantId: tenant.owner.tenantId, environment: 'test' as const });
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

/** Posts a movement at `when` (no limit check: the tests place entries where they want them). */
const post = (when: Date, entries: ledger.LedgerEntry[], referenceType: string) => {
  t.clock.set(when);
  return withTenant(t.db, scope(), (tx) => ledger.post(tx, { entries, referenceType, at: when }));
};

const fromCounters = (accountIds: string[], now: Date) => withTenant(t.db, scope(), (tx) => accountsUsage(tx, accountIds, now));

/**
 * Every account's usage at each instant from the counters (one statement for all of them; at the first
 * instant also one per account, as assertCanSend reads it) equals the ledger's, to the string.
 */
async function expectCountersMatchLedger(accountIds: string[], ...instants: Date[]) {
  const seen = await withTenant(t.db, scope(), async (tx) => {
    const results = [];
    for (const [i, now] of instants.entries()) {
      const all = await accountsUsage(tx, accountIds, now);
      for (const id of accountIds) {
        const [expected, one] = await Promise.all([accountUsageFromLedger(tx, id, now), i === 0 ? accountUsage(tx, id, now) : undefined]);
        results.push({ context: `account ${id} at ${now.toISOString()}`, all: all.get(id), one: one ?? expected, expected });
      }
    }
    return results;
  });
  for (const { context, all, one, expected } of seen) {
    expect(all, context).toEqual(expected);
    expect(one, context).toEqual(expected);
  }
}

describe('which ledger entries count (limit_usage_direction, the one definition)', () => {
  it('sends count their available debits, undone sends their available credits, nothing else counts', async () => {
    const types = ['transfer', 'transfer_hold', 'stream_funding', 'stream_top_up', 'transfer_void', 'stream_refund'];
    // Refunds and payout returns give no usage back (they may land after the window their send counted in).
    const others = [
      'deposit',
      'transfer_settlement',
      'stream_withdrawal',
      'refund',
      'transfer_return',
      'dispute_hold',
      'dispute_release',
      'test',
    ];
    const rows = await withTenant(t.db, scope(), (tx) =>
      tx.query<{ type: string; direction: number | null }>(
        'SELECT type, limit_usage_direction(type) AS direction FROM unnest($1::text[]) AS type',
        [[...types, ...others]],
      ),
    );
    expect(Object.fromEntries(rows.map((r) => [r.type, r.direction]))).toEqual({
      transfer: -1,
      transfer_hold: -1,
      stream_funding: -1,
      stream_top_up: -1,
      transfer_void: 1,
      stream_refund: 1,
      deposit: null,
      transfer_settlement: null,
      stream_withdrawal: null,
      refund: null,
      transfer_return: null,
      dispute_hold: null,
      dispute_release: null,
      test: null,
    });
  });
});

describe('usage from hourly counters', () => {
  it('counts exactly after now − 24 h and after now − 30 d at hour edges, and counts entries stamped after now', async () => {
    const T = '2040-01-01T10:00:00.000Z'; // on an hour: the windows start on hours too
    t.clock.set(at(T, -31 * DAY));
    const from = await openAccount(t.http, tenant.key, { tier: 3, funds: '1000000.00', currency: 'USD' });
    await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: from, amount: '1000.00', currency: 'MXN' } });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    const send = (when: Date, amount: string) => post(when, ledger.moveEntries(from, to, 'USD', new Money(amount)), 'transfer');
    await send(at(T, -30 * DAY), '10000.00'); // on the 30-day edge: out
    await send(at(T, -30 * DAY + 1), '20000.00'); // just inside
    await send(at(T, -30 * DAY + HOUR / 2), '40000.00'); // inside, in the partial oldest hour
    await send(at(T, -DAY), '100.00'); // on the day's edge: out of the day, in the 30 days
    await send(at(T, -DAY + 1), '200.00');
    await send(at(T, -23.5 * HOUR), '400.00');
    await send(at(T, -HOUR), '800.00');
    await send(at(T), '1600.00'); // at now: in
    await send(at(T, 1), '3200.00'); // after now, in now's hour: counted (a send that happened)
    await send(at(T, HOUR - 1), '6400.00');
    // A hold given back within the hour: the currency takes part (its rate is asked for) with zero.
    await post(at(T, -2 * HOUR), ledger.holdEntries(from, 'MXN', new Money('50.00')), 'transfer_hold');
    await post(at(T, -2 * HOUR + 5), ledger.voidEntries(from, 'MXN', new Money('50.00')), 'transfer_void');
    // Deposits and what the account receives do not count.
    await post(at(T, -HOUR), ledger.moveEntries(to, from, 'USD', new Money('5.00')), 'transfer');

    const usage = async (now: Date) => {
      await expectCountersMatchLedger([from, to], now);
      return (await fromCounters([from], now)).get(from);
    };
    expect(await usage(at(T))).toEqual([
      { currency: 'MXN', daily: '0.00000000', monthly: '0.00000000' },
      { currency: 'USD', daily: '12600.00000000', monthly: '72700.00000000' },
    ]);
    // A clock a millisecond behind: the entries at T and after are stamped later, and still count —
    // a send that committed while a check waited for the same lock must not slip past its limit.
    expect(await usage(at(T, -1))).toEqual([
      { currency: 'MXN', daily: '0.00000000', monthly: '0.00000000' },
      { currency: 'USD', daily: '12700.00000000', monthly: '82700.00000000' },
    ]);
    expect(await usage(at(T, HOUR))).toEqual([
      { currency: 'MXN', daily: '0.00000000', monthly: '0.00000000' },
      { currency: 'USD', daily: '12000.00000000', monthly: '12700.00000000' },
    ]);
    // A clock a month behind counts everything after its windows' starts.
    expect(await usage(at(T, -31 * DAY))).toEqual([
      { currency: 'MXN', daily: '0.00000000', monthly: '0.00000000' },
      { currency: 'USD', daily: '82700.00000000', monthly: '82700.00000000' },
    ]);
    // Nothing in the 30 days: no rows at all, as before.
    expect(await usage(at(T, 31 * DAY))).toEqual([]);
    const probes = [-30 * DAY - 1, -DAY - 1, -DAY + 1, -HOUR / 2, HOUR - 1, DAY, DAY + 1, 30 * DAY - HOUR, 30 * DAY];
    await expectCountersMatchLedger([from, to], ...probes.map((ms) => at(T, ms)));
    expect((await fromCounters([to, from], at(T))).get(to)).toEqual([{ currency: 'USD', daily: '5.00000000', monthly: '5.00000000' }]);
  });

  it('the application role cannot delete counters (ledger_post() is their writer)', async () => {
    await expect(withTenant(t.db, scope(), (tx) => tx.query('DELETE FROM limit_usage'))).rejects.toThrow(/permission denied/);
  });

  it('npm run ledger:verify reports a counter that drifted from the ledger, and limit_usage_rebuild() repairs it', async () => {
    const T = '2041-06-01T12:00:00.000Z';
    const from = await openAccount(t.http, tenant.key, { tier: 3, funds: '1000.00', currency: 'USD' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    await post(at(T, 10), ledger.moveEntries(from, to, 'USD', new Money('100.00')), 'transfer');
    await post(at(T, 20), ledger.moveEntries(from, to, 'USD', new Money('20.00')), 'transfer');
    await post(at(T, HOUR), ledger.moveEntries(from, to, 'USD', new Money('3.00')), 'transfer');
    const verification = async () => (await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data;
    expect(await verification()).toMatchObject({ ok: true, discrepancies: [] });

    await withOwner(t.db, async (tx) => {
      await tx.query(`UPDATE limit_usage SET amount = amount - 100 WHERE account_id = $1 AND hour = $2`, [from, at(T)]);
      await tx.query(`DELETE FROM limit_usage WHERE account_id = $1 AND hour = $2`, [from, at(T, HOUR)]);
    });
    const expected = [
      {
        kind: 'usage_mismatch',
        tenantId: tenant.owner.tenantId,
        environment: 'test',
        accountId: from,
        currency: 'USD',
        hour: T,
        stored: '20.00000000',
        fromEntries: '120.00000000',
        storedEntries: 2,
        entriesFromLedger: 2,
      },
      {
        kind: 'usage_mismatch',
        tenantId: tenant.owner.tenantId,
        environment: 'test',
        accountId: from,
        currency: 'USD',
        hour: at(T, HOUR).toISOString(),
        stored: '0',
        fromEntries: '3.00000000',
        storedEntries: 0,
        entriesFromLedger: 1,
      },
    ];
    const reported = await verification();
    expect(reported.ok).toBe(false);
    expect(reported.discrepancies).toEqual(expect.arrayContaining(expected));
    expect(reported.discrepancies).toHaveLength(2);
    // The CLI's view (every tenant, as the owner) and its bound.
    const all = await withOwner(t.db, (tx) => ledger.verifyLedger(tx, 1));
    expect(all.discrepancies).toHaveLength(1);
    expect(all.discrepancies[0]).toMatchObject({ kind: 'usage_mismatch', accountId: from });

    await withOwner(t.db, (tx) => tx.query('SELECT limit_usage_rebuild()'));
    expect(await verification()).toMatchObject({ ok: true, discrepancies: [] });
    await expectCountersMatchLedger([from, to], at(T, HOUR));
  });
});

type Outcome = { ok: true } | { ok: false; code: string; details: unknown };
const outcome = async (check: () => Promise<void>): Promise<Outcome> => {
  try {
    await check();
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, details: error.details };
    throw error;
  }
};

/** What assertCanSend decides for `from` sending `amount` now, from the counters and from the ledger. */
const decisions = (from: string, amount: Amount, currency: Currency) =>
  withTenant(t.db, scope(), async (tx) => {
    const now = t.clock.now();
    const [sender, counted, summed] = await Promise.all([
      lockSender(tx, from),
      accountUsage(tx, from, now),
      accountUsageFromLedger(tx, from, now),
    ]);
    const decide = (rows: UsageRow[]) =>
      outcome(() => assertWithinLimits(sender, rows, undefined, amount, currency, { rates: t.deps.fx.provider }));
    return { counters: await decide(counted), ledger: await decide(summed) };
  });

describe('counters equal the ledger under random movements (property)', () => {
  it('transfers, payouts that fail or are cancelled, streams funded, topped up and refunded, across hours and days', async () => {
    t.clock.set(at('2042-03-01T09:30:00.000Z'));
    // Tier 1 (5,000 / 20,000 / 100,000 USD): the random sends run into every limit.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await openAccount(t.http, tenant.key, { name: `Random ${i}`, tier: 1, funds: '10000000.00', currency: 'USD' });
      await t.http.post('/v1/deposits', { token: tenant.key, body: { accountId: id, amount: '10000000.00', currency: 'MXN' } });
      ids.push(id);
    }
    // A month of history already: 30 sends of 3,300 spread over the 30 days before the start, so the
    // 30-day limit is near and the clock moving on takes them out of the window one by one.
    const start = t.clock.now().getTime();
    for (const [i, id] of ids.entries()) {
      for (let k = 0; k < 30; k++) {
        const when = new Date(start - 30 * DAY + k * DAY + (i * 7 + k * 13) * 60_000 + k);
        await post(when, ledger.moveEntries(id, ids[(i + 1) % ids.length] as string, 'USD', new Money('3300.00')), 'transfer');
      }
    }
    t.clock.set(new Date(start));
    const methods: { ok: string; failing: string }[] = [];
    for (const id of ids) {
      const method = async (accountNumber: string) =>
        (
          await t.http.post(`/v1/accounts/${id}/payment-methods`, {
            token: tenant.key,
            body: { type: 'bank_account', rail: 'ach', details: { routingNumber: '021000021', accountNumber, holderName: 'Payer' } },
          })
        ).body.data.id as string;
      methods.push({ ok: await method('4432198765'), failing: await method('7788990000') });
    }
    const streams: string[] = [];

    const account = fc.integer({ min: 0, max: ids.length - 1 });
    const other = fc.integer({ min: 1, max: ids.length - 1 }); // `to` is `from` + this, around
    // Mostly large sends, so the day's and the 30 days' limits are reached; some over 5,000.
    const usd = fc
      .oneof(fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 250_000, max: 520_000 }))
      .map((cents) => new Money(cents).div(100));
    const mxn = fc.integer({ min: 1, max: 10_000_000 }).map((cents) => new Money(cents).div(100));
    const wait = fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 3 * HOUR }), weight: 3 },
      { arbitrary: fc.integer({ min: -1, max: 1 }).map((offset) => ({ toNextHour: offset })), weight: 2 },
      { arbitrary: fc.integer({ min: HOUR, max: 12 * DAY }), weight: 1 },
    );
    const op = fc.oneof(
      fc.record({ kind: fc.constant('transfer' as const), from: account, to: other, usd, mxn, inPesos: fc.boolean() }),
      fc.record({ kind: fc.constant('payout' as const), from: account, usd, failing: fc.boolean(), cancel: fc.boolean() }),
      fc.record({ kind: fc.constant('stream' as const), from: account, to: other, usd }),
      fc.record({ kind: fc.constant('topUp' as const), pick: fc.nat(), usd }),
      fc.record({ kind: fc.constant('cancelStream' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('wait' as const), wait }),
    );
    const step = fc.record({ op, probe: fc.nat(), lookBack: fc.integer({ min: 0, max: 31 * DAY }) });

    /**
     * Runs a send through HTTP and checks the API decided what the ledger-derived usage decides. A
     * stream that ran dry meanwhile (invalid_state) is refused before the limits are looked at.
     */
    const send = async (from: string, amount: Amount, currency: Currency, request: () => ReturnType<typeof t.http.post>) => {
      const decided = await decisions(from, amount, currency);
      expect(decided.counters).toEqual(decided.ledger);
      const res = await request();
      if (res.body.error?.code === 'invalid_state') return res;
      if (decided.ledger.ok) {
        expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
      } else {
        expect(res.status).toBe(422);
        expect(res.body.error).toMatchObject({ code: decided.ledger.code, details: decided.ledger.details });
      }
      return res;
    };

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 20 }), async (steps) => {
        for (const { op: o, probe, lookBack } of steps) {
          if (o.kind === 'transfer') {
            const to = ids[(o.from + o.to) % ids.length];
            const [amount, currency] = o.inPesos ? [o.mxn, 'MXN' as const] : [o.usd, 'USD' as const];
            const body = { type: 'internal', fromAccountId: ids[o.from], toAccountId: to, amount: amount.toFixed(2), currency };
            await send(ids[o.from] as string, amount, currency, () => t.http.post('/v1/transfers', { token: tenant.key, body }));
          } else if (o.kind === 'payout') {
            const method = methods[o.from] as { ok: string; failing: string };
            const amount = Money.max(o.usd, 1); // a payout's minimum
            const body = {
              type: 'payout',
              fromAccountId: ids[o.from],
              paymentMethodId: o.failing ? method.failing : method.ok,
              amount: amount.toFixed(2),
              currency: 'USD',
            };
            const res = await send(ids[o.from] as string, amount, 'USD', () => t.http.post('/v1/transfers', { token: tenant.key, body }));
            if (res.status === 201 && o.cancel) {
              const cancelled = await t.http.post(`/v1/transfers/${res.body.data.id}/cancel`, { token: tenant.key });
              expect(cancelled.status).toBe(200);
            }
          } else if (o.kind === 'stream') {
            // 0.001 USD a second: the minimum funding is 619.20.
            const funding = Money.max(o.usd, new Money('619.20'));
            const body = {
              senderAccountId: ids[o.from],
              receiverAccountId: ids[(o.from + o.to) % ids.length],
              currency: 'USD',
              ratePerSecond: '0.001',
              fundingAmount: funding.toFixed(2),
            };
            const res = await send(ids[o.from] as string, funding, 'USD', () => t.http.post('/v1/streams', { token: tenant.key, body }));
            if (res.status === 201) streams.push(res.body.data.id);
          } else if (o.kind === 'topUp' && streams.length > 0) {
            const id = streams[o.pick % streams.length] as string;
            const s = (await t.http.get(`/v1/streams/${id}`, { token: tenant.key })).body.data;
            if (s.status === 'active' || s.status === 'paused') {
              const body = { amount: o.usd.toFixed(2) };
              await send(s.senderAccountId, o.usd, 'USD', () => t.http.post(`/v1/streams/${id}/top-up`, { token: tenant.key, body }));
            }
          } else if (o.kind === 'cancelStream' && streams.length > 0) {
            const id = streams[o.pick % streams.length] as string;
            const res = await t.http.post(`/v1/streams/${id}/cancel`, { token: tenant.key });
            expect([200, 422]).toContain(res.status);
          } else if (o.kind === 'wait') {
            if (typeof o.wait === 'number') t.clock.advance(o.wait);
            else {
              const now = t.clock.now().getTime();
              t.clock.set(new Date(now - (now % HOUR) + HOUR + o.wait.toNextHour));
            }
            // Payouts due by now settle (a failing destination voids its hold).
            await settleDuePayouts(t.db, t.deps);
          }

          // Exact at now, at a random earlier instant, and at each edge of a random entry's windows.
          const now = t.clock.now();
          const times = await withTenant(t.db, scope(), (tx) =>
            tx.query<{ created_at: Date }>(
              'SELECT DISTINCT created_at FROM ledger_entries WHERE account_id = ANY($1::uuid[]) ORDER BY created_at',
              [ids],
            ),
          );
          const entryAt = new Date((times[probe % times.length] as { created_at: Date }).created_at).getTime();
          const probes = [now.getTime(), now.getTime() - lookBack, entryAt - 1, entryAt, entryAt + DAY - 1, entryAt + DAY];
          await expectCountersMatchLedger(ids, ...[...probes, entryAt + 30 * DAY - 1, entryAt + 30 * DAY].map((ms) => new Date(ms)));
        }
      }),
      { numRuns: 6 },
    );
    expect((await t.http.get('/v1/ledger/verification', { token: await tenant.userToken() })).body.data).toMatchObject({
      ok: true,
      discrepancies: [],
    });
  });
});

describe.runIf(isRealPostgres)('on PostgreSQL', () => {
  it('accountsUsage takes no lock: it answers while a send holds the account and its counters', async () => {
    t.clock.set(at('2043-01-01T00:00:00.000Z'));
    const from = await openAccount(t.http, tenant.key, { tier: 3, funds: '1000.00', currency: 'USD' });
    const to = await openAccount(t.http, tenant.key, { tier: 1 });
    await post(t.clock.now(), ledger.moveEntries(from, to, 'USD', new Money('1.00')), 'transfer');
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const sending = withTenant(t.db, scope(), async (tx) => {
      await lockSender(tx, from);
      await ledger.post(tx, {
        entries: ledger.moveEntries(from, to, 'USD', new Money('2.00')),
        referenceType: 'transfer',
        at: t.clock.now(),
      });
      locked();
      await held;
    });
    await isLocked;
    const usage = await fromCounters([from, to], t.clock.now());
    release();
    await sending;
    expect(usage.get(from)).toEqual([{ currency: 'USD', daily: '1.00000000', monthly: '1.00000000' }]);
    expect(usage.get(to)).toEqual([]);
    await expectCountersMatchLedger([from, to], t.clock.now());
  });

  it('concurrent sends in both directions keep the counters exact (no deadlock)', async () => {
    const a = await openAccount(t.http, tenant.key, { tier: 1, funds: '100000.00', currency: 'USD' });
    const b = await openAccount(t.http, tenant.key, { tier: 1, funds: '100000.00', currency: 'USD' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http.post('/v1/transfers', {
          token: tenant.key,
          body: { type: 'internal', fromAccountId: i % 2 ? a : b, toAccountId: i % 2 ? b : a, amount: '1000.00', currency: 'USD' },
        }),
      ),
    );
    for (const res of results) {
      if (res.status !== 201) expect(res.body.error).toMatchObject({ code: 'limit_exceeded', details: { limitType: 'daily' } });
    }
    // 20,000 a day each: exactly 20 of each side's 25 fit.
    expect(results.filter((r) => r.status === 201)).toHaveLength(40);
    await expectCountersMatchLedger([a, b], t.clock.now());
    expect((await fromCounters([a], t.clock.now())).get(a)).toEqual([
      { currency: 'USD', daily: '20000.00000000', monthly: '20000.00000000' },
    ]);
  });
});
