import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../../../../tests/fixtures.js';
import { createKey, isRealPostgres, type Json, signup } from '../../../../../tests/harness.js';

const t = testApp();

const eventsOf = async (token: string, query = '', environment?: 'test' | 'live') =>
  (await t.http.get(`/v1/events?limit=100${query}`, { token, environment })).body.data as Json[];

describe('events', () => {
  it('records every account change with the object as the API returns it, numbered per object', async () => {
    const owner = await signup(t.http, 'events-accounts');
    const created = await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Ana' } });
    const id = created.body.data.id as string;
    await t.http.patch(`/v1/accounts/${id}`, { token: owner.token, body: { name: 'Ana Souza' } });
    const verified = await t.http.post(`/v1/accounts/${id}/verify`, { token: owner.token, body: { tier: 2 } });
    await t.http.post(`/v1/accounts/${id}/suspend`, { token: owner.token });
    const activated = await t.http.post(`/v1/accounts/${id}/activate`, { token: owner.token });
    const closed = await t.http.delete(`/v1/accounts/${id}`, { token: owner.token });

    // One clock instant for all: the list's order among them is by id; the sequence is the order of the changes.
    const events = (await eventsOf(owner.token, `&objectId=${id}`)).sort((x, y) => x.sequence - y.sequence);
    const at = (i: number) => events[i] as Json;
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['account.created', 1],
      ['account.updated', 2],
      ['account.verified', 3],
      ['account.suspended', 4],
      ['account.activated', 5],
      ['account.closed', 6],
    ]);
    expect(at(0)).toMatchObject({ environment: 'test', objectType: 'account', objectId: id, data: { object: created.body.data } });
    expect(at(0).id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(at(0).data).not.toHaveProperty('previousAttributes');
    expect(at(1).data.previousAttributes).toEqual({ name: 'Ana' });
    expect(at(2).data).toEqual({
      object: verified.body.data,
      previousAttributes: { verificationTier: 0, verificationStatus: 'unverified' },
    });
    expect(at(4).data.object).toEqual(activated.body.data);
    expect(at(5).data.object).toEqual(closed.body.data);
    // The stored object is the response's bytes, key order included.
    expect(JSON.stringify(at(2).data.object)).toBe(JSON.stringify(verified.body.data));

    const one = await t.http.get(`/v1/events/${at(2).id}`, { token: owner.token });
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(at(2));
  });

  it('records the changes of payment methods, API keys, agents, schedules, streams and deposits', async () => {
    const owner = await signup(t.http, 'events-modules');
    const key = await createKey(t.http, owner.token);
    const business = (await t.http.post('/v1/accounts', { token: key.key, body: { type: 'business', name: 'Biz' } })).body.data.id;
    const other = (await t.http.post('/v1/accounts', { token: key.key, body: { type: 'person', name: 'Other' } })).body.data.id;
    await t.http.post(`/v1/accounts/${business}/verify`, { token: key.key, body: { tier: 2 } });
    const deposit = await t.http.post('/v1/deposits', {
      token: key.key,
      body: { accountId: business, amount: '500.00', currency: 'USDC' },
    });
    const pm = await t.http.post(`/v1/accounts/${business}/payment-methods`, {
      token: key.key,
      body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Biz' } },
    });
    await t.http.delete(`/v1/accounts/${business}/payment-methods/${pm.body.data.id}`, { token: key.key });
    const agent = (await t.http.post('/v1/agents', { token: key.key, body: { accountId: business, name: 'Bot' } })).body.data;
    await t.http.post(`/v1/agents/${agent.id}/verify`, { token: owner.token, body: { tier: 1 } });
    await t.http.post(`/v1/accounts/${business}/suspend`, { token: key.key });
    await t.http.post(`/v1/accounts/${business}/activate`, { token: key.key });
    const today = t.clock.now().toISOString().slice(0, 10);
    const schedule = (
      await t.http.post('/v1/scheduled-transfers', {
        token: key.key,
        body: { fromAccountId: business, toAccountId: other, amount: '1.00', currency: 'USDC', frequency: 'monthly', startDate: today },
      })
    ).body.data;
    await t.http.post(`/v1/scheduled-transfers/${schedule.id}/pause`, { token: key.key });
    await t.http.post(`/v1/scheduled-transfers/${schedule.id}/resume`, { token: key.key });
    await t.http.post(`/v1/scheduled-transfers/${schedule.id}/run-now`, { token: key.key });
    await t.http.post(`/v1/scheduled-transfers/${schedule.id}/cancel`, { token: key.key });
    const stream = (
      await t.http.post('/v1/streams', {
        token: key.key,
        body: { senderAccountId: business, receiverAccountId: other, currency: 'USDC', ratePerSecond: '0.0001' },
      })
    ).body.data;
    await t.http.post(`/v1/streams/${stream.id}/pause`, { token: key.key });
    await t.http.post(`/v1/streams/${stream.id}/resume`, { token: key.key });
    await t.http.post(`/v1/streams/${stream.id}/top-up`, { token: key.key, body: { amount: '1.00' } });
    t.clock.advance(60_000);
    await t.http.post(`/v1/streams/${stream.id}/withdraw`, { token: key.key, body: {} });
    await t.http.post(`/v1/streams/${stream.id}/cancel`, { token: key.key });
    await t.http.delete(`/v1/api-keys/${key.id}`, { token: owner.token });

    const events = await eventsOf(owner.token);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'api_key.created',
      'api_key.revoked',
      'deposit.completed',
      'payment_method.created',
      'payment_method.deleted',
      'agent.created',
      'agent.verified',
      'agent.suspended',
      'schedule.created',
      'schedule.paused',
      'schedule.resumed',
      'schedule.execution.succeeded',
      'schedule.cancelled',
      'stream.created',
      'stream.paused',
      'stream.resumed',
      'stream.topped_up',
      'stream.withdrawn',
      'stream.cancelled',
    ]) {
      expect(types, type).toContain(type);
    }
    const byType = (type: string) => events.find((e) => e.type === type) as Json;
    expect(byType('deposit.completed').data.object).toEqual(deposit.body.data);
    expect(byType('payment_method.created').data.object).toEqual(pm.body.data);
    expect(byType('agent.created').data.object).not.toHaveProperty('token');
    expect(byType('agent.suspended').data.object).toMatchObject({
      id: agent.id,
      status: 'suspended',
      suspendedReason: 'account_suspended',
    });
    expect(byType('api_key.revoked').data).toMatchObject({
      object: { id: key.id, status: 'revoked' },
      previousAttributes: { status: 'active' },
    });
    expect(byType('schedule.paused').data.previousAttributes).toMatchObject({ status: 'active' });
    expect(byType('schedule.execution.succeeded')).toMatchObject({
      objectType: 'schedule_execution',
      data: { object: { scheduleId: schedule.id, status: 'succeeded' } },
    });
    const streamEvents = events.filter((e) => e.objectId === stream.id).sort((x, y) => x.sequence - y.sequence);
    expect(streamEvents.map((e) => e.type)).toEqual([
      'stream.created',
      'stream.paused',
      'stream.resumed',
      'stream.topped_up',
      'stream.withdrawn',
      'stream.cancelled',
    ]);
    expect(streamEvents.at(-1)?.data.object).toMatchObject({ id: stream.id, status: 'cancelled' });
  });

  it('filters by type (with wildcards), object and time, and pages with a cursor', async () => {
    const owner = await signup(t.http, 'events-filters');
    const key = (await createKey(t.http, owner.token)).key;
    const start = t.clock.now();
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      ids.push((await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name } })).body.data.id);
      t.clock.advance(1000);
    }
    await t.http.post(`/v1/accounts/${ids[0]}/verify`, { token: key, body: { tier: 1 } });
    expect((await eventsOf(key, '&type=account.*')).map((e) => e.type)).toEqual([
      'account.verified',
      'account.created',
      'account.created',
      'account.created',
    ]);
    expect((await eventsOf(key, '&type=account.verified')).map((e) => e.objectId)).toEqual([ids[0]]);
    expect(await eventsOf(key, '&type=transfer.*')).toEqual([]);
    expect(
      (
        await eventsOf(key, `&from=${new Date(start.getTime() + 1000).toISOString()}&to=${new Date(start.getTime() + 2000).toISOString()}`)
      ).map((e) => e.objectId),
    ).toEqual([ids[1]]);

    const first = await t.http.get('/v1/events?limit=2&type=account.*', { token: key });
    expect(first.body).toMatchObject({ hasMore: true });
    const second = await t.http.get(`/v1/events?limit=2&type=account.*&cursor=${first.body.nextCursor}`, { token: key });
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect([...first.body.data, ...second.body.data].map((e: Json) => e.id)).toEqual(
      (await eventsOf(key, '&type=account.*')).map((e) => e.id),
    );

    for (const bad of ['type=ACCOUNT', 'type=account.**', 'objectId=nope', 'from=yesterday', 'cursor=zzz']) {
      const res = await t.http.get(`/v1/events?${bad}`, { token: key });
      expect(res.status, bad).toBe(400);
    }
    expect((await t.http.get('/v1/events/evt_00000000000000000000000000000000', { token: key })).status).toBe(404);
    expect((await t.http.get('/v1/events/not-an-event', { token: key })).status).toBe(404);
  });

  it('keeps events in their tenant and environment', async () => {
    const a = await signup(t.http, 'events-a');
    const b = await signup(t.http, 'events-b');
    await t.http.post('/v1/accounts', { token: a.token, body: { type: 'person', name: 'A test' } });
    await t.http.post('/v1/accounts', { token: a.token, environment: 'live', body: { type: 'person', name: 'A live' } });
    const [mine] = await eventsOf(a.token);
    expect(mine?.data.object.name).toBe('A test');
    const live = await eventsOf(a.token, '', 'live');
    expect(live.map((e) => e.data.object.name)).toEqual(['A live']);
    expect(await eventsOf(b.token)).toEqual([]);
    expect((await t.http.get(`/v1/events/${mine?.id}`, { token: b.token })).status).toBe(404);
    expect((await t.http.get(`/v1/events/${mine?.id}`, { token: a.token, environment: 'live' })).status).toBe(404);
  });

  it('writes nothing for a change that rolls back', async () => {
    const owner = await signup(t.http, 'events-rollback');
    const id = (await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Rich' } })).body.data.id;
    await t.http.post('/v1/deposits', { token: owner.token, body: { accountId: id, amount: '10', currency: 'USD' } });
    const before = await eventsOf(owner.token);
    // Closing fails after the account row was locked and read: nothing of it may remain.
    expect((await t.http.delete(`/v1/accounts/${id}`, { token: owner.token })).status).toBe(422);
    expect((await t.http.post(`/v1/accounts/${id}/activate`, { token: owner.token })).status).toBe(422);
    expect(await eventsOf(owner.token)).toEqual(before);
    const sequences = await withOwner(t.db, (tx) =>
      tx.query<{ last_sequence: string }>('SELECT last_sequence FROM event_sequences WHERE object_id = $1', [id]),
    );
    expect(sequences.map((s) => Number(s.last_sequence))).toEqual([before.filter((e) => e.objectId === id).length]);
  });

  it.runIf(isRealPostgres)('numbers concurrent changes of one object in commit order, without gaps or repeats', async () => {
    const owner = await signup(t.http, 'events-race');
    const id = (await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Racer' } })).body.data.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.http.patch(`/v1/accounts/${id}`, { token: owner.token, body: { name: `Racer ${i}` } })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const events = (await eventsOf(owner.token, `&objectId=${id}`)).sort((x, y) => x.sequence - y.sequence);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    // Each update's previousAttributes is the name the one before it left: sequence order is the order the changes happened in.
    for (let i = 2; i < events.length; i++) {
      expect(events[i]?.data.previousAttributes?.name).toBe(events[i - 1]?.data.object.name);
    }
  });
});
