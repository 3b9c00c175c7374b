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

-- A return does not give the sender's limit usage back: it lands days after its send (ACH up to 60),
-- often after the window that send counted in, and lowering usage then would let a sender stack several
-- windows' sends into one (as with refunds, 0019; docs/MONEY.md, Limits). limit_usage_direction() leaves
-- the reference type `transfer_return` uncounted.
