import { withOwner } from '@payos/db';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent, openAccount, tenantWithKey, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, type Json, signup } from '../../../../../tests/harness.js';
import { amountOf, idRangeOf } from './search.service.js';

const t = testApp();
const tenant = tenantWithKey(t, 'search');
const CLABE = '032180000118359719';

type Found = { type: string; id: string; title: string; subtitle: string | null; amount: string | null; currency: string | null };

const search = async (q: string, token = tenant.key, extra = '') => {
  const res = await t.http.get(`/v1/search?q=${encodeURIComponent(q)}${extra}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { data: Found[]; hasMore: boolean; nextCursor: null };
};
const idsOf = async (q: string, token?: string) => (await search(q, token)).data.map((r) => r.id);

/** One object of every type, named with words no other test uses. */
const a = {} as {
  business: string;
  person: string;
  pm: string;
  transfer: string;
  payout: string;
  schedule: string;
  agent: string;
  stream: string;
};

/** Objects created one second apart: results are newest first. */
const later = () => t.clock.advance(1000);

beforeAll(async () => {
  a.business = await openAccount(t.http, tenant.key, { name: 'Quintero Holdings', funds: '50000.00' });
  later();
  const person = await t.http.post('/v1/accounts', {
    token: tenant.key,
    body: { type: 'person', name: 'Marisol Quintero', email: 'marisol@quintero.example' },
  });
  a.person = person.body.data.id;
  later();
  a.pm = (
    await t.http.post(`/v1/accounts/${a.business}/payment-methods`, {
      token: tenant.key,
      body: { type: 'bank_account', rail: 'spei', label: 'Okafor nómina', details: { clabe: CLABE, holderName: 'Beatriz Okafor' } },
    })
  ).body.data.id;
  const transfer = await t.http.post('/v1/transfers', {
    token: tenant.key,
    body: {
      type: 'internal',
      fromAccountId: a.business,
      toAccountId: a.person,
      amount: '1250.50',
      currency: 'USDC',
      description: 'Invoice ZX-4471 — Quintero consulting',
    },
  });
  expect(transfer.status, JSON.stringify(transfer.body)).toBe(201);
  a.transfer = transfer.body.data.id;
  later();
  const payout = await t.http.post('/v1/transfers', {
    token: tenant.key,
    body: {
      type: 'payout',
      fromAccountId: a.business,
      paymentMethodId: a.pm,
      amount: '80.00',
      currency: 'USDC',
      description: 'Lantern supplies',
    },
  });
  expect(payout.status, JSON.stringify(payout.body)).toBe(201);
  a.payout = payout.body.data.id;
  later();
  const today = t.clock.now().toISOString().slice(0, 10);
  const schedule = await t.http.post('/v1/scheduled-transfers', {
    token: tenant.key,
    body: {
      fromAccountId: a.business,
      toAccountId: a.person,
      amount: '310.00',
      currency: 'USDC',
      frequency: 'monthly',
      startDate: today,
      description: 'Zephyr office rent',
    },
  });
  expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
  a.schedule = schedule.body.data.id;
  later();
  a.agent = (
    await t.http.post('/v1/agents', { token: tenant.key, body: { accountId: a.business, name: 'Zephyr Treasury Bot' } })
  ).body.data.id;
  const stream = await t.http.post('/v1/streams', {
    token: tenant.key,
    body: {
      senderAccountId: a.business,
      receiverAccountId: a.person,
      currency: 'USDC',
      ratePerMonth: '3000.00',
      description: 'Okafor salary',
      category: 'salary',
    },
  });
  expect(stream.status, JSON.stringify(stream.body)).toBe(201);
  a.stream = stream.body.data.id;
});

describe('GET /v1/search', () => {
  it('finds each type by the words of its name or description, grouped by type', async () => {
    const quintero = await search('quintero');
    expect(quintero.data.map((r) => [r.type, r.id])).toEqual([
      ['account', a.person],
      ['account', a.business],
      ['transfer', a.transfer],
    ]);
    expect(quintero).toMatchObject({ hasMore: false, nextCursor: null });
    expect(quintero.data[0]).toEqual({
      object: 'search_result',
      type: 'account',
      id: a.person,
      title: 'Marisol Quintero',
      subtitle: 'Person · marisol@quintero.example',
      amount: null,
      currency: null,
      status: 'unverified',
      accountId: a.person,
      createdAt: expect.any(String),
    });
    expect(quintero.data[2]).toMatchObject({
      title: 'Invoice ZX-4471 — Quintero consulting',
      subtitle: 'Quintero Holdings → Marisol Quintero',
      amount: '1250.500000',
      currency: 'USDC',
      status: 'completed',
      accountId: a.business,
    });

    const okafor = await search('okafor');
    expect(okafor.data.map((r) => [r.type, r.id])).toEqual([
      ['payment_method', a.pm],
      ['stream', a.stream],
    ]);
    expect(okafor.data[0]).toMatchObject({ title: 'Okafor nómina', subtitle: 'SPEI ••••9719 · Quintero Holdings', currency: 'MXN' });
    expect(okafor.data[1]).toMatchObject({ title: 'Okafor salary', subtitle: 'Quintero Holdings → Marisol Quintero' });

    const zephyr = await search('zephyr');
    expect(zephyr.data.map((r) => [r.type, r.id])).toEqual([
      ['agent', a.agent],
      ['scheduled_transfer', a.schedule],
    ]);
    expect(zephyr.data[1]).toMatchObject({ title: 'Zephyr office rent', amount: '310.000000', currency: 'USDC' });
    expect(zephyr.data[1]?.subtitle).toBe('Monthly · Quintero Holdings → Marisol Quintero');

    // A payout names its recipient: the payment method's label and last four.
    expect((await search('lantern')).data).toMatchObject([
      { type: 'transfer', id: a.payout, subtitle: 'Quintero Holdings → Okafor nómina ••••9719' },
    ]);
  });

  it('matches word prefixes, every word, in any order, whatever the case and accents', async () => {
    expect(await idsOf('QUINT cons')).toEqual([a.transfer]);
    expect(await idsOf('consulting invoice')).toEqual([a.transfer]);
    expect(await idsOf('zx-4471')).toEqual([a.transfer]);
    expect(await idsOf('quintero holdings')).toEqual([a.business]);
    // Accents folded both ways: the label is "nómina", the recipient "Okafor".
    expect(await idsOf('nomina')).toEqual([a.pm]);
    expect(await idsOf('NÓMINA')).toEqual([a.pm]);
    expect(await idsOf('Quíntero Hóldings')).toEqual([a.business]);
    // E-mail, rail, last four.
    expect(await idsOf('marisol@quintero')).toEqual([a.person]);
    expect(await idsOf('spei 9719')).toEqual([a.pm]);
    // A word no object has a word starting with: nothing, even if the others match.
    expect(await idsOf('quintero nonexistentword')).toEqual([]);
    // Inside a word is not a match (words match from their start).
    expect(await idsOf('intero')).toEqual([]);
  });

  it('finds by id: the whole id in any case, or its first characters (at least 4)', async () => {
    for (const id of [a.business, a.transfer, a.pm, a.agent, a.schedule, a.stream]) {
      expect((await search(id)).data[0]?.id, id).toBe(id);
      expect((await search(id.toUpperCase())).data[0]?.id, id).toBe(id);
      expect(
        (await search(id.slice(0, 13))).data.map((r) => r.id),
        id,
      ).toContain(id);
    }
    expect(idRangeOf('abc')).toBeNull();
    expect(idRangeOf('3f2a')).toEqual({ low: '3f2a0000-0000-0000-0000-000000000000', high: '3f2affff-ffff-ffff-ffff-ffffffffffff' });
    expect(idRangeOf('3f2a9c1e-7B')).toEqual({ low: '3f2a9c1e-7b00-0000-0000-000000000000', high: '3f2a9c1e-7bff-ffff-ffff-ffffffffffff' });
    expect(idRangeOf('3f2a9c1e7b')).toBeNull(); // the dashes are where an id has them
    expect(idRangeOf('3f2g')).toBeNull();
  });

  it('finds transfers and schedules by amount, as written in English or Spanish/Portuguese, with or without currency', async () => {
    for (const q of ['1250.50', '1250.5', '1,250.50', '1.250,50', '1250,5', '$1,250.50', '1250.50 USDC', 'usdc 1250.5']) {
      expect(await idsOf(q), q).toEqual([a.transfer]);
    }
    expect(await idsOf('1250.50 MXN')).toEqual([]);
    expect(await idsOf('1250.51')).toEqual([]);
    expect(await idsOf('310')).toEqual([a.schedule]);
    expect(await idsOf('310.00 USDC')).toEqual([a.schedule]);
    // A payout's destination amount (80.00 USDC → 1372.00 MXN at 17.15) finds it too, in its currency.
    const payout = (await t.http.get(`/v1/transfers/${a.payout}`, { token: tenant.key })).body.data;
    expect(await idsOf(`${payout.destinationAmount} MXN`)).toEqual([a.payout]);

    // A payout whose destination amount is its amount (USD to a USD bank account) has that amount term once.
    const dollars = await openAccount(t.http, tenant.key, { name: 'Wren Dollars', funds: '500.00', currency: 'USD' });
    const ach = (
      await t.http.post(`/v1/accounts/${dollars}/payment-methods`, {
        token: tenant.key,
        body: {
          type: 'bank_account',
          rail: 'ach',
          details: { routingNumber: '021000021', accountNumber: '123456789', holderName: 'Wren Ltd' },
        },
      })
    ).body.data.id;
    const even = await t.http.post('/v1/transfers', {
      token: tenant.key,
      body: { type: 'payout', fromAccountId: dollars, paymentMethodId: ach, amount: '42.00', currency: 'USD' },
    });
    expect(even.status, JSON.stringify(even.body)).toBe(201);
    expect(even.body.data).toMatchObject({ destinationAmount: '42.00', destinationCurrency: 'USD' });
    expect(await idsOf('42 USD')).toEqual([even.body.data.id]);

    expect(amountOf('1,250')).toEqual({ terms: ['=1250', '=1.25'], currency: null });
    expect(amountOf('1.250')).toEqual({ terms: ['=1.25', '=1250'], currency: null });
    expect(amountOf('0010.500')).toEqual({ terms: ['=10.5'], currency: null });
    expect(amountOf('1250.00 usd')).toEqual({ terms: ['=1250'], currency: 'USD' });
    expect(amountOf('1250 EUR')).toBeNull();
    expect(amountOf('USD 1 USD')).toBeNull();
    expect(amountOf('1.2.3')).toBeNull();
    expect(amountOf('1.123456789')).toBeNull();
  });

  it('treats every character literally: LIKE wildcards, backslashes, quotes and SQL find only what they spell', async () => {
    const odd = await openAccount(t.http, tenant.key, { name: 'Pure_Co 100% \\ "O\'Brien"', tier: 0 });
    const near = await openAccount(t.http, tenant.key, { name: 'PureXCo 1000x', tier: 0 });
    for (const q of ['%', '_', '%%', '\\', '%_%', "'", '"', '*', '.*', '[a-z]']) {
      expect((await search(q)).data, q).toEqual([]);
    }
    expect(await idsOf('pure_co')).toEqual([odd]);
    expect(await idsOf('pure co')).toEqual([odd]);
    expect(await idsOf("o'brien")).toEqual([odd]);
    expect((await idsOf('100%')).sort()).toEqual([near, odd].sort());
    expect(await idsOf('purexco')).toEqual([near]);
    for (const q of ["' OR 1=1 --", "'; DROP TABLE accounts; --", '<script>alert(1)</script>', '🦄🦄', '\u202eمرحبا', '١٢٣']) {
      expect((await search(q)).data, q).toEqual([]);
    }
    // Unicode words are words.
    const accented = await openAccount(t.http, tenant.key, { name: 'Conceição Araújo Ltda', tier: 0 });
    expect(await idsOf('conceicao araujo')).toEqual([accented]);
    expect(await idsOf('CONCEIÇÃO')).toEqual([accented]);
  });

  it('answers bad input with a 400 in the error envelope, never a 5xx', async () => {
    const bad = async (query: string, code: string) => {
      const res = await t.http.get(`/v1/search${query}`, { token: tenant.key });
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatchObject({ type: 'invalid_request_error', code, requestId: expect.any(String) });
      return res.body.error as Json;
    };
    expect(await bad('', 'parameter_missing')).toMatchObject({ param: 'q' });
    expect(await bad('?q=', 'parameter_invalid')).toMatchObject({ param: 'q' });
    expect(await bad('?q=%20%20%20', 'parameter_invalid')).toMatchObject({ param: 'q' });
    expect(await bad(`?q=${'x'.repeat(101)}`, 'parameter_invalid')).toMatchObject({ param: 'q' });
    await bad('?q=a&limit=0', 'parameter_invalid');
    await bad('?q=a&limit=11', 'parameter_invalid');
    await bad('?q=a&limit=two', 'parameter_invalid');
    await bad('?q=a%00b', 'invalid_character');
    // 100 characters after trimming are fine.
    expect((await t.http.get(`/v1/search?q=${encodeURIComponent(` ${'y'.repeat(100)} `)}`, { token: tenant.key })).status).toBe(200);
    // A parameter given twice or as an array is no 5xx.
    for (const query of ['?q=a&q=b', '?q[]=a', '?q=a&limit=1&limit=2', '?q[a]=b']) {
      expect((await t.http.get(`/v1/search${query}`, { token: tenant.key })).status, query).toBeLessThan(500);
    }
    // Invalid UTF-8 in the query string is read as replacement characters: found nothing, no error.
    expect((await t.http.get('/v1/search?q=%ED%A0%80%FF', { token: tenant.key })).status).toBe(200);
  });

  it('answers any text at all with a 200 or a 400, never a 5xx (fast-check)', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({
        unit: fc.constantFrom('%', '_', '\\', "'", '"', '*', '(', ')', '[', ']', '-', '.', ',', '$', ' ', '=', ':', '&', '|', '!'),
        maxLength: 30,
      }),
      fc.stringMatching(/^[0-9a-f-]{1,40}$/),
      fc.stringMatching(/^[$]?[0-9][0-9.,]{0,30}( ?(usd|USDC|mxn|BRL|eur))?$/),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (q) => {
        const res = await t.http.get(`/v1/search?q=${encodeURIComponent(q)}`, { token: tenant.key });
        expect(res.status, `${JSON.stringify(q)} → ${res.status} ${JSON.stringify(res.body)}`).toBeOneOf([200, 400]);
        if (res.status === 400) expect(res.body.error.type).toBe('invalid_request_error');
      }),
      { numRuns: 300 },
    );
  });

  it('returns at most `limit` of each type and says when a type had more', async () => {
    for (const n of [1, 2, 3]) {
      await openAccount(t.http, tenant.key, { name: `Kestrel ${n}`, tier: 0 });
      later();
    }
    const two = await t.http.get('/v1/search?q=kestrel&limit=2', { token: tenant.key });
    expect(two.body.data.map((r: Found) => r.title)).toEqual(['Kestrel 3', 'Kestrel 2']);
    expect(two.body.hasMore).toBe(true);
    const three = await t.http.get('/v1/search?q=kestrel&limit=3', { token: tenant.key });
    expect(three.body.data).toHaveLength(3);
    expect(three.body.hasMore).toBe(false);
  });

  it('follows renames, removals and deletions, and never shows system accounts', async () => {
    const renamed = await openAccount(t.http, tenant.key, { name: 'Albatross Foods', tier: 0 });
    expect(await idsOf('albatross')).toEqual([renamed]);
    await t.http.patch(`/v1/accounts/${renamed}`, { token: tenant.key, body: { name: 'Cormorant Foods' } });
    expect(await idsOf('albatross')).toEqual([]);
    expect(await idsOf('cormorant foods')).toEqual([renamed]);

    const pm = (
      await t.http.post(`/v1/accounts/${renamed}/payment-methods`, {
        token: tenant.key,
        body: { type: 'bank_account', rail: 'spei', details: { clabe: CLABE, holderName: 'Ptarmigan Ruiz' } },
      })
    ).body.data.id;
    expect(await idsOf('ptarmigan')).toEqual([pm]);
    expect((await t.http.delete(`/v1/accounts/${renamed}/payment-methods/${pm}`, { token: tenant.key })).status).toBeLessThan(300);
    expect(await idsOf('ptarmigan')).toEqual([]);
    expect(await idsOf(pm)).toEqual([]);

    const agent = (await t.http.post('/v1/agents', { token: tenant.key, body: { accountId: a.business, name: 'Gannet Payroll' } })).body
      .data.id;
    expect(await idsOf('gannet')).toEqual([agent]);
    expect((await t.http.delete(`/v1/agents/${agent}`, { token: tenant.key })).status).toBeLessThan(300);
    expect(await idsOf('gannet')).toEqual([]);
    expect(await idsOf(agent)).toEqual([]);

    const closed = await openAccount(t.http, tenant.key, { name: 'Shearwater Closed', tier: 0 });
    expect((await t.http.delete(`/v1/accounts/${closed}`, { token: tenant.key })).status).toBeLessThan(300);
    expect((await search('shearwater')).data).toMatchObject([{ id: closed, status: 'closed' }]);

    const [funding] = await withOwner(t.db, (tx) =>
      tx.query<{ id: string }>(`SELECT id FROM accounts WHERE tenant_id = $1 AND system_kind = 'funding' AND environment = 'test'`, [
        tenant.owner.tenantId,
      ]),
    );
    expect(await idsOf(funding?.id as string)).toEqual([]);
    expect(await idsOf('funding')).toEqual([]);
  });

  it("never shows another tenant's or the other environment's objects, even by id or amount", async () => {
    // Tenant B and A's live environment hold objects with the same words and amount.
    const b = await signup(t.http, 'search-b');
    const bKey = (await createKey(t.http, b.token)).key;
    const aLive = (await createKey(t.http, tenant.owner.token, 'live')).key;
    const bAccount = await openAccount(t.http, bKey, { name: 'Quintero Holdings', funds: '5000.00' });
    const bPerson = await openAccount(t.http, bKey, { name: 'Marisol Quintero', tier: 0 });
    const bTransfer = (
      await t.http.post('/v1/transfers', {
        token: bKey,
        body: {
          type: 'internal',
          fromAccountId: bAccount,
          toAccountId: bPerson,
          amount: '1250.50',
          currency: 'USDC',
          description: 'Invoice ZX-4471 — Quintero consulting',
        },
      })
    ).body.data.id as string;
    const liveAccount = (await t.http.post('/v1/accounts', { token: aLive, body: { type: 'business', name: 'Quintero Holdings' } })).body
      .data.id as string;
    const liveAgent = (await t.http.post('/v1/agents', { token: aLive, body: { accountId: liveAccount, name: 'Zephyr Treasury Bot' } }))
      .body.data.id as string;

    const aIds = Object.values(a);
    const bIds = [bAccount, bPerson, bTransfer];
    const liveIds = [liveAccount, liveAgent];
    const queries = ['quintero', 'zephyr', 'okafor', 'invoice zx', '1250.50', '1,250.50 USDC', 'lantern', 'salary'];
    for (const q of queries) {
      const asA = await idsOf(q);
      const asB = await idsOf(q, bKey);
      const asLive = await idsOf(q, aLive);
      expect(
        asA.filter((id) => [...bIds, ...liveIds].includes(id)),
        `A: ${q}`,
      ).toEqual([]);
      expect(
        asB.filter((id) => [...aIds, ...liveIds].includes(id)),
        `B: ${q}`,
      ).toEqual([]);
      expect(
        asLive.filter((id) => [...aIds, ...bIds].includes(id)),
        `A live: ${q}`,
      ).toEqual([]);
    }
    expect((await idsOf('quintero', bKey)).sort()).toEqual([bPerson, bAccount, bTransfer].sort());
    expect(await idsOf('quintero', aLive)).toEqual([liveAccount]);
    // A user picks the environment with the header.
    const live = await t.http.get('/v1/search?q=zephyr', { token: tenant.owner.token, headers: { 'payos-environment': 'live' } });
    expect(live.body.data.map((r: Found) => r.id)).toEqual([liveAgent]);
    // Another tenant's and environment's ids, whole, upper case or as a prefix, find nothing.
    for (const id of aIds) {
      for (const q of [id, id.toUpperCase(), id.slice(0, 8)]) {
        expect(
          (await idsOf(q, bKey)).filter((x) => aIds.includes(x)),
          `B: ${q}`,
        ).toEqual([]);
        expect(
          (await idsOf(q, aLive)).filter((x) => aIds.includes(x)),
          `A live: ${q}`,
        ).toEqual([]);
      }
    }
  });

  it('looks a query up by its rarest word: an invoice number is found however common its other words are', async () => {
    // 2,500 newer accounts share the word "invoice" (more than one word's lookup reads), one transfer has "4471".
    await withOwner(t.db, (tx) =>
      tx.query(
        `INSERT INTO accounts (tenant_id, environment, id, type, name, created_at)
         SELECT $1, 'test', gen_random_uuid(), 'business', 'Invoice filler ' || g, $2::timestamptz + make_interval(secs => g)
           FROM generate_series(1, 2500) g`,
        [tenant.owner.tenantId, t.clock.now()],
      ),
    );
    expect(await idsOf('invoice 4471')).toEqual([a.transfer]);
    expect(await idsOf('ZX-4471 invoice quintero')).toEqual([a.transfer]);
    const common = await search('invoice');
    expect(common.data.filter((r) => r.type === 'account').map((r) => r.title)).toEqual([
      'Invoice filler 2500',
      'Invoice filler 2499',
      'Invoice filler 2498',
      'Invoice filler 2497',
      'Invoice filler 2496',
    ]);
    expect(common.hasMore).toBe(true);
  });

  it('is open to every user role and to API keys; agents are refused', async () => {
    const viewer = await addMember(t.http, await tenant.userToken(), 'viewer');
    expect(await idsOf('zephyr', viewer.token)).toEqual([a.agent, a.schedule]);
    const agent = await createAgent(t.http, tenant.key, await tenant.userToken(), a.business);
    const res = await t.http.get('/v1/search?q=zephyr', { token: agent.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('agent_not_allowed');
    expect((await t.http.get('/v1/search?q=zephyr')).status).toBe(401);
  });
});
