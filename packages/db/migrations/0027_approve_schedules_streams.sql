-- Approval at creation for schedules and streams (issue #19 §1): a schedule or stream whose initiator
-- and amount match an approval policy is created in `requires_approval` and waits for the same N
-- distinct approvers a transfer would. A schedule waiting has no next run; a stream waiting holds its
-- funding in in_streams but does not flow. A denial or 72 h without a decision ends it (`denied` /
-- `expired`; a stream's funding goes back to the sender). Runs of an approved schedule are not asked again.
ALTER TABLE approval_requests ADD COLUMN object_type text NOT NULL DEFAULT 'transfer'
  CHECK (object_type IN ('transfer', 'schedule', 'stream'));
ALTER TABLE approval_requests ALTER COLUMN transfer_id DROP NOT NULL;
ALTER TABLE approval_requests ADD COLUMN schedule_id uuid;
ALTER TABLE approval_requests ADD COLUMN stream_id uuid;
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_object_check CHECK (
  (object_type = 'transfer' AND transfer_id IS NOT NULL AND schedule_id IS NULL AND stream_id IS NULL) OR
  (object_type = 'schedule' AND transfer_id IS NULL AND schedule_id IS NOT NULL AND stream_id IS NULL) OR
  (object_type = 'stream' AND transfer_id IS NULL AND schedule_id IS NULL AND stream_id IS NOT NULL));
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_schedule_fk
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES transfer_schedules (tenant_id, id);
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_stream_fk
  FOREIGN KEY (tenant_id, stream_id) REFERENCES streams (tenant_id, id);
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_schedule_key UNIQUE (tenant_id, schedule_id);
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_stream_key UNIQUE (tenant_id, stream_id);

-- When its approval came: the runs of an approved schedule are not matched against the policies again.
ALTER TABLE transfer_schedules ADD COLUMN approved_at timestamptz;
-- Travel rule data a payout schedule's runs carry (issue #19 §3), as transfers.travel_rule.
ALTER TABLE transfer_schedules ADD COLUMN travel_rule jsonb;
ALTER TABLE transfer_schedules DROP CONSTRAINT transfer_schedules_status_check;
ALTER TABLE transfer_schedules ADD CONSTRAINT transfer_schedules_status_check
  CHECK (status IN ('requires_approval', 'active', 'paused', 'completed', 'cancelled', 'denied', 'expired'));

ALTER TABLE streams DROP CONSTRAINT streams_status_check;
ALTER TABLE streams ADD CONSTRAINT streams_status_check
  CHECK (status IN ('requires_approval', 'active', 'paused', 'depleted', 'cancelled', 'denied', 'expired'));

ALTER TABLE stream_events DROP CONSTRAINT stream_events_type_check;
ALTER TABLE stream_events ADD CONSTRAINT stream_events_type_check
  CHECK (type IN ('created', 'approved', 'denied', 'expired', 'paused', 'resumed', 'topped_up', 'withdrawn', 'cancelled', 'depleted',
                  'health_changed'));

-- Who holds an agent's token: whoever created the agent or last rotated its token (a user, or an API
-- key — then the key's creator). Like an API key's creator, that person is the agent for maker-checker:
-- they never approve what the agent starts. Null for agents from before this column.
ALTER TABLE agents ADD COLUMN token_issued_to_type text CHECK (token_issued_to_type IN ('user', 'api_key'));
ALTER TABLE agents ADD COLUMN token_issued_to_id uuid;
