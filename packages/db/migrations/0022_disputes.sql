-- Disputes (issue #18 §3): the sender of a completed internal transfer (the claimant) disputes it with
-- its recipient (the respondent). Opening one holds the disputed amount on the respondent (available →
-- pending) and reserves it on the transfer (refund_pending_amount), so neither a spend nor a refund can
-- take it meanwhile; resolving it refunds through a real refund or releases the hold
-- (apps/api/src/modules/disputes).
CREATE TABLE disputes (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  transfer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'under_review', 'escalated', 'resolved')),
  reason text NOT NULL CHECK (reason IN ('service_not_received', 'duplicate_charge', 'unauthorized', 'amount_incorrect', 'quality_issue', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  claimant_account_id uuid NOT NULL,
  respondent_account_id uuid NOT NULL,
  amount_disputed numeric(30, 8) NOT NULL CHECK (amount_disputed > 0),
  currency text NOT NULL,
  requested_resolution text CHECK (requested_resolution IN ('full_refund', 'partial_refund', 'credit', 'other')),
  requested_amount numeric(30, 8) CHECK (requested_amount > 0),
  -- [{type, description, url?, content?, submittedBy: claimant|respondent, submittedAt}], at most 50.
  evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array' AND jsonb_array_length(evidence) <= 50),
  respondent_response text CHECK (length(respondent_response) <= 2000),
  respondent_accepted_claim boolean,
  counter_offer jsonb,
  resolution text CHECK (resolution IN ('refund_issued', 'partial_refund', 'credit_issued', 'no_action')),
  resolution_amount numeric(30, 8) CHECK (resolution_amount >= 0),
  resolution_notes text CHECK (length(resolution_notes) <= 2000),
  refund_id uuid,
  hold_ledger_transaction_id uuid NOT NULL,
  due_at timestamptz NOT NULL,
  -- When the worker escalates it if still unresolved (tenant setting disputes.autoEscalateAfterDays at opening); null: never.
  auto_escalate_at timestamptz,
  escalated_at timestamptz,
  resolved_at timestamptz,
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  FOREIGN KEY (tenant_id, claimant_account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, respondent_account_id) REFERENCES accounts (tenant_id, id),
  CHECK ((status = 'resolved') = (resolution IS NOT NULL AND resolved_at IS NOT NULL)),
  CHECK (resolution_amount IS NULL OR resolution_amount <= amount_disputed)
);
-- One unresolved dispute per transfer, whatever the code does.
CREATE UNIQUE INDEX disputes_one_open_per_transfer ON disputes (tenant_id, transfer_id) WHERE status <> 'resolved';
CREATE INDEX disputes_list_idx ON disputes (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX disputes_claimant_idx ON disputes (tenant_id, claimant_account_id, created_at DESC);
CREATE INDEX disputes_respondent_idx ON disputes (tenant_id, respondent_account_id, created_at DESC);
-- The auto-escalation worker's queue, across tenants.
CREATE INDEX disputes_auto_escalate_idx ON disputes (auto_escalate_at) WHERE status IN ('open', 'under_review') AND auto_escalate_at IS NOT NULL;
ALTER TABLE disputes ENABLE ROW LEVEL SECURITY;
ALTER TABLE disputes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON disputes
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON disputes TO payos_app;

-- A dispute's timeline: each change, who made it and when.
CREATE TABLE dispute_events (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  dispute_id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL CHECK (type IN ('opened', 'responded', 'escalated', 'resolved')),
  status text NOT NULL CHECK (status IN ('open', 'under_review', 'escalated', 'resolved')),
  note text CHECK (length(note) <= 2000),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'agent', 'system')),
  actor_id uuid,
  actor_name text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, dispute_id) REFERENCES disputes (tenant_id, id)
);
CREATE INDEX dispute_events_dispute_idx ON dispute_events (tenant_id, dispute_id, seq);
ALTER TABLE dispute_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE dispute_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON dispute_events
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON dispute_events TO payos_app;

-- One direction only (a refund names its dispute; disputes.refund_id is a plain reference), so the two
-- tables have no cycle of keys to delete around.
ALTER TABLE refunds ADD FOREIGN KEY (tenant_id, dispute_id) REFERENCES disputes (tenant_id, id);
