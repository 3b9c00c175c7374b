import { afterEach, describe, expect, it, vi } from 'vitest';
import { middleware } from './middleware';

afterEach(() => vi.unstubAllEnvs());

describe('middleware', () => {
  it('puts the security headers on every page, allowing the API address read at request time', () => {
    // The e2e stack: one build, the API on a port chosen at start, the page opened at 127.0.0.1.
    vi.stubEnv('PAYOS_PUBLIC_API_URL', 'http://127.0.0.1:41234');
    const res = middleware();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src 'self'[^;]* http:\/\/127\.0\.0\.1:41234/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('still allows the default API address when none is configured', () => {
    vi.stubEnv('PAYOS_PUBLIC_API_URL', undefined);
    vi.stubEnv('NEXT_PUBLIC_API_URL', undefined);
    const res = middleware();
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self'[^;]* http:\/\/localhost:4000/);
  });
});
