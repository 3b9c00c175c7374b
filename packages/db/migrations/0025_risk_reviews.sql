-- Risk rules and the review queue (issue #19 §2, apps/api/src/modules/risk and modules/reviews).
-- Built-in rules look at a transfer before it is written: `flag` lets it pass and opens a review item,
-- `review` creates it in `requires_review` (held) with a review item that approves or rejects it,
-- `block` refuses it and leaves one refusal record (a review item in status `blocked`, no transfer).
-- Review items are also the original's compliance flags: people open them by hand on an account or a
-- transfer.

-- What a tenant changed of the built-in rules in one environment (only that: read merged over the
-- defaults, which enable every rule in live and none in test).
CREATE TABLE risk_rule_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  overrides jsonb NOT NULL CHECK (jsonb_typeof(overrides) = 'object'),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, environment)
);
ALTER TABLE risk_rule_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE risk_rule_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON risk_rule_settings
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON risk_rule_settings TO payos_app;

CREATE TABLE review_items (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  -- `rule`: opened by a risk rule (rule_id, action); `manual`: a person's flag.
  source text NOT NULL CHECK (source IN ('rule', 'manual')),
  rule_id text CHECK (rule_id IN ('velocity', 'amount_threshold', 'new_beneficiary', 'new_corridor', 'new_account',
                                  'beneficiary_name_mismatch', 'structuring')),
  -- `review`: the item holds its transfer (requires_review) until it is approved or rejected.
  action text CHECK (action IN ('review', 'flag', 'block')),
  risk_level text NOT NULL CHECK (risk_level IN ('low', 'medium', 'high', 'critical')),
  status text NOT NULL CHECK (status IN ('open', 'in_review', 'escalated', 'approved', 'rejected', 'dismissed', 'blocked')),
  account_id uuid,
  transfer_id uuid,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 2000),
  -- What the rule saw (its figures, the transfer it looked at, every rule that fired): fixed at creation.
  evidence jsonb NOT NULL CHECK (jsonb_typeof(evidence) = 'object'),
  assignee_id uuid,
  assignee_name text,
  due_at timestamptz NOT NULL,
  escalated_at timestamptz,
  resolved_at timestamptz,
  resolved_by_id uuid,
  resolved_by_name text,
  resolution_note text CHECK (length(resolution_note) <= 1000),
  created_by_type text NOT NULL CHECK (created_by_type IN ('user', 'api_key', 'agent', 'system')),
  created_by_id uuid,
  created_by_name text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  CHECK (account_id IS NOT NULL OR transfer_id IS NOT NULL),
  CHECK ((source = 'rule') = (rule_id IS NOT NULL) AND (rule_id IS NULL) = (action IS NULL)),
  -- A refusal record is a blocked rule's, and names no transfer (none was written).
  CHECK ((status = 'blocked') = (action IS NOT DISTINCT FROM 'block')),
  CHECK (status <> 'blocked' OR transfer_id IS NULL),
  CHECK (action IS DISTINCT FROM 'review' OR transfer_id IS NOT NULL),
  CHECK ((status IN ('approved', 'rejected', 'dismissed', 'blocked')) = (resolved_at IS NOT NULL))
);
CREATE INDEX review_items_list_idx ON review_items (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX review_items_transfer_idx ON review_items (tenant_id, transfer_id) WHERE transfer_id IS NOT NULL;
CREATE INDEX review_items_account_idx ON review_items (tenant_id, account_id, created_at DESC) WHERE account_id IS NOT NULL;
-- The queue still to work through (stats, overdue).
CREATE INDEX review_items_active_idx ON review_items (tenant_id, environment, due_at) WHERE status IN ('open', 'in_review', 'escalated');
ALTER TABLE review_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON review_items
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON review_items TO payos_app;

-- Reviewers' notes on an item, append-only.
CREATE TABLE review_notes (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  -- The order notes were written in (several can share an instant).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  review_id uuid NOT NULL,
  author_id uuid NOT NULL,
  author_name text NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, review_id) REFERENCES review_items (tenant_id, id)
);
CREATE INDEX review_notes_review_idx ON review_notes (tenant_id, review_id, seq);
ALTER TABLE review_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON review_notes
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON review_notes TO payos_app;

-- The new-corridor rule asks "has this account paid out into this currency before?" per payout.
CREATE INDEX transfers_corridor_idx ON transfers (tenant_id, from_account_id, destination_currency) WHERE type = 'payout';
