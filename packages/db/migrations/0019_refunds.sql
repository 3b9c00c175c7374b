-- Refunds (issue #18 §2): money going back from a completed internal transfer's recipient to its sender,
-- in part or in full, several times, never more than the transfer moved (apps/api/src/modules/refunds).
CREATE TABLE refunds (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  transfer_id uuid NOT NULL,
  -- The transfer's recipient, who pays the refund, and its sender, who gets it.
  from_account_id uuid NOT NULL,
  to_account_id uuid NOT NULL,
  amount numeric(30, 8) NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  -- dispute_resolution: made by resolving a dispute (0022), never asked for directly.
  reason text NOT NULL CHECK (reason IN ('duplicate_payment', 'service_not_rendered', 'customer_request', 'error', 'other',
                                         'dispute_resolution')),
  reason_details text CHECK (length(reason_details) <= 500),
  metadata jsonb NOT NULL DEFAULT '{}',
  failure_reason text CHECK (length(failure_reason) <= 500),
  ledger_transaction_id uuid,
  -- The dispute whose resolution made it (0022 adds the foreign key).
  dispute_id uuid,
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  FOREIGN KEY (tenant_id, from_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, to_account_id) REFERENCES accounts (tenant_id, id),
  CHECK (status <> 'succeeded' OR ledger_transaction_id IS NOT NULL)
);
CREATE INDEX refunds_list_idx ON refunds (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX refunds_transfer_idx ON refunds (tenant_id, transfer_id, created_at);
CREATE INDEX refunds_from_idx ON refunds (tenant_id, from_account_id, created_at DESC);
CREATE INDEX refunds_to_idx ON refunds (tenant_id, to_account_id, created_at DESC);
-- What an agent refunded counts toward its limits (limits.repo.ts, agentsUsage).
CREATE INDEX refunds_agent_idx ON refunds (tenant_id, initiated_by_id, created_at) WHERE initiated_by_type = 'agent';
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
ALTER TABLE refunds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON refunds
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON refunds TO payos_app;

-- Each transfer keeps what was refunded and what is being refunded, written under the transfer's row
-- lock with the refund: the list shows them without reading refunds, and the database refuses a
-- total above the amount even if the code's check were ever skipped.
ALTER TABLE transfers
  ADD COLUMN refunded_amount numeric(30, 8) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  ADD COLUMN refund_pending_amount numeric(30, 8) NOT NULL DEFAULT 0 CHECK (refund_pending_amount >= 0),
  ADD COLUMN refund_count integer NOT NULL DEFAULT 0 CHECK (refund_count >= 0),
  ADD CONSTRAINT transfers_refunds_within_amount CHECK (refunded_amount + refund_pending_amount <= amount);

-- A refund is not a send of the recipient, nor does it give the sender's usage back: it may come up to
-- a year after its transfer, long after the window that send counted in, and lowering usage then would
-- let a sender stack several windows' sends into one (docs/MONEY.md, Limits). limit_usage_direction()
-- leaves the reference type `refund` uncounted.
