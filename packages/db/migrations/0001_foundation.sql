-- PayOS foundation: the application role, tenant settings helpers, tenants, users, sessions,
-- invites, API keys and idempotency records. Every table is tenant-owned and protected by
-- row-level security that is enabled, forced, and keyed on app.tenant_id (+ app.environment).

-- The role every request runs as. It owns nothing, logs in as nobody, and cannot bypass RLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'payos_app') THEN
    CREATE ROLE payos_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  -- A non-superuser connecting role (e.g. a managed PostgreSQL's admin) needs membership to SET ROLE.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT payos_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO payos_app;

-- Transaction-local tenant context. NULLIF: an unset setting reads as '' and must match nothing.
CREATE FUNCTION app_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_environment() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.environment', true), '') $$;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = (SELECT app_tenant_id()))
  WITH CHECK (id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON tenants TO payos_app;

CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  password_hash text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- One user belongs to one tenant, so an active user's e-mail is unique across PayOS. This is the
-- one index not led by tenant_id: uniqueness across tenants is the point of it. A removed
-- member's e-mail is free again (they may be invited elsewhere).
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE status = 'active';
CREATE INDEX users_created_idx ON users (tenant_id, created_at DESC, id DESC);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
  USING (tenant_id = (SELECT app_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON users TO payos_app;

CREATE TABLE sessions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  user_agent text,
  ip text,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  last_used_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id, created_at DESC);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
  USING (tenant_id = (SELECT app_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON sessions TO payos_app;

-- Every refresh token ever issued; a token is used once. Presenting a used one is reuse.
CREATE TABLE refresh_tokens (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  session_id uuid NOT NULL,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id)
);
-- Looked up before the tenant is known (SECURITY DEFINER function below); a hash is globally unique.
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
  USING (tenant_id = (SELECT app_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO payos_app;

CREATE TABLE invites (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email)),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  token_hash text NOT NULL,
  invited_by uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX invites_token_key ON invites (token_hash);
CREATE INDEX invites_email_idx ON invites (tenant_id, email);
ALTER TABLE invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE invites FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invites
  USING (tenant_id = (SELECT app_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON invites TO payos_app;

-- API keys are managed per tenant across both environments (the key itself belongs to one).
CREATE TABLE api_keys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  prefix text NOT NULL,
  key_hash text NOT NULL,
  created_by uuid NOT NULL,
  last_used_at timestamptz,
  -- Set when a key is rotated: the old key keeps working until then, never after.
  expires_at timestamptz,
  rotated_to uuid,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_created_idx ON api_keys (tenant_id, created_at DESC, id DESC);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = (SELECT app_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON api_keys TO payos_app;

-- Stored responses of idempotent POSTs, scoped to tenant + environment + key, kept 24 h.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash text NOT NULL,
  response_status integer NOT NULL,
  response_body text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, environment, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (tenant_id, expires_at);
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON idempotency_keys
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO payos_app;

-- Narrow lookups that must find the tenant before its context can be set. They return only
-- what authentication needs and run as the migration owner (which RLS does not restrict).
CREATE FUNCTION auth_find_api_key(p_prefix text)
  RETURNS TABLE (tenant_id uuid, id uuid, environment text, key_hash text, name text,
                 created_by uuid, expires_at timestamptz, revoked_at timestamptz, tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT k.tenant_id, k.id, k.environment, k.key_hash, k.name, k.created_by, k.expires_at, k.revoked_at, t.status
      FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
     WHERE k.prefix = p_prefix
  $$;

CREATE FUNCTION auth_find_user_by_email(p_email text)
  RETURNS TABLE (tenant_id uuid, id uuid, password_hash text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT u.tenant_id, u.id, u.password_hash, u.status FROM users u WHERE u.email = lower(p_email) AND u.status = 'active' $$;

CREATE FUNCTION auth_find_refresh_token(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, id uuid, session_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT r.tenant_id, r.id, r.session_id FROM refresh_tokens r WHERE r.token_hash = p_token_hash $$;

CREATE FUNCTION auth_find_invite(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT i.tenant_id, i.id FROM invites i WHERE i.token_hash = p_token_hash $$;

CREATE FUNCTION auth_email_exists(p_email text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE email = lower(p_email) AND status = 'active') $$;

REVOKE ALL ON FUNCTION auth_find_api_key(text), auth_find_user_by_email(text), auth_find_refresh_token(text),
  auth_find_invite(text), auth_email_exists(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_api_key(text), auth_find_user_by_email(text), auth_find_refresh_token(text),
  auth_find_invite(text), auth_email_exists(text) TO payos_app;
