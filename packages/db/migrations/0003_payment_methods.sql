-- External destinations of an account (bank accounts on local rails, USDC wallets).
-- `details` holds the full, validated destination for the payout provider and is never returned
-- by the API; `masked` is what responses and logs show.

CREATE TABLE payment_methods (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('bank_account', 'wallet')),
  rail text NOT NULL CHECK (rail IN ('spei', 'pix', 'ach', 'cbu', 'cop_bank', 'usdc')),
  currency text NOT NULL CHECK (currency IN ('USD', 'USDC', 'MXN', 'BRL', 'COP', 'ARS')),
  label text CHECK (length(label) <= 100),
  details jsonb NOT NULL,
  masked jsonb NOT NULL,
  last4 text NOT NULL CHECK (length(last4) BETWEEN 1 AND 4),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  removed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  CHECK ((type = 'wallet') = (rail = 'usdc'))
);
CREATE INDEX payment_methods_account_idx ON payment_methods (tenant_id, account_id, created_at DESC, id DESC);
ALTER TABLE payment_methods ENABLE ROW LEVEL SECURITY;
ALTER TABLE payment_methods FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON payment_methods
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON payment_methods TO payos_app;
