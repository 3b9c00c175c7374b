/**
 * Findings of the external security review on money streams, each reproduced through HTTP:
 * the live feed outliving its credential, malformed ids and cursors reaching PostgreSQL, rates too
 * small to have a representable depletion date, and a process that never exits after SIGTERM when
 * its stdout is a closed pipe.
 */
import { Money } from '@payos/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createKey, createTestDatabase, PASSWORD, signup, type TestDatabase } from '../harness.js';

let database: TestDatabase;
let t: ReturnType<typeof buildApp>;
let owner: Awaited<ReturnType<typeof signup>>;
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
  t = buildApp(database.db);
  owner = await signup(t.http, 'review-streams');
  key = (await createKey(t.http, owner.token)).key;
});
afterAll(() => database.drop());

const login = async (email = owner.email) =>
  (await t.http.post('/v1/auth/login', { body: { email, password: PASSWORD } })).body.data.session.accessToken as string;

async function account(name: string, funds?: string, currency = 'USDC') {
  const id = (await t.http.post('/v1/accounts', { token: key, body: { type: 'business', name } })).body.data.id as string;
  await t.http.post(`/v1/accounts/${id}/verify`, { token: await login(), body: { tier: 3 } });
  if (funds) await t.http.post('/v1/deposits', { token: key, body: { accountId: id, amount: funds, currency } });
  return id;
}

let feedStream: string;
async function streamForFeeds() {
  if (feedStream) return feedStream;
  const [a, b] = [await account('Feed payer', '1000.00'), await account('Feed payee')];
  const res = await t.http.post('/v1/streams', {
    token: key,
    body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001' },
  });
  feedStream = res.body.data.id as string;
  return feedStream;
}

describe('stream rates too small to run out within a representable date', () => {
  it('refuses a one-unit ratePerSecond with 400 naming the minimum, and accepts the minimum', async () => {
    for (const currency of ['USD', 'USDC']) {
      const [a, b] = [await account(`Tiny ${currency} payer`, '100.00', currency), await account(`Tiny ${currency} payee`)];
      const body = { senderAccountId: a, receiverAccountId: b, currency, ratePerSecond: '0.000000000000000001', fundingAmount: '1.00' };
      const res = await t.http.post('/v1/streams', { token: key, body });
      expect(res.status, currency).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'ratePerSecond' });
      const minimum = /at least (\d+\.\d+)/.exec(res.body.error.message)?.[1];
      expect(minimum, res.body.error.message).toBeDefined();
      const atMinimum = await t.http.post('/v1/streams', {
        token: key,
        body: { ...body, ratePerSecond: minimum, fundingAmount: undefined },
      });
      expect(atMinimum.status, JSON.stringify(atMinimum.body)).toBe(201);
      expect(new Date(atMinimum.body.data.depletesAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
      // One smallest unit less than the minimum is refused.
      const below = new Money(minimum as string).minus('0.000000000000000001').toFixed();
      expect((await t.http.post('/v1/streams', { token: key, body: { ...body, ratePerSecond: below } })).status).toBe(400);
    }
  });

  it('refuses funding (at creation with ratePerMonth, or by top-up) that would outlast a representable date — 400, nothing moved', async () => {
    const [a, b] = [await account('Slow payer', '60000.00', 'USD'), await account('Slow payee')];
    const body = { senderAccountId: a, receiverAccountId: b, currency: 'USD', ratePerMonth: '0.01' };
    const big = await t.http.post('/v1/streams', { token: key, body: { ...body, fundingAmount: '50000.00' } });
    expect(big.status, JSON.stringify(big.body)).toBe(400);
    expect(big.body.error).toMatchObject({ type: 'invalid_request_error', param: 'fundingAmount' });
    const created = await t.http.post('/v1/streams', { token: key, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const topUp = await t.http.post(`/v1/streams/${created.body.data.id}/top-up`, { token: key, body: { amount: '50000.00' } });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(400);
    expect(topUp.body.error).toMatchObject({ type: 'invalid_request_error', param: 'amount' });
    const balances = (await t.http.get(`/v1/accounts/${a}/balances`, { token: key })).body.data.balances;
    expect(balances.find((x: { currency: string }) => x.currency === 'USD')).toMatchObject({
      available: '59999.99',
      inStreams: '0.01',
    });
    expect((await t.http.get('/v1/ledger/verification', { token: await login() })).body.data.ok).toBe(true);
  });
});

describe('cursors that do not fit the database', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const badSeqCursors = [
    b64({ s: '99999999999999999999' }),
    b64({ s: '9999999999999999999' }),
    b64({ s: '9223372036854775808' }),
    b64({ s: '-1' }),
    b64({ s: '1.5' }),
    b64({ s: 'abc' }),
    b64({ s: 1e20 }),
    b64({ s: '' }),
    'not-base64-json',
  ];

  it('answers 400 invalid_cursor on lists that page by sequence (ledger entries, agent activity)', async () => {
    const accountId = await account('Cursor account', '10.00');
    const agent = await t.http.post('/v1/agents', { token: key, body: { accountId, name: 'Cursor agent' } });
    expect(agent.status).toBe(201);
    const id = await streamForFeeds();
    for (const cursor of badSeqCursors) {
      for (const path of [`/v1/accounts/${accountId}/ledger-entries`, `/v1/agents/${agent.body.data.id}/activity`]) {
        const res = await t.http.get(`${path}?cursor=${cursor}`, { token: key });
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect(res.body.error, path).toMatchObject({ code: 'invalid_cursor', param: 'cursor' });
      }
      expect((await t.http.get(`/v1/streams/${id}/events?cursor=${cursor}`, { token: key })).status).toBeLessThan(500);
    }
    // The largest sequence PostgreSQL holds is still a valid cursor.
    const max = await t.http.get(`/v1/accounts/${accountId}/ledger-entries?cursor=${b64({ s: '9223372036854775807' })}`, { token: key });
    expect(max.status).toBe(200);
  });

  it('answers 400 invalid_cursor for time cursors with a malformed id or a date out of range', async () => {
    const good = '3f0c9a1d-0000-4000-8000-000000000000';
    for (const cursor of [
      { t: '2026-01-01T00:00:00.000Z', id: '-'.repeat(36) },
      { t: '-271821-04-20T00:00:00.000Z', id: good },
      { t: '+275760-09-13T00:00:00.000Z', id: good },
      { t: '-004714-01-01T00:00:00.000Z', id: good },
      { t: 8.64e15, id: good },
      { t: 'yesterday', id: good },
    ]) {
      for (const path of ['/v1/streams', '/v1/accounts', '/v1/transfers']) {
        const res = await t.http.get(`${path}?cursor=${b64(cursor)}`, { token: key });
        expect(res.status, `${path} ${JSON.stringify(cursor)}`).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'invalid_cursor', param: 'cursor' });
      }
    }
    expect((await t.http.get(`/v1/streams?cursor=${b64({ t: '2026-01-01T00:00:00.000Z', id: good })}`, { token: key })).status).toBe(200);
  });
});
