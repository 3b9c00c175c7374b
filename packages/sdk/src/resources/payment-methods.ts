import type { CreatePaymentMethodRequest, PaymentMethod, UpdatePaymentMethodRequest } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import { path } from './path.js';

/** External destinations of an account (`/v1/accounts/:id/payment-methods`), validated per rail, numbers masked. */
export class PaymentMethods {
  constructor(private readonly http: HttpClient) {}

  create(accountId: string, input: CreatePaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    return this.http.post(path`/v1/accounts/${accountId}/payment-methods`, input, options);
  }

  /** The account's active payment methods (at most 100, one page). */
  list(accountId: string): Paginated<PaymentMethod> {
    return this.http.list(path`/v1/accounts/${accountId}/payment-methods`);
  }

  /**
   * Allowlist it, or no longer (owner/admin users): an allowlisted payment method skips the cooling-off
   * cap on new beneficiaries (`controls.coolingOffHours`).
   */
  update(accountId: string, paymentMethodId: string, input: UpdatePaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    return this.http.patch(path`/v1/accounts/${accountId}/payment-methods/${paymentMethodId}`, input, options);
  }

  /** Past transfers keep referring to a removed payment method. */
  remove(accountId: string, paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod> {
    return this.http.delete(path`/v1/accounts/${accountId}/payment-methods/${paymentMethodId}`, options);
  }
}
