import { describe, expect, it } from 'vitest';
import { settleDuePayouts } from '../../../apps/api/src/modules/transfers/settlement.service.js';
import { PASSWORD, uniqueEmail } from '../../../tests/harness.js';
import { PayOS, PermissionError, type SessionTokens } from './index.js';
import { type Call, recordingFetch, serveApi } from './testing/api.js';

const api = serveApi();
const CLABE = '032180000118359719';
/** An operation of /openapi.json: who may call it (`none` for the public ones), and whether it is an action without parameters. */
type Operation = { method: string; path: string; operationId: string; credentials: string[]; takesNoParameters: boolean };
type SpecOperation = {
  operationId: string;
  'x-payos-credentials': string[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
};

async function operations(baseUrl: string): Promise<Operation[]> {
  const spec = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, SpecOperation>> };
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      credentials: op['x-payos-credentials'] ?? [],
      takesNoParameters: op.requestBody?.content?.['application/json']?.schema?.$ref === '#/components/schemas/NoParameters',
    })),
  );
}

/** `/v1/accounts/{id}` → a pattern that matches the path with a UUID (or an event id) in place of each parameter. */
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/\{[^}]+\}/g, '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|evt_[0-9a-f]{32}|ntf_[0-9a-f]{32})')}$`);
const callsOf = (op: Operation, calls: Call[]) => calls.filter((c) => c.method === op.method && patternOf(op.path).test(c.path));

/**
 * What the recorded calls must show for `wanted`: each operation called, every call answered below 300
 * (but the `refused` statuses), and the actions without parameters sent with no body (no Content-Type).
 */
async function expectCovered(wanted: (op: Operation) => boolean, calls: Call[], refused: number[] = []) {
  const all = await operations(api().baseUrl);
  const ops = all.filter(wanted);
  expect(ops.filter((op) => callsOf(op, calls).length === 0).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  const failed = calls.filter((c) => (c.status ?? 0) >= 300 && !refused.includes(c.status ?? 0));
  expect(failed.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
  const actions = all.filter((op) => op.takesNoParameters).flatMap((op) => callsOf(op, calls));
  expect(actions.length).toBeGreaterThan(10);
  expect(actions.filter((c) => c.headers.has('content-type')).map((c) => `${c.method} ${c.path}`)).toEqual([]);
  return ops;
}

/**
 * Every operation an API key may call, through `payos`. `admin`, an owner/admin user, verifies the
 * agent and the ledger (when it is not `payos` itself, `payos` is checked to be refused them).
 * `later` moves the API's clock.
 */
async function everyPartnerOperation(payos: PayOS, admin: PayOS, later: (ms: number) => Promise<void>) {
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
  expect(await payos.accounts.limits(business.id)).toMatchObject({ object: 'account_limits', tier: 2, daily: { used: '0.00' } });
  expect((await payos.accounts.ledgerEntries(business.id, { currency: 'USDC' }).toArray()).length).toBeGreaterThan(0);
  await payos.deposits.list({ accountId: business.id }).page();
  // Search: by words and by the id's first characters, newest first within a type.
  const found = await payos.search('northwind', { limit: 3 });
  expect(found).toMatchObject({
    data: [{ object: 'search_result', type: 'account', id: business.id, title: 'Northwind' }],
    hasMore: false,
  });
  expect((await payos.search(person.id.slice(0, 8))).data.map((r) => r.id)).toContain(person.id);

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
  // A payout the rail sends back (test helper): settled first, then returned.
  const settled = await payos.transfers.create({
    type: 'payout',
    fromAccountId: business.id,
    paymentMethodId: method.id,
    amount: '10.000000',
    currency: 'USDC',
  });
  await later(api().deps.payouts.latencyMs);
  await settleDuePayouts(api().db, api().deps);
  expect((await payos.testHelpers.returnPayout(settled.id, { code: 'account_closed' })).status).toBe('returned');
  const paid = await payos.transfers.create({
    type: 'internal',
    fromAccountId: business.id,
    toAccountId: person.id,
    amount: '5.000000',
    currency: 'USDC',
  });
  const refund = await payos.refunds.create({ transferId: paid.id, amount: '1.000000', reason: 'customer_request' });
  await payos.refunds.get(refund.id);
  await payos.refunds.list({ transferId: paid.id }).page();
  const dispute = await payos.disputes.create({
    transferId: paid.id,
    reason: 'other',
    description: 'Coverage',
    amountDisputed: '1.000000',
  });
  await payos.disputes.respond(dispute.id, { response: 'Delivered' });
  await payos.disputes.escalate(dispute.id);
  await payos.disputes.get(dispute.id);
  await payos.disputes.list({ status: 'escalated' }).page();
  await payos.disputes.stats();
  expect((await payos.disputes.resolve(dispute.id, { resolution: 'no_action' })).status).toBe('resolved');
  await payos.transfers.get(payout.id);
  await payos.transfers.list({ status: 'cancelled' }).page();

  // Risk rules and the review queue: reading them, and a manual flag (what a partner's own monitoring raises).
  expect((await payos.riskRules.get()).rules).toHaveLength(7);
  const flag = await payos.reviews.create({ accountId: business.id, riskLevel: 'medium', reason: 'coverage_check' });
  expect((await payos.reviews.get(flag.id)).status).toBe('open');
  expect((await payos.reviews.list({ accountId: business.id, riskLevel: 'medium' }).toArray()).map((r) => r.id)).toContain(flag.id);
  expect((await payos.reviews.stats()).byStatus.open).toBeGreaterThan(0);
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
  if (admin !== payos) await expect(payos.agents.verify(agent.id, { tier: 1 })).rejects.toBeInstanceOf(PermissionError);
  expect((await admin.agents.verify(agent.id, { tier: 1 })).kyaTier).toBe(1);
  await payos.agents.get(agent.id);
  await payos.agents.list({ accountId: business.id }).page();
  await payos.agents.update(agent.id, { limits: { daily: '500.00' } });
  expect((await payos.agents.limits(agent.id)).daily.effective).toBe('500.00');
  await payos.agents.activity(agent.id).page();
  await payos.agents.suspend(agent.id);
  await payos.agents.activate(agent.id);
  expect((await payos.agents.rotateToken(agent.id)).token).not.toBe(agent.token);
  await payos.agents.delete(agent.id);

  // The ledger (owner/admin users only), before the clock moves past the admin's 15-minute token
  if (admin !== payos) await expect(payos.ledger.verify()).rejects.toBeInstanceOf(PermissionError);
  expect((await admin.ledger.verify()).ok).toBe(true);

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
  await later(3_600_000);
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
  const [event] = await payos.events.list({ type: 'account.*', objectId: business.id }).toArray();
  expect((await payos.events.get(event?.id ?? '')).objectId).toBe(business.id);
  await payos.organization.get();
  expect((await payos.organization.settings.get()).refunds.windowDays).toBeGreaterThan(0);

  // Closing needs a zero balance: an empty account can close.
  const empty = await payos.accounts.create({ type: 'person', name: 'Closing' });
  expect((await payos.accounts.close(empty.id)).status).toBe('closed');
}

describe('coverage of the API', () => {
  it('calls every operation an API key may call (and the two admin-only reads) through the SDK, each answering 2xx', async () => {
    const { key, ownerToken } = await api().tenant();
    const fetch = recordingFetch();
    const payos = new PayOS({ apiKey: key, baseUrl: api().baseUrl, fetch });
    const owner = new PayOS({ accessToken: ownerToken, baseUrl: api().baseUrl, fetch });
    await everyPartnerOperation(payos, owner, async (ms) => api().clock.advance(ms));

    const adminOnly = ['verifyLedger', 'verifyAgent'];
    const wanted = await expectCovered(
      (op) => op.credentials.includes('api_key') || adminOnly.includes(op.operationId),
      fetch.calls,
      [403],
    );
    expect(wanted.length).toBeGreaterThan(50);
    expect(fetch.calls.filter((c) => c.status === 403).map((c) => `${c.method} ${c.path}`)).toEqual([
      expect.stringMatching(/^POST \/v1\/agents\/.+\/verify$/),
      'GET /v1/ledger/verification',
    ]);
  });

  it('calls every operation a user may call (and the public ones) through the SDK with an owner’s session, each answering 2xx', async () => {
    const fetch = recordingFetch();
    const anonymous = new PayOS({ baseUrl: api().baseUrl, fetch });
    const email = uniqueEmail('coverage');

    // Auth: sign up and log in without a credential; the dashboard's pattern — the token asked for before every call.
    const signedUp = await anonymous.auth.signup({ email, password: PASSWORD, name: 'Olivia Owner', organizationName: 'Coverage Co' });
    let session: SessionTokens = (await anonymous.auth.login({ email, password: PASSWORD })).session;
    const refresh = async () => {
      session = (await anonymous.auth.refresh({ refreshToken: session.refreshToken })).session;
    };
    await refresh();
    const owner = new PayOS({ baseUrl: api().baseUrl, fetch, getToken: () => session.accessToken });
    expect(await owner.auth.me()).toMatchObject({ user: { id: signedUp.user.id }, role: 'owner' });
    expect(await owner.auth.updateMe({ locale: 'pt-BR' })).toMatchObject({ user: { id: signedUp.user.id }, locale: 'pt-BR' });
    expect((await owner.auth.updateMe({ locale: null })).locale).toBeNull();
    const sessions = await owner.auth.sessions.list().toArray();
    const signupSession = sessions.find((s) => !s.current);
    expect(sessions).toHaveLength(2);
    await owner.auth.sessions.revoke(signupSession?.id ?? '');

    // Everything an API key may call, as the owner (whose 15-minute token is refreshed when the clock moves).
    await everyPartnerOperation(owner, owner, async (ms) => {
      api().clock.advance(ms);
      await refresh();
    });

    // The organization, its team and invites
    await owner.organization.update({ name: 'Coverage Co LLC', metadata: { region: 'latam' } });
    expect((await owner.organization.settings.update({ refunds: { windowDays: 30 }, locale: 'es-MX' })).refunds.windowDays).toBe(30);
    const invite = await owner.organization.invites.create({ email: uniqueEmail('member'), role: 'member' });
    expect(await owner.organization.invites.list().toArray()).toHaveLength(1);
    const joined = await anonymous.organization.invites.accept({ inviteToken: invite.inviteToken, name: 'Max Member', password: PASSWORD });
    expect(await owner.organization.members.list().toArray()).toHaveLength(2);
    expect((await owner.organization.members.changeRole(joined.user.id, { role: 'viewer' })).role).toBe('viewer');
    await owner.organization.members.remove(joined.user.id);

    // API keys
    const created = await owner.apiKeys.create({ name: 'Coverage key', environment: 'test' });
    await owner.apiKeys.get(created.id);
    expect(await owner.apiKeys.list({ environment: 'test' }).toArray()).toHaveLength(1);
    const rotated = await owner.apiKeys.rotate(created.id);
    await owner.apiKeys.revoke(rotated.id);

    // Approvals: a policy holds an API key's larger transfers for an approver who did not start them: the
    // owner, the key being a developer's (a transfer a key starts is its creator's own to no more approve).
    const policy = await owner.approvalPolicies.create({
      name: 'Large API transfers',
      appliesTo: 'all',
      amountGte: '100.00',
      initiatorTypes: ['api_key'],
      requiredApprovals: 1,
      approverRole: 'admin',
    });
    await owner.approvalPolicies.get(policy.id);
    expect(await owner.approvalPolicies.list().toArray()).toHaveLength(1);
    await owner.approvalPolicies.update(policy.id, { name: 'Large API transfers (USD)' });
    const devInvite = await owner.organization.invites.create({ email: uniqueEmail('developer'), role: 'member' });
    const dev = await anonymous.organization.invites.accept({ inviteToken: devInvite.inviteToken, name: 'Dev Member', password: PASSWORD });
    const developer = new PayOS({ baseUrl: api().baseUrl, fetch, getToken: () => dev.session.accessToken });
    const partner = new PayOS({
      apiKey: (await developer.apiKeys.create({ name: 'Approvals key', environment: 'test' })).key,
      baseUrl: api().baseUrl,
      fetch,
    });
    const maker = await partner.accounts.create({ type: 'business', name: 'Maker Co' });
    const payee = await partner.accounts.create({ type: 'person', name: 'Payee' });
    await partner.accounts.verify(maker.id, { tier: 2 });
    await partner.deposits.create({ accountId: maker.id, amount: '1000.000000', currency: 'USDC' });
    const held = (amount: string) =>
      partner.transfers.create({ type: 'internal', fromAccountId: maker.id, toAccountId: payee.id, amount, currency: 'USDC' });
    const [toApprove, toDeny] = [await held('150.000000'), await held('200.000000')];
    expect([toApprove.status, toDeny.status]).toEqual(['requires_approval', 'requires_approval']);
    const inbox = await owner.approvals.list().toArray();
    expect(inbox.map((a) => a.canDecide)).toEqual([true, true]);
    await owner.approvals.get(inbox[0]?.id ?? '');
    expect((await owner.transfers.approve(toApprove.id)).status).toBe('completed');
    expect((await owner.transfers.deny(toDeny.id, { reason: 'Not on the supplier list' })).status).toBe('denied');
    expect(await owner.approvals.list({ status: 'denied' }).toArray()).toHaveLength(1);
    // A schedule and a stream the key opens are approved at creation, through /v1/approvals/{id}.
    const waitingSchedule = await partner.scheduledTransfers.create({
      fromAccountId: maker.id,
      toAccountId: payee.id,
      amount: '120.000000',
      currency: 'USDC',
      frequency: 'monthly',
      startDate: '2030-01-15',
    });
    const waitingStream = await partner.streams.create({
      senderAccountId: maker.id,
      receiverAccountId: payee.id,
      currency: 'USDC',
      ratePerMonth: '300.00',
      fundingAmount: '150.000000',
    });
    expect([waitingSchedule.status, waitingStream.status]).toEqual(['requires_approval', 'requires_approval']);
    const [scheduleApproval] = await owner.approvals.list({ scheduleId: waitingSchedule.id }).toArray();
    const [streamApproval] = await owner.approvals.list({ objectType: 'stream' }).toArray();
    expect((await owner.approvals.approve(scheduleApproval?.id ?? '')).schedule?.status).toBe('active');
    expect((await owner.approvals.deny(streamApproval?.id ?? '', { reason: 'Not budgeted' })).stream?.status).toBe('denied');
    await owner.approvalPolicies.delete(policy.id);

    // Notifications: the four approvals above reached the owner's bell (users only).
    const bell = await owner.notifications.list({ unread: 'true' }).toArray();
    expect(bell.filter((n) => n.type === 'approval.requested')).toHaveLength(4);
    expect(await owner.notifications.unreadCount()).toBe(bell.length);
    expect((await owner.notifications.read(bell[0]?.id ?? '')).readAt).not.toBeNull();
    const stop = new AbortController();
    for await (const message of owner.notifications.watch({ signal: stop.signal })) {
      expect(message.unreadCount).toBe(bell.length - 1);
      stop.abort();
      break;
    }
    expect(await owner.notifications.readAll()).toMatchObject({ unreadCount: 0 });
    expect(await owner.notifications.unreadCount()).toBe(0);

    // Risk rules and reviews: a rule changed and restored; manual flags assigned, noted and approved,
    // rejected, escalated and dismissed. Allowlisting a payment method (which skips cooling-off).
    const rules = await owner.riskRules.update({
      rules: { amount_threshold: { enabled: true, action: 'review', amountGteUsd: '100.00' } },
    });
    expect(rules.rules.find((r) => r.id === 'amount_threshold')).toMatchObject({ enabled: true, amountGteUsd: '100.00' });
    await owner.riskRules.update({ rules: { amount_threshold: { enabled: false } } });
    const flagOf = (riskLevel: 'low' | 'high' | 'critical') =>
      owner.reviews.create({ accountId: maker.id, riskLevel, reason: `coverage_${riskLevel}` });
    const [toApproveFlag, toRejectFlag, toEscalate] = [await flagOf('low'), await flagOf('high'), await flagOf('critical')];
    expect((await owner.reviews.assign(toApproveFlag.id)).status).toBe('in_review');
    expect((await owner.reviews.addNote(toApproveFlag.id, { body: 'Invoice on file.' })).notes).toHaveLength(1);
    expect((await owner.reviews.approve(toApproveFlag.id, { note: 'Known supplier.' })).status).toBe('approved');
    expect((await owner.reviews.reject(toRejectFlag.id, { note: 'No invoice.' })).status).toBe('rejected');
    expect((await owner.reviews.escalate(toEscalate.id)).status).toBe('escalated');
    expect((await owner.reviews.dismiss(toEscalate.id, { note: 'A different person.' })).status).toBe('dismissed');
    const beneficiary = await partner.paymentMethods.create(maker.id, {
      type: 'bank_account',
      rail: 'spei',
      details: { clabe: CLABE, holderName: 'Maker Co' },
    });
    expect((await owner.paymentMethods.update(maker.id, beneficiary.id, { allowlisted: true })).allowlisted).toBe(true);

    // Webhook endpoints (a receiver is not needed: nothing is delivered here) and a redelivery.
    const hook = await owner.webhooks.create({ url: 'http://localhost:9/hooks', enabledEvents: ['account.*'] });
    await owner.webhooks.get(hook.id);
    expect(await owner.webhooks.list().toArray()).toHaveLength(1);
    await owner.webhooks.update(hook.id, { description: 'Ledger sync' });
    expect((await owner.webhooks.rotateSecret(hook.id)).secret).not.toBe(hook.secret);
    await owner.webhooks.test(hook.id);
    const [event] = await owner.events.list({ limit: 1 }).toArray();
    await owner.webhooks.redeliver(event?.id ?? '', hook.id);
    await owner.webhooks.deliveries(hook.id).page();
    await owner.webhooks.delete(hook.id);

    await owner.auth.logout();

    const wanted = await expectCovered((op) => op.credentials.includes('user') || op.credentials.includes('none'), fetch.calls);
    expect(wanted.length).toBeGreaterThan(70);
    expect(
      wanted
        .filter((op) => op.credentials.includes('none'))
        .map((op) => op.operationId)
        .sort(),
    ).toEqual(['acceptInvite', 'login', 'refreshSession', 'signup']);
  });
});
