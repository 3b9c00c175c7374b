import type { CreateDisputeRequest, Dispute, Environment, ResolveDisputeRequest, RespondDisputeRequest, Transfer } from '@payos/contracts';
import type { ListDisputesParams } from '@payos/sdk';
import { keepPreviousData, type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/keys';
import { PayOSError, payos } from '@/lib/payos';

/** The list filters of GET /v1/disputes (the SDK's, from the contract) and the page's cursor. */
export type DisputeFilters = Omit<ListDisputesParams, 'limit' | 'cursor'> & { cursor?: string | undefined };

export const disputesQuery = (env: Environment, filters: DisputeFilters) =>
  queryOptions({
    queryKey: [...keys.disputes(env), 'list', filters],
    queryFn: () => {
      const { cursor, ...params } = filters;
      return payos()
        .disputes.list({ limit: 25, ...params })
        .page(cursor);
    },
    placeholderData: keepPreviousData,
  });

/** The status cards: counts per status and the amounts held by unresolved disputes, per currency. */
export const disputeStatsQuery = (env: Environment) =>
  queryOptions({
    queryKey: [...keys.disputes(env), 'stats'],
    queryFn: ({ signal }) => payos().disputes.stats({ signal }),
  });

export const disputeQuery = (env: Environment, id: string) =>
  queryOptions({
    queryKey: [...keys.disputes(env), 'detail', id],
    queryFn: ({ signal }) => payos().disputes.get(id, { signal }),
  });

/** Every dispute of one transfer (a handful at most: one unresolved at a time), for its drawer. */
export const transferDisputesQuery = (env: Environment, transferId: string) =>
  queryOptions({
    queryKey: [...keys.disputes(env), 'transfer', transferId],
    queryFn: () => payos().disputes.list({ transferId, limit: 100 }).page(),
  });

/** The transfer's unresolved dispute, if any (GET /v1/disputes?transferId= answers newest first). */
export const unresolvedOf = (disputes: readonly Dispute[] | undefined) => disputes?.find((d) => d.status !== 'resolved');

type DisputeRef = Pick<Dispute, 'id' | 'transferId'>;

/** A dispute changed status (responded, escalated): that dispute, the lists and the counts; no money moved. */
function invalidateDispute(client: QueryClient, env: Environment, dispute: DisputeRef) {
  const disputes = keys.disputes(env);
  return Promise.all(
    [
      [...disputes, 'detail', dispute.id],
      [...disputes, 'list'],
      [...disputes, 'stats'],
      [...disputes, 'transfer', dispute.transferId],
    ].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}

/** What a transfer whose refundable amount changed touches: it, the lists it is in, and its accounts' balances. */
function transferAndBalanceKeys(env: Environment, transferId: string, accounts: string[]) {
  const transfers = keys.transfers(env);
  return [
    [...transfers, 'detail', transferId],
    [...transfers, 'list'],
    ...accounts.map((id) => [...transfers, 'account', id]),
    [...keys.accounts(env), 'list'],
    ...accounts.map((id) => [...keys.accounts(env), 'detail', id]),
    ...accounts.map((id) => [...keys.ledger(env), id]),
    keys.overview(env),
  ];
}

/** A refused write because what the page shows is out of date: refetch the dispute. */
const STALE_DISPUTE = ['invalid_state', 'dispute_response_overdue'];

/**
 * Open a dispute of a completed internal transfer. What changes: the transfer (its refundable amount
 * drops by the disputed one), the transfer lists it appears in, the disputes views, and the
 * respondent's balance (the amount moves from available to pending). The claimant's balance does not
 * change until the dispute is resolved.
 */
export function useCreateDispute(env: Environment, transfer: Pick<Transfer, 'id' | 'toAccountId'>) {
  const client = useQueryClient();
  return useMutation({
    // One idempotency key per dialog opening: a retried request can never open (and hold) twice.
    mutationFn: ({ body, idempotencyKey }: { body: CreateDisputeRequest; idempotencyKey: string }): Promise<Dispute> =>
      payos().disputes.create(body, { idempotencyKey }),
    onSuccess: (dispute) => {
      client.setQueryData(disputeQuery(env, dispute.id).queryKey, dispute);
      const disputes = keys.disputes(env);
      return Promise.all(
        [
          [...disputes, 'list'],
          [...disputes, 'stats'],
          [...disputes, 'transfer', transfer.id],
          ...transferAndBalanceKeys(env, transfer.id, transfer.toAccountId ? [transfer.toAccountId] : []),
        ].map((queryKey) => client.invalidateQueries({ queryKey })),
      );
    },
    onError: (error) => {
      if (!(error instanceof PayOSError)) return;
      // Another dispute is open: find it, so the dialog can link to it.
      if (error.code === 'dispute_exists') {
        void client.invalidateQueries({ queryKey: [...keys.disputes(env), 'transfer', transfer.id] });
      }
      // Refunded or disputed meanwhile: the refundable amount shown is stale.
      if (['amount_exceeds_refundable', 'invalid_state', 'dispute_exists'].includes(error.code)) {
        void client.invalidateQueries({ queryKey: [...keys.transfers(env), 'detail', transfer.id] });
      }
    },
  });
}

/** The respondent's answer (open → under review): the dispute, its lists and the counts. */
export function useRespondDispute(env: Environment, dispute: DisputeRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: RespondDisputeRequest; idempotencyKey: string }): Promise<Dispute> =>
      payos().disputes.respond(dispute.id, body, { idempotencyKey }),
    onSuccess: (updated) => {
      client.setQueryData(disputeQuery(env, dispute.id).queryKey, updated);
      return invalidateDispute(client, env, dispute);
    },
    onError: (error) => {
      if (error instanceof PayOSError && STALE_DISPUTE.includes(error.code)) void invalidateDispute(client, env, dispute);
    },
  });
}

