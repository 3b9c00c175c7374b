/**
 * What the dashboard's session route trusts about an incoming request. Pure, so it is unit-tested
 * without a Next request scope.
 */

// `application/json`, optionally with a charset — nothing that merely contains the words. A
// cross-site form can only send text/plain, urlencoded or multipart; requiring JSON forces a
// CORS preflight that this route never answers.
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:[\w.:-]+|"[\w.:-]+")[ \t]*)?$/i;

export const isJsonContentType = (value: string | null | undefined) => JSON_CONTENT_TYPE.test(value ?? '');

/**
 * The address to send the API in X-Forwarded-For: the peer of the dashboard. Next does not expose
 * the TCP peer to route handlers, so it is known only when a trusted proxy in front of the
 * dashboard (PAYOS_TRUSTED_PROXY=true) appended it to X-Forwarded-For — the right-most value; the
 * values left of it came from the browser and prove nothing. Otherwise nothing is sent, and the
 * API counts the request against the dashboard's own address.
 */
export function forwardedFor(header: string | null | undefined, isBehindTrustedProxy: boolean): string | undefined {
  if (!isBehindTrustedProxy || !header) return undefined;
  const last = header.split(',').at(-1)?.trim();
  return last && last.length <= 64 ? last : undefined;
}
