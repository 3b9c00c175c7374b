-- Who changed what: one row per state change, written in the same transaction as the change.
CREATE TABLE audit_events (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'agent', 'system')),
  actor_id uuid,
  actor_name text,
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 80),
  object_type text NOT NULL CHECK (length(object_type) BETWEEN 1 AND 40),
  object_id uuid,
  request_id text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_list_idx ON audit_events (tenant_id, environment, at DESC, id DESC);
CREATE INDEX audit_events_object_idx ON audit_events (tenant_id, object_id);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON audit_events
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
-- Append-only, like the ledger.
GRANT SELECT, INSERT ON audit_events TO payos_app;
