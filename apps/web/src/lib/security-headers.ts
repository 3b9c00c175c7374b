/**
 * The dashboard's security headers, built per request by `src/middleware.ts` because the API address
 * the browser talks to (`connect-src`) is read at run time, so one build serves any deployment.
 * Pure, so it is unit-tested without Next.
 */
type Options = { isProduction: boolean; apiOrigins: string[] };

const HSTS_MAX_AGE_S = 2 * 365 * 24 * 60 * 60;

/** The distinct http(s) origins of the given API URLs; anything unparsable or of another scheme is dropped. */
export function apiOrigins(urls: (string | undefined)[]): string[] {
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      const parsed = new URL(url ?? '');
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') origins.add(parsed.origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...origins];
}

/**
 * Everything comes from the dashboard itself; the page talks only to itself and the API. Inline
 * scripts stay allowed because Next's production build inlines its bootstrap (and the layout its
 * theme script); `eval` only for the dev server, which needs it for fast refresh.
 */
export function contentSecurityPolicy({ isProduction, apiOrigins }: Options): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", ...(isProduction ? [] : ["'unsafe-eval'"])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...apiOrigins],
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
