import type { Resolver } from './ssrf.js';

/** How webhooks are sent (deps.webhooks; the API's from WEBHOOKS_ALLOW_PRIVATE and NODE_ENV). */
export type WebhookSettings = {
  /** Outside production: http://localhost receivers and any address. Refused in production (env.ts). */
  allowPrivate: boolean;
  /** Production: https only. */
  requireHttps: boolean;
  /** Name resolution (tests inject one: a name "resolving" to 127.0.0.1). Default: the system's. */
  resolve?: Resolver;
  /** One attempt's whole budget: connect, send, first byte, read (default 10 s). */
  timeoutMs?: number;
  /**
   * Attempts in flight per endpoint across every worker as an endpoint starts (default 4). A receiver that
   * answers 2xx within a second earns a slot per such answer up to `burstInFlightPerEndpoint` (default 32);
   * a timeout or refused connection halves its cap and a fast error answer takes one slot off (down to 1,
   * delivery.ts nextCap): a hanging or failing receiver cannot take every slot.
   */
  maxInFlightPerEndpoint?: number;
  burstInFlightPerEndpoint?: number;
  /** Attempts in flight per tenant environment across every worker, whatever its number of endpoints (default 64). */
  maxInFlightPerTenant?: number;
  /**
   * How long a claim holds a delivery (default 60 s, WEBHOOK_LEASE_MS): a crashed worker's deliveries are due again after it.
   * Never less than twice the attempt timeout plus 5 s (a lease must outlast its attempt).
   */
  leaseMs?: number;
  /** Jitter source in [0, 1) (default Math.random); tests pin it. */
  random?: () => number;
};

export const defaultWebhookSettings = (isProduction: boolean): WebhookSettings => ({
  allowPrivate: !isProduction,
  requireHttps: isProduction,
});
