import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

/** The CSP as { directive: [sources] }. */
function parse(csp: string) {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  ) as Record<string, string[]>;
}

describe('contentSecurityPolicy()', () => {
  const production = parse(contentSecurityPolicy({ isProduction: true }));
  const development = parse(contentSecurityPolicy({ isProduction: false }));

  it('runs no eval in production, only in development (the dev server needs it)', () => {
    expect(production['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(development['script-src']).toContain("'unsafe-eval'");
    expect(Object.values(production).flat()).not.toContain("'unsafe-eval'");
  });

  it('lets the page talk to itself only (the API is reached through the dashboard’s /v1 routes)', () => {
    expect(production['connect-src']).toEqual(["'self'"]);
    expect(development['connect-src']).toEqual(["'self'"]);
    expect(production['default-src']).toEqual(["'self'"]);
    // No CDN, no external fonts, no other origin: every source is a keyword or data:/blob:.
    for (const source of Object.values(production).flat()) {
      expect(source.startsWith("'") || ['data:', 'blob:'].includes(source), source).toBe(true);
    }
  });

  it('cannot be framed, cannot load plugins, cannot rebase or post elsewhere', () => {
    expect(production['frame-ancestors']).toEqual(["'none'"]);
    expect(production['object-src']).toEqual(["'none'"]);
    expect(production['base-uri']).toEqual(["'self'"]);
    expect(production['form-action']).toEqual(["'self'"]);
  });
});

describe('securityHeaders()', () => {
  it('sends the fixed headers always, and HSTS only in production', () => {
    const dev = securityHeaders({ isProduction: false });
    const prod = securityHeaders({ isProduction: true });
    for (const headers of [dev, prod]) {
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['X-Frame-Options']).toBe('DENY');
      expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    }
    expect(dev['Strict-Transport-Security']).toBeUndefined();
    expect(prod['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});