/** open / under review → escalated: the dispute, its lists and the counts. */
export function useEscalateDispute(env: Environment, dispute: DisputeRef) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey }: { idempotencyKey: string }): Promise<Dispute> =>
      payos().disputes.escalate(dispute.id, { idempotencyKey }),
    onSuccess: (updated) => {
      client.setQueryData(disputeQuery(env, dispute.id).queryKey, updated);
      return invalidateDispute(client, env, dispute);
    },
    onError: (error) => {
      if (error instanceof PayOSError && STALE_DISPUTE.includes(error.code)) void invalidateDispute(client, env, dispute);
    },
  });
}

/**
 * Resolve a dispute: money moves. What changes: the dispute, its lists and counts; the transfer
 * (refunded / refundable amounts, its refunds) and the lists it is in; every refunds view (a refund
 * with reason dispute_resolution); both accounts' balances (claimant paid back, respondent's hold
 * refunded or released) with their ledgers and the home page.
 */
export function useResolveDispute(env: Environment, dispute: DisputeRef & Pick<Dispute, 'claimantAccountId' | 'respondentAccountId'>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ResolveDisputeRequest; idempotencyKey: string }): Promise<Dispute> =>
      payos().disputes.resolve(dispute.id, body, { idempotencyKey }),
    onSuccess: (updated) => {
      client.setQueryData(disputeQuery(env, dispute.id).queryKey, updated);
      return Promise.all([
        invalidateDispute(client, env, dispute),
        ...[
          keys.refunds(env),
          ...transferAndBalanceKeys(env, dispute.transferId, [dispute.claimantAccountId, dispute.respondentAccountId]),
        ].map((queryKey) => client.invalidateQueries({ queryKey })),
      ]);
    },
    onError: (error) => {
      if (error instanceof PayOSError && STALE_DISPUTE.includes(error.code)) void invalidateDispute(client, env, dispute);
    },
  });
}
