import { randomUUID } from 'node:crypto';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';

/**
 * The transfers list is written by the database (transfers.repo listTransfersJson), a transfer alone
 * by the presenter and JSON.stringify: the two must agree byte for byte, on every value a row can
 * hold — including text that needs escaping, metadata keys a JavaScript object reorders, each
 * currency's scale, payouts with fee lines, rates and notes.
 */
const t = testApp();
const tenant = tenantWithKey(t, 'transfers-list');

/** The raw body of a GET: the bytes the client receives, not a parse of them. */
async function raw(path: string): Promise<string> {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${tenant.key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  return res.text();
}

/** A metadata key (at most 40 characters) of the same kinds. */
const TRICKY_KEY = 'q " b \\ n \n t \t u \u0001 \u2028 ñ 😀';
const TRICKY = 'quote " backslash \\ slash / tab \t newline \n return \r bell \u0007 unit \u001f del \u007f line \u2028 para \u2029 ñ 😀';

describe('the transfers list', () => {
  it('writes each transfer exactly as GET /v1/transfers/{id} does', async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Sender', tier: 3, funds: '1000.00' });
    const b = await openAccount(t.http, tenant.key, { name: `Receiver ${TRICKY}`, tier: 1 });
    for (const [amount, description, metadata] of [
      ['1.5', 'Invoice 42', { invoice: '42' }],
      ['0.000001', TRICKY, { [TRICKY_KEY]: TRICKY, b: '1', '10': 'ten', '2': 'two', '01': 'not an index', '-1': 'negative' }],
      ['250.123456', undefined, { '4294967294': 'largest index', '4294967295': 'not an index', a: '', z: 'last' }],
    ] as const) {
      const res = await t.http.post('/v1/transfers', {
        token: tenant.key,
        body: { type: 'internal', fromAccountId: a, toAccountId: b, amount, currency: 'USDC', description, metadata },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // What only a payout's settlement or another currency writes, written directly: fee lines, a rate,
    // a destination amount in another currency, a failure reason, notes, an initiator's name, MXN, and a
    // payment method whose label and holder need escaping (its recipient's name and detail).
    const me = await t.http.get('/v1/auth/me', { token: tenant.owner.token });
    const tenantId = me.body.data.tenant.id as string;
    const payoutId = randomUUID();
    const mxnId = randomUUID();
    const methodId = randomUUID();
    await withOwner(t.db, async (tx) => {
      await tx.query(
        `INSERT INTO payment_methods (tenant_id, environment, id, account_id, type, rail, currency, label, details, masked, last4)
         VALUES ($1, 'test', $2, $3, 'bank_account', 'spei', 'MXN', $4, '{}', $5::text::jsonb, '9719')`,
        [tenantId, methodId, a, TRICKY, JSON.stringify({ clabe: '••••9719', holderName: `${TRICKY} holder` })],
      );
      await tx.query(
        `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, payment_method_id, amount, currency,
                                fees, fee_total, total_debit, destination_amount, destination_currency, rate, description, metadata,
                                failure_reason, initiated_by_type, initiated_by_id, initiated_by_name, created_at, updated_at)
         VALUES ($1, 'test', $2, 'payout', 'failed', $3, NULL, $10, 100.5, 'USD', $5::text::jsonb, 0.71, 101.21, 1723.58, 'MXN', 17.150000000001,
                 $6, $7::text::jsonb, $6, 'user', $8, $6, '2026-01-02 03:04:05.678999+00', '2026-01-02 03:04:06.000001+00'),
                ($1, 'test', $9, 'internal', 'completed', $3, $4, NULL, 7, 'MXN', '[]', 0, 7, NULL, NULL, 1, NULL, '{}', NULL,
                 'system', NULL, NULL, '2026-01-02 03:04:04+00', '2026-01-02 03:04:04+00')`,
        [
          tenantId,
          payoutId,
          a,
          b,
          JSON.stringify([
            { type: 'platform', amount: '0.5' },
            { type: 'cross_currency', amount: '0.21' },
          ]),
          TRICKY,
          JSON.stringify({ [TRICKY]: 'x', '7': TRICKY }),
          randomUUID(),
          mxnId,
          methodId,
        ],
      );
      await tx.query(
        `INSERT INTO transfer_events (tenant_id, environment, id, transfer_id, status, note, at)
         VALUES ($1, 'test', gen_random_uuid(), $2, 'pending', NULL, '2026-01-02 03:04:05.678999+00'),
                ($1, 'test', gen_random_uuid(), $2, 'failed', $3, '2026-01-02 03:04:06.000001+00')`,
        [tenantId, payoutId, TRICKY],
      );
    });

    const list = await raw('/v1/transfers?limit=100');
    const ids = (JSON.parse(list) as { data: { id: string }[] }).data.map((x) => x.id);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual(expect.arrayContaining([payoutId, mxnId]));
    const one = async (id: string) => {
      const text = await raw(`/v1/transfers/${id}`);
      expect(text.startsWith('{"data":') && text.endsWith('}')).toBe(true);
      return text.slice('{"data":'.length, -1);
    };
    const each = await Promise.all(ids.map(one));
    expect(list).toBe(`{"data":[${each.join(',')}],"hasMore":false,"nextCursor":null}`);
    // The same page through an account's list, and one page of two with its cursor.
    expect(await raw(`/v1/accounts/${a}/transfers?limit=100`)).toBe(list);
    const firstTwo = JSON.parse(await raw('/v1/transfers?limit=2')) as { data: { id: string }[]; hasMore: boolean; nextCursor: string };
    expect(firstTwo.hasMore).toBe(true);
    expect(firstTwo.data.map((x) => x.id)).toEqual(ids.slice(0, 2));
    const rest = await raw(`/v1/transfers?limit=100&cursor=${firstTwo.nextCursor}`);
    expect(rest).toBe(`{"data":[${each.slice(2).join(',')}],"hasMore":false,"nextCursor":null}`);

    const payout = JSON.parse(await one(payoutId));
    expect(payout).toMatchObject({
      amount: '100.50',
      fees: {
        total: '0.71',
        breakdown: [
          { type: 'platform', amount: '0.50' },
          { type: 'cross_currency', amount: '0.21' },
        ],
      },
      destinationAmount: '1723.58',
      rate: '17.150000000001',
      createdAt: '2026-01-02T03:04:05.678Z',
      updatedAt: '2026-01-02T03:04:06.000Z',
      timeline: [
        { status: 'pending', note: null, at: '2026-01-02T03:04:05.678Z' },
        { status: 'failed', note: TRICKY },
      ],
    });
    expect(Object.keys(payout.metadata)).toEqual(['7', TRICKY]);
    expect(payout).toMatchObject({
      fromAccountName: 'Sender',
      recipient: { type: 'payment_method', id: methodId, name: `${TRICKY} holder`, detail: `${TRICKY} ••••9719` },
    });
    expect(JSON.parse(await one(mxnId))).toMatchObject({
      recipient: { type: 'account', id: b, name: `Receiver ${TRICKY}`, detail: null },
    });
    expect(JSON.parse(await one(mxnId))).toMatchObject({ amount: '7.00', rate: '1', fees: { total: '0.00', breakdown: [] } });
  });
});
