-- The event log (issue #17): one row per state change of a business object, written in the same
-- transaction as the change (apps/api/src/modules/events). Append-only for the application; kept at
-- least 30 days (nothing deletes events today).
CREATE TABLE events (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  -- Presented as evt_ + the 32 hex digits.
  id uuid NOT NULL,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' AND length(type) <= 80),
  object_type text NOT NULL CHECK (object_type ~ '^[a-z][a-z0-9_]*$' AND length(object_type) <= 40),
  object_id uuid NOT NULL,
  -- Per object, from event_sequences: strictly increasing in commit order.
  sequence bigint NOT NULL CHECK (sequence > 0),
  -- {object, previousAttributes?}: the object as the API presents it. json, not jsonb: the text is
  -- kept as written, so GET /v1/events/{id} and the webhook body show the object's fields in the
  -- order the API returns them.
  data json NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, object_id, sequence)
);
CREATE INDEX events_list_idx ON events (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON events
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON events TO payos_app;

-- The last sequence given to each object's events. The writer upserts it (ON CONFLICT DO UPDATE), so
-- two transactions recording events of one object serialize on this row: the second waits until the
-- first commits and then takes the next number — sequence order is commit order. Rows outlive the
-- events they numbered, so a sequence never restarts.
CREATE TABLE event_sequences (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  object_id uuid NOT NULL,
  last_sequence bigint NOT NULL CHECK (last_sequence > 0),
  PRIMARY KEY (tenant_id, object_id)
);
ALTER TABLE event_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON event_sequences
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON event_sequences TO payos_app;
