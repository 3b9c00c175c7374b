import type { ApiKey, CreateApiKeyRequest, CreatedApiKey, RotatedApiKey } from '@payos/contracts';
import type { CallOptions, HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListApiKeysParams } from '../types.js';
import { path } from './path.js';

/**
 * API keys of both environments (`/v1/api-keys`), managed by users only: an API key gets a
 * PermissionError (`user_credentials_required`). Secrets are returned once, by `create` and `rotate`.
 */
export class ApiKeys {
  constructor(private readonly http: HttpClient) {}

  /** The secret (`key`, `pk_test_…` / `pk_live_…`) is in this response only. */
  create(input: CreateApiKeyRequest, options?: RequestOptions): Promise<CreatedApiKey> {
    return this.http.post('/v1/api-keys', input, options);
  }

  /** Newest first, never with the secrets; `environment` keeps one environment's keys. */
  list(params: ListApiKeysParams = {}): Paginated<ApiKey> {
    return this.http.list('/v1/api-keys', params);
  }

  get(id: string, options?: CallOptions): Promise<ApiKey> {
    return this.http.get(path`/v1/api-keys/${id}`, undefined, options);
  }

  /** A new key with its secret; `replaces` is the old key, still accepted until its `expiresAt` (24 hours). */
  rotate(id: string, options?: RequestOptions): Promise<RotatedApiKey> {
    return this.http.post(path`/v1/api-keys/${id}/rotate`, undefined, options);
  }

  /** The key stops working on every instance within a second. */
  revoke(id: string, options?: CallOptions): Promise<ApiKey> {
    return this.http.delete(path`/v1/api-keys/${id}`, options);
  }
}
