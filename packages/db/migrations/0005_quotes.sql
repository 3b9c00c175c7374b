-- FX quotes: a price for moving money from one currency to another, valid five minutes, usable once.
CREATE TABLE quotes (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  from_currency text NOT NULL,
  to_currency text NOT NULL,
  rail text NOT NULL,
  amount_type text NOT NULL CHECK (amount_type IN ('source', 'destination')),
  source_amount numeric(30, 8) NOT NULL CHECK (source_amount > 0),
  destination_amount numeric(30, 8) NOT NULL CHECK (destination_amount > 0),
  rate numeric(30, 12) NOT NULL CHECK (rate > 0),
  fees jsonb NOT NULL,
  fee_total numeric(30, 8) NOT NULL CHECK (fee_total >= 0),
  total_debit numeric(30, 8) NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  transfer_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (total_debit = source_amount + fee_total)
);
CREATE INDEX quotes_created_idx ON quotes (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE quotes ENABLE ROW LEVEL SECURITY;
ALTER TABLE quotes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON quotes
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON quotes TO payos_app;
