/**
 * The dashboard's security headers, set on every response by `src/middleware.ts`. Pure, so it is
 * unit-tested without Next.
 */
type Options = { isProduction: boolean };

const HSTS_MAX_AGE_S = 2 * 365 * 24 * 60 * 60;

/**
 * Everything comes from the dashboard itself, and the page talks only to itself: the API is reached
 * through the dashboard's own /v1 routes (lib/api-proxy.ts), never at another origin. Inline
 * scripts stay allowed because Next's production build inlines its bootstrap (and the layout its
 * theme script); `eval` only for the dev server, which needs it for fast refresh.
 */
export function contentSecurityPolicy({ isProduction }: Options): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(isProduction ? [] : ["'unsafe-eval'"])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(options: Options): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    // Only production is served over HTTPS; HSTS on a development host would pin it to HTTPS.
    ...(options.isProduction ? { 'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_S}; includeSubDomains` } : {}),
  };
}
