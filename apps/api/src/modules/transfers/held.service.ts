import type { Transfer } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { businessRule } from '../../core/errors.js';
import { recordEvents } from '../events/events.service.js';
import * as ledger from '../ledger/ledger.service.js';
import * as repo from './transfers.repo.js';
import { presentTransfer } from './transfers.service.js';

/*
 * A transfer held on its sender while people decide on it (an approval, a review) moves on from here
 * once they say yes; saying no is transfers.service voidHeldTransfer.
 */

type Scope = Pick<Actor, 'tenantId' | 'environment'>;
type Release = {
  /** The transfer's timeline so far (the caller read it under the row lock). */
  timeline: repo.TransferEventRow[];
  /** Why it moves on, on the timeline: "approved by Ana (2 of 2)". */
  note: string;
  /** What the decision is recorded as, before the transfer's own next event: an approval's, or a risk review's. */
  event: 'transfer.approved' | 'transfer.review_approved';
  at: Date;
};

/**
 * Moves a held transfer (locked by the caller) on: a payout to `pending` — the settlement worker takes
 * it after the rail's latency — and an internal transfer to `completed`, its hold landing on the
 * recipient. A recipient closed meanwhile cannot take it: the hold is voided and the transfer fails
 * (destination_account_closed), as a payout into a closed account does. Records `r.event`, then
 * transfer.completed / transfer.failed for an internal transfer. Errors: 422 account_suspended (the
 * sender was suspended meanwhile; nothing moves).
 */
export async function releaseHeldTransfer(
  tx: Queryable,
  deps: Pick<AppDeps, 'payouts'>,
  scope: Scope,
  transfer: repo.TransferRow,
  r: Release,
): Promise<Transfer> {
  // A sender suspended while its transfer was held sends nothing: it stays held (a denial, a rejection,
  // a cancel or the expiry ends it) until the account is active again — whoever says yes.
  if ((await repo.senderVerificationStatus(tx, transfer.from_account_id)) === 'suspended') {
    throw businessRule('account_suspended', 'The sending account was suspended while this transfer was held: it cannot send money.');
  }
  const waiting = presentTransfer(transfer, r.timeline);
  const event = { objectType: 'transfer', objectId: transfer.id, at: r.at };
  if (transfer.type === 'payout') {
    await repo.releaseApprovedPayout(tx, transfer.id, r.at, new Date(r.at.getTime() + deps.payouts.latencyMs));
    const added = await repo.insertEvents(tx, scope, transfer.id, [{ status: 'pending', note: r.note, at: r.at }]);
    const released = presentTransfer({ ...transfer, status: 'pending', updated_at: r.at }, [...r.timeline, ...added]);
    recordEvents(tx, [{ ...event, type: r.event, object: released, previous: waiting }]);
    return released;
  }
  const to = transfer.to_account_id as string;
  const closed = (await repo.findAccountStatus(tx, to)) === 'closed';
  const status = closed ? 'failed' : 'completed';
  const failureReason = closed ? 'destination_account_closed' : null;
  await repo.setStatus(tx, transfer.id, status, r.at, failureReason);
  const added = await repo.insertEvents(tx, scope, transfer.id, [
    { status: 'pending', note: r.note, at: r.at },
    closed ? { status: 'failed', note: 'destination_account_closed', at: r.at } : { status: 'completed', at: r.at },
  ]);
  const amount = new Money(transfer.amount);
  await ledger.post(tx, {
    entries: closed
      ? ledger.voidEntries(transfer.from_account_id, transfer.currency, amount)
      : ledger.settleHoldEntries(transfer.from_account_id, transfer.currency, [{ accountId: to, amount }]),
    referenceType: closed ? 'transfer_void' : 'transfer_settlement',
    referenceId: transfer.id,
    description: closed ? `Failed transfer ${transfer.id}` : `Released transfer ${transfer.id}`,
    at: r.at,
  });
  const released = presentTransfer({ ...transfer, status: 'pending', updated_at: r.at }, [...r.timeline, ...added.slice(0, 1)]);
  const done = presentTransfer({ ...transfer, status, failure_reason: failureReason, updated_at: r.at }, [...r.timeline, ...added]);
  recordEvents(tx, [
    { ...event, type: r.event, object: released, previous: waiting },
    { ...event, type: `transfer.${status}`, object: done, previous: released },
  ]);
  return done;
}
