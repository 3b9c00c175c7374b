/**
 * Request shapes for the SDK's methods: the contracts' request and query types, with the list cursor
 * left to the iterator; and the few shapes @payos/contracts does not export yet, marked
 * TODO(contracts) — import those from there once they land and delete the local ones. Amounts are
 * decimal strings (never JSON numbers); instants are ISO 8601.
 */
import type {
  AccountStreamListQuery,
  AgentActivityQuery,
  AgentListQuery,
  CURRENCY_CODES,
  ListAccountsQuery,
  ListAccountTransfersQuery,
  ListAuditEventsQuery,
  ListDepositsQuery,
  ListLedgerEntriesQuery,
  ListTransfersQuery,
  ScheduleListQuery,
  StreamListQuery,
} from '@payos/contracts';

// TODO(contracts): a Currency type (contracts exports CURRENCY_CODES and currencySchema only).
export type Currency = (typeof CURRENCY_CODES)[number];
// TODO(contracts): VerificationRequest (the schema is verificationBodySchema; no type is exported).
export type VerificationInput = {
  tier: 0 | 1 | 2 | 3;
  /** Why; required in live, where it is kept in the audit log. */
  reason?: string;
};
// TODO(contracts): ReasonRequest (the schema is reasonBodySchema; no type is exported).
export type ReasonInput = {
  /** Why; required in live, where it is kept in the audit log. */
  reason?: string;
};

/** How many items a page holds (1–100, default 25). The cursor is the iterator's business. */
export type PageParams = { limit?: number };
/** A list's filters from its contract query type, with `limit` typed and `cursor` left to the iterator. */
export type ListParams<Query> = Omit<Query, 'limit' | 'cursor'> & PageParams;

export type ListAccountsParams = ListParams<ListAccountsQuery>;
export type ListLedgerEntriesParams = ListParams<ListLedgerEntriesQuery>;
export type ListDepositsParams = ListParams<ListDepositsQuery>;
export type ListTransfersParams = ListParams<ListTransfersQuery>;
export type ListAccountTransfersParams = ListParams<ListAccountTransfersQuery>;
export type ListScheduledTransfersParams = ListParams<ScheduleListQuery>;
export type ListAgentsParams = ListParams<AgentListQuery>;
export type ListAgentActivityParams = ListParams<AgentActivityQuery>;
export type ListStreamsParams = ListParams<StreamListQuery>;
export type ListAccountStreamsParams = ListParams<AccountStreamListQuery>;
export type ListAuditEventsParams = ListParams<ListAuditEventsQuery>;
