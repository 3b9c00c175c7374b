-- Scheduled and recurring transfers. A schedule's occurrences are local dates numbered from 0
-- (next_index is the next one to run); each occurrence that runs gets one row in
-- schedule_occurrences, unique per (schedule, date) for scheduled runs, so it produces at most one
-- transfer however many runners race for it.
CREATE TABLE transfer_schedules (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'paused', 'completed', 'cancelled')),
  from_account_id uuid NOT NULL,
  to_account_id uuid,
  payment_method_id uuid,
  amount numeric(30, 8) NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  description text CHECK (length(description) <= 500),
  frequency text NOT NULL CHECK (frequency IN ('once', 'daily', 'weekly', 'biweekly', 'monthly')),
  interval_count integer NOT NULL DEFAULT 1 CHECK (interval_count BETWEEN 1 AND 365),
  day_of_week smallint CHECK (day_of_week BETWEEN 0 AND 6),
  day_of_month smallint CHECK (day_of_month BETWEEN 1 AND 31),
  start_date date NOT NULL,
  end_date date CHECK (end_date >= start_date),
  max_occurrences integer CHECK (max_occurrences BETWEEN 1 AND 10000),
  timezone text NOT NULL,
  next_index integer NOT NULL DEFAULT 0,
  next_occurrence_date date,
  next_run_at timestamptz,
  occurrences_run integer NOT NULL DEFAULT 0,
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, from_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, to_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_method_id) REFERENCES payment_methods (tenant_id, id),
  CHECK ((to_account_id IS NULL) <> (payment_method_id IS NULL)),
  CHECK ((status = 'active') = (next_run_at IS NOT NULL) OR status = 'paused')
);
CREATE INDEX transfer_schedules_list_idx ON transfer_schedules (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX transfer_schedules_account_idx ON transfer_schedules (tenant_id, from_account_id);
-- The runner's queue, across tenants.
CREATE INDEX transfer_schedules_due_idx ON transfer_schedules (next_run_at) WHERE status = 'active';
ALTER TABLE transfer_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfer_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON transfer_schedules
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON transfer_schedules TO payos_app;

CREATE TABLE schedule_occurrences (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  -- scheduled: occurrence `occurrence_date` of the rule; manual: an extra run (run-now).
  kind text NOT NULL CHECK (kind IN ('scheduled', 'manual')),
  occurrence_date date NOT NULL,
  scheduled_for timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'retrying', 'failed')),
  attempts integer NOT NULL CHECK (attempts >= 1),
  next_attempt_at timestamptz,
  last_error_code text,
  last_error_message text,
  transfer_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES transfer_schedules (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  CHECK ((status = 'retrying') = (next_attempt_at IS NOT NULL)),
  CHECK ((status = 'succeeded') = (transfer_id IS NOT NULL))
);
CREATE UNIQUE INDEX schedule_occurrences_once ON schedule_occurrences (tenant_id, schedule_id, occurrence_date) WHERE kind = 'scheduled';
CREATE INDEX schedule_occurrences_schedule_idx ON schedule_occurrences (tenant_id, schedule_id, created_at DESC, id DESC);
CREATE INDEX schedule_occurrences_retry_idx ON schedule_occurrences (next_attempt_at) WHERE status = 'retrying';
ALTER TABLE schedule_occurrences ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedule_occurrences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON schedule_occurrences
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON schedule_occurrences TO payos_app;
