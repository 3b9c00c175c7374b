import type { ReturnPayoutRequest, Transfer } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import { path } from './path.js';

/** What only the test environment simulates (`/v1/test-helpers/…`): 403 `test_mode_only` in live. */
export class TestHelpers {
  constructor(private readonly http: HttpClient) {}

  /** Makes the rail send a completed payout back now (completed → returned; the sender credited back). */
  returnPayout(transferId: string, input: ReturnPayoutRequest, options?: RequestOptions): Promise<Transfer> {
    return this.http.post(path`/v1/test-helpers/transfers/${transferId}/return`, input, options);
  }
}
