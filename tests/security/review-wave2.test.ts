/**
 * Regression tests for the second review wave (events, signed webhooks, ledger_post_many, the
 * statistics keeper), written from the outside: through HTTP, through a real node:http receiver, or —
 * for the SQL functions — through the database as the application role. Each failed on the code it
 * was written against. The two ledger_post_many findings, at the end, were reported open and then
 * fixed in its migration (0014).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withOwner, withTenant } from '@payos/db';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../apps/api/src/modules/ledger/ledger.repo.js';
import { deliverDueWebhooks } from '../../apps/api/src/modules/webhooks/delivery.js';
import { assertUrlAllowed } from '../../apps/api/src/modules/webhooks/ssrf.js';
import { openAccount, testApp } from '../fixtures.js';
import { createKey, type Json, signup } from '../harness.js';
import { tenantChecksum } from './checksum.js';

const t = testApp({ webhooks: { allowPrivate: true, requireHttps: false, timeoutMs: 300, random: () => 0.5 } });

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A real receiver on 127.0.0.1 answering with `answer` once the request body is read. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

const endpoint = async (token: string, url: string, enabledEvents = ['*']) => {
  const res = await t.http.post('/v1/webhook-endpoints', { token, body: { url, enabledEvents } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json;
};

describe('webhook endpoints: hostile input', () => {
  it('a URL that grows past 2,048 characters once normalized is a 400 webhook_url_not_allowed, not a 500, and writes nothing', async () => {
    // 2,017 characters as sent (under the schema's 2,048); 12,017 once URL() percent-encodes each é
    // into %C3%A9 — past the column's CHECK, which answered 500 internal_error.
    const owner = await signup(t.http, 'wave2-url');
    const before = await tenantChecksum(t.db, owner.tenantId);
    for (const url of [`http://localhost/${'é'.repeat(2000)}`, `http://localhost/${'"'.repeat(2000)}`]) {
      const created = await t.http.post('/v1/webhook-endpoints', { token: owner.token, body: { url, enabledEvents: ['*'] } });
      expect(created.status, JSON.stringify(created.body)).toBe(400);
      expect(created.body.error).toMatchObject({ code: 'webhook_url_not_allowed', param: 'url' });
    }
    expect(await tenantChecksum(t.db, owner.tenantId)).toEqual(before);
    // The same through PATCH.
    const hook = await endpoint(owner.token, 'http://localhost/ok');
    const patched = await t.http.patch(`/v1/webhook-endpoints/${hook.id}`, {
      token: owner.token,
      body: { url: `http://localhost/${'é'.repeat(2000)}` },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe('webhook_url_not_allowed');
    expect((await t.http.get(`/v1/webhook-endpoints/${hook.id}`, { token: owner.token })).body.data.url).toBe('http://localhost/ok');
  });

  it('production refuses the IPv6 forms that embed or translate to a private IPv4 (SIIT ::ffff:0:0/96, local-use NAT64 64:ff9b:1::/48)', async () => {
    const production = { allowPrivate: false, requireHttps: true };
    for (const url of [
      'https://[::ffff:0:7f00:1]/',
      'https://[::ffff:0:a9fe:a9fe]/',
      'https://[64:ff9b:1::7f00:1]/',
      'https://[64:ff9b:1::a00:1]/',
    ]) {
      await expect(assertUrlAllowed(url, production), url).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
    }
  });
});

describe('webhook delivery: hostile receivers', () => {
  it('an answer with a NUL byte or a status code outside 100-599 is recorded as an attempt; it does not abort the pass or leave the delivery leased', async () => {
    // Before: the attempt's INSERT failed (PostgreSQL text cannot hold NUL; status_code CHECK), the
    // settling transaction rolled back, deliverDueWebhooks threw "current transaction is aborted", no
    // attempt was recorded and the delivery stayed leased — to be sent again after every lease, forever
    // (never failed, the endpoint never disabled).
    const owner = await signup(t.http, 'wave2-hostile');
    for (const answer of [
      (_q: IncomingMessage, res: ServerResponse) => res.end('ok\u0000tail'),
      (_q: IncomingMessage, res: ServerResponse) => {
        res.statusCode = 999;
        res.end('odd');
      },
    ]) {
      const hook = await endpoint(owner.token, await receiver(answer));
      const ping = await t.http.post(`/v1/webhook-endpoints/${hook.id}/test`, { token: owner.token });
      expect(ping.status).toBe(202);
      await expect(deliverDueWebhooks(t.db, t.deps)).resolves.toBeGreaterThan(0);
      const attempts = (await t.http.get(`/v1/webhook-endpoints/${hook.id}/deliveries`, { token: owner.token })).body.data as Json[];
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.responseExcerpt ?? '').not.toContain('\u0000');
      const [delivery] = await withOwner(t.db, (tx) =>
        tx.query<{ status: string; lease_id: string | null }>('SELECT status, lease_id FROM webhook_deliveries WHERE id = $1', [
          ping.body.data.id,
        ]),
      );
      expect(delivery?.lease_id).toBeNull();
      await t.http.patch(`/v1/webhook-endpoints/${hook.id}`, { token: owner.token, body: { status: 'disabled' } });
    }
  });

  it('attempts of one endpoint that fail together are all recorded (PostgreSQL: their settling transactions do not deadlock)', async () => {
    // Before: each settle inserted its attempt (FOR KEY SHARE on the endpoint, by the foreign key) and
    // then locked the endpoint FOR UPDATE to count the failure streak — an upgrade two concurrent
    // settles of one endpoint each wait for: "deadlock detected", the pass threw, and the losing
    // attempt was never recorded (its delivery stayed leased).
    const owner = await signup(t.http, 'wave2-together');
    const hook = await endpoint(owner.token, await receiver(() => {}), ['account.*']);
    await t.http.post('/v1/accounts', { token: owner.token, body: { type: 'person', name: 'Together' } });
    const event = (await t.http.get('/v1/events?type=account.created', { token: owner.token })).body.data[0].id as string;
    for (let i = 0; i < 3; i++) await t.http.post(`/v1/events/${event}/redeliver`, { token: owner.token, body: { endpointId: hook.id } });
    // Four attempts in flight (the default cap), timing out at the same moment.
    await expect(deliverDueWebhooks(t.db, t.deps)).resolves.toBe(4);
    const attempts = (await t.http.get(`/v1/webhook-endpoints/${hook.id}/deliveries`, { token: owner.token })).body.data as Json[];
    expect(attempts).toHaveLength(4);
    await t.http.delete(`/v1/webhook-endpoints/${hook.id}`, { token: owner.token });
  });

  it("one slow endpoint's backlog does not starve other tenants' deliveries (the per-endpoint cap holds only its own slots)", async () => {
    // Before: a claim looked at the oldest due deliveries only (16 × the batch), then dropped those over
    // their endpoint's cap. A tenant with more queued deliveries than that window for one slow receiver
    // (redeliver in a loop, or events) filled the window with rows it could not claim, and no other
    // tenant's delivery was claimed until that backlog drained (in production: 512+ rows, 4 per 10 s).
    const hog = await signup(t.http, 'wave2-hog');
    const slow = await endpoint(hog.token, await receiver(() => {}), ['account.*']);
    await t.http.post('/v1/accounts', { token: hog.token, body: { type: 'person', name: 'Hog' } });
    const event = (await t.http.get('/v1/events?type=account.created', { token: hog.token })).body.data[0].id as string;
    for (let i = 0; i < 140; i++) {
      const queued = await t.http.post(`/v1/events/${event}/redeliver`, { token: hog.token, body: { endpointId: slow.id } });
      expect(queued.status).toBe(202);
    }
    t.clock.advance(1000);
    const victim = await signup(t.http, 'wave2-victim');
    let received = 0;
    await endpoint(
      victim.token,
      await receiver((_q, res) => {
        received++;
        res.end('ok');
      }),
      ['account.*'],
    );
    await t.http.post('/v1/accounts', { token: victim.token, body: { type: 'person', name: 'Victim' } });
    // A short pass (at most 8 attempts: a claim window of 8 × 16 = 128 < the hog's 141 rows).
    await deliverDueWebhooks(t.db, t.deps, 8);
    expect(received).toBe(1);
    await t.http.delete(`/v1/webhook-endpoints/${slow.id}`, { token: hog.token });
  });
});

/*
 * Open findings in ledger code (packages/db migrations 0013/0014), not fixed here: another session
 * owns the ledger. Each test is runnable (remove `.skip`) and fails on the current code.
 */
