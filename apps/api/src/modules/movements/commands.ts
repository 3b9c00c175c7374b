import type { Transfer } from '@payos/contracts';
import type { Amount, Currency } from '@payos/money';
import type { Actor } from '../../core/actor.js';
import type { IdempotentRequest, Replay } from '../idempotency/idempotency.service.js';

/**
 * The commands that move money through group commit (group-commit.ts), one type per kind. A new kind
 * (a refund, an approval's hold) adds its command here and its executor in its module; see
 * docs/ARCHITECTURE.md, Group commit.
 */
/** What an internal transfer moves: same currency, between two accounts of one tenant environment. */
export type InternalTransferInput = {
  fromAccountId: string;
  toAccountId: string;
  /** Parsed for `currency` by the caller (the route: parseAmountParam). */
  amount: Amount;
  currency: Currency;
  description?: string;
  metadata?: Record<string, string>;
  /** A run of a schedule approved at creation: the approval policies are not asked again. Never from a request body. */
  approvalGranted?: boolean;
};

export type InternalTransferCommand = InternalTransferInput & {
  kind: 'internal_transfer';
  actor: Actor;
  /** The transfer's id, chosen before the batch (it names the transfer in every outcome). */
  id: string;
  /** Requests over HTTP: the request id for the audit row (no audit row when absent: the caller audits). */
  audit?: { requestId: string | null };
  /** The request's Idempotency-Key, claimed inside the batch's transaction. */
  idempotency?: IdempotentRequest;
  /** USD rates asked for before the command queued (limits.service prefetchUsdRates). */
  usdRates?: ReadonlyMap<Currency, Amount>;
};

export type MovementCommand = InternalTransferCommand;

/** A command that took effect, or the replay of an earlier one (its stored status and body). */
export type MovementResult = { replayed: false; status: 201; transfer: Transfer } | ({ replayed: true } & Replay);
