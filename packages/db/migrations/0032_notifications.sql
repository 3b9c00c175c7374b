-- Dashboard notifications (issue #20 §8): the bell. A notification is written by the same transaction
-- as the change that causes it — derived from the event that change records (a trigger on events, for
-- a fixed set of types) or, for a low balance, from the balance update itself — so it exists exactly
-- when the change committed, whatever service, worker or batch made it. Read state is per user.

CREATE TABLE notifications (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  -- Presented as ntf_ + the 32 hex digits.
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('transfer.failed', 'transfer.returned', 'approval.requested', 'review.assigned',
                                     'stream.critical', 'balance.low', 'webhook_endpoint.disabled')),
  -- NULL: the whole team; else the one user it is for (a review assigned to them).
  user_id uuid,
  object_type text NOT NULL CHECK (object_type IN ('transfer', 'schedule', 'stream', 'review', 'account', 'webhook_endpoint')),
  object_id uuid NOT NULL,
  -- What the dashboard shows besides the type (amounts as decimal strings, names, reasons): a snapshot
  -- taken when it happened, so the bell never reads the objects it points at.
  data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  -- The event it came from (none for a low balance).
  event_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notifications_list_idx ON notifications (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON notifications
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON notifications TO payos_app;

-- One user's read of one notification.
CREATE TABLE notification_reads (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  user_id uuid NOT NULL,
  notification_id uuid NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id, notification_id),
  FOREIGN KEY (tenant_id, notification_id) REFERENCES notifications (tenant_id, id)
);
ALTER TABLE notification_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON notification_reads
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON notification_reads TO payos_app;

-- "Mark all as read" in one row whatever the number of notifications: everything up to (through_at,
-- through_id) — the newest notification the user could see then — is read as of read_at.
CREATE TABLE notification_read_marks (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  user_id uuid NOT NULL,
  through_at timestamptz NOT NULL,
  through_id uuid NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, environment, user_id)
);
ALTER TABLE notification_read_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_read_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON notification_read_marks
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON notification_read_marks TO payos_app;

-- From events: runs as the writer of the event (RLS applies to a tenant's transaction; an owner's
-- cross-tenant job writes the event's own tenant and environment).
CREATE FUNCTION notify_from_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  obj json := NEW.data -> 'object';
  kind text;
  recipient uuid;
  snapshot jsonb;
BEGIN
  IF NEW.type = 'transfer.failed' THEN
    kind := 'transfer.failed';
    snapshot := jsonb_build_object('amount', obj ->> 'amount', 'currency', obj ->> 'currency',
      'recipientName', obj -> 'recipient' ->> 'name', 'reason', obj ->> 'failureReason');
  ELSIF NEW.type = 'transfer.returned' THEN
    kind := 'transfer.returned';
    snapshot := jsonb_build_object('amount', obj ->> 'amount', 'currency', obj ->> 'currency',
      'recipientName', obj -> 'recipient' ->> 'name', 'reason', obj -> 'returnDetails' ->> 'reason');
  ELSIF NEW.type IN ('transfer.created', 'schedule.created', 'stream.created') AND obj ->> 'status' = 'requires_approval' THEN
    kind := 'approval.requested';
    snapshot := jsonb_build_object('amount', coalesce(obj ->> 'amount', obj ->> 'ratePerMonth', obj ->> 'funded'),
      'currency', obj ->> 'currency', 'description', obj ->> 'description');
  ELSIF NEW.type IN ('review.assigned', 'review.created') AND json_typeof(obj -> 'assignee') = 'object' THEN
    kind := 'review.assigned';
    recipient := (obj -> 'assignee' ->> 'id')::uuid;
    snapshot := jsonb_build_object('reason', obj ->> 'reason', 'riskLevel', obj ->> 'riskLevel');
  ELSIF NEW.type = 'stream.health_changed' AND obj ->> 'health' = 'critical' THEN
    kind := 'stream.critical';
    snapshot := jsonb_build_object('description', obj ->> 'description', 'currency', obj ->> 'currency',
      'depletesAt', obj ->> 'depletesAt');
  ELSIF NEW.type = 'webhook_endpoint.disabled' THEN
    kind := 'webhook_endpoint.disabled';
    snapshot := jsonb_build_object('url', obj ->> 'url', 'reason', obj ->> 'disabledReason');
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO notifications (tenant_id, environment, id, type, user_id, object_type, object_id, data, event_id, created_at)
  VALUES (NEW.tenant_id, NEW.environment, gen_random_uuid(), kind, recipient, NEW.object_type, NEW.object_id,
          jsonb_strip_nulls(snapshot), NEW.id, NEW.created_at);
  RETURN NULL;
END $$;
-- The WHEN clause keeps every other event from calling the function at all — among them the
-- transfer.created of every transfer that needs no approval, which is on the write path of each one.
CREATE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH ROW WHEN (NEW.type IN ('transfer.failed', 'transfer.returned', 'review.assigned', 'review.created',
                                  'webhook_endpoint.disabled')
                     OR (NEW.type IN ('transfer.created', 'schedule.created', 'stream.created')
                         AND NEW.data -> 'object' ->> 'status' = 'requires_approval')
                     OR (NEW.type = 'stream.health_changed' AND NEW.data -> 'object' ->> 'health' = 'critical'))
  EXECUTE FUNCTION notify_from_event();

-- Low balance: a movement that takes a customer account's available balance in a currency from at or
-- above the tenant environment's threshold for it (settings: lowBalanceThresholds) to below it. Crossing
-- only: further movements while below notify nothing, until the balance has been back at or above.
CREATE FUNCTION notify_low_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  threshold numeric;
  account_name text;
BEGIN
  SELECT (p.policies -> 'lowBalanceThresholds' ->> NEW.currency)::numeric INTO threshold
    FROM tenant_policies p WHERE p.tenant_id = NEW.tenant_id AND p.environment = NEW.environment;
  IF threshold IS NULL OR NOT (OLD.available >= threshold AND NEW.available < threshold) THEN
    RETURN NULL;
  END IF;
  SELECT a.name INTO account_name FROM accounts a
   WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.account_id AND a.type <> 'system';
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO notifications (tenant_id, environment, id, type, user_id, object_type, object_id, data, event_id, created_at)
  VALUES (NEW.tenant_id, NEW.environment, gen_random_uuid(), 'balance.low', NULL, 'account', NEW.account_id,
          jsonb_build_object('accountName', account_name, 'currency', NEW.currency,
                             'available', NEW.available::text, 'threshold', threshold::text),
          NULL, NEW.updated_at);
  RETURN NULL;
END $$;
-- Only decreases of the funds (allow_negative: the funding and fx system accounts) reach the function.
CREATE TRIGGER balances_notify_low AFTER UPDATE OF available ON balances
  FOR EACH ROW WHEN (NEW.available < OLD.available AND NOT NEW.allow_negative)
  EXECUTE FUNCTION notify_low_balance();
