import { randomUUID } from 'node:crypto';
import { transferSchema } from '@payos/contracts';
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { createKey } from '../../../../../tests/harness.js';

/**
 * A transfer names its sender and its recipient (#20 §11) — in its answer, its detail and every list —
 * read with it in one statement under RLS: an account by its name, a payment method by its holder and
 * its label (or rail) with the last four characters of its number, never the number itself.
 */
const t = testApp();
const tenant = tenantWithKey(t, 'recipients');
const other = tenantWithKey(t, 'recipients-other');

const CLABE = '032180000118359719';
const CPF = '52998224725';
const WALLET = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

async function raw(path: string, token = tenant.key): Promise<{ status: number; text: string }> {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

async function addMethod(accountId: string, body: Record<string, unknown>, token = tenant.key): Promise<string> {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}

const send = async (body: Record<string, unknown>, token = tenant.key) => {
  const res = await t.http.post('/v1/transfers', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string } & Record<string, unknown>;
};

/** A transfer as its detail, as every list that holds it and as its answer at creation say it. */
async function everywhere(id: string, created: Record<string, unknown>) {
  const detail = (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data;
  expect(transferSchema.parse(detail)).toEqual(detail);
  const list = (await t.http.get('/v1/transfers?limit=100', { token: tenant.key })).body.data;
  const listed = list.find((x: { id: string }) => x.id === id);
  const pick = (x: Record<string, unknown>) => ({ fromAccountName: x.fromAccountName, recipient: x.recipient });
  expect(pick(listed)).toEqual(pick(detail));
  expect(pick(created)).toEqual(pick(detail));
  return pick(detail);
}

describe('transfer recipients', () => {
  it('names the receiving account of an internal transfer, and the sender', async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Acme Importadora', tier: 3, funds: '1000.00' });
    const b = await openAccount(t.http, tenant.key, { name: 'Proveedora “Norte” \\ SA', tier: 1 });
    const body = { type: 'internal', fromAccountId: a, toAccountId: b, amount: '10.00', currency: 'USDC' };
    const headers = { 'Idempotency-Key': `names-${randomUUID()}` };
    const first = await t.app.request('/v1/transfers', {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(first.status).toBe(201);
    const text = await first.text();
    const created = JSON.parse(text).data;
    const names = {
      fromAccountName: 'Acme Importadora',
      recipient: { type: 'account', id: b, name: 'Proveedora “Norte” \\ SA', detail: null },
    };
    expect(await everywhere(created.id, created)).toEqual(names);
    // Its replay is the stored body, names included; its events carry them too.
    const replay = await t.app.request('/v1/transfers', {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(text);
    const events = (await t.http.get(`/v1/events?limit=100&objectId=${created.id}`, { token: tenant.key })).body.data;
    expect(events.map((e: { type: string }) => e.type).sort()).toEqual(['transfer.completed', 'transfer.created']);
    for (const e of events) expect(e.data.object).toMatchObject(names);
  });

  it('names a payout’s payment method by its holder, and its label or rail with the last four only', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'Payer', tier: 3, funds: '10000.00', currency: 'USD' });
    const treasury = await openAccount(t.http, tenant.key, { name: 'Treasury', tier: 3, funds: '100.00' });
    const spei = await addMethod(from, {
      type: 'bank_account',
      rail: 'spei',
      label: 'BBVA México',
      details: { clabe: CLABE, holderName: 'Maria Garcia' },
    });
    const pix = await addMethod(from, {
      type: 'bank_account',
      rail: 'pix',
      details: { pixKey: CPF, keyType: 'cpf', holderName: 'Ana Silva' },
    });
    const wallet = await addMethod(treasury, { type: 'wallet', rail: 'usdc', details: { address: WALLET, network: 'base' } });

    const toSpei = await send({ type: 'payout', fromAccountId: from, paymentMethodId: spei, amount: '100.00', currency: 'USD' });
    expect(await everywhere(toSpei.id, toSpei)).toEqual({
      fromAccountName: 'Payer',
      recipient: { type: 'payment_method', id: spei, name: 'Maria Garcia', detail: 'BBVA México ••••9719' },
    });
    const toPix = await send({ type: 'payout', fromAccountId: from, paymentMethodId: pix, amount: '5.00', currency: 'USD' });
    expect((await everywhere(toPix.id, toPix)).recipient).toEqual({
      type: 'payment_method',
      id: pix,
      name: 'Ana Silva',
      detail: 'Pix ••••4725',
    });
    const toWallet = await send({ type: 'payout', fromAccountId: treasury, paymentMethodId: wallet, amount: '5.00', currency: 'USDC' });
    expect((await everywhere(toWallet.id, toWallet)).recipient).toEqual({
      type: 'payment_method',
      id: wallet,
      name: 'USDC wallet',
      detail: 'USDC on Base 0x5aAe…eAed',
    });

    // The numbers never come back whole, in a transfer alone or in a list.
    for (const path of [
      '/v1/transfers?limit=100',
      `/v1/transfers/${toSpei.id}`,
      `/v1/transfers/${toPix.id}`,
      `/v1/transfers/${toWallet.id}`,
    ]) {
      const { status, text } = await raw(path);
      expect(status).toBe(200);
      for (const secret of [CLABE, CLABE.slice(0, 10), CPF, CPF.slice(0, 7), WALLET, WALLET.slice(0, 12)])
        expect(text).not.toContain(secret);
    }
  });

  it('names the account a converting payout pays into', async () => {
    const from = await openAccount(t.http, tenant.key, { name: 'USD side', tier: 3, funds: '1000.00', currency: 'USD' });
    const to = await openAccount(t.http, tenant.key, { name: 'MXN side', tier: 1 });
    const created = await send({
      type: 'payout',
      fromAccountId: from,
      toAccountId: to,
      destinationCurrency: 'MXN',
      amount: '100.00',
      currency: 'USD',
    });
    expect(await everywhere(created.id, created)).toEqual({
      fromAccountName: 'USD side',
      recipient: { type: 'account', id: to, name: 'MXN side', detail: null },
    });
  });

  it('still names a removed payment method and a closed account', async () => {
    const a = await openAccount(t.http, tenant.key, { name: 'Stays open', tier: 3, funds: '100.00' });
    const b = await openAccount(t.http, tenant.key, { name: 'Closes later', tier: 3 });
    const there = await send({ type: 'internal', fromAccountId: a, toAccountId: b, amount: '10.00', currency: 'USDC' });
    await send({ type: 'internal', fromAccountId: b, toAccountId: a, amount: '10.00', currency: 'USDC' });
    expect((await t.http.delete(`/v1/accounts/${b}`, { token: tenant.key })).body.data.status).toBe('closed');

    const from = await openAccount(t.http, tenant.key, { name: 'Payer 2', tier: 3, funds: '100.00', currency: 'USD' });
    const pm = await addMethod(from, { type: 'bank_account', rail: 'spei', details: { clabe: CLABE, holderName: 'Maria Garcia' } });
    const paid = await send({ type: 'payout', fromAccountId: from, paymentMethodId: pm, amount: '10.00', currency: 'USD' });
    expect((await t.http.delete(`/v1/accounts/${from}/payment-methods/${pm}`, { token: tenant.key })).status).toBe(200);

    const one = async (id: string) => (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data;
    expect((await one(there.id)).recipient).toEqual({ type: 'account', id: b, name: 'Closes later', detail: null });
    expect((await one(paid.id)).recipient).toEqual({ type: 'payment_method', id: pm, name: 'Maria Garcia', detail: 'SPEI ••••9719' });
    const listed = (await t.http.get(`/v1/accounts/${from}/transfers`, { token: tenant.key })).body.data;
    expect(listed.map((x: { recipient: unknown }) => x.recipient)).toEqual([(await one(paid.id)).recipient]);
  });

  it('shows nothing of another tenant or environment, even to a row pointed at them', async () => {
    const mine = await openAccount(t.http, tenant.key, { name: 'Mine', tier: 3, funds: '100.00' });
    const theirs = await openAccount(t.http, other.key, { name: 'Their secret name', tier: 3, funds: '100.00', currency: 'USD' });
    const theirMethod = await addMethod(
      theirs,
      { type: 'bank_account', rail: 'spei', label: 'Their secret bank', details: { clabe: CLABE, holderName: 'Their secret holder' } },
      other.key,
    );
    const theirTransfer = await send(
      { type: 'payout', fromAccountId: theirs, paymentMethodId: theirMethod, amount: '10.00', currency: 'USD' },
      other.key,
    );
    const live = await createKey(t.http, tenant.owner.token, 'live');
    const liveAccount = await openAccount(t.http, live.key, { name: 'Live secret name', tier: 0 });
    const liveMethod = await addMethod(
      liveAccount,
      { type: 'bank_account', rail: 'spei', label: 'Live secret bank', details: { clabe: CLABE, holderName: 'Live secret holder' } },
      live.key,
    );

    expect((await raw(`/v1/transfers/${theirTransfer.id}`)).status).toBe(404);
    // Rows of this tenant's test environment that no request can make, pointed at its live payment
    // method, its live account and another tenant's payment method: the joins find none of them.
    const crafted = [randomUUID(), randomUUID(), randomUUID()];
    await withOwner(t.db, async (tx) => {
      for (const [id, toId, pmId] of [
        [crafted[0], null, liveMethod],
        [crafted[1], liveAccount, null],
        [crafted[2], null, theirMethod],
      ]) {
        await tx.query(
          `INSERT INTO transfers (tenant_id, environment, id, type, status, from_account_id, to_account_id, payment_method_id, amount,
                                  currency, total_debit, metadata, initiated_by_type, created_at, updated_at)
           VALUES ($1, 'test', $2, 'payout', 'failed', $3, $4, $5, 1, 'USDC', 1, '{}', 'system', now(), now())`,
          [tenant.owner.tenantId, id, mine, toId, pmId],
        );
      }
    });
    for (const id of crafted) {
      const detail = (await t.http.get(`/v1/transfers/${id}`, { token: tenant.key })).body.data;
      expect(detail).toMatchObject({ fromAccountName: 'Mine', recipient: null });
    }
    const { text } = await raw('/v1/transfers?limit=100');
    expect(JSON.parse(text).data.filter((x: { recipient: unknown }) => x.recipient === null)).toHaveLength(3);
    for (const secret of ['secret', theirTransfer.id]) expect(text).not.toContain(secret);
    for (const id of crafted) expect(text).toContain(id);
  });
});
