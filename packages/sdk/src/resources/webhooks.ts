import type {
  CreateWebhookEndpointRequest,
  UpdateWebhookEndpointRequest,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@payos/contracts';
import { Webhook } from 'standardwebhooks';
import type { CallOptions, HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { PageParams } from '../types.js';
import { path } from './path.js';

/** Headers of a delivery, as any framework hands them over (names in any case). */
export type WebhookHeaders = Record<string, string | string[] | undefined> | Headers;

/**
 * Webhook endpoints (`/v1/webhook-endpoints`), managed by owner and admin users; and `verify`, which
 * checks a delivery's Standard Webhooks signature (5-minute timestamp tolerance) and returns the event.
 */
export class Webhooks {
  constructor(private readonly http: HttpClient) {}

  /**
   * Verifies a delivery: `rawBody` exactly as received (not re-serialized JSON), its headers and the
   * endpoint's `whsec_…` secret. Throws when the signature or the timestamp is wrong.
   */
  static verify<T = unknown>(rawBody: string | Buffer, headers: WebhookHeaders, secret: string): T {
    const flat: Record<string, string> = {};
    const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
    for (const [name, value] of entries)
      if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    return new Webhook(secret).verify(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'), flat) as T;
  }

  verify<T = unknown>(rawBody: string | Buffer, headers: WebhookHeaders, secret: string): T {
    return Webhooks.verify<T>(rawBody, headers, secret);
  }

  /** The signing secret (`secret`) is in this response only (and in rotateSecret's). */
  create(input: CreateWebhookEndpointRequest, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.http.post('/v1/webhook-endpoints', input, options);
  }

  list(params: PageParams = {}): Paginated<WebhookEndpoint> {
    return this.http.list('/v1/webhook-endpoints', params);
  }

  get(id: string, options?: CallOptions): Promise<WebhookEndpoint> {
    return this.http.get(path`/v1/webhook-endpoints/${id}`, undefined, options);
  }

  update(id: string, input: UpdateWebhookEndpointRequest, options?: CallOptions): Promise<WebhookEndpoint> {
    return this.http.patch(path`/v1/webhook-endpoints/${id}`, input, options);
  }

  delete(id: string, options?: CallOptions): Promise<WebhookEndpoint> {
    return this.http.delete(path`/v1/webhook-endpoints/${id}`, options);
  }

  /** A new secret; the old one keeps signing alongside it for 24 hours. */
  rotateSecret(id: string, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.http.post(path`/v1/webhook-endpoints/${id}/rotate-secret`, undefined, options);
  }

  /** Queues a `ping` event for this endpoint. */
  test(id: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.http.post(path`/v1/webhook-endpoints/${id}/test`, undefined, options);
  }

  /** Every attempt, newest first: status code, duration, response excerpt, next retry. */
  deliveries(id: string, params: PageParams = {}): Paginated<WebhookAttempt> {
    return this.http.list(path`/v1/webhook-endpoints/${id}/deliveries`, params);
  }

  /** Queues an event again for one endpoint. */
  redeliver(eventId: string, endpointId: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.http.post(path`/v1/events/${eventId}/redeliver`, { endpointId }, options);
  }
}
