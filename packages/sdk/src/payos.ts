import type { List, SearchResult } from '@payos/contracts';
import { type CallOptions, HttpClient, type PayOSOptions } from './client.js';
import { Accounts } from './resources/accounts.js';
import { Agents } from './resources/agents.js';
import { ApiKeys } from './resources/api-keys.js';
import { ApprovalPolicies, Approvals } from './resources/approvals.js';
import { Auth } from './resources/auth.js';
import { Deposits } from './resources/deposits.js';
import { Disputes } from './resources/disputes.js';
import { Refunds } from './resources/refunds.js';
import { Reviews, RiskRulesResource } from './resources/reviews.js';
import { TestHelpers } from './resources/test-helpers.js';
import { Events } from './resources/events.js';
import { Fx, Quotes } from './resources/fx.js';
import { OrganizationResource } from './resources/organization.js';
import { PaymentMethods } from './resources/payment-methods.js';
import { AuditEvents, Ledger, Reports } from './resources/reporting.js';
import { ScheduledTransfers } from './resources/scheduled-transfers.js';
import { Streams } from './resources/streams.js';
import { Transfers } from './resources/transfers.js';
import { Notifications } from './resources/notifications.js';
import { Webhooks } from './resources/webhooks.js';
import type { SearchParams } from './types.js';

/**
 * The PayOS API client. One instance per credential (or none, for the public auth operations);
 * it holds no state besides its options.
 *
 *   const payos = new PayOS({ apiKey: process.env.PAYOS_API_KEY, baseUrl: 'https://api.payos.example' });
 *   const account = await payos.accounts.create({ type: 'person', name: 'Maria Garcia' });
 */
export class PayOS {
  readonly auth: Auth;
  readonly accounts: Accounts;
  readonly paymentMethods: PaymentMethods;
  readonly deposits: Deposits;
  readonly refunds: Refunds;
  readonly disputes: Disputes;
  /** Maker-checker: which transfers wait for people to approve them (owners and admins). */
  readonly approvalPolicies: ApprovalPolicies;
  /** Transfers waiting for approval, and decided ones; decide with `transfers.approve` / `transfers.deny`. */
  readonly approvals: Approvals;
  /** The built-in risk rules of this environment: thresholds, risk levels, actions. */
  readonly riskRules: RiskRulesResource;
  /** The review queue: what risk rules found and people's flags; assign, approve, reject, escalate, dismiss, notes. */
  readonly reviews: Reviews;
  readonly testHelpers: TestHelpers;
  readonly fx: Fx;
  readonly quotes: Quotes;
  readonly transfers: Transfers;
  readonly scheduledTransfers: ScheduledTransfers;
  readonly agents: Agents;
  readonly streams: Streams;
  readonly reports: Reports;
  readonly auditEvents: AuditEvents;
  readonly events: Events;
  readonly ledger: Ledger;
  readonly organization: OrganizationResource;
  readonly apiKeys: ApiKeys;
  /** Endpoints, and `verify(rawBody, headers, secret)` for a delivery's signature. */
  readonly webhooks: Webhooks;
  /** A dashboard user's bell (users only). */
  readonly notifications: Notifications;

  private readonly http: HttpClient;

  constructor(options: PayOSOptions) {
    const http = new HttpClient(options);
    this.http = http;
    this.auth = new Auth(http);
    this.accounts = new Accounts(http);
    this.paymentMethods = new PaymentMethods(http);
    this.deposits = new Deposits(http);
    this.refunds = new Refunds(http);
    this.disputes = new Disputes(http);
    this.approvalPolicies = new ApprovalPolicies(http);
    this.approvals = new Approvals(http);
    this.riskRules = new RiskRulesResource(http);
    this.reviews = new Reviews(http);
    this.testHelpers = new TestHelpers(http);
    this.fx = new Fx(http);
    this.quotes = new Quotes(http);
    this.transfers = new Transfers(http);
    this.scheduledTransfers = new ScheduledTransfers(http);
    this.agents = new Agents(http);
    this.streams = new Streams(http);
    this.reports = new Reports(http);
    this.auditEvents = new AuditEvents(http);
    this.events = new Events(http);
    this.ledger = new Ledger(http);
    this.organization = new OrganizationResource(http);
    this.apiKeys = new ApiKeys(http);
    this.webhooks = new Webhooks(http);
    this.notifications = new Notifications(http);
  }

  /**
   * Accounts, transfers, payment methods, agents, scheduled transfers and streams that `q` names: words
   * (each the start of a word of a name or description), an id or its first characters, or an amount
   * (`1,250.50`, `1250.5 USD`). At most `limit` of each type (default 5), grouped by type, exact id
   * matches first, then newest first; `hasMore` says a type had more. Not paginated (`nextCursor` is null).
   * Pass a `signal` to cancel a search the user has typed past.
   */
  search(q: string, params: SearchParams = {}, options?: CallOptions): Promise<List<SearchResult>> {
    return this.http.list<SearchResult>('/v1/search', { q, ...params }, options).page();
  }
}
