-- Tenant settings (issue #18 §1): the policies money features follow, per environment, and how the
-- organization reads dates and times. Only what a tenant changed is stored; the defaults live in
-- @payos/contracts (DEFAULT_SETTINGS), so a new default reaches every tenant that never set it.

-- Money policies of one environment: refunds, disputes, payout returns, scheduled-transfer retries.
CREATE TABLE tenant_policies (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  policies jsonb NOT NULL CHECK (jsonb_typeof(policies) = 'object'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, environment)
);
ALTER TABLE tenant_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON tenant_policies
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON tenant_policies TO payos_app;

-- The organization's presentation (exports' date format, locale, timezone): the same in both environments.
ALTER TABLE tenants ADD COLUMN preferences jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object');
ALTER TABLE tenants ADD COLUMN preferences_updated_at timestamptz;

-- What an audited change changed, where the action records it (settings: the fields before and after).
ALTER TABLE audit_events ADD COLUMN changes jsonb CHECK (changes IS NULL OR jsonb_typeof(changes) = 'object');
