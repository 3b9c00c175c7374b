import type { Claimed, Database, Queryable } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { AppDeps } from '../../context.js';
import { recordAudit } from '../audit/audit.repo.js';
import { recordEvents } from '../events/events.service.js';
import { systemAccountIds } from '../ledger/ledger.repo.js';
import * as ledger from '../ledger/ledger.service.js';
import { findMethodOfAccount } from '../payment-methods/payment-methods.repo.js';
import type { PayoutProvider } from './payout-provider.js';
import * as repo from './transfers.repo.js';
import { presentTransfer } from './transfers.service.js';

/** What settling needs: the clock and the payout rail partner. */
export type SettlementDeps = Pick<AppDeps, 'clock' | 'payouts'>;

/**
 * One settlement pass: claims due payouts one at a time with FOR UPDATE SKIP LOCKED — so any number
 * of workers never settle a transfer twice — and settles each in a single transaction: ask the
 * provider, then post the hold (destination to payouts via fx, fees to fees) or void it. A worker that
 * dies mid-way leaves nothing half-posted: the transaction rolls back and the payout stays pending.
 * Returns how many payouts it settled. This is a cross-tenant job: it claims as the owner role, then
 * switches to the transfer's tenant (application role, RLS) for the work.
 */
export async function settleDuePayouts(
  db: Database,
  deps: SettlementDeps & { provider?: PayoutProvider },
  maxPayouts = 50,
): Promise<number> {
  let settled = 0;
  while (settled < maxPayouts) {
    const now = deps.clock.now();
    const done = await repo.claimDuePayout(db, now, (tx, due) => settleOne(tx, deps, due, now));
    if (!done) break;
    settled++;
  }
  return settled;
}

/**
 * What the rail says about one payout. A payment method goes to the payout provider — only if it is
 * still the sending account's own (re-checked here, as at creation: a payout written before that rule
 * fails instead of paying someone else's destination); an account destination is converted in-house,
 * and fails only if the receiving account was closed meanwhile.
 */
async function dispatch(tx: Queryable, deps: SettlementDeps, transfer: repo.TransferRow) {
  if (transfer.to_account_id) {
    const status = await repo.findAccountStatus(tx, transfer.to_account_id);
    const note = 'converted through fx';
    return status === 'closed'
      ? { note, providerReference: undefined, result: { status: 'failed' as const, reason: 'destination_account_closed' } }
      : { note, providerReference: undefined, result: { status: 'completed' as const } };
  }
  const pm = await findMethodOfAccount(tx, transfer.from_account_id, transfer.payment_method_id as string);
  if (!pm) {
    const reason = 'invalid_payment_method';
    return { note: 'payment method is not the sender’s', providerReference: undefined, result: { status: 'failed' as const, reason } };
  }
  const { providerReference } = await deps.payouts.provider.create(transfer.id, {
    rail: pm.rail,
    last4: pm.last4,
    currency: transfer.destination_currency as Currency,
    amount: transfer.destination_amount ?? '0',
  });
  return { note: `sent to ${pm.rail}`, providerReference, result: await deps.payouts.provider.status(providerReference) };
}

async function settleOne(tx: Queryable, deps: SettlementDeps, due: Claimed, now: Date) {
  const transfer = (await repo.findTransfer(tx, due.id)) as repo.TransferRow;
  const timeline = await repo.eventsOf(tx, [transfer.id]);
  const { note, providerReference, result } = await dispatch(tx, deps, transfer);
  const destinationCurrency = transfer.destination_currency as Currency;
  const system = { type: 'system' as const, id: null, name: 'settlement worker' };
  const scope = { tenantId: due.tenant_id, environment: due.environment };
  const total = new Money(transfer.total_debit);
  if (result.status === 'completed') {
    const { payouts, fees, fx } = await systemAccountIds(tx);
    const fee = new Money(transfer.fee_total);
    const amount = new Money(transfer.amount);
    const destination = new Money(transfer.destination_amount ?? transfer.amount);
    const receiver = transfer.to_account_id ?? payouts;
    const sameCurrency = destinationCurrency === transfer.currency;
    const entries = [
      ...ledger.settleHoldEntries(transfer.from_account_id, transfer.currency, [
        ...(fee.isZero() ? [] : [{ accountId: fees, amount: fee }]),
        { accountId: sameCurrency ? receiver : fx, amount },
      ]),
      ...(sameCurrency ? [] : ledger.moveEntries(fx, receiver, destinationCurrency, destination)),
    ];
    await repo.setStatus(tx, transfer.id, 'completed', now, null, providerReference);
    // A rail may send a completed payout back later: the provider says when it is worth asking.
    const checkAfterMs = providerReference ? deps.payouts.provider.returnCheckAfterMs(providerReference) : null;
    if (checkAfterMs !== null) await repo.setReturnCheck(tx, transfer.id, new Date(now.getTime() + checkAfterMs));
    const added = await repo.insertEvents(tx, scope, transfer.id, [
      { status: 'processing', at: now, note },
      { status: 'completed', at: now },
    ]);
    recordSettled(tx, { transfer, timeline, added, now }, { status: 'completed', failure_reason: null });
    recordAudit(tx, {
      ...scope,
      actor: system,
      action: 'transfer.completed',
      objectType: 'transfer',
      objectId: transfer.id,
      requestId: null,
      at: now,
    });
    await ledger.post(tx, { entries, referenceType: 'transfer_settlement', referenceId: transfer.id, at: now });
  } else {
    await repo.setStatus(tx, transfer.id, 'failed', now, result.reason, providerReference);
    const added = await repo.insertEvents(tx, scope, transfer.id, [
      { status: 'processing', at: now, note },
      { status: 'failed', at: now, note: result.reason },
    ]);
    recordSettled(tx, { transfer, timeline, added, now }, { status: 'failed', failure_reason: result.reason });
    recordAudit(tx, {
      ...scope,
      actor: system,
      action: 'transfer.failed',
      objectType: 'transfer',
      objectId: transfer.id,
      requestId: null,
      at: now,
    });
    await ledger.post(tx, {
      entries: ledger.voidEntries(transfer.from_account_id, transfer.currency, total),
      referenceType: 'transfer_void',
      referenceId: transfer.id,
      at: now,
    });
  }
}

/**
 * transfer.processing, then transfer.completed or transfer.failed: each the transfer as the API answers
 * it at that step — the row as setStatus left it with the timeline's steps up to it (no read-back) —
 * and previousAttributes from the step before.
 */
function recordSettled(
  tx: Queryable,
  s: { transfer: repo.TransferRow; timeline: repo.TransferEventRow[]; added: repo.TransferEventRow[]; now: Date },
  outcome: { status: 'completed' | 'failed'; failure_reason: string | null },
) {
  const [processingStep] = s.added;
  const pending = presentTransfer(s.transfer, s.timeline);
  const processing = presentTransfer(
    { ...s.transfer, status: 'processing', updated_at: s.now },
    processingStep ? [...s.timeline, processingStep] : s.timeline,
  );
  const settled = presentTransfer({ ...s.transfer, ...outcome, updated_at: s.now }, [...s.timeline, ...s.added]);
  const event = { objectType: 'transfer', objectId: s.transfer.id, at: s.now };
  recordEvents(tx, [
    { ...event, type: 'transfer.processing', object: processing, previous: pending },
    { ...event, type: `transfer.${outcome.status}`, object: settled, previous: processing },
  ]);
}
