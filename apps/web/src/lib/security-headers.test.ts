import { describe, expect, it } from 'vitest';
import { apiOrigins, contentSecurityPolicy, securityHeaders } from './security-headers';

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

describe('apiOrigins()', () => {
  it('keeps the origin of each API URL once, and drops what is not an http(s) URL', () => {
    expect(
      apiOrigins([
        'http://127.0.0.1:4100/',
        'http://localhost:4000',
        'http://localhost:4000/v1',
        undefined,
        '',
        'nonsense',
        'javascript:x',
      ]),
    ).toEqual(['http://127.0.0.1:4100', 'http://localhost:4000']);
  });
});

describe('contentSecurityPolicy()', () => {
  const production = parse(contentSecurityPolicy({ isProduction: true, apiOrigins: ['https://api.payos.example'] }));
  const development = parse(contentSecurityPolicy({ isProduction: false, apiOrigins: ['http://localhost:4000'] }));

  it('runs no eval in production, only in development (the dev server needs it)', () => {
    expect(production['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(development['script-src']).toContain("'unsafe-eval'");
    expect(Object.values(production).flat()).not.toContain("'unsafe-eval'");
  });

  it('lets the page talk to itself and the API, and nothing else', () => {
    expect(production['connect-src']).toEqual(["'self'", 'https://api.payos.example']);
    expect(production['default-src']).toEqual(["'self'"]);
    // No CDN, no external fonts: every source is a keyword, data:/blob:, or the API.
    for (const source of Object.values(production).flat()) {
      expect(source.startsWith("'") || ['data:', 'blob:', 'https://api.payos.example'].includes(source), source).toBe(true);
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
    const dev = securityHeaders({ isProduction: false, apiOrigins: [] });
    const prod = securityHeaders({ isProduction: true, apiOrigins: [] });
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
