import type { CreateDepositRequest, Deposit } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListDepositsParams } from '../types.js';

/** Money arriving from outside (`/v1/deposits`). Creating one is a test-environment simulation (403 `test_mode_only` in live). */
export class Deposits {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateDepositRequest, options?: RequestOptions): Promise<Deposit> {
    return this.http.post('/v1/deposits', input, options);
  }

  list(params: ListDepositsParams = {}): Paginated<Deposit> {
    return this.http.list('/v1/deposits', params);
  }
}