describe('ledger_post_many: hostile arrays (found open, fixed in 0014)', () => {
  const SQL =
    'SELECT ledger_post_many($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::numeric[], $10)';

  /** The call is refused, the tenant's rows are as they were, and the ledger still verifies. */
  async function expectRefusedAndUnchanged(
    posted: Promise<unknown>,
    tenantId: string,
    before: Awaited<ReturnType<typeof tenantChecksum>>,
    scope: { tenantId: string; environment: 'test' },
  ) {
    expect(
      await posted.then(
        () => 'accepted',
        () => 'refused',
      ),
    ).toBe('refused');
    expect(await tenantChecksum(t.db, tenantId)).toEqual(before);
    expect((await withTenant(t.db, scope, (tx) => verifyLedger(tx))).ok).toBe(true);
  }

  async function ledgerTenant(label: string) {
    const owner = await signup(t.http, label);
    const key = (await createKey(t.http, owner.token)).key;
    const a = await openAccount(t.http, key, { funds: '100.00' });
    const b = await openAccount(t.http, key);
    const [row] = await withOwner(t.db, (tx) =>
      tx.query<{ id: string }>("SELECT id FROM accounts WHERE tenant_id = $1 AND environment = 'test' AND system_kind = 'funding'", [
        owner.tenantId,
      ]),
    );
    const scope = { tenantId: owner.tenantId, environment: 'test' as const };
    return { owner, a, b, funding: row?.id as string, scope };
  }

  it('ledger_post_many refuses amounts finer than the stored scale: they pass the zero-sum check unrounded and are stored rounded', async () => {
    // +0.000000014 and 2 × -0.000000007 sum to zero as given; stored at numeric(30, 8) they are
    // +0.00000001, -0.00000001, -0.00000001: an unbalanced transaction, and a funding balance that no
    // longer equals its entries. (A currency's own scale, USD 0.001, is asserted in TypeScript.)
    const { a, funding, scope, owner } = await ledgerTenant('wave2-subscale');
    const before = await tenantChecksum(t.db, owner.tenantId);
    const posted = withTenant(t.db, scope, (tx) =>
      tx.query(SQL, [
        [randomUUID()],
        ['deposit'],
        [null],
        [null],
        [1, 1, 1],
        [a, funding, funding],
        ['USDC', 'USDC', 'USDC'],
        ['available', 'available', 'available'],
        ['0.000000014', '-0.000000007', '-0.000000007'],
        new Date(),
      ]),
    );
    await expectRefusedAndUnchanged(posted, owner.tenantId, before, scope);
  });

  it('ledger_post_many does not skip limit usage when p_reference_types is not a 1-based one-dimensional array', async () => {
    // '[0:0]={transfer}' passes the cardinality checks and the header is written as 'transfer', but
    // p_reference_types[i.txn] is NULL, so the 10 USDC sent from A is not counted in limit_usage:
    // limits undercount it and verifyLedger reports usage_mismatch.
    const { a, b, scope, owner } = await ledgerTenant('wave2-bounds');
    const before = await tenantChecksum(t.db, owner.tenantId);
    const posted = withTenant(t.db, scope, (tx) =>
      tx.query(
        `SELECT ledger_post_many($1::uuid[], '[0:0]={transfer}'::text[], $2::uuid[], $3::text[], $4::int[], $5::uuid[], $6::text[],
                                 $7::text[], $8::numeric[], $9)`,
        [[randomUUID()], [null], [null], [1, 1], [a, b], ['USDC', 'USDC'], ['available', 'available'], ['-10', '10'], new Date()],
      ),
    );
    await expectRefusedAndUnchanged(posted, owner.tenantId, before, scope);
  });
});
