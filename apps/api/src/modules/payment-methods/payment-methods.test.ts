import { withOwner } from '@payos/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAccount, signedUpTenant, testApp } from '../../../../../tests/fixtures.js';
import { createKey, signup } from '../../../../../tests/harness.js';

const t = testApp();
const tenant = signedUpTenant(t, 'pm');
let accountId: string;

beforeAll(async () => {
  accountId = await openAccount(t.http, tenant.owner.token, { type: 'person', name: 'Maria Garcia', tier: 0 });
});

const add = (body: Record<string, unknown>, id = accountId, token = tenant.owner.token) =>
  t.http.post(`/v1/accounts/${id}/payment-methods`, { token, body });

const count = async () => {
  const [row] = await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_methods'));
  return row?.n;
};

describe('payment methods', () => {
  it.each([
    ['bank_account', 'spei', { clabe: '032180000118359719', holderName: 'Maria Garcia' }, 'MXN', '9719', { clabe: '••••9719' }],
    ['bank_account', 'pix', { pixKey: '529.982.247-25', keyType: 'cpf', holderName: 'Maria' }, 'BRL', '4725', { pixKey: '••••4725' }],
    ['bank_account', 'pix', { pixKey: '11.222.333/0001-81', keyType: 'cnpj', holderName: 'Loja' }, 'BRL', '0181', {}],
    ['bank_account', 'pix', { pixKey: 'maria@example.com', keyType: 'email', holderName: 'Maria' }, 'BRL', '.com', {}],
    ['bank_account', 'pix', { pixKey: '+5511987654321', keyType: 'phone', holderName: 'Maria' }, 'BRL', '4321', {}],
    ['bank_account', 'pix', { pixKey: '123e4567-e89b-42d3-a456-426614174000', keyType: 'random', holderName: 'M' }, 'BRL', '4000', {}],
    [
      'bank_account',
      'ach',
      { routingNumber: '021000021', accountNumber: '123456789', holderName: 'Maria' },
      'USD',
      '6789',
      { routingNumber: '021000021', accountNumber: '••••6789' },
    ],
    ['bank_account', 'cbu', { cbu: '2850590940090418135201', holderName: 'Maria' }, 'ARS', '5201', {}],
    [
      'bank_account',
      'cop_bank',
      { bankCode: '007', accountNumber: '123456789012', accountType: 'savings', holderName: 'M', documentId: '1020304050' },
      'COP',
      '9012',
      { documentId: '••••4050' },
    ],
    [
      'wallet',
      'usdc',
      { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', network: 'base' },
      'USDC',
      'eAed',
      { address: '0x5aAe…eAed' },
    ],
  ])('accepts a valid %s on %s and shows it masked', async (type, rail, details, currency, last4, shown) => {
    const res = await add({ type, rail, details, label: `${rail} method` });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ type, rail, currency, last4, status: 'active', details: shown });
    // The identifying number never comes back whole (routing numbers are public bank ids and stay).
    const d = details as Record<string, string>;
    const secret = d.clabe ?? d.accountNumber ?? d.cbu ?? (d.keyType === 'cpf' ? '52998224725' : undefined);
    if (secret) expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it.each([
    ['spei', { clabe: '032180000118359718', holderName: 'M' }, 'details.clabe', /check digit/],
    ['spei', { clabe: '0321800001', holderName: 'M' }, 'details.clabe', /18 digits/],
    ['spei', { clabe: '032180000118359719' }, 'details.holderName', /./],
    ['spei', { clabe: '032180000118359719', holderName: 'M', iban: 'x' }, 'details.iban', /not a spei field/],
    ['pix', { pixKey: '52998224726', keyType: 'cpf', holderName: 'M' }, 'details.pixKey', /check digits/],
    ['pix', { pixKey: '11222333000182', keyType: 'cnpj', holderName: 'M' }, 'details.pixKey', /check digits/],
    ['pix', { pixKey: 'not-an-email', keyType: 'email', holderName: 'M' }, 'details.pixKey', /e-mail/],
    ['pix', { pixKey: '+14155550100', keyType: 'phone', holderName: 'M' }, 'details.pixKey', /\+55/],
    ['pix', { pixKey: 'abc', keyType: 'random', holderName: 'M' }, 'details.pixKey', /UUID/],
    ['pix', { pixKey: 'abc', keyType: 'iban', holderName: 'M' }, 'details.keyType', /./],
    ['ach', { routingNumber: '021000022', accountNumber: '123456789', holderName: 'M' }, 'details.routingNumber', /checksum/],
    ['ach', { routingNumber: '021000021', accountNumber: '12', holderName: 'M' }, 'details.accountNumber', /4 to 17 digits/],
    ['cbu', { cbu: '2850590840090418135201', holderName: 'M' }, 'details.cbu', /first check digit/],
    ['cbu', { cbu: '2850590940090418135202', holderName: 'M' }, 'details.cbu', /second check digit/],
    [
      'cop_bank',
      { bankCode: '007', accountNumber: '12', accountType: 'savings', holderName: 'M', documentId: '1020304050' },
      'details.accountNumber',
      /6 to 20/,
    ],
  ])('rejects an invalid %s destination, naming %s', async (rail, details, param, reason) => {
    const before = await count();
    const res = await add({ type: 'bank_account', rail, details });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(res.body.error.message).toMatch(reason);
    expect(await count()).toBe(before);
  });

  it('rejects a wallet with a broken EIP-55 checksum and a type that does not fit the rail', async () => {
    const bad = await add({
      type: 'wallet',
      rail: 'usdc',
      details: { address: '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', network: 'base' },
    });
    expect(bad.body.error).toMatchObject({ param: 'details.address' });
    expect(bad.body.error.message).toMatch(/EIP-55/);
    const mismatch = await add({ type: 'wallet', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'M' } });
    expect(mismatch.body.error.param).toBe('type');
  });

  it('lists active methods and removes one', async () => {
    const o = await signup(t.http, 'pm-list');
    const acct = (await t.http.post('/v1/accounts', { token: o.token, body: { type: 'business', name: 'Lister' } })).body.data.id;
    const a = await add({ type: 'bank_account', rail: 'spei', details: { clabe: '002010077777777771', holderName: 'L' } }, acct, o.token);
    t.clock.advance(1000);
    await add(
      { type: 'bank_account', rail: 'ach', details: { routingNumber: '011000015', accountNumber: '0000', holderName: 'L' } },
      acct,
      o.token,
    );
    const list = await t.http.get(`/v1/accounts/${acct}/payment-methods`, { token: o.token });
    expect(list.body.data.map((p: { rail: string }) => p.rail)).toEqual(['ach', 'spei']);
    const removed = await t.http.delete(`/v1/accounts/${acct}/payment-methods/${a.body.data.id}`, { token: o.token });
    expect(removed.body.data.status).toBe('removed');
    expect((await t.http.get(`/v1/accounts/${acct}/payment-methods`, { token: o.token })).body.data).toHaveLength(1);
    expect((await t.http.delete(`/v1/accounts/${acct}/payment-methods/${a.body.data.id}`, { token: o.token })).status).toBe(404);
  });

  it("gives 404 for another tenant's and the other environment's accounts and methods", async () => {
    const pm = await add({ type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'M' } });
    const other = await signup(t.http, 'pm-intruder');
    const liveKey = (await createKey(t.http, tenant.owner.token, 'live')).key;
    const before = await count();
    for (const res of [
      await t.http.get(`/v1/accounts/${accountId}/payment-methods`, { token: other.token }),
      await add({ type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'M' } }, accountId, other.token),
      await t.http.delete(`/v1/accounts/${accountId}/payment-methods/${pm.body.data.id}`, { token: other.token }),
      await t.http.get(`/v1/accounts/${accountId}/payment-methods`, { token: liveKey }),
      await t.http.delete(`/v1/accounts/${accountId}/payment-methods/${pm.body.data.id}`, { token: liveKey }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(await count()).toBe(before);
  });
});
