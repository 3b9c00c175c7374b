-- Webhook endpoints and delivery (issue #17). Events are queued for delivery by the event writer in
-- the same statement that records them (the outbox: apps/api/src/modules/events/events.repo.ts);
-- a worker claims due deliveries with FOR UPDATE SKIP LOCKED under a lease
-- (apps/api/src/modules/webhooks/delivery.ts).
CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  enabled_events text[] NOT NULL CHECK (cardinality(enabled_events) BETWEEN 1 AND 50),
  description text CHECK (length(description) <= 500),
  status text NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason text CHECK (disabled_reason IN ('user', 'failing')),
  -- whsec_… sealed with the server key (AES-256-GCM, like stored responses that carry a secret):
  -- the worker must sign with it, so it cannot be a hash.
  secret_sealed text NOT NULL,
  -- After a rotation the old secret signs alongside the new one until previous_secret_expires_at.
  previous_secret_sealed text,
  previous_secret_expires_at timestamptz,
  secret_rotated_at timestamptz,
  -- The first failed attempt since the last delivered one; 3 days of it disables the endpoint.
  failing_since timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON webhook_endpoints
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO payos_app;

-- One event to one endpoint: pending until a 2xx (delivered) or 3 days of failures (failed).
CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Due time while pending (a claimed delivery's is moved past its lease); NULL once settled.
  next_attempt_at timestamptz,
  -- The worker that holds it, until leased_until: a crashed worker's claim expires and another retries.
  lease_id uuid,
  leased_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id) WHERE status = 'pending';
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON webhook_deliveries
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO payos_app;

-- Every attempt, as GET /v1/webhook-endpoints/{id}/deliveries lists them.
CREATE TABLE webhook_attempts (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  delivery_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  status_code integer CHECK (status_code BETWEEN 100 AND 599),
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  response_excerpt text CHECK (length(response_excerpt) <= 1024),
  error text CHECK (length(error) <= 500),
  attempted_at timestamptz NOT NULL,
  next_retry_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (tenant_id, endpoint_id, attempted_at DESC, id DESC);
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON webhook_attempts
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON webhook_attempts TO payos_app;
