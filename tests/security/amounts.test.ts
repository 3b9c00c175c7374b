/**
 * Money on the wire is a decimal string (docs/MONEY.md): a JSON number for any amount, rate or limit is
 * 400 amount_must_be_string naming the field, and writes nothing — a double cannot carry every
 * amount exactly, so the API never guesses what 0.1 + 0.2 was meant to be.
 */
import { describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../fixtures.js';
import { createKey, type Json, signup } from '../harness.js';
import { tenantChecksum } from './checksum.js';

const t = testApp();

describe('amounts are decimal strings', () => {
  it('answers 400 amount_must_be_string to a JSON number in every money field, writing nothing', async () => {
    const owner = await signup(t.http, 'amounts');
    const key = (await createKey(t.http, owner.token)).key;
    const [from, to] = [await openAccount(t.http, key, { name: 'From', funds: '1000.00' }), await openAccount(t.http, key, { name: 'To' })];
    const cases: Array<[string, string, Json, string]> = [
      ['POST', '/v1/deposits', { accountId: from, amount: 10.5, currency: 'USDC' }, 'amount'],
      ['POST', '/v1/quotes', { fromCurrency: 'USD', toCurrency: 'MXN', amount: 100, amountType: 'source' }, 'amount'],
      ['POST', '/v1/transfers', { type: 'internal', fromAccountId: from, toAccountId: to, amount: 0.1, currency: 'USDC' }, 'amount'],
      [
        'POST',
        '/v1/scheduled-transfers',
        { fromAccountId: from, toAccountId: to, amount: 5, currency: 'USDC', frequency: 'weekly', startDate: '2030-01-07' },
        'amount',
      ],
      ['POST', '/v1/streams', { senderAccountId: from, receiverAccountId: to, currency: 'USDC', ratePerMonth: 2592 }, 'ratePerMonth'],
      ['POST', '/v1/agents', { accountId: from, name: 'Numbers', limits: { daily: 100 } }, 'limits.daily'],
    ];
    const before = await tenantChecksum(t.db, owner.tenantId);
    for (const [method, path, body, param] of cases) {
      const res = await t.http.call(method, path, { token: key, body });
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatchObject({ type: 'invalid_request_error', code: 'amount_must_be_string', param });
    }
    expect(await tenantChecksum(t.db, owner.tenantId)).toEqual(before);
  });
});
