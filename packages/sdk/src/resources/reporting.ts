import type { AuditEvent, LedgerVerification, Overview } from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListAuditEventsParams } from '../types.js';

/** `GET /v1/reports/overview`: balances, 30-day volume, corridors, payouts and streams needing attention, recent transfers. */
export class Reports {
  constructor(private readonly http: HttpClient) {}

  overview(options?: RequestOptions): Promise<Overview> {
    return this.http.get('/v1/reports/overview', undefined, options);
  }
}

/** Every state change in this environment (`/v1/audit-events`): who, what, when, which request. */
export class AuditEvents {
  constructor(private readonly http: HttpClient) {}

  list(params: ListAuditEventsParams = {}): Paginated<AuditEvent> {
    return this.http.list('/v1/audit-events', params);
  }
}

/** `GET /v1/ledger/verification`: recomputes every balance from its entries. Owner/admin users only (an API key gets a PermissionError). */
export class Ledger {
  constructor(private readonly http: HttpClient) {}

  verify(options?: RequestOptions): Promise<LedgerVerification> {
    return this.http.get('/v1/ledger/verification', undefined, options);
  }
}
