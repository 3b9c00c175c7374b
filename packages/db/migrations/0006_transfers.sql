-- Transfers: money moving between two accounts of a tenant (internal) or out to a destination
-- (payout), with their status timeline.
CREATE TABLE transfers (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('internal', 'payout')),
  status text NOT NULL CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
  from_account_id uuid NOT NULL,
  to_account_id uuid,
  payment_method_id uuid,
  amount numeric(30, 8) NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  fees jsonb NOT NULL DEFAULT '[]',
  fee_total numeric(30, 8) NOT NULL DEFAULT 0 CHECK (fee_total >= 0),
  total_debit numeric(30, 8) NOT NULL,
  destination_amount numeric(30, 8),
  destination_currency text,
  rate numeric(30, 12),
  quote_id uuid,
  description text CHECK (length(description) <= 500),
  metadata jsonb NOT NULL DEFAULT '{}',
  failure_reason text,
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, from_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, to_account_id) REFERENCES accounts (tenant_id, id),
  CHECK (to_account_id IS NOT NULL OR payment_method_id IS NOT NULL),
  CHECK (total_debit = amount + fee_total)
);
CREATE INDEX transfers_list_idx ON transfers (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX transfers_from_idx ON transfers (tenant_id, from_account_id, created_at DESC);
CREATE INDEX transfers_to_idx ON transfers (tenant_id, to_account_id, created_at DESC);
ALTER TABLE transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON transfers
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON transfers TO payos_app;

CREATE TABLE transfer_events (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  transfer_id uuid NOT NULL,
  status text NOT NULL,
  note text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id)
);
CREATE INDEX transfer_events_transfer_idx ON transfer_events (tenant_id, transfer_id, seq);
ALTER TABLE transfer_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfer_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON transfer_events
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON transfer_events TO payos_app;
