/**
 * Request shapes for the SDK's methods: the contracts' request and query types, with the list cursor
 * left to the iterator. Amounts are decimal strings (never JSON numbers); instants are ISO 8601.
 */
import type {
  AccountStreamListQuery,
  AgentActivityQuery,
  AgentListQuery,
  ListAccountsQuery,
  ListAccountTransfersQuery,
  ListApiKeysQuery,
  ListApprovalsQuery,
  ListAuditEventsQuery,
  ListDepositsQuery,
  ListDisputesQuery,
  ListEventsQuery,
  ListLedgerEntriesQuery,
  ListRefundsQuery,
  ListReviewsQuery,
  ListTransfersQuery,
  ScheduleListQuery,
  StreamListQuery,
} from '@payos/contracts';

/** How many items a page holds (1–100, default 25). The cursor is the iterator's business. */
export type PageParams = { limit?: number };
/** A list's filters from its contract query type, with `limit` typed and `cursor` left to the iterator. */
export type ListParams<Query> = Omit<Query, 'limit' | 'cursor'> & PageParams;

export type ListAccountsParams = ListParams<ListAccountsQuery>;
export type ListLedgerEntriesParams = ListParams<ListLedgerEntriesQuery>;
export type ListDepositsParams = ListParams<ListDepositsQuery>;
export type ListTransfersParams = ListParams<ListTransfersQuery>;
export type ListRefundsParams = ListParams<ListRefundsQuery>;
export type ListDisputesParams = ListParams<ListDisputesQuery>;
export type ListAccountTransfersParams = ListParams<ListAccountTransfersQuery>;
export type ListScheduledTransfersParams = ListParams<ScheduleListQuery>;
export type ListAgentsParams = ListParams<AgentListQuery>;
export type ListAgentActivityParams = ListParams<AgentActivityQuery>;
export type ListStreamsParams = ListParams<StreamListQuery>;
export type ListAccountStreamsParams = ListParams<AccountStreamListQuery>;
export type ListAuditEventsParams = ListParams<ListAuditEventsQuery>;
export type ListEventsParams = ListParams<ListEventsQuery>;
export type ListApiKeysParams = ListParams<ListApiKeysQuery>;
export type ListApprovalsParams = ListParams<ListApprovalsQuery>;
export type ListReviewsParams = ListParams<ListReviewsQuery>;

/** A search's options: the most results of each type (1–10, default 5). */
export type SearchParams = { limit?: number };

/** Approving or escalating a review item: an optional note (1–1,000 characters). */
export type ReviewDecisionRequest = { note?: string };
/** Rejecting or dismissing a review item: the note is required (1–1,000 characters). */
export type ReviewRequiredNoteRequest = { note: string };
/** A note on a review item (1–2,000 characters). */
export type AddReviewNoteRequest = { body: string };
