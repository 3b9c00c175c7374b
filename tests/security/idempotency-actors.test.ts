/**
 * Idempotency across actors: for every idempotent operation (from the declarations), the owner
 * makes a real call with an Idempotency-Key; then every other kind of caller of the same tenant
 * and environment presents that key with the same request. Each is refused — by authorization when
 * it may not make the call at all, else with 422 idempotency_key_reused — sees nothing of the stored
 * response, and writes nothing. The owner's own replay still gets the stored response, and a
 * response that carries a secret is stored sealed, never in plaintext.
 */
import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { declarationsOf } from '../../apps/api/src/http/operation.js';
import { AGENT_PERMISSIONS } from '../../apps/api/src/modules/agents/agents.permissions.js';
import { settleDuePayouts } from '../../apps/api/src/modules/transfers/settlement.service.js';
import { testApp } from '../fixtures.js';
import { addMember, createKey, type Json, signup, uniqueEmail } from '../harness.js';
import { tenantChecksum } from './checksum.js';
import { type Caller, expected } from './declared.js';

const t = testApp();

type Request = { path: string; body?: Json };

describe('idempotency keys belong to the caller that used them', () => {
  it('refuses a replay of a stored key by every other caller, for every idempotent operation, revealing and writing nothing', async () => {
    const owner = await signup(t.http, 'replay-a');
    const as = (token: string) => ({
      post: async (path: string, body?: Json) => {
        const res = await t.http.post(path, { token, body });
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.data as Json;
      },
    });
    const api = as(owner.token);
    const business = async (name: string, funds?: string) => {
      const { id } = await api.post('/v1/accounts', { type: 'business', name });
      await api.post(`/v1/accounts/${id}/verify`, { tier: 2 });
      if (funds) await api.post('/v1/deposits', { accountId: id, amount: funds, currency: 'USDC' });
      return id as string;
    };
    const sender = await business('Replay sender', '100000.00');
    const receiver = await business('Replay receiver');
    const paidToReceiver = async () =>
      (
        await api.post('/v1/transfers', {
          type: 'internal',
          fromAccountId: sender,
          toAccountId: receiver,
          amount: '1.00',
          currency: 'USDC',
        })
      ).id as string;
    const pendingPayout = async () => {
      const pm = await api.post(`/v1/accounts/${sender}/payment-methods`, spei);
      return api.post('/v1/transfers', {
        type: 'payout',
        fromAccountId: sender,
        paymentMethodId: pm.id,
        amount: '10.00',
        currency: 'USDC',
      });
    };
    const dispute = async () =>
      (await api.post('/v1/disputes', { transferId: await paidToReceiver(), reason: 'other', description: 'x' })).id;
    const startDate = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const schedule = () =>
      api.post('/v1/scheduled-transfers', {
        fromAccountId: sender,
        toAccountId: receiver,
        amount: '1.00',
        currency: 'USDC',
        frequency: 'weekly',
        startDate,
      });
    const stream = () =>
      api.post('/v1/streams', { senderAccountId: sender, receiverAccountId: receiver, currency: 'USDC', ratePerMonth: '2592.00' });
    const agent = async (permissions: readonly string[] = AGENT_PERMISSIONS) => {
      const created = await api.post('/v1/agents', { accountId: sender, name: 'Replay agent', permissions });
      await api.post(`/v1/agents/${created.id}/verify`, { tier: 1 });
      return created as { id: string; token: string };
    };
    const spei = { type: 'bank_account', rail: 'spei', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } };
    // A receiver nobody listens on (deliveries are never attempted here: no worker runs).
    const webhookEndpoint = { url: 'http://localhost:9/payos', enabledEvents: ['account.*'] };

    // Internal transfers of 5,000.00 by an API key wait for approval (the owner's own requests send less).
    // The key is a developer's: the owner may approve what it starts (not what their own key starts).
    const initiatorKey = (await createKey(t.http, (await addMember(t.http, owner.token, 'member')).token)).key;
    let waitingPolicy: Promise<unknown> | undefined;
    const waitingTransfer = async () => {
      waitingPolicy ??= api.post('/v1/approval-policies', {
        name: 'Keys over 5,000',
        appliesTo: 'internal',
        amountGte: '5000.00',
        initiatorTypes: ['api_key'],
        requiredApprovals: 1,
        approverRole: 'admin',
      });
      await waitingPolicy;
      const transfer = await as(initiatorKey).post('/v1/transfers', {
        type: 'internal',
        fromAccountId: sender,
        toAccountId: receiver,
        amount: '5000.00',
        currency: 'USDC',
      });
      expect(transfer.status).toBe('requires_approval');
      return transfer.id as string;
    };

    /** An approval of a stream the initiator's key funded at the waiting policy's threshold (a stream is `internal`). */
    const waitingApproval = async () => {
      await waitingTransfer();
      const stream = await as(initiatorKey).post('/v1/streams', {
        senderAccountId: sender,
        receiverAccountId: receiver,
        currency: 'USDC',
        ratePerMonth: '2592.00',
        fundingAmount: '5000.00',
      });
      expect(stream.status).toBe('requires_approval');
      const found = await t.http.get(`/v1/approvals?streamId=${stream.id}`, { token: owner.token });
      return found.body.data[0].id as string;
    };

    const flag = async () => (await api.post('/v1/reviews', { accountId: sender, riskLevel: 'high', reason: 'Replay' })).id as string;

    /** A request that succeeds for the owner, per idempotent operation. A new one without an entry fails the test. */
    const requests: Record<string, () => Promise<Request>> = {
      createInvite: async () => ({ path: '/v1/organization/team/invites', body: { email: uniqueEmail('invited'), role: 'viewer' } }),
      createApiKey: async () => ({ path: '/v1/api-keys', body: { name: 'replayed', environment: 'test' } }),
      rotateApiKey: async () => ({ path: `/v1/api-keys/${(await createKey(t.http, owner.token)).id}/rotate` }),
      createAccount: async () => ({ path: '/v1/accounts', body: { type: 'person', name: 'Replay person' } }),
      verifyAccount: async () => ({
        path: `/v1/accounts/${(await api.post('/v1/accounts', { type: 'person', name: 'V' })).id}/verify`,
        body: { tier: 1 },
      }),
      suspendAccount: async () => ({ path: `/v1/accounts/${await business('S')}/suspend` }),
      activateAccount: async () => {
        const id = await business('A');
        await api.post(`/v1/accounts/${id}/suspend`);
        return { path: `/v1/accounts/${id}/activate` };
      },
      createDeposit: async () => ({ path: '/v1/deposits', body: { accountId: sender, amount: '5.00', currency: 'USDC' } }),
      createPaymentMethod: async () => ({ path: `/v1/accounts/${sender}/payment-methods`, body: spei }),
      createQuote: async () => ({
        path: '/v1/quotes',
        body: { fromCurrency: 'USD', toCurrency: 'MXN', amount: '100.00', amountType: 'source' },
      }),
      createTransfer: async () => ({
        path: '/v1/transfers',
        body: { type: 'internal', fromAccountId: sender, toAccountId: receiver, amount: '1.00', currency: 'USDC' },
      }),
      createRefund: async () => ({ path: '/v1/refunds', body: { transferId: await paidToReceiver(), reason: 'customer_request' } }),
      returnPayout: async () => {
        const payout = await pendingPayout();
        t.clock.advance(t.deps.payouts.latencyMs);
        await settleDuePayouts(t.db, t.deps);
        return { path: `/v1/test-helpers/transfers/${payout.id}/return`, body: { code: 'regulatory' } };
      },
      createDispute: async () => ({
        path: '/v1/disputes',
        body: { transferId: await paidToReceiver(), reason: 'other', description: 'x' },
      }),
      respondDispute: async () => ({ path: `/v1/disputes/${await dispute()}/respond`, body: { response: 'Delivered' } }),
      resolveDispute: async () => ({ path: `/v1/disputes/${await dispute()}/resolve`, body: { resolution: 'no_action' } }),
      escalateDispute: async () => ({ path: `/v1/disputes/${await dispute()}/escalate` }),
      createReview: async () => ({ path: '/v1/reviews', body: { accountId: sender, riskLevel: 'high', reason: 'Replayed' } }),
      assignReview: async () => ({ path: `/v1/reviews/${await flag()}/assign` }),
      approveReview: async () => ({ path: `/v1/reviews/${await flag()}/approve` }),
      escalateReview: async () => ({ path: `/v1/reviews/${await flag()}/escalate` }),
      rejectReview: async () => ({ path: `/v1/reviews/${await flag()}/reject`, body: { note: 'Replayed' } }),
      dismissReview: async () => ({ path: `/v1/reviews/${await flag()}/dismiss`, body: { note: 'Replayed' } }),
      addReviewNote: async () => ({ path: `/v1/reviews/${await flag()}/notes`, body: { body: 'Replayed' } }),
      createApprovalPolicy: async () => ({
        path: '/v1/approval-policies',
        body: {
          name: 'Replayed',
          appliesTo: 'payout',
          amountGte: '999999.00',
          initiatorTypes: ['agent'],
          requiredApprovals: 1,
          approverRole: 'owner',
        },
      }),
      approveTransfer: async () => ({ path: `/v1/transfers/${await waitingTransfer()}/approve` }),
      denyTransfer: async () => ({ path: `/v1/transfers/${await waitingTransfer()}/deny`, body: { reason: 'Replayed' } }),
      approveApproval: async () => ({ path: `/v1/approvals/${await waitingApproval()}/approve` }),
      denyApproval: async () => ({ path: `/v1/approvals/${await waitingApproval()}/deny`, body: { reason: 'Replayed' } }),
      cancelTransfer: async () => ({ path: `/v1/transfers/${(await pendingPayout()).id}/cancel` }),
      createScheduledTransfer: async () => ({
        path: '/v1/scheduled-transfers',
        body: { fromAccountId: sender, toAccountId: receiver, amount: '1.00', currency: 'USDC', frequency: 'weekly', startDate },
      }),
      pauseScheduledTransfer: async () => ({ path: `/v1/scheduled-transfers/${(await schedule()).id}/pause` }),
      resumeScheduledTransfer: async () => {
        const { id } = await schedule();
        await api.post(`/v1/scheduled-transfers/${id}/pause`);
        return { path: `/v1/scheduled-transfers/${id}/resume` };
      },
      cancelScheduledTransfer: async () => ({ path: `/v1/scheduled-transfers/${(await schedule()).id}/cancel` }),
      runScheduledTransferNow: async () => ({ path: `/v1/scheduled-transfers/${(await schedule()).id}/run-now` }),
      createAgent: async () => ({ path: '/v1/agents', body: { accountId: sender, name: 'Created by replay test' } }),
      verifyAgent: async () => ({
        path: `/v1/agents/${(await api.post('/v1/agents', { accountId: sender, name: 'To verify' })).id}/verify`,
        body: { tier: 1 },
      }),
      suspendAgent: async () => ({ path: `/v1/agents/${(await agent()).id}/suspend` }),
      activateAgent: async () => {
        const { id } = await agent();
        await api.post(`/v1/agents/${id}/suspend`);
        return { path: `/v1/agents/${id}/activate` };
      },
      rotateAgentToken: async () => ({ path: `/v1/agents/${(await agent()).id}/rotate-token` }),
      createStream: async () => ({
        path: '/v1/streams',
        body: { senderAccountId: sender, receiverAccountId: receiver, currency: 'USDC', ratePerMonth: '2592.00' },
      }),
      pauseStream: async () => ({ path: `/v1/streams/${(await stream()).id}/pause` }),
      resumeStream: async () => {
        const { id } = await stream();
        await api.post(`/v1/streams/${id}/pause`);
        return { path: `/v1/streams/${id}/resume` };
      },
      cancelStream: async () => ({ path: `/v1/streams/${(await stream()).id}/cancel` }),
      topUpStream: async () => ({ path: `/v1/streams/${(await stream()).id}/top-up`, body: { amount: '10.00' } }),
      withdrawStream: async () => {
        const { id } = await stream();
        t.clock.advance(60_000);
        return { path: `/v1/streams/${id}/withdraw`, body: {} };
      },
      createWebhookEndpoint: async () => ({ path: '/v1/webhook-endpoints', body: webhookEndpoint }),
      rotateWebhookSecret: async () => ({
        path: `/v1/webhook-endpoints/${(await api.post('/v1/webhook-endpoints', webhookEndpoint)).id}/rotate-secret`,
      }),
      testWebhookEndpoint: async () => ({
        path: `/v1/webhook-endpoints/${(await api.post('/v1/webhook-endpoints', webhookEndpoint)).id}/test`,
      }),
      readNotification: async () => {
        await waitingTransfer(); // a transfer waiting for approval puts a notification on the team's bell
        const unread = await t.http.get('/v1/notifications?unread=true&limit=1', { token: owner.token });
        return { path: `/v1/notifications/${(unread.body.data as Json[])[0]?.id}/read` };
      },
      readAllNotifications: async () => ({ path: '/v1/notifications/read-all' }),
      redeliverEvent: async () => {
        const endpoint = await api.post('/v1/webhook-endpoints', webhookEndpoint);
        const account = await api.post('/v1/accounts', { type: 'person', name: 'Evented' });
        const [event] = (await t.http.get(`/v1/events?objectId=${account.id}`, { token: owner.token })).body.data as Json[];
        return { path: `/v1/events/${event?.id}/redeliver`, body: { endpointId: endpoint.id } };
      },
    };

    const admin = await addMember(t.http, owner.token, 'admin');
    const member = await addMember(t.http, owner.token, 'member');
    const viewer = await addMember(t.http, owner.token, 'viewer');
    const testKey = (await createKey(t.http, owner.token)).key;
    const agentCaller = await agent();
    const others: Caller[] = [
      { name: 'admin', kind: 'user', role: 'admin', environment: 'test', token: admin.token },
      { name: 'member', kind: 'user', role: 'member', environment: 'test', token: member.token },
      { name: 'viewer', kind: 'user', role: 'viewer', environment: 'test', token: viewer.token },
      { name: 'test API key', kind: 'api_key', environment: 'test', token: testKey },
      {
        name: "the sender's agent",
        kind: 'agent',
        environment: 'test',
        token: agentCaller.token,
        permissions: AGENT_PERMISSIONS,
        accountId: sender,
      },
    ];

    const idempotent = declarationsOf(t.app).filter((d) => d.idempotent);
    expect(idempotent.map((d) => d.operationId).filter((id) => !requests[id])).toEqual([]);
    const failures: string[] = [];
    let replays = 0;
    for (const d of idempotent) {
      const request = await (requests[d.operationId] as () => Promise<Request>)();
      const key = `replay-${d.operationId}`;
      const first = await t.http.post(request.path, { token: owner.token, body: request.body, headers: { 'idempotency-key': key } });
      expect(first.status, `${d.operationId}: ${JSON.stringify(first.body)}`).toBeLessThan(300);
      const stored = JSON.stringify(first.body);
      const before = await tenantChecksum(t.db, owner.tenantId);
      for (const caller of others) {
        replays++;
        const res = await t.http.post(request.path, { token: caller.token, body: request.body, headers: { 'idempotency-key': key } });
        const want = expected(d, caller, caller.accountId);
        const [status, code] = want.allowed ? [422, 'idempotency_key_reused'] : [want.status, want.code];
        if (res.status !== status || res.body.error?.code !== code) {
          failures.push(
            `${d.operationId} replayed by ${caller.name}: expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        if (res.headers.get('idempotent-replayed') || (first.body.data?.id && JSON.stringify(res.body).includes(first.body.data.id))) {
          failures.push(`${d.operationId} replayed by ${caller.name}: the stored response leaked`);
        }
      }
      expect(await tenantChecksum(t.db, owner.tenantId), d.operationId).toEqual(before);
      // The caller that made it gets it back, secret included.
      const again = await t.http.post(request.path, { token: owner.token, body: request.body, headers: { 'idempotency-key': key } });
      expect(again.status).toBe(first.status);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(JSON.stringify(again.body)).toBe(stored);
      if (d.idempotent === 'secret') {
        const [row] = await withOwner(t.db, (tx) =>
          tx.query<{ response_body: string }>('SELECT response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [
            owner.tenantId,
            key,
          ]),
        );
        const secret = (first.body.data.key ?? first.body.data.token ?? first.body.data.inviteToken ?? first.body.data.secret) as string;
        expect(secret).toBeTruthy();
        expect(row?.response_body).toMatch(/^sealed:v1:/);
        expect(row?.response_body).not.toContain(secret);
      }
    }
    expect(failures).toEqual([]);
    console.info(
      `idempotency across actors: ${idempotent.length} idempotent operations × ${others.length} other callers = ${replays} replays refused`,
    );
  }, 180_000);
});
