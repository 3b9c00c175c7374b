import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../../tests/fixtures.js';
import { buildApp, PASSWORD, uniqueEmail } from '../../../../tests/harness.js';
import { createLogger } from '../app.js';

const database = testDatabase();

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('structured logs', () => {
  it('write one JSON line per request with the request id, and never a secret', async () => {
    const { lines, logger } = capture();
    const t = buildApp(database.db, { logger });
    const email = uniqueEmail('logs');
    const signup = await t.http.post('/v1/auth/signup', {
      body: { email, password: PASSWORD, name: 'Logged', organizationName: 'Logs Inc' },
      headers: { 'x-request-id': 'req-log-test' },
    });
    const token = signup.body.data.session.accessToken;
    await t.http.get('/v1/organization', { token });
    const entries = lines.map((line) => JSON.parse(line));
    const first = entries.find((e) => e.requestId === 'req-log-test');
    expect(first).toMatchObject({ msg: 'request', method: 'POST', path: '/v1/auth/signup', status: 201 });
    expect(entries.some((e) => e.path === '/v1/organization' && e.tenantId === signup.body.data.tenant.id)).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(token);
    expect(all).not.toContain(signup.body.data.session.refreshToken);
  });

  it('redacts passwords, tokens, keys and Authorization wherever they are logged', () => {
    const { lines, logger } = capture();
    logger.info(
      { password: 'hunter2-hunter2', body: { token: 'rt_secret', key: 'pk_test_secret' }, headers: { authorization: 'Bearer x' } },
      'x',
    );
    const entry = JSON.parse(lines[0] as string);
    expect(entry.password).toBe('[redacted]');
    expect(entry.body).toEqual({ token: '[redacted]', key: '[redacted]' });
    expect(entry.headers.authorization).toBe('[redacted]');
  });
});
