-- Money streams: per-second payments from a sender account to a receiver account. The funding sits
-- in the sender's in_streams balance part; what has streamed is computed from the rate and the
-- active seconds, and leaves the stream only by withdrawal, cancellation or depletion settlement.
CREATE TABLE streams (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  sender_account_id uuid NOT NULL,
  receiver_account_id uuid NOT NULL,
  currency text NOT NULL,
  rate_per_second numeric(38, 18) NOT NULL CHECK (rate_per_second > 0),
  funded numeric(30, 8) NOT NULL CHECK (funded > 0),
  withdrawn numeric(30, 8) NOT NULL DEFAULT 0 CHECK (withdrawn >= 0 AND withdrawn <= funded),
  status text NOT NULL CHECK (status IN ('active', 'paused', 'depleted', 'cancelled')),
  accrued_seconds bigint NOT NULL DEFAULT 0 CHECK (accrued_seconds >= 0),
  running_since timestamptz,
  -- When the funding runs out if nothing changes: the depletion worker's queue.
  depletes_at timestamptz,
  health text NOT NULL CHECK (health IN ('healthy', 'warning', 'critical')),
  description text CHECK (length(description) <= 500),
  category text CHECK (length(category) <= 60),
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  ended_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sender_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, receiver_account_id) REFERENCES accounts (tenant_id, id),
  CHECK (sender_account_id <> receiver_account_id),
  CHECK ((status = 'active') = (running_since IS NOT NULL))
);
CREATE INDEX streams_list_idx ON streams (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX streams_sender_idx ON streams (tenant_id, sender_account_id);
CREATE INDEX streams_receiver_idx ON streams (tenant_id, receiver_account_id);
CREATE INDEX streams_due_idx ON streams (depletes_at) WHERE status = 'active';
ALTER TABLE streams ENABLE ROW LEVEL SECURITY;
ALTER TABLE streams FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON streams
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON streams TO payos_app;

CREATE TABLE stream_events (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  stream_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('created', 'paused', 'resumed', 'topped_up', 'withdrawn', 'cancelled', 'depleted', 'health_changed')),
  amount numeric(30, 8),
  data jsonb NOT NULL DEFAULT '{}',
  actor_type text NOT NULL,
  actor_id text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, stream_id) REFERENCES streams (tenant_id, id)
);
CREATE INDEX stream_events_stream_idx ON stream_events (tenant_id, stream_id, seq DESC);
ALTER TABLE stream_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE stream_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON stream_events
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON stream_events TO payos_app;
