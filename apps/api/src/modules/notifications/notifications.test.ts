import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withOwner } from '@payos/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalPolicy, openAccount, testApp } from '../../../../../tests/fixtures.js';
import { addMember, createKey, type Json, PASSWORD, signup } from '../../../../../tests/harness.js';
import { settleStreams } from '../streams/streams.service.js';
import { checkDueReturns } from '../transfers/returns.service.js';
import { settleDuePayouts } from '../transfers/settlement.service.js';
import { deliverDueWebhooks } from '../webhooks/delivery.js';
import { endNotificationFeeds, MAX_NOTIFICATION_FEEDS_PER_USER } from './notifications.feed.js';

const t = testApp({
  webhooks: { allowPrivate: true, requireHttps: false, timeoutMs: 300, maxInFlightPerEndpoint: 2, random: () => 0.5 },
});

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** An organization with a test key (acts as a member); `login()` a fresh owner session (tests move the clock). */
async function org(label: string) {
  const owner = await signup(t.http, label);
  const { key } = await createKey(t.http, owner.token);
  const login = async (email = owner.email) => {
    const res = await t.http.post('/v1/auth/login', { body: { email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`log in: ${res.status}`);
    return res.body.data.session.accessToken as string;
  };
  return { owner, key, login };
}

const bell = async (token: string, query = '', environment?: 'test' | 'live') => {
  const res = await t.http.get(`/v1/notifications${query}`, { token, environment });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { data: Json[]; unreadCount: number; hasMore: boolean; nextCursor: string | null };
};
const ofType = async (token: string, type: string) => (await bell(token, '?limit=100')).data.filter((n) => n.type === type);

async function ach(key: string, accountId: string, accountNumber: string) {
  const res = await t.http.post(`/v1/accounts/${accountId}/payment-methods`, {
    token: key,
    body: { type: 'bank_account', rail: 'ach', details: { routingNumber: '021000021', accountNumber, holderName: 'Rosa Diaz' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
}
async function payout(key: string, body: Json) {
  const res = await t.http.post('/v1/transfers', { token: key, body: { type: 'payout', currency: 'USD', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
}
async function internal(key: string, fromAccountId: string, toAccountId: string, amount: string) {
  const res = await t.http.post('/v1/transfers', {
    token: key,
    body: { type: 'internal', fromAccountId, toAccountId, amount, currency: 'USD' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
}
const settle = async () => {
  t.clock.advance(2_000);
  await settleDuePayouts(t.db, t.deps);
};

describe('notifications: created by the change that causes them', () => {
  it('a payout the rail rejects notifies the team once, with its amount, recipient and reason; a returned one too', async () => {
    const o = await org('ntf-payout');
    const from = await openAccount(t.http, o.key, { name: 'Payer', funds: '500.00', currency: 'USD' });
    const failed = await payout(o.key, { fromAccountId: from, paymentMethodId: await ach(o.key, from, '4432190000'), amount: '25.00' });
    expect(await ofType(o.owner.token, 'transfer.failed')).toEqual([]);
    await settle();
    const token = await o.login();
    const [n] = await ofType(token, 'transfer.failed');
    expect(n).toMatchObject({
      id: expect.stringMatching(/^ntf_[0-9a-f]{32}$/),
      title: 'Payout failed',
      summary: '25.00 USD to Rosa Diaz · destination_rejected',
      objectType: 'transfer',
      objectId: failed.id,
      audience: 'team',
      readAt: null,
      data: { amount: '25.00', currency: 'USD', recipientName: 'Rosa Diaz', reason: 'destination_rejected' },
    });
    // The notification came with the event, in its transaction: one each.
    const events = (await t.http.get(`/v1/events?objectId=${failed.id}&type=transfer.failed`, { token })).body.data as Json[];
    expect(events).toHaveLength(1);
    expect(n?.createdAt).toBe(events[0]?.createdAt);

    const returned = await payout(o.key, { fromAccountId: from, paymentMethodId: await ach(o.key, from, '4432190001'), amount: '10.00' });
    await settle();
    t.clock.advance(60_000);
    expect(await checkDueReturns(t.db, t.deps)).toBe(1);
    const [r] = await ofType(await o.login(), 'transfer.returned');
    expect(r).toMatchObject({ title: 'Payout returned', objectId: returned.id, data: { amount: '10.00', currency: 'USD' } });
    expect(r?.summary).toContain('account is closed');
  });

  it('a transfer waiting for approval notifies the team; one that needs none does not', async () => {
    const o = await org('ntf-approval');
    const developer = await addMember(t.http, o.owner.token, 'member');
    const { key } = await createKey(t.http, developer.token);
    await createApprovalPolicy(t.http, o.owner.token);
    const [a, b] = [
      await openAccount(t.http, key, { name: 'Big payer', funds: '5000.00', currency: 'USD' }),
      await openAccount(t.http, key, { name: 'Payee' }),
    ];
    const waiting = await internal(key, a, b, '1500.00');
    expect(waiting.status).toBe('requires_approval');
    await internal(key, a, b, '10.00');
    const list = await ofType(o.owner.token, 'approval.requested');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      title: 'Transfer waiting for approval',
      objectType: 'transfer',
      objectId: waiting.id,
      summary: '1500.00 USD',
    });
  });

  it('a review assigned to someone notifies that person only', async () => {
    const o = await org('ntf-review');
    const admin = await addMember(t.http, o.owner.token, 'admin');
    const account = await openAccount(t.http, o.key, { name: 'Flagged' });
    const created = await t.http.post('/v1/reviews', {
      token: o.owner.token,
      body: { accountId: account, riskLevel: 'high', reason: 'sanctions_potential_match' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    const assigned = await t.http.post(`/v1/reviews/${id}/assign`, { token: o.owner.token, body: { userId: admin.userId } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const [n] = await ofType(admin.token, 'review.assigned');
    expect(n).toMatchObject({
      title: 'Review assigned to you',
      audience: 'you',
      objectType: 'review',
      objectId: id,
      summary: 'sanctions_potential_match · high risk',
    });
    expect(await ofType(o.owner.token, 'review.assigned')).toEqual([]);
    // Someone else's notification is not there to read.
    const other = await t.http.post(`/v1/notifications/${n?.id}/read`, { token: o.owner.token });
    expect(other.status).toBe(404);
  });

  it('a stream going critical notifies the team when the worker sees it', async () => {
    const o = await org('ntf-stream');
    const [a, b] = [
      await openAccount(t.http, o.key, { name: 'Funder', funds: '1000.00' }),
      await openAccount(t.http, o.key, { name: 'Receiver' }),
    ];
    const res = await t.http.post('/v1/streams', {
      token: o.key,
      body: { senderAccountId: a, receiverAccountId: b, currency: 'USDC', ratePerSecond: '0.001', description: 'Salary — Rosa' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await settleStreams(t.db, t.deps);
    expect(await ofType(o.owner.token, 'stream.critical')).toEqual([]);
    t.clock.advance(600_000 * 1000);
    await settleStreams(t.db, t.deps);
    await settleStreams(t.db, t.deps);
    const list = await ofType(await o.login(), 'stream.critical');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: 'Stream running out of funds', objectType: 'stream', objectId: res.body.data.id });
    expect(list[0]?.summary).toContain('Salary — Rosa');
  });

  it('a balance crossing its threshold notifies once, not again while below, and again after it recovered', async () => {
    const o = await org('ntf-balance');
    const set = await t.http.patch('/v1/organization/settings', {
      token: o.owner.token,
      body: { lowBalanceThresholds: { USD: '100', USDC: '5.5' } },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.lowBalanceThresholds).toEqual({ USD: '100.00', USDC: '5.500000' });
    const [a, b] = [
      await openAccount(t.http, o.key, { name: 'Treasury', funds: '150.00', currency: 'USD' }),
      await openAccount(t.http, o.key, { name: 'Payee' }),
    ];
    await internal(o.key, a, b, '50.00'); // 100.00: at the threshold, not below
    expect(await ofType(o.owner.token, 'balance.low')).toEqual([]);
    await internal(o.key, a, b, '0.01'); // 99.99: crossed
    await internal(o.key, a, b, '9.99'); // 90.00: still below
    let low = await ofType(o.owner.token, 'balance.low');
    expect(low).toHaveLength(1);
    expect(low[0]).toMatchObject({
      title: 'Low balance',
      objectType: 'account',
      objectId: a,
      summary: 'Treasury: 99.99 USD available, below 100.00 USD',
      data: { accountName: 'Treasury', currency: 'USD', available: '99.99', threshold: '100.00' },
    });
    // The payee's USD rose; other currencies have their own thresholds.
    await t.http.post('/v1/deposits', { token: o.key, body: { accountId: a, amount: '60.00', currency: 'USD' } });
    await internal(o.key, a, b, '60.00');
    low = await ofType(o.owner.token, 'balance.low');
    expect(low).toHaveLength(2);
    // Removing the threshold stops it.
    const removed = await t.http.patch('/v1/organization/settings', {
      token: o.owner.token,
      body: { lowBalanceThresholds: { USD: null } },
    });
    expect(removed.body.data.lowBalanceThresholds).toEqual({ USDC: '5.500000' });
    await t.http.post('/v1/deposits', { token: o.key, body: { accountId: a, amount: '60.00', currency: 'USD' } });
    await internal(o.key, a, b, '60.00');
    expect(await ofType(o.owner.token, 'balance.low')).toHaveLength(2);
  });

  it('refuses thresholds that are not amounts of their currency, or unknown currencies (400, nothing stored)', async () => {
    const o = await org('ntf-threshold');
    for (const lowBalanceThresholds of [
      { USD: '1.001' },
      { USD: 100 },
      { XYZ: '1' },
      { USD: '-1' },
      { USD: '1e3' },
      { USDC: '1.0000001' },
    ]) {
      const res = await t.http.patch('/v1/organization/settings', { token: o.owner.token, body: { lowBalanceThresholds } });
      expect(res.status, JSON.stringify(lowBalanceThresholds)).toBe(400);
    }
    expect((await t.http.get('/v1/organization/settings', { token: o.owner.token })).body.data.lowBalanceThresholds).toEqual({});
  });

  it('a webhook endpoint the delivery worker disables notifies the team', async () => {
    const o = await org('ntf-webhook');
    const server = createServer((_q, res) => {
      res.statusCode = 500;
      res.end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const hook = await t.http.post('/v1/webhook-endpoints', { token: o.owner.token, body: { url, enabledEvents: ['account.*'] } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    await t.http.post('/v1/accounts', { token: o.key, body: { type: 'person', name: 'Triggers a delivery' } });
    for (let i = 0; i < 30; i++) {
      if ((await deliverDueWebhooks(t.db, t.deps)) === 0) {
        const [row] = await withOwner(t.db, (tx) =>
          tx.query<{ status: string }>('SELECT status FROM webhook_endpoints WHERE id = $1', [hook.body.data.id]),
        );
        if (row?.status === 'disabled') break;
      }
      t.clock.advance(12 * 3600_000);
    }
    const list = await ofType(await o.login(), 'webhook_endpoint.disabled');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: 'Webhook endpoint disabled', objectId: hook.body.data.id, data: { url, reason: 'failing' } });
  });
});

describe('notifications: reading', () => {
  /** An org with three failed payouts (team notifications) and a viewer. */
  async function withThree(label: string) {
    const o = await org(label);
    const from = await openAccount(t.http, o.key, { name: 'Payer', funds: '500.00', currency: 'USD' });
    const pm = await ach(o.key, from, '4432190000');
    for (const amount of ['1.00', '2.00', '3.00']) {
      await payout(o.key, { fromAccountId: from, paymentMethodId: pm, amount });
      await settle();
    }
    const token = await o.login();
    const viewer = await addMember(t.http, token, 'viewer');
    return { ...o, token, viewer };
  }

  it('read state is per user; read-all clears only your bell; what arrives later is unread', async () => {
    const o = await withThree('ntf-read');
    const mine = await bell(o.token);
    expect(mine.unreadCount).toBe(3);
    expect(mine.data.map((n) => n.data.amount)).toEqual(['3.00', '2.00', '1.00']);
    const first = mine.data[2] as Json;

    const read = await t.http.post(`/v1/notifications/${first.id}/read`, { token: o.viewer.token });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.data).toMatchObject({ id: first.id, readAt: t.clock.now().toISOString() });
    const at = read.body.data.readAt;
    t.clock.advance(1000);
    // Again: the first time stays.
    expect((await t.http.post(`/v1/notifications/${first.id}/read`, { token: o.viewer.token })).body.data.readAt).toBe(at);

    expect((await bell(o.viewer.token)).unreadCount).toBe(2);
    expect((await bell(o.token)).unreadCount).toBe(3);
    const unread = await bell(o.viewer.token, '?unread=true');
    expect(unread.data.map((n) => n.id)).not.toContain(first.id);
    expect(unread.data).toHaveLength(2);

    const all = await t.http.post('/v1/notifications/read-all', { token: o.viewer.token });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.data).toEqual({ unreadCount: 0, readAt: t.clock.now().toISOString() });
    const after = await bell(o.viewer.token);
    expect(after.unreadCount).toBe(0);
    expect(after.data.every((n) => n.readAt !== null)).toBe(true);
    expect(after.data.find((n) => n.id === first.id)?.readAt).toBe(at);
    expect((await bell(o.viewer.token, '?unread=true')).data).toEqual([]);
    expect((await bell(o.token)).unreadCount).toBe(3);

    // A new one after read-all is unread.
    const from = await openAccount(t.http, o.key, { name: 'Payer 2', funds: '50.00', currency: 'USD' });
    await payout(o.key, { fromAccountId: from, paymentMethodId: await ach(o.key, from, '5550000000'), amount: '4.00' });
    await settle();
    const viewerToken = (await t.http.post('/v1/auth/login', { body: { email: o.viewer.email, password: PASSWORD } })).body.data.session
      .accessToken;
    const later = await bell(viewerToken);
    expect(later.unreadCount).toBe(1);
    expect(later.data[0]).toMatchObject({ readAt: null, data: { amount: '4.00' } });
  });

  it('pages newest first with a cursor', async () => {
    const o = await withThree('ntf-page');
    const one = await bell(o.token, '?limit=2');
    expect(one.data).toHaveLength(2);
    expect(one.hasMore).toBe(true);
    const two = await bell(o.token, `?limit=2&cursor=${one.nextCursor}`);
    expect(two.data).toHaveLength(1);
    expect(two.hasMore).toBe(false);
    expect([...one.data, ...two.data].map((n) => n.data.amount)).toEqual(['3.00', '2.00', '1.00']);
    expect(two.unreadCount).toBe(3);
  });

  it('another tenant and the other environment see nothing and can mark nothing (404)', async () => {
    const o = await withThree('ntf-iso');
    const [n] = (await bell(o.token)).data as Json[];
    const stranger = await signup(t.http, 'ntf-stranger');
    expect((await bell(stranger.token)).data).toEqual([]);
    expect((await t.http.post(`/v1/notifications/${n?.id}/read`, { token: stranger.token })).status).toBe(404);
    expect((await t.http.post('/v1/notifications/read-all', { token: stranger.token })).status).toBe(200);
    const live = await bell(o.token, '', 'live');
    expect(live).toMatchObject({ data: [], unreadCount: 0 });
    expect((await t.http.post(`/v1/notifications/${n?.id}/read`, { token: o.token, environment: 'live' })).status).toBe(404);
    expect((await t.http.post('/v1/notifications/read-all', { token: o.token, environment: 'live' })).status).toBe(200);
    expect((await bell(o.token)).unreadCount).toBe(3);
    const rows = await withOwner(t.db, (tx) => tx.query('SELECT 1 FROM notification_reads WHERE notification_id = $1', [n?.id.slice(4)]));
    expect(rows).toEqual([]);
  });

  it('API keys and agents are refused (403); hostile ids and queries are 400 or 404, never 500', async () => {
    const o = await withThree('ntf-hostile');
    for (const [method, path] of [
      ['GET', '/v1/notifications'],
      ['POST', '/v1/notifications/read-all'],
      ['POST', `/v1/notifications/ntf_${'0'.repeat(32)}/read`],
      ['GET', '/v1/notifications/feed'],
    ] as const) {
      const res = await t.http.call(method, path, { token: o.key });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('user_credentials_required');
    }
    for (const id of [
      'x',
      'ntf_',
      `ntf_${'g'.repeat(32)}`,
      `ntf_${'0'.repeat(33)}`,
      "ntf_'; DROP TABLE notifications;--",
      '%00',
      `evt_${'0'.repeat(32)}`,
    ]) {
      const res = await t.http.post(`/v1/notifications/${encodeURIComponent(id)}/read`, { token: o.token });
      expect([400, 404], id).toContain(res.status);
    }
    expect((await t.http.post(`/v1/notifications/ntf_${'a'.repeat(32)}/read`, { token: o.token })).status).toBe(404);
    for (const query of ['?limit=0', '?limit=101', '?cursor=nope', '?unread=yes', '?limit=abc']) {
      expect((await t.http.get(`/v1/notifications${query}`, { token: o.token })).status, query).toBe(400);
    }
  });
});

/** Opens the feed as `token`; `text()` is what arrived so far, `ended` resolves when the server closes it. */
async function openFeed(token: string) {
  const res = await t.app.request('/v1/notifications/feed', { headers: { authorization: `Bearer ${token}` } });
  if (!res.headers.get('content-type')?.includes('text/event-stream')) return { status: res.status, body: (await res.json()) as Json };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { status: res.status, text: () => text, ended, close: () => reader.cancel() };
}
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('notifications: live feed', () => {
  beforeAll(() => {
    t.deps.streams = { sseIntervalMs: 20, credentialCheckMs: 50 };
  });

  it('ends with the credential (logout) and when the process shuts down; at most 5 per user (429)', async () => {
    const o = await org('ntf-feed-life');
    const session = await o.login();
    const feed = await openFeed(session);
    if (!feed.ended || !feed.text) throw new Error(`feed: ${feed.status}`);
    expect((await t.http.post('/v1/auth/logout', { token: session })).status).toBe(204);
    expect(await within(feed.ended, 5_000)).toBe(true);
    expect(feed.text()).toContain('event: end\ndata: {"reason":"credential_revoked"}');

    const token = await o.login();
    const feeds = [];
    for (let i = 0; i < MAX_NOTIFICATION_FEEDS_PER_USER; i++) feeds.push(await openFeed(token));
    expect(feeds.map((f) => f.status)).toEqual(Array(MAX_NOTIFICATION_FEEDS_PER_USER).fill(200));
    const sixth = await openFeed(token);
    expect(sixth).toMatchObject({ status: 429, body: { error: { code: 'too_many_streams' } } });
    endNotificationFeeds(t.deps);
    for (const f of feeds) {
      if (!f.ended || !f.text) throw new Error(`feed: ${f.status}`);
      expect(await within(f.ended, 5_000)).toBe(true);
      expect(f.text()).toContain('event: end\ndata: {"reason":"shutting_down"}');
    }
  });

  it('sends the count at once and again when a notification arrives; refuses API keys', async () => {
    const o = await org('ntf-feed');
    const from = await openAccount(t.http, o.key, { name: 'Payer', funds: '100.00', currency: 'USD' });
    const pm = await ach(o.key, from, '4432190000');
    const token = await o.login();
    const res = await t.app.request('/v1/notifications/feed', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const nextMessage = async (): Promise<Json> => {
      for (;;) {
        const match = /event: notifications\ndata: (.*)\n\n/.exec(text);
        if (match) {
          text = text.slice((match.index ?? 0) + match[0].length);
          return JSON.parse(match[1] as string) as Json;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('feed ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    expect(await nextMessage()).toEqual({ unreadCount: 0, latest: null });
    await payout(o.key, { fromAccountId: from, paymentMethodId: pm, amount: '5.00' });
    t.clock.advance(2_000);
    await settleDuePayouts(t.db, t.deps);
    const message = await nextMessage();
    expect(message).toMatchObject({ unreadCount: 1, latest: { type: 'transfer.failed', data: { amount: '5.00' } } });
    await reader.cancel();
  });
});
