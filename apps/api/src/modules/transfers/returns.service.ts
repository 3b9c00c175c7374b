import type { Transfer } from '@payos/contracts';
import type { Claimed, Database, Queryable } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { businessRule, notFound } from '../../core/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvent } from '../events/events.service.js';
import { systemAccountIds } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { getPolicies } from '../settings/settings.service.js';
import type { PayoutReturn } from './payout-provider.js';
import * as repo from './transfers.repo.js';
import { canonicalId, presentWithTimeline } from './transfers.service.js';

/** Who returned a payout: the return worker, or a test-mode caller forcing one. */
type Returner = {
  scope: { tenantId: string; environment: 'test' | 'live' };
  actor: { kind: 'user' | 'api_key' | 'agent' | 'system'; id: string | null; name: string | null };
};

/**
 * A completed payout came back from its rail: completed → returned, and the sender is credited back, in
 * the source currency, the amount it was debited — the fees too when the tenant's
 * `payoutReturns.refundFees` says so (the default). What the payout delivered goes back from the
 * platform's `payouts` account; for a converted payout the `fx` account takes the destination amount
 * back and pays the original source amount, so it absorbs any change of rate since. One ledger
 * transaction (reference `transfer_return`), the timeline's `returned` step, the transfer.returned
 * event; the caller holds the transfer's row lock. Errors: 422 invalid_state (not a completed payout
 * to a payment method: an in-house conversion into another account cannot come back by rail).
 */
export async function applyReturn(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  transfer: repo.TransferRow,
  why: PayoutReturn,
  by: Returner,
): Promise<Transfer> {
  if (transfer.type !== 'payout' || transfer.status !== 'completed' || transfer.to_account_id !== null) {
    throw businessRule(
      'invalid_state',
      `Only a completed payout to a payment method can be returned; this is a ${transfer.status} ${transfer.type}${transfer.to_account_id ? ' into an account' : ''}.`,
      { status: transfer.status },
    );
  }
  // A sender that closed its account cannot be credited (ledger_post refuses closed accounts): a clear 422
  // rather than a 404 about an account the caller did not name. Read FOR KEY SHARE (after the transfer's
  // lock, before the balances'), so a close cannot commit between this check and the credit.
  const senderStatus = await repo.lockAccountOpen(tx, transfer.from_account_id);
  if (senderStatus !== 'active') {
    throw businessRule('invalid_state', 'The sending account of this payout is closed: a return cannot be credited to it.', {
      accountStatus: senderStatus ?? null,
    });
  }
  const now = deps.clock.now();
  const before = await presentWithTimeline(tx, transfer);
  const [{ payoutReturns }, system] = await Promise.all([getPolicies(tx), systemAccountIds(tx)]);
  const source = transfer.currency;
  const destination = (transfer.destination_currency ?? source) as Currency;
  const amount = new Money(transfer.amount);
  const fee = new Money(transfer.fee_total);
  const entries =
    destination === source
      ? ledger.moveEntries(system.payouts, transfer.from_account_id, source, amount)
      : [
          ...ledger.moveEntries(system.payouts, system.fx, destination, new Money(transfer.destination_amount ?? '0')),
          ...ledger.moveEntries(system.fx, transfer.from_account_id, source, amount),
        ];
  if (payoutReturns.refundFees && !fee.isZero()) entries.push(...ledger.moveEntries(system.fees, transfer.from_account_id, source, fee));
  await ledger.post(tx, {
    entries,
    referenceType: 'transfer_return',
    referenceId: transfer.id,
    description: `Returned payout ${transfer.id} (${why.code})`,
    at: now,
  });
  await repo.markReturned(tx, transfer.id, { ...why, at: now });
  await repo.insertEvents(tx, by.scope, transfer.id, [{ status: 'returned', note: why.code, at: now }]);
  const after = await presentWithTimeline(tx, (await repo.findTransfer(tx, transfer.id)) as repo.TransferRow);
  recordEvent(tx, { type: 'transfer.returned', objectType: 'transfer', objectId: transfer.id, object: after, previous: before, at: now });
  if (by.actor.kind === 'system') {
    recordAudit(tx, {
      ...by.scope,
      actor: { type: 'system', id: null, name: by.actor.name },
      action: 'transfer.returned',
      objectType: 'transfer',
      objectId: transfer.id,
      requestId: null,
      at: now,
    });
  }
  return after;
}

/**
 * Test mode: makes the rail send a completed payout back now. Errors: 404; 422 invalid_state.
 */
export async function forceReturn(
  tx: Queryable,
  deps: Pick<AppDeps, 'clock'>,
  by: Returner,
  id: string,
  why: { code: PayoutReturn['code']; reason?: string },
): Promise<Transfer> {
  const transfer = await repo.lockTransfer(tx, canonicalId(id));
  if (!transfer) throw notFound('transfer');
  return applyReturn(tx, deps, transfer, { code: why.code, reason: why.reason ?? `Returned in test mode (${why.code}).` }, by);
}

/** How long the return worker waits before asking again about a payout whose check failed (the rail did not answer, or the return could not be applied). */
export const RETURN_RETRY_MS = 60 * 60 * 1000;

/**
 * One pass of the return worker: claims completed payouts whose return check fell due (FOR UPDATE SKIP
 * LOCKED, so workers never take the same one), asks the provider whether each came back, and returns
 * it or stops asking. Returns how many it checked.
 *
 * A check that fails (the provider throws, or the return cannot be applied: e.g. the sender closed its
 * account) is rolled back to a savepoint and asked again RETURN_RETRY_MS later, and the pass goes on:
 * one payout never stalls the queue every tenant's returns wait in (it would be claimed first again on
 * every pass). The pass then throws the first such error (all of them, as an AggregateError) for the
 * worker loop to log.
 */
export async function checkDueReturns(db: Database, deps: Pick<AppDeps, 'clock' | 'payouts'>, maxChecks = 50): Promise<number> {
  let checked = 0;
  const errors: unknown[] = [];
  while (checked < maxChecks) {
    const done = await repo.claimDueReturnCheck(db, deps.clock.now(), (tx, due) => checkOne(tx, deps, due, errors));
    if (!done) break;
    checked++;
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} payout return checks failed; each is asked again later.`);
  return checked;
}

async function checkOne(tx: Queryable, deps: Pick<AppDeps, 'clock' | 'payouts'>, due: Claimed, errors: unknown[]) {
  const savepoint = await repo.returnCheckSavepoint(tx);
  try {
    const reference = await repo.providerReferenceOf(tx, due.id);
    const why = reference ? await deps.payouts.provider.returned(reference) : null;
    if (!why) await repo.clearReturnCheck(tx, due.id);
    else {
      const transfer = (await repo.findTransfer(tx, due.id)) as repo.TransferRow;
      const scope = { tenantId: due.tenant_id, environment: due.environment };
      await applyReturn(tx, deps, transfer, why, { scope, actor: { kind: 'system', id: null, name: 'return worker' } });
    }
    await savepoint.release();
  } catch (error) {
    await savepoint.rollback();
    await repo.setReturnCheck(tx, due.id, new Date(deps.clock.now().getTime() + RETURN_RETRY_MS));
    errors.push(error);
  }
}
