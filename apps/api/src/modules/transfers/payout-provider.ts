import type { ReturnCode } from '@payos/contracts';

/** A payout rail partner: create a payout, ask its status, cancel it, and learn when a completed one came back. */
export type PayoutDestination = { rail: string; last4: string; currency: string; amount: string };
export type PayoutResult = { status: 'completed' } | { status: 'failed'; reason: string };
/** Why a rail sent a completed payout back. */
export type PayoutReturn = { code: ReturnCode; reason: string };

export type PayoutProvider = {
  /** Idempotent per `reference` (our transfer id): asking twice never pays twice. */
  create(reference: string, destination: PayoutDestination): Promise<{ providerReference: string }>;
  status(providerReference: string): Promise<PayoutResult>;
  cancel(providerReference: string): Promise<void>;
  /** After a payout completed: how long until it is worth asking whether it came back (null: never ask). */
  returnCheckAfterMs(providerReference: string): number | null;
  /** Whether a completed payout came back from its rail, and why (null: it did not). */
  returned(providerReference: string): Promise<PayoutReturn | null>;
};

/** Default delay before the simulated rail sends back a payout it returns (SIMULATED_RETURN_DELAY_MS). */
export const SIMULATED_RETURN_DELAY_MS = 60_000;

/**
 * The built-in simulated provider: settles every destination except those whose number ends in 0000
 * (like card-network test numbers), which it rejects, and those ending in 0001, which it completes and
 * then returns `returnDelayMs` later (account_closed) — so failure and return paths are testable. It
 * keeps no state (the outcome is carried in its reference), so any process can ask about any payout.
 * Settlement latency is the worker's `settle_after` delay (PAYOUT_LATENCY_MS).
 */
export function simulatedPayoutProvider(options: { returnDelayMs?: number } = {}): PayoutProvider {
  const returnDelayMs = options.returnDelayMs ?? SIMULATED_RETURN_DELAY_MS;
  const outcome = (last4: string) => (last4 === '0000' ? 'reject' : last4 === '0001' ? 'return' : 'ok');
  return {
    async create(reference, destination) {
      return { providerReference: `sim_${outcome(destination.last4)}_${reference}` };
    },
    async status(providerReference) {
      return providerReference.startsWith('sim_reject_') ? { status: 'failed', reason: 'destination_rejected' } : { status: 'completed' };
    },
    async cancel() {},
    returnCheckAfterMs: (providerReference) => (providerReference.startsWith('sim_return_') ? returnDelayMs : null),
    async returned(providerReference) {
      return providerReference.startsWith('sim_return_')
        ? { code: 'account_closed', reason: 'The beneficiary’s account is closed (simulated rail).' }
        : null;
    },
  };
}
