-- AI agents acting for a business account with their own token, KYA tier, permissions and limits,
-- and the log of everything each one did.
CREATE TABLE agents (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 1000),
  type text NOT NULL CHECK (type IN ('payment', 'treasury', 'compliance', 'custom')),
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
  -- Why it is suspended: 'manual', or 'account_suspended' (activating the account leaves it suspended).
  suspended_reason text,
  kya_tier smallint NOT NULL DEFAULT 0 CHECK (kya_tier BETWEEN 0 AND 3),
  permissions text[] NOT NULL,
  -- The agent's own limits in USD; null = only the KYA tier and the account tier apply.
  limit_per_transaction numeric(30, 2) CHECK (limit_per_transaction >= 0),
  limit_daily numeric(30, 2) CHECK (limit_daily >= 0),
  limit_monthly numeric(30, 2) CHECK (limit_monthly >= 0),
  token_prefix text NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE UNIQUE INDEX agents_token_prefix_idx ON agents (token_prefix);
CREATE INDEX agents_list_idx ON agents (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX agents_account_idx ON agents (tenant_id, account_id);
ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE agents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON agents
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON agents TO payos_app;

CREATE TABLE agent_activity (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  agent_id uuid NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  action text NOT NULL,
  object_id text,
  status_code integer NOT NULL,
  result text NOT NULL CHECK (result IN ('succeeded', 'refused', 'failed')),
  error_code text,
  request_id text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);
CREATE INDEX agent_activity_agent_idx ON agent_activity (tenant_id, agent_id, seq DESC);
ALTER TABLE agent_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON agent_activity
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON agent_activity TO payos_app;

-- Agent tokens are looked up by their non-secret prefix before the tenant is known, like API keys.
CREATE FUNCTION auth_find_agent(p_prefix text)
  RETURNS TABLE (tenant_id uuid, id uuid, environment text, token_hash text, name text, status text, kya_tier smallint,
                 account_id uuid, permissions text[], limit_per_transaction text, limit_daily text, limit_monthly text,
                 tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT a.tenant_id, a.id, a.environment, a.token_hash, a.name, a.status, a.kya_tier, a.account_id, a.permissions,
           a.limit_per_transaction::text, a.limit_daily::text, a.limit_monthly::text, t.status
      FROM agents a JOIN tenants t ON t.id = a.tenant_id
     WHERE a.token_prefix = p_prefix
  $$;
REVOKE ALL ON FUNCTION auth_find_agent(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_agent(text) TO payos_app;
