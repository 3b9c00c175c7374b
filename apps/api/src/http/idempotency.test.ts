import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { signedUpTenant, testApp } from '../../../../tests/fixtures.js';
import { isRealPostgres } from '../../../../tests/harness.js';

const t = testApp();
const tenant = signedUpTenant(t, 'idem');

const keysNamed = async (name: string) => {
  const [row] = await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [name]));
  return row?.n;
};

const create = (name: string, idempotencyKey: string, extra: Record<string, string> = {}) =>
  t.http.post('/v1/api-keys', {
    token: tenant.owner.token,
    body: { name, environment: 'test' },
    headers: { 'idempotency-key': idempotencyKey, ...extra },
  });

describe('Idempotency-Key', () => {
  it('replays the first response with Idempotent-Replayed and creates once', async () => {
    const first = await create('replayed', 'idem-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await create('replayed', 'idem-1');
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await keysNamed('replayed')).toBe(1);
  });

  it('accepts X-Idempotency-Key as well', async () => {
    const first = await t.http.post('/v1/api-keys', {
      token: tenant.owner.token,
      body: { name: 'legacy-header', environment: 'test' },
      headers: { 'x-idempotency-key': 'idem-legacy' },
    });
    const second = await create('legacy-header', 'idem-legacy');
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
  });

  it('answers 422 when the same key comes with a different body, and writes nothing', async () => {
    await create('original', 'idem-2');
    const changed = await create('changed', 'idem-2');
    expect(changed.status).toBe(422);
    expect(changed.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused' });
    expect(await keysNamed('changed')).toBe(0);
  });

  it('does not store failures: a rejected request can be retried with the same key', async () => {
    const bad = await t.http.post('/v1/api-keys', {
      token: tenant.owner.token,
      body: { name: 'retry-me', environment: 'staging' },
      headers: { 'idempotency-key': 'idem-3' },
    });
    expect(bad.status).toBe(400);
    const fixed = await t.http.post('/v1/api-keys', {
      token: tenant.owner.token,
      body: { name: 'retry-me', environment: 'staging' },
      headers: { 'idempotency-key': 'idem-3' },
    });
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    const good = await create('retry-me', 'idem-3');
    expect(good.status).toBe(201);
  });

  it('scopes keys by environment and forgets them after 24 hours', async () => {
    const test = await create('scoped', 'idem-4');
    const live = await create('scoped', 'idem-4', { 'payos-environment': 'live' });
    expect(live.status).toBe(201);
    expect(live.headers.get('idempotent-replayed')).toBeNull();
    expect(live.body.data.id).not.toBe(test.body.data.id);

    t.clock.advance(24 * 60 * 60 * 1000 + 1);
    tenant.owner.token = await tenant.userToken();
    const later = await create('scoped-later', 'idem-4');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects keys longer than 255 characters', async () => {
    const res = await create('too-long', 'k'.repeat(256));
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('Idempotency-Key');
  });

  it('20 concurrent requests with one key have exactly one effect', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => create('concurrent', 'idem-concurrent')));
    const created = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    const replayed = replies.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    const inFlight = replies.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(19);
    for (const r of inFlight) expect(r.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    for (const r of replayed) expect(r.body.data.id).toBe(created[0]?.body.data.id);
    expect(await keysNamed('concurrent')).toBe(1);
    // PGlite serialises transactions, so every duplicate waits and replays; on PostgreSQL
    // duplicates that overlap the first see it in flight.
    if (!isRealPostgres) expect(inFlight).toHaveLength(0);
  });
});
