import { describe, expect, it } from 'vitest';
import { openAccount, testApp } from '../../../../tests/fixtures.js';
import { createKey, signup } from '../../../../tests/harness.js';

const t = testApp();

/**
 * An action (a POST or DELETE without parameters of its own: suspend, cancel, rotate…) takes no
 * body, or `{}`. Anything else is a 400 that changes nothing — a `reason` sent to an action that does
 * not record one must not look accepted. The spec documents the body as the NoParameters component.
 */
describe('actions without parameters', () => {
  it('accept no body (or an empty one) or {}, refuse anything else with a 400 that changes nothing', async () => {
    const owner = await signup(t.http);
    const { key } = await createKey(t.http, owner.token);
    const id = await openAccount(t.http, key);
    const json = { 'content-type': 'application/json' };
    const status = async () => (await t.http.get(`/v1/accounts/${id}`, { token: key })).body.data.verificationStatus;

    for (const [rawBody, code] of [
      ['{"reason":"fraud review"}', 'unknown_parameter'],
      ['[]', 'invalid_body'],
      ['null', 'invalid_body'],
      ['{"reason":', 'invalid_json'],
    ] as const) {
      const refused = await t.http.post(`/v1/accounts/${id}/suspend`, { token: key, rawBody, headers: json });
      expect(refused.status, rawBody).toBe(400);
      expect(refused.body.error.code, rawBody).toBe(code);
      expect(await status()).toBe('verified');
    }

    expect((await t.http.post(`/v1/accounts/${id}/suspend`, { token: key })).status).toBe(200);
    expect(await status()).toBe('suspended');
    // An empty body sent as JSON (curl with the header and no data) is no body.
    expect((await t.http.post(`/v1/accounts/${id}/activate`, { token: key, rawBody: '', headers: json })).status).toBe(200);
    expect((await t.http.post(`/v1/accounts/${id}/suspend`, { token: key, rawBody: ' ', headers: json })).status).toBe(200);
    // An empty body without a Content-Type (what a server sees from fetch(url, { method: 'POST' })).
    const bare = await t.app.request(`/v1/accounts/${id}/activate`, {
      method: 'POST',
      body: new Uint8Array(0),
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bare.status).toBe(200);
    expect((await t.http.post(`/v1/accounts/${id}/suspend`, { token: key })).status).toBe(200);
    expect((await t.http.post(`/v1/accounts/${id}/activate`, { token: key, body: {} })).status).toBe(200);
    expect(await status()).toBe('verified');
  });

  it('a DELETE with no body and a stray Content-Type (as some clients always send) is no body', async () => {
    const owner = await signup(t.http);
    const { key, id } = await createKey(t.http, owner.token);
    const res = await t.app.request(`/v1/api-keys/${id}`, {
      method: 'DELETE',
      body: new Uint8Array(0),
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(401);
  });

  it('are documented as taking no parameters', async () => {
    const spec = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> } }>>;
    };
    const cancel = spec.paths['/v1/transfers/{id}/cancel']?.post?.requestBody;
    expect(cancel?.required).toBe(false);
    expect(cancel?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/NoParameters' });
  });

  it('sent with no body or an empty JSON one, are the same request under one Idempotency-Key', async () => {
    const owner = await signup(t.http);
    const { key } = await createKey(t.http, owner.token);
    const id = await openAccount(t.http, key);
    const headers = { authorization: `Bearer ${key}`, 'idempotency-key': `suspend-${id}` };
    const first = await t.app.request(`/v1/accounts/${id}/suspend`, { method: 'POST', body: new Uint8Array(0), headers });
    expect(first.status).toBe(200);
    const again = await t.http.post(`/v1/accounts/${id}/suspend`, {
      token: key,
      rawBody: '',
      headers: { 'content-type': 'application/json', 'idempotency-key': `suspend-${id}` },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('the error envelope', () => {
  it('keeps message and param within their documented bounds when they would echo hostile input', async () => {
    const owner = await signup(t.http);
    const { key } = await createKey(t.http, owner.token);
    const res = await t.http.post('/v1/accounts', { token: key, body: { type: 'person', name: 'A', ['k'.repeat(3000)]: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_parameter');
    expect(res.body.error.param.length).toBeLessThanOrEqual(200);
    expect(res.body.error.message.length).toBeLessThanOrEqual(1000);
    const lost = await t.http.get(`/v1/${'x'.repeat(5000)}`, { token: key });
    expect(lost.status).toBe(404);
    expect(lost.body.error.message.length).toBeLessThanOrEqual(1000);
  });
});
