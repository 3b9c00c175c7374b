import type {
  Account,
  AccountBalances,
  AccountLimits,
  CreateAccountRequest,
  LedgerEntry,
  ReasonRequest,
  Stream,
  Transfer,
  UpdateAccountRequest,
  VerificationRequest,
} from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListAccountStreamsParams, ListAccountsParams, ListAccountTransfersParams, ListLedgerEntriesParams } from '../types.js';
import { path } from './path.js';

/** Your customers' accounts (`/v1/accounts`): lifecycle, balances, ledger and history. */
export class Accounts {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateAccountRequest, options?: RequestOptions): Promise<Account> {
    return this.http.post('/v1/accounts', input, options);
  }

  /** Filters on the server (`type`, `verificationStatus`, `search`); newest first. */
  list(params: ListAccountsParams = {}): Paginated<Account> {
    return this.http.list('/v1/accounts', params);
  }

  get(id: string, options?: RequestOptions): Promise<Account> {
    return this.http.get(path`/v1/accounts/${id}`, undefined, options);
  }

  update(id: string, input: UpdateAccountRequest, options?: RequestOptions): Promise<Account> {
    return this.http.patch(path`/v1/accounts/${id}`, input, options);
  }

  /** Close the account: only with a zero total balance in every currency and no active streams or agents. */
  close(id: string, options?: RequestOptions): Promise<Account> {
    return this.http.delete(path`/v1/accounts/${id}`, options);
  }

  /** Set the verification tier (self-service in test; in live an owner/admin user with a reason). */
  verify(id: string, input: VerificationRequest, options?: RequestOptions): Promise<Account> {
    return this.http.post(path`/v1/accounts/${id}/verify`, input, options);
  }

  /** The account keeps receiving but cannot send; its agents are suspended too. */
  suspend(id: string, options?: RequestOptions): Promise<Account> {
    return this.http.post(path`/v1/accounts/${id}/suspend`, undefined, options);
  }

  /** Lift a suspension (in live an owner/admin user with a reason). */
  activate(id: string, input: ReasonRequest = {}, options?: RequestOptions): Promise<Account> {
    return this.http.post(path`/v1/accounts/${id}/activate`, input, options);
  }

  balances(id: string, options?: RequestOptions): Promise<AccountBalances['data']> {
    return this.http.get(path`/v1/accounts/${id}/balances`, undefined, options);
  }

  /**
   * What the account may still send, in USD: its tier's per-transaction limit and, for the rolling day
   * and 30 days, the limit, what it sent and what remains. A send fits when its USD value is at most
   * `perTransaction.limit`, `daily.remaining` and `monthly.remaining`.
   */
  limits(id: string, options?: RequestOptions): Promise<AccountLimits> {
    return this.http.get(path`/v1/accounts/${id}/limits`, undefined, options);
  }

  ledgerEntries(id: string, params: ListLedgerEntriesParams = {}): Paginated<LedgerEntry> {
    return this.http.list(path`/v1/accounts/${id}/ledger-entries`, params);
  }

  /** Transfers the account sent or received, filtered like `transfers.list`. */
  transfers(id: string, params: ListAccountTransfersParams = {}): Paginated<Transfer> {
    return this.http.list(path`/v1/accounts/${id}/transfers`, params);
  }

  streams(id: string, params: ListAccountStreamsParams = {}): Paginated<Stream> {
    return this.http.list(path`/v1/accounts/${id}/streams`, params);
  }
}
