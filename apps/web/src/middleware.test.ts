import { afterEach, describe, expect, it, vi } from 'vitest';
import { middleware } from './middleware';

afterEach(() => vi.unstubAllEnvs());

describe('middleware', () => {
  it('puts the security headers on every page; the page connects to its own origin only', () => {
    // The e2e stack: the API on a port chosen at start, the page opened at 127.0.0.1 — the browser
    // reaches the API through the dashboard's /v1 routes, so no API address appears in the CSP.
    vi.stubEnv('PAYOS_API_URL', 'http://127.0.0.1:41234');
    const res = middleware();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )connect-src 'self'(;|$)/);
    expect(csp).not.toContain('41234');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('names no API origin either when none is configured', () => {
    vi.stubEnv('PAYOS_API_URL', undefined);
    vi.stubEnv('NEXT_PUBLIC_API_URL', undefined);
    const res = middleware();
    expect(res.headers.get('content-security-policy')).not.toContain('localhost:4000');
  });
});
