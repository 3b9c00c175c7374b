import { withOwner } from '@payos/db';
import { describe, expect, it } from 'vitest';
import { signedUpTenant, testApp } from '../../../../tests/fixtures.js';
import { buildApp, createTestDatabase, uniqueEmail } from '../../../../tests/harness.js';
import { createLogger } from '../app.js';

const t = testApp();
const tenant = signedUpTenant(t, 'conventions');

const keyCount = async () => {
  const [row] = await withOwner(t.db, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys'));
  return row?.n;
};

describe('error envelope and bad input', () => {
  it('malformed JSON is a 400 invalid_json and writes nothing', async () => {
    const before = await keyCount();
    const res = await t.http.post('/v1/api-keys', { token: tenant.owner.token, rawBody: '{"name": "x", ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(await keyCount()).toBe(before);
  });

  it.each([
    [{ name: 42, environment: 'test' }, 'name'],
    [{ environment: 'test' }, 'name'],
    [{ name: 'x', environment: 'test', scopes: ['*'] }, 'scopes'],
    [['not', 'an', 'object'], undefined],
  ])('body %j is a 400 naming %s and writes nothing', async (body, param) => {
    const before = await keyCount();
    const res = await t.http.post('/v1/api-keys', { token: tenant.owner.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.type).toBe('invalid_request_error');
    if (param) expect(res.body.error.param).toBe(param);
    expect(await keyCount()).toBe(before);
  });

  it('a body over 1 MB is a 413', async () => {
    const res = await t.http.post('/v1/api-keys', {
      token: tenant.owner.token,
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), environment: 'test' }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });
  });

  it('a non-JSON body is a 415', async () => {
    const res = await t.http.post('/v1/api-keys', {
      token: tenant.owner.token,
      rawBody: 'name=x&environment=test',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('an unknown route is a 404 in the error shape', async () => {
    const res = await t.http.get('/v1/does-not-exist', { token: tenant.owner.token });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ type: 'not_found_error', code: 'route_not_found' });
    expect((await t.http.get('/nope')).status).toBe(404);
  });

  it('a malformed id in the path is a 404, not a 400 or 500', async () => {
    const res = await t.http.get('/v1/api-keys/not-a-uuid', { token: tenant.owner.token });
    expect(res.status).toBe(404);
  });

  it('a bad PayOS-Environment header is a 400', async () => {
    const res = await t.http.get('/v1/organization', { token: tenant.owner.token, headers: { 'payos-environment': 'staging' } });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('PayOS-Environment');
  });
});

describe('headers', () => {
  it('echoes a valid X-Request-ID and generates one otherwise, also in errors', async () => {
    const echoed = await t.http.get('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const generated = await t.http.get('/v1/organization');
    expect(generated.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(generated.body.error.requestId).toBe(generated.headers.get('x-request-id'));
  });

  it('sets security headers and no X-Powered-By', async () => {
    const res = await t.http.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers CORS preflight for allowed origins only', async () => {
    const allowed = await t.app.request('/v1/organization', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PATCH' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    const denied = await t.app.request('/v1/organization', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('health, readiness and docs', () => {
  it('reports healthy with the seed shape', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy', version: '0.1.0-test', checks: { api: 'running', database: 'connected' } });
    expect(new Date(res.body.timestamp).toString()).not.toBe('Invalid Date');
    expect((await t.http.get('/ready')).body.status).toBe('ready');
  });

  it('serves OpenAPI 3.1 generated from the route schemas, and a local /docs page', async () => {
    const spec = await t.http.get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    const operations = Object.values(spec.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) =>
      Object.values(p).map((op) => op.operationId),
    );
    expect(operations).toEqual(expect.arrayContaining(['signup', 'login', 'createApiKey', 'rotateApiKey', 'createInvite', 'getMe']));
    const docs = await t.app.request('/docs');
    const html = await docs.text();
    expect(html).toContain('/docs/scalar.js');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)/);
    const script = await t.app.request('/docs/scalar.js');
    expect(script.status).toBe(200);
  });
});

describe('health when the database is down', () => {
  it('answers 503 unhealthy', async () => {
    const broken = await createTestDatabase();
    const app = buildApp(broken.db, { logger: createLogger('silent') });
    await broken.drop();
    const res = await app.http.get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unhealthy', error: 'Database connection failed', version: '0.1.0-test' });
  });
});

describe('email case', () => {
  it('treats e-mail case-insensitively at login', async () => {
    const email = uniqueEmail('Case');
    await t.http.post('/v1/auth/signup', { body: { email, password: 'a-long-enough-password', name: 'n', organizationName: 'o' } });
    const res = await t.http.post('/v1/auth/login', { body: { email: email.toUpperCase(), password: 'a-long-enough-password' } });
    expect(res.status).toBe(200);
  });
});
