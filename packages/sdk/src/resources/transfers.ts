import type { CreateTransferRequest, DenyTransferRequest, Transfer } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListTransfersParams } from '../types.js';
import { path } from './path.js';

/** Money moving (`/v1/transfers`): internal transfers (completed at once) and payouts (settled by the worker). */
export class Transfers {
  constructor(private readonly http: HttpClient) {}

  /** `{ type: 'internal', … }` or `{ type: 'payout', … }`; retried with the same Idempotency-Key, so it takes effect once. */
  create(input: CreateTransferRequest, options?: RequestOptions): Promise<Transfer> {
    return this.http.post('/v1/transfers', input, options);
  }

  /** With its status `timeline`. */
  get(id: string, options?: RequestOptions): Promise<Transfer> {
    return this.http.get(path`/v1/transfers/${id}`, undefined, options);
  }

  /** Filters on the server; newest first. */
  list(params: ListTransfersParams = {}): Paginated<Transfer> {
    return this.http.list('/v1/transfers', params);
  }

  /** Only while `pending` or `requires_approval`; the held funds return to available. */
  cancel(id: string, options?: RequestOptions): Promise<Transfer> {
    return this.http.post(path`/v1/transfers/${id}/cancel`, undefined, options);
  }

  /**
   * One approval of a transfer in `requires_approval` (a signed-in admin or owner who did not start it);
   * the last one its policy asks for moves it on — a payout to the rail, an internal transfer completed.
   */
  approve(id: string, options?: RequestOptions): Promise<Transfer> {
    return this.http.post(path`/v1/transfers/${id}/approve`, undefined, options);
  }

  /** Ends a transfer in `requires_approval` as `denied`; its held funds return to available. */
  deny(id: string, input: DenyTransferRequest, options?: RequestOptions): Promise<Transfer> {
    return this.http.post(path`/v1/transfers/${id}/deny`, input, options);
  }
}
