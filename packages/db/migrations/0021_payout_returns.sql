-- Payout returns (issue #18 §4): a payout that looked finished comes back from its rail (a SPEI
-- devolución, a Pix MED return, an ACH R01–R04 return): completed → returned, the sender credited
-- back (apps/api/src/modules/transfers/returns.service.ts).
ALTER TABLE transfers DROP CONSTRAINT transfers_status_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_status_check
  CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled', 'returned'));
ALTER TABLE transfers
  ADD COLUMN return_code text CHECK (return_code IN ('account_closed', 'invalid_account', 'beneficiary_rejected', 'name_mismatch', 'regulatory')),
  ADD COLUMN return_reason text CHECK (length(return_reason) <= 500),
  ADD COLUMN returned_at timestamptz,
  -- When to ask the payout provider whether a completed payout came back (null: nothing to ask).
  ADD COLUMN return_check_after timestamptz,
  ADD CONSTRAINT transfers_returned_has_details
    CHECK ((status = 'returned') = (return_code IS NOT NULL AND return_reason IS NOT NULL AND returned_at IS NOT NULL));
-- The return worker's queue: completed payouts to ask about, in due order, across tenants.
CREATE INDEX transfers_return_check_idx ON transfers (return_check_after) WHERE status = 'completed' AND return_check_after IS NOT NULL;

-- A return gives a send back: its credit to the sender lowers that account's limit usage, as a voided
-- hold does: a rail returns a payout within days of sending it (docs/MONEY.md, Limits). Refunds stay
-- uncounted (0019). No return exists before this migration.
CREATE OR REPLACE FUNCTION limit_usage_direction(p_reference_type text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
             WHEN p_reference_type IN ('transfer', 'transfer_hold', 'stream_funding', 'stream_top_up') THEN -1
             WHEN p_reference_type IN ('transfer_void', 'stream_refund', 'transfer_return') THEN 1
           END
  $$;
