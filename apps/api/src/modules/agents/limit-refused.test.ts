import { describe, expect, it } from 'vitest';
import { createAgent, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import type { Json } from '../../../../../tests/harness.js';

// Issue #17: an agent's transfer refused by a limit records agent.limit_refused (the agent as the API
// returns it); the refusal is answered as before, and nothing else is written.

const t = testApp();
const tenant = tenantWithKey(t, 'limit-refused');

const agentEvents = async (agentId: string) =>
  ((await t.http.get(`/v1/events?limit=100&objectId=${agentId}`, { token: tenant.key })).body.data as Json[]).filter(
    (e) => e.type === 'agent.limit_refused',
  );

describe('agent.limit_refused', () => {
  it('is recorded when an agent’s internal transfer or payout is refused by a limit, and only then', async () => {
    const own = await openAccount(t.http, tenant.key, { name: 'Agent account', tier: 3, funds: '100000.00', currency: 'USD' });
    const payee = await openAccount(t.http, tenant.key, { name: 'Payee', tier: 2 });
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), own);
    const send = (amount: string) =>
      t.http.post('/v1/transfers', {
        token: agent.token,
        body: { type: 'internal', fromAccountId: own, toAccountId: payee, amount, currency: 'USD' },
      });

    expect((await send('10.00')).status).toBe(201);
    expect(await agentEvents(agent.id)).toEqual([]);

    const refused = await send('1000.01'); // over KYA tier 1's 1,000 per transaction
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('limit_exceeded');
    const [event] = await agentEvents(agent.id);
    expect(event).toMatchObject({ objectType: 'agent', objectId: agent.id });
    expect(event?.data.object).toEqual((await t.http.get(`/v1/agents/${agent.id}`, { token: tenant.key })).body.data);

    // A payout refused by the same limit records another; a refusal for another reason does not.
    const pm = (
      await t.http.post(`/v1/accounts/${own}/payment-methods`, {
        token: tenant.key,
        body: {
          type: 'bank_account',
          rail: 'ach',
          details: { routingNumber: '021000021', accountNumber: '4432198765', holderName: 'Own' },
        },
      })
    ).body.data.id;
    const payout = await t.http.post('/v1/transfers', {
      token: agent.token,
      body: { type: 'payout', fromAccountId: own, paymentMethodId: pm, amount: '2000.00', currency: 'USD' },
    });
    expect(payout.body.error.code).toBe('limit_exceeded');
    expect(await agentEvents(agent.id)).toHaveLength(2);
    expect((await send('0.001')).status).toBe(400);
    expect(await agentEvents(agent.id)).toHaveLength(2);
  });
});
