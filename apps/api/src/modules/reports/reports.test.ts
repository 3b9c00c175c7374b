import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey, signup } from '../../../../../tests/harness.js';
import { settleDuePayouts } from '../transfers/settlement.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'reports');

const overview = async (token = tenant.key) => {
  const res = await t.http.get('/v1/reports/overview', { token });
  expect(res.status).toBe(200);
  return res.body.data;
};

describe('GET /v1/reports/overview', () => {
  it('is empty but complete for a new organization', async () => {
    const data = await overview();
    expect(data).toMatchObject({
      currency: 'USD',
      balances: [],
      corridors: [],
      payouts: { pending: 0, processing: 0, failed: 0 },
      streams: { active: 0, warning: 0, critical: 0, needingAttention: [] },
    });
    expect(data.volume).toHaveLength(30);
    expect(data.volume.at(-1)).toEqual({ date: t.clock.now().toISOString().slice(0, 10), count: 0, volumeUsd: '0.00' });
    expect(data.recentTransfers).toEqual([]);
  });

  it('shows another organization and the live environment nothing of it', async () => {
    const other = await signup(t.http, 'reports-other');
    expect(await overview(other.token)).toMatchObject({ balances: [], corridors: [], recentTransfers: [] });
    const live = (await createKey(t.http, tenant.owner.token, 'live')).key;
    expect(await overview(live)).toMatchObject({ balances: [], corridors: [], recentTransfers: [] });
    expect((await t.http.get('/v1/reports/overview')).status).toBe(401);
  });

  it('adds up balances, daily volume, corridors and payouts needing attention', async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Payer', funds: '10000.00', currency: 'USDC' });
    const b = await openAccount(t.http, tenant.key, { name: 'Payee', funds: '17150.00', currency: 'MXN' });
    await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'internal', fromAccountId: a, toAccountId: b, amount: '100.00', currency: 'USDC' },
    });
    const spei = (
      await t.http.post(`/v1/accounts/${a}/payment-methods`, {
        token: tenant.key,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } },
      })
    ).body.data.id;
    const payout = (amount: string) =>
      t.http.post('/v1/transfers', {
        token: tenant.key,
        body: { type: 'payout', fromAccountId: a, paymentMethodId: spei, amount, currency: 'USDC' },
      });
    await payout('1000.00');
    await payout('500.00');
    t.clock.advance(2_000);
    expect(await settleDuePayouts(t.db, t.deps)).toBe(2);
    await payout('10.00'); // still pending

    const data = await overview();
    // USDC: 10,000 − 1,500 paid out − 10.50 fees; 10.07 held (pending); the internal 100 stayed with customers.
    expect(data.balances).toEqual([
      { currency: 'MXN', available: '17150.00', pending: '0.00', inStreams: '0.00', total: '17150.00', accounts: 1 },
      { currency: 'USDC', available: '8479.430000', pending: '10.070000', inStreams: '0.000000', total: '8489.500000', accounts: 2 },
    ]);
    // Today: the internal transfer (100) and two completed payouts (1,500); the pending one is not volume yet.
    expect(data.volume.at(-1)).toMatchObject({ count: 3, volumeUsd: '1600.00' });
    expect(data.corridors).toEqual([
      {
        id: 'USDC_MXN',
        fromCurrency: 'USDC',
        toCurrency: 'MXN',
        count: 2,
        volume: '1500.000000',
        destinationVolume: '25725.00',
        volumeUsd: '1500.00',
      },
    ]);
    expect(data.payouts).toEqual({ pending: 1, processing: 0, failed: 0 });
    expect(data.recentTransfers).toHaveLength(4);
    expect(data.recentTransfers[0]).toMatchObject({ amount: '10.000000', status: 'pending', timeline: [{ status: 'pending' }] });

    // Thirty days on, today's volume has left the window; balances have not moved.
    t.clock.advance(30 * 24 * 60 * 60 * 1000);
    const later = await overview();
    expect(later.volume.every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(later.corridors).toEqual([]);
    expect(later.balances).toEqual(data.balances);
  });

  it('lists the streams needing attention, shortest runway first', async () => {
    const fresh = await signup(t.http, 'reports-streams');
    const freshKey = (await createKey(t.http, fresh.token)).key;
    const make = (name: string) => openAccount(t.http, freshKey, { name, tier: 3 });
    const [a, b] = [await make('Streamer'), await make('Streamee')];
    await t.http.post('/v1/deposits', { token: freshKey, body: { accountId: a, amount: '10000.00', currency: 'USDC' } });
    const open = (ratePerSecond: string, description: string) =>
      t.http.post('/v1/streams', {
        token: freshKey,
        body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond, description },
      });
    await open('0.001', 'Soon warning');
    t.clock.advance(6.5 * 24 * 60 * 60 * 1000); // the first now has ~16 h of its 7 d 4 h left: critical
    await open('0.001', 'Fresh');
    const data = (await t.http.get('/v1/reports/overview', { token: freshKey })).body.data;
    expect(data.streams).toMatchObject({ active: 2, warning: 0, critical: 1 });
    expect(data.streams.needingAttention).toEqual([
      expect.objectContaining({ description: 'Soon warning', health: 'critical', currency: 'USDC', ratePerMonth: '2592.000000' }),
    ]);
  });
});
