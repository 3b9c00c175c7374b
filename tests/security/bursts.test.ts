/**
 * Concurrency as hostile input (real PostgreSQL: PGlite runs one transaction at a time). fast-check
 * draws bursts of parallel requests; whatever their order and timing, every limit holds: tier limits,
 * balances, one effect per idempotency key, and the ledger verifies. Parallel logins against the
 * lockout are in review-auth.test.ts; parallel agent transfers against a daily limit in agents.test.ts.
 */

import { Money } from '@payos/money';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../fixtures.js';
import { createKey, isRealPostgres, signup } from '../harness.js';

const t = testApp();
let owner: Awaited<ReturnType<typeof signup>>;
let key: string;

beforeAll(async () => {
  owner = await signup(t.http, 'bursts');
  key = (await createKey(t.http, owner.token)).key;
});

const account = (name: string, tier: number, funds?: string) => openAccount(t.http, key, { name, tier, funds });

const available = async (id: string) =>
  (await t.http.get(`/v1/accounts/${id}/balances`, { token: key })).body.data.balances.find(
    (b: { currency: string }) => b.currency === 'USDC',
  )?.available as string;

const ledgerOk = async () => (await t.http.get('/v1/ledger/verification', { token: owner.token })).body.data.ok;

describe.runIf(isRealPostgres)('parallel bursts respect every limit (PostgreSQL)', () => {
  it('random bursts of transfers never exceed the daily tier limit or the balance', async () => {
    // Tier 1: 5,000 per transfer, 20,000 a day. Funds 12,000: both the balance and the limit bind.
    const bursts = fc.sample(fc.array(fc.integer({ min: 1, max: 6_000 }), { minLength: 20, maxLength: 30 }), { numRuns: 3, seed: 14 });
    for (const [round, amounts] of bursts.entries()) {
      const [from, to] = [await account(`Burst ${round}`, 1, '12000.00'), await account(`Sink ${round}`, 1)];
      const replies = await Promise.all(
        amounts.map((whole) =>
          t.http.post('/v1/transfers', {
            token: key,
            body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: `${whole}.00`, currency: 'USDC' },
          }),
        ),
      );
      let sent = new Money(0);
      for (const [i, reply] of replies.entries()) {
        if (reply.status === 201) sent = sent.plus(`${amounts[i]}.00`);
        else expect(['limit_exceeded', 'insufficient_funds'], JSON.stringify(reply.body)).toContain(reply.body.error?.code);
      }
      expect(sent.lte('12000.00')).toBe(true);
      expect(amounts.filter((_, i) => replies[i]?.status === 201).every((a) => a <= 5_000)).toBe(true);
      expect(new Money(await available(from)).eq(new Money('12000.00').minus(sent))).toBe(true);
      expect(new Money(await available(to)).eq(sent)).toBe(true);
    }
    expect(await ledgerOk()).toBe(true);
  });

  it('a burst of one request under one Idempotency-Key has exactly one effect', async () => {
    const [from, to] = [await account('Once', 2, '1000.00'), await account('Once sink', 1)];
    const body = { type: 'internal', fromAccountId: from, toAccountId: to, amount: '10.00', currency: 'USDC' };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.http.post('/v1/transfers', { token: key, body, headers: { 'idempotency-key': 'burst-once' } })),
    );
    const created = replies.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.data.id)).size).toBe(1);
    expect(replies.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.error.code === 'idempotency_key_in_use')).toBe(
      true,
    );
    expect(await available(from)).toBe('990.000000');
    expect(await ledgerOk()).toBe(true);
  });
});
