import type { CreateRefundRequest, Refund } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListRefundsParams } from '../types.js';
import { path } from './path.js';

/** Money going back (`/v1/refunds`): a completed internal transfer's recipient pays its sender back, in full or in part. */
export class Refunds {
  constructor(private readonly http: HttpClient) {}

  /** Without `amount`, all that is still refundable. Retried with the same Idempotency-Key, so it takes effect once. */
  create(input: CreateRefundRequest, options?: RequestOptions): Promise<Refund> {
    return this.http.post('/v1/refunds', input, options);
  }

  get(id: string, options?: RequestOptions): Promise<Refund> {
    return this.http.get(path`/v1/refunds/${id}`, undefined, options);
  }

  /** Filters on the server; newest first. */
  list(params: ListRefundsParams = {}): Paginated<Refund> {
    return this.http.list('/v1/refunds', params);
  }
}
