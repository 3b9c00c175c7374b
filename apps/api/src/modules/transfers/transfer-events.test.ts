import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import type { Json } from '../../../../../tests/harness.js';
import { settleDuePayouts } from './settlement.service.js';

// Issue #17: every state change of a transfer writes its event in the same transaction — internal
// transfers inside their group-committed batch, payouts when created, settled and cancelled — with
// the object exactly as the API returns it and a sequence per transfer.

const t = testApp();
const tenant = tenantWithKey(t, 'transfer-events');

const eventsOf = async (objectId: string) =>
  ((await t.http.get(`/v1/events?limit=100&objectId=${objectId}`, { token: tenant.key })).body.data as Json[]).sort(
    (a, b) => a.sequence - b.sequence,
  );
const transferEventCount = async () => {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await t.http.get(`/v1/events?limit=100&type=transfer.*${cursor ? `&cursor=${cursor}` : ''}`, { token: tenant.key });
    count += page.body.data.length;
    cursor = page.body.hasMore ? page.body.nextCursor : undefined;
  } while (cursor);
  return count;
};
const getTransfer = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data;

async function paymentMethod(accountId: string, failing = false) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: tenant.key,
    body: {
      type: 'bank_account',
      rail: 'ach',
      details: { routingNumber: '021000021', accountNumber: failing ? '7788990000' : '4432198765', holderName: 'Payer' },
    },
  });
  return res.body.data.id as string;
}

describe('transfer events', () => {
  it('an internal transfer records transfer.created then transfer.completed, the latter the API object', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Sender', funds: '100.00', currency: 'USD', tier: 2 });
    const to = await openAccount(t.http, tenant.key, { name: 'Receiver', tier: 2 });
    const created = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: from, toAccountId: to, amount: '12.34', currency: 'USD', metadata: { order: 'A-1' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const events = await eventsOf(id);
    expect(events.map((e) => [e.type, e.sequence, e.objectType])).toEqual([
      ['transfer.created', 1, 'transfer'],
      ['transfer.completed', 2, 'transfer'],
    ]);
    const [first, second] = events as [Json, Json];
    expect(first.data.object).toMatchObject({ id, status: 'pending', amount: '12.34', metadata: { order: 'A-1' } });
    expect(first.data.object.timeline.map((s: Json) => s.status)).toEqual(['pending']);
    // The completed event carries the transfer exactly as POST answered it and GET reads it.
    expect(JSON.stringify(second.data.object)).toBe(JSON.stringify(created.body.data));
    expect(second.data.object).toEqual(await getTransfer(id));
    expect(second.data.previousAttributes).toMatchObject({ status: 'pending' });
  });

  it('a refused transfer records nothing; in a batch, only the accepted ones record events', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Thin', funds: '10.00', currency: 'USD', tier: 2 });
    const to = await openAccount(t.http, tenant.key, { name: 'Payee', tier: 2 });
    const before = await transferEventCount();
    // Sent together, they share a batch: 4 + 4 fit in 10, the third does not.
    const answers = await Promise.all(
      ['4.00', '4.00', '4.00'].map((amount) =>
        t.http.post('/v1/transfers', {
          token: tenant.key,
          body: { type: 'internal', fromAccountId: from, toAccountId: to, amount, currency: 'USD' },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 422]);
    expect(await transferEventCount()).toBe(before + 4);
    for (const answer of answers.filter((a) => a.status === 201)) {
      expect((await eventsOf(answer.body.data.id)).map((e) => e.type)).toEqual(['transfer.created', 'transfer.completed']);
    }
  });

  it('a payout records created, then processing and completed when it settles', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Payer', funds: '1000.00', currency: 'USD', tier: 2 });
    const pm = await paymentMethod(from);
    const created = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm, amount: '100.00', currency: 'USD' },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect((await eventsOf(id)).map((e) => [e.type, e.sequence])).toEqual([['transfer.created', 1]]);
    expect(JSON.stringify((await eventsOf(id))[0]?.data.object)).toBe(JSON.stringify(created.body.data));

    t.clock.advance(5_000);
    await settleDuePayouts(t.db, t.deps);
    const events = await eventsOf(id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['transfer.created', 1],
      ['transfer.processing', 2],
      ['transfer.completed', 3],
    ]);
    const [, processing, completed] = events as [Json, Json, Json];
    expect(processing.data.object).toMatchObject({ id, status: 'processing' });
    expect(processing.data.object.timeline.map((s: Json) => s.status)).toEqual(['pending', 'processing']);
    expect(processing.data.previousAttributes).toMatchObject({ status: 'pending' });
    expect(completed.data.object).toEqual(await getTransfer(id));
    expect(completed.data.previousAttributes).toMatchObject({ status: 'processing' });
  });

  it('a payout the rail rejects records transfer.failed with its reason', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Rejected payer', funds: '500.00', currency: 'USD', tier: 2 });
    const pm = await paymentMethod(from, true);
    const created = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm, amount: '50.00', currency: 'USD' },
    });
    t.clock.advance(5_000);
    await settleDuePayouts(t.db, t.deps);
    const events = await eventsOf(created.body.data.id);
    expect(events.map((e) => e.type)).toEqual(['transfer.created', 'transfer.processing', 'transfer.failed']);
    expect(events[2]?.data.object).toMatchObject({ status: 'failed', failureReason: 'destination_rejected' });
    expect(events[2]?.data.object).toEqual(await getTransfer(created.body.data.id));
  });

  it('a cancelled payout records transfer.cancelled, the object as the cancel answered it', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Canceller', funds: '300.00', currency: 'USD', tier: 2 });
    const pm = await paymentMethod(from);
    const created = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: from, paymentMethodId: pm, amount: '20.00', currency: 'USD' },
    });
    const id = created.body.data.id as string;
    const cancelled = await t.http.post(`/v1/transfers/${id}/cancel`, { token: tenant.key });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toEqual(await getTransfer(id));
    const events = await eventsOf(id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['transfer.created', 1],
      ['transfer.cancelled', 2],
    ]);
    expect(JSON.stringify(events[1]?.data.object)).toBe(JSON.stringify(cancelled.body.data));
    expect(events[1]?.data.previousAttributes).toMatchObject({ status: 'pending' });
    // A second cancel is refused and records nothing.
    expect((await t.http.post(`/v1/transfers/${id}/cancel`, { token: tenant.key })).status).toBe(422);
    expect(await eventsOf(id)).toHaveLength(2);
  });
});
