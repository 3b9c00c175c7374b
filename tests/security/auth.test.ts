/**
 * Authentication hardening: credentials only in the Authorization header, and login answers that do
 * not reveal — by content or by time — whether an e-mail exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createKey, createTestDatabase, PASSWORD, signup, type TestDatabase } from '../harness.js';

let database: TestDatabase;
let t: ReturnType<typeof buildApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  t = buildApp(database.db);
});
afterAll(() => database.drop());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('authentication hardening', () => {
  it('accepts credentials only in the Authorization header, never in the query string', async () => {
    const owner = await signup(t.http, 'query-keys');
    const { key } = await createKey(t.http, owner.token);
    expect((await t.http.get('/v1/accounts', { token: key })).status).toBe(200);
    for (const name of ['api_key', 'apiKey', 'key', 'access_token', 'token', 'authorization']) {
      for (const value of [key, owner.token, `Bearer ${key}`]) {
        const res = await t.http.get(`/v1/accounts?${name}=${encodeURIComponent(value)}`);
        expect(res.status, `${name}=${value.slice(0, 12)}`).toBe(401);
        expect(res.body.error.type).toBe('authentication_error');
      }
    }
  });

  it('takes as long to refuse an unknown e-mail as a wrong password (scrypt runs either way)', async () => {
    // Several accounts, so the wrong-password attempts stay under the 5-failure lockout of each e-mail.
    const users = await Promise.all([0, 1, 2].map((i) => signup(t.http, `timing-${i}`)));
    const time = async (email: string, password: string) => {
      const started = performance.now();
      const res = await t.http.post('/v1/auth/login', { body: { email, password } });
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Interleaved, so a slow moment of the machine hits both series alike.
      unknown.push(await time(`nobody-${i}@example.com`, `${PASSWORD}-nope`));
      wrong.push(await time((users[i % 3] as { email: string }).email, `${PASSWORD}-nope`));
    }
    const ratio = median(unknown) / median(wrong);
    // Without the decoy hash an unknown e-mail answers in well under a tenth of the time.
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms vs wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
