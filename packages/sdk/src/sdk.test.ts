import { describe, expect, it } from 'vitest';
import { settleDuePayouts } from '../../../apps/api/src/modules/transfers/settlement.service.js';
import {
  AuthenticationError,
  BusinessRuleError,
  InvalidRequestError,
  NotFoundError,
  PayOS,
  PayOSError,
  type PayOSOptions,
  PermissionError,
} from './index.js';
import { recordingFetch, serveApi } from './testing/api.js';

const api = serveApi();
const CLABE = '032180000118359719';

/** A client with the test key of a fresh organization. */
async function client(options: Partial<PayOSOptions> = {}) {
  const { key } = await api().tenant();
  return { key, payos: new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch: recordingFetch(), ...options }) };
}

async function fundedAccount(payos: PayOS, amount = '1000.00', currency: 'USD' | 'USDC' = 'USD') {
  const account = await payos.accounts.create({ type: 'business', name: 'Acme Exports' });
  await payos.accounts.verify(account.id, { tier: 2 });
  await payos.deposits.create({ accountId: account.id, amount, currency });
  return account;
}

describe('a partner integration through the SDK', () => {
  it('creates an account, verifies it, funds it, quotes and pays out until the payout settles', async () => {
    const { payos } = await client();
    const account = await payos.accounts.create({ type: 'person', name: 'Maria Garcia', country: 'MX' });
    expect(account).toMatchObject({ name: 'Maria Garcia', verificationStatus: 'unverified', environment: 'test', balances: [] });

    const verified = await payos.accounts.verify(account.id, { tier: 2 });
    expect(verified).toMatchObject({ verificationTier: 2, verificationStatus: 'verified' });

    const deposit = await payos.deposits.create({ accountId: account.id, amount: '1000.00', currency: 'USD' });
    expect(deposit).toMatchObject({ accountId: account.id, amount: '1000.00', status: 'completed' });

    const method = await payos.paymentMethods.create(account.id, {
      type: 'bank_account',
      rail: 'spei',
      details: { clabe: CLABE, holderName: 'Maria Garcia' },
    });
    expect(method).toMatchObject({ rail: 'spei', currency: 'MXN', last4: '9719' });

    const quote = await payos.quotes.create({ fromCurrency: 'USD', toCurrency: 'MXN', amount: '100.00' });
    expect(quote).toMatchObject({ sourceAmount: '100.00', destinationAmount: '1715.00', totalDebit: '100.70', status: 'valid' });

    const payout = await payos.transfers.create({
      type: 'payout',
      fromAccountId: account.id,
      paymentMethodId: method.id,
      amount: '100.00',
      currency: 'USD',
      quoteId: quote.id,
    });
    expect(payout).toMatchObject({ type: 'payout', status: 'pending', quoteId: quote.id, destinationAmount: '1715.00' });
    expect((await payos.accounts.balances(account.id)).balances).toEqual([
      { currency: 'USD', available: '899.30', pending: '100.70', inStreams: '0.00', total: '1000.00' },
    ]);
    expect((await payos.quotes.get(quote.id)).status).toBe('used');

    api().clock.advance(60_000);
    expect(await settleDuePayouts(api().db, api().deps)).toBe(1);
    const settled = await payos.transfers.get(payout.id);
    expect(settled.status).toBe('completed');
    expect(settled.timeline.map((step) => step.status)).toContain('completed');
    const [balance] = (await payos.accounts.get(account.id)).balances;
    expect(balance).toMatchObject({ currency: 'USD', available: '899.30', pending: '0.00', total: '899.30' });
  });

  it('walks every page of a list through nextCursor, and hands out one page on request', async () => {
    const { payos, key } = await client();
    const from = await fundedAccount(payos);
    const to = await payos.accounts.create({ type: 'person', name: 'Receiver' });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      api().clock.advance(1_000); // newest first: give each its own instant on the frozen test clock
      const transfer = await payos.transfers.create({
        type: 'internal',
        fromAccountId: from.id,
        toAccountId: to.id,
        amount: `${i + 1}.00`,
        currency: 'USD',
      });
      created.push(transfer.id);
    }
    const fetch = recordingFetch();
    const counting = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });

    const seen: string[] = [];
    for await (const transfer of counting.transfers.list({ type: 'internal', limit: 2 })) seen.push(transfer.id);
    expect(seen).toEqual([...created].reverse());
    expect(fetch.calls.filter((c) => c.path === '/v1/transfers')).toHaveLength(3);

    const first = await counting.transfers.list({ limit: 2 }).page();
    expect(first.data.map((t) => t.id)).toEqual(created.slice(3).reverse());
    expect(first.hasMore).toBe(true);
    const second = await counting.transfers.list({ limit: 2 }).page(first.nextCursor ?? undefined);
    expect(second.data.map((t) => t.id)).toEqual(created.slice(1, 3).reverse());

    const pages = [];
    for await (const page of counting.accounts.transfers(to.id, { limit: 4 }).pages()) pages.push(page.data.length);
    expect(pages).toEqual([4, 1]);
    expect(await counting.transfers.list({ limit: 2 }).toArray({ max: 3 })).toHaveLength(3);
  });

  it('throws typed errors: 404 NotFoundError, 422 BusinessRuleError, 400 InvalidRequestError, 401 AuthenticationError', async () => {
    const { payos } = await client();
    const unknown = '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f';
    const missing = await payos.transfers.get(unknown).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(PayOSError);
    expect(missing).toMatchObject({ type: 'not_found_error', code: 'resource_missing', status: 404 });
    expect((missing as NotFoundError).requestId).toMatch(/\S/);

    const poor = await fundedAccount(payos, '10.00');
    const to = await payos.accounts.create({ type: 'person', name: 'Receiver' });
    const refused = await payos.transfers
      .create({ type: 'internal', fromAccountId: poor.id, toAccountId: to.id, amount: '25.00', currency: 'USD' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BusinessRuleError);
    expect(refused).toMatchObject({
      type: 'business_rule_error',
      code: 'insufficient_funds',
      status: 422,
      details: { available: '10.00', required: '25.00' },
    });

    const invalid = await payos.deposits.create({ accountId: poor.id, amount: '1.005', currency: 'USD' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect(invalid).toMatchObject({ status: 400, param: 'amount' });

    const stranger = new PayOS({ apiKey: 'pk_test_not_a_real_key_0123456789abcdef', baseUrl: api().baseUrl });
    const unauthenticated = await stranger.accounts
      .list()
      .page()
      .catch((e: unknown) => e);
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
    expect(unauthenticated).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key', status: 401 });
  });
});

describe('credentials and environments', () => {
  it('refuses a PayOS-Environment that contradicts the key’s own environment', async () => {
    const { payos } = await client({ environment: 'live' });
    const error = await payos.accounts
      .list()
      .page()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'invalid_environment', param: 'PayOS-Environment' });
  });

  it('lets a user token choose the environment: live objects stay out of test, and live takes no simulated deposits', async () => {
    const { key, ownerToken } = await api().tenant();
    const live = new PayOS({ accessToken: ownerToken, environment: 'live', baseUrl: api().baseUrl });
    const test = new PayOS({ apiKey: key, baseUrl: api().baseUrl });
    const account = await live.accounts.create({ type: 'business', name: 'Live Co' });
    expect(account.environment).toBe('live');
    const refused = await live.deposits.create({ accountId: account.id, amount: '5.00', currency: 'USD' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionError);
    expect(refused).toMatchObject({ code: 'test_mode_only', status: 403 });
    await expect(test.accounts.get(account.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await live.accounts.get(account.id)).id).toBe(account.id);
  });

  it('asks getToken before every attempt and retries once after onUnauthorized says the token was refreshed', async () => {
    const { ownerToken } = await api().tenant();
    let token = 'expired.access.token.value';
    const refreshes: string[] = [];
    const payos = new PayOS({
      baseUrl: api().baseUrl,
      getToken: () => token,
      onUnauthorized: (error) => {
        refreshes.push(error.code);
        token = ownerToken;
        return true;
      },
    });
    const account = await payos.accounts.create({ type: 'person', name: 'After refresh' });
    expect(account.name).toBe('After refresh');
    expect(refreshes).toEqual(['invalid_token']);

    const stuck = new PayOS({ baseUrl: api().baseUrl, getToken: () => 'still.not.valid.token', onUnauthorized: () => true });
    await expect(stuck.accounts.list().page()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('takes at most one credential (none: the public operations only)', () => {
    expect(() => new PayOS({ baseUrl: 'http://localhost:4000' })).not.toThrow();
    expect(() => new PayOS({ baseUrl: 'http://localhost:4000', apiKey: 'pk_test_a', accessToken: 'jwt' })).toThrow(TypeError);
    expect(() => new PayOS({ baseUrl: 'http://localhost:4000', accessToken: 'jwt', getToken: () => 'jwt' })).toThrow(TypeError);
    expect(() => new PayOS({ baseUrl: '' })).toThrow(TypeError);
  });
});
