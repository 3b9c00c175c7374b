/** A payout rail partner: create a payout, ask its status, cancel it. */
export type PayoutDestination = { rail: string; last4: string; currency: string; amount: string };
export type PayoutResult = { status: 'completed' } | { status: 'failed'; reason: string };

export type PayoutProvider = {
  /** Idempotent per `reference` (our transfer id): asking twice never pays twice. */
  create(reference: string, destination: PayoutDestination): Promise<{ providerReference: string }>;
  status(providerReference: string): Promise<PayoutResult>;
  cancel(providerReference: string): Promise<void>;
};

/**
 * The built-in simulated provider: settles every destination except those whose number ends in 0000
 * (like card-network test numbers), which it rejects — so failure paths are testable. It keeps no
 * state (the outcome is carried in its reference), so any process can ask about any payout.
 * Settlement latency is the worker's `settle_after` delay (PAYOUT_LATENCY_MS).
 */
export function simulatedPayoutProvider(): PayoutProvider {
  return {
    async create(reference, destination) {
      return { providerReference: `sim_${destination.last4 === '0000' ? 'reject' : 'ok'}_${reference}` };
    },
    async status(providerReference) {
      return providerReference.startsWith('sim_reject_') ? { status: 'failed', reason: 'destination_rejected' } : { status: 'completed' };
    },
    async cancel() {},
  };
}
