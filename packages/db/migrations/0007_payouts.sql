-- Payout settlement bookkeeping: when a transfer becomes due for the payout provider, and its reference there.
ALTER TABLE transfers ADD COLUMN settle_after timestamptz;
ALTER TABLE transfers ADD COLUMN provider_reference text;
-- The settlement worker's queue: pending payouts in due order, across tenants.
CREATE INDEX transfers_settlement_idx ON transfers (settle_after) WHERE status IN ('pending', 'processing') AND type = 'payout';
