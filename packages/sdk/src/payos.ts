import { HttpClient, type PayOSOptions } from './client.js';
import { Accounts } from './resources/accounts.js';
import { Agents } from './resources/agents.js';
import { Deposits } from './resources/deposits.js';
import { Fx, Quotes } from './resources/fx.js';
import { PaymentMethods } from './resources/payment-methods.js';
import { AuditEvents, Ledger, OrganizationResource, Reports } from './resources/reporting.js';
import { ScheduledTransfers } from './resources/scheduled-transfers.js';
import { Streams } from './resources/streams.js';
import { Transfers } from './resources/transfers.js';

/**
 * The PayOS API client. One instance per credential; it holds no state besides its options.
 *
 *   const payos = new PayOS({ apiKey: process.env.PAYOS_API_KEY, baseUrl: 'https://api.payos.example' });
 *   const account = await payos.accounts.create({ type: 'person', name: 'Maria Garcia' });
 */
export class PayOS {
  readonly accounts: Accounts;
  readonly paymentMethods: PaymentMethods;
  readonly deposits: Deposits;
  readonly fx: Fx;
  readonly quotes: Quotes;
  readonly transfers: Transfers;
  readonly scheduledTransfers: ScheduledTransfers;
  readonly agents: Agents;
  readonly streams: Streams;
  readonly reports: Reports;
  readonly auditEvents: AuditEvents;
  readonly ledger: Ledger;
  readonly organization: OrganizationResource;

  constructor(options: PayOSOptions) {
    const http = new HttpClient(options);
    this.accounts = new Accounts(http);
    this.paymentMethods = new PaymentMethods(http);
    this.deposits = new Deposits(http);
    this.fx = new Fx(http);
    this.quotes = new Quotes(http);
    this.transfers = new Transfers(http);
    this.scheduledTransfers = new ScheduledTransfers(http);
    this.agents = new Agents(http);
    this.streams = new Streams(http);
    this.reports = new Reports(http);
    this.auditEvents = new AuditEvents(http);
    this.ledger = new Ledger(http);
    this.organization = new OrganizationResource(http);
  }
}
