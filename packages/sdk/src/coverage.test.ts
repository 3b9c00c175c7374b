import { describe, expect, it } from 'vitest';
import { PayOS, PermissionError } from './index.js';
import { type Call, recordingFetch, serveApi } from './testing/api.js';

const api = serveApi();
const CLABE = '032180000118359719';
/** Operations outside the SDK: a user's own session, team and key management (API keys are refused them). */
type Operation = { method: string; path: string; operationId: string; credentials: string[] };

async function operations(baseUrl: string): Promise<Operation[]> {
  const spec = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string; 'x-payos-credentials': string[] }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      credentials: op['x-payos-credentials'] ?? [],
    })),
  );
}

/** `/v1/accounts/{id}` → a pattern that matches the path with a UUID in place of each parameter. */
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/\{[^}]+\}/g, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')}$`);
const isCovered = (op: Operation, calls: Call[]) => calls.some((c) => c.method === op.method && patternOf(op.path).test(c.path));

describe('coverage of the API', () => {
  it('calls every operation an API key may call (and the two admin-only reads) through the SDK, each answering 2xx', async () => {
    const { key, ownerToken } = await api().tenant();
    const fetch = recordingFetch();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });
    const owner = new PayOS({ accessToken: ownerToken, baseUrl: api().baseUrl, fetch });
    const later = (ms: number) => api().clock.advance(ms);

    // Accounts
    const business = await payos.accounts.create({ type: 'business', name: 'Northwind' });
    const person = await payos.accounts.create({ type: 'person', name: 'Ana Souza' });
    await payos.accounts.verify(business.id, { tier: 2 });
    await payos.deposits.create({ accountId: business.id, amount: '50000.000000', currency: 'USDC' });
    await payos.accounts.update(person.id, { country: 'BR' });
    await payos.accounts.suspend(person.id);
    await payos.accounts.activate(person.id);
    expect(await payos.accounts.list({ type: 'business' }).toArray()).toHaveLength(1);
    await payos.accounts.get(business.id);
    await payos.accounts.balances(business.id);
    expect((await payos.accounts.ledgerEntries(business.id, { currency: 'USDC' }).toArray()).length).toBeGreaterThan(0);
    await payos.deposits.list({ accountId: business.id }).page();

    // Payment methods, FX, quotes, transfers
    const method = await payos.paymentMethods.create(business.id, {
      type: 'bank_account',
      rail: 'spei',
      details: { clabe: CLABE, holderName: 'Northwind SA' },
    });
    expect(await payos.paymentMethods.list(business.id).toArray()).toHaveLength(1);
    await payos.fx.corridors();
    await payos.fx.rates();
    const quote = await payos.quotes.create({ fromCurrency: 'USDC', toCurrency: 'MXN', amount: '10.000000' });
    await payos.quotes.get(quote.id);
    const payout = await payos.transfers.create({
      type: 'payout',
      fromAccountId: business.id,
      paymentMethodId: method.id,
      amount: '10.000000',
      currency: 'USDC',
      quoteId: quote.id,
    });
    expect((await payos.transfers.cancel(payout.id)).status).toBe('cancelled');
    await payos.transfers.create({
      type: 'internal',
      fromAccountId: business.id,
      toAccountId: person.id,
      amount: '5.000000',
      currency: 'USDC',
    });
    await payos.transfers.get(payout.id);
    await payos.transfers.list({ status: 'cancelled' }).page();
    await payos.accounts.transfers(business.id).page();
    await payos.paymentMethods.remove(business.id, method.id);

    // Scheduled transfers
    const rule = { frequency: 'monthly' as const, startDate: '2030-01-31', dayOfMonth: 31 };
    expect(await payos.scheduledTransfers.preview(rule)).toEqual(['2030-01-31', '2030-02-28', '2030-03-31', '2030-04-30', '2030-05-31']);
    const schedule = await payos.scheduledTransfers.create({
      ...rule,
      fromAccountId: business.id,
      toAccountId: person.id,
      amount: '1.000000',
      currency: 'USDC',
    });
    await payos.scheduledTransfers.get(schedule.id);
    await payos.scheduledTransfers.list({ accountId: business.id }).page();
    await payos.scheduledTransfers.pause(schedule.id);
    await payos.scheduledTransfers.resume(schedule.id);
    expect((await payos.scheduledTransfers.runNow(schedule.id)).status).toBe('succeeded');
    expect(await payos.scheduledTransfers.executions(schedule.id).toArray()).toHaveLength(1);
    await payos.scheduledTransfers.cancel(schedule.id);

    // Agents (KYA verification is an owner/admin decision: an API key is refused)
    const agent = await payos.agents.create({ accountId: business.id, name: 'Payroll Autopilot', permissions: ['accounts.view'] });
    expect(agent.token).toMatch(/^agent_/);
    await expect(payos.agents.verify(agent.id, { tier: 1 })).rejects.toBeInstanceOf(PermissionError);
    expect((await owner.agents.verify(agent.id, { tier: 1 })).kyaTier).toBe(1);
    await payos.agents.get(agent.id);
    await payos.agents.list({ accountId: business.id }).page();
    await payos.agents.update(agent.id, { limits: { daily: '500.00' } });
    expect((await payos.agents.limits(agent.id)).daily.effective).toBe('500.00');
    await payos.agents.activity(agent.id).page();
    await payos.agents.suspend(agent.id);
    await payos.agents.activate(agent.id);
    expect((await payos.agents.rotateToken(agent.id)).token).not.toBe(agent.token);
    await payos.agents.delete(agent.id);

    // The ledger (owner/admin users only), before the clock moves past the owner's 15-minute token
    await expect(payos.ledger.verify()).rejects.toBeInstanceOf(PermissionError);
    expect((await owner.ledger.verify()).ok).toBe(true);

    // Streams
    const stream = await payos.streams.create({
      senderAccountId: business.id,
      receiverAccountId: person.id,
      currency: 'USDC',
      ratePerMonth: '3000.00',
    });
    const controller = new AbortController();
    for await (const figures of payos.streams.watch([stream.id], { signal: controller.signal })) {
      expect(figures.map((s) => s.id)).toEqual([stream.id]);
      break;
    }
    later(3_600_000);
    await payos.streams.get(stream.id);
    await payos.streams.list({ accountId: business.id, direction: 'outgoing' }).page();
    await payos.accounts.streams(person.id).page();
    await payos.streams.stats();
    await payos.streams.pause(stream.id);
    await payos.streams.resume(stream.id);
    await payos.streams.topUp(stream.id, { amount: '100.00' });
    expect((await payos.streams.withdraw(stream.id)).withdrawn).not.toBe('0.000000');
    await payos.streams.cancel(stream.id);
    expect((await payos.streams.events(stream.id)).length).toBeGreaterThan(0);

    // Reports, audit, organization
    await payos.reports.overview();
    await payos.auditEvents.list({ objectType: 'account', limit: 5 }).page();
    await payos.organization.get();

    // Closing needs a zero balance: an empty account can close.
    const empty = await payos.accounts.create({ type: 'person', name: 'Closing' });
    expect((await payos.accounts.close(empty.id)).status).toBe('closed');

    const all = await operations(api().baseUrl);
    const wanted = all.filter((op) => op.credentials.includes('api_key') || ['verifyLedger', 'verifyAgent'].includes(op.operationId));
    expect(wanted.length).toBeGreaterThan(50);
    expect(wanted.filter((op) => !isCovered(op, fetch.calls)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
    const failed = fetch.calls.filter((c) => (c.status ?? 0) >= 300 && c.status !== 403);
    expect(failed.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
  });
});
