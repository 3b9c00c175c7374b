-- Maker-checker approvals (issue #19 §1): a transfer that matches an approval policy is created in
-- `requires_approval`, its amount + fees held on the sender (available → pending, as a payout's hold),
-- and waits for N distinct users of the policy's role. The last approval moves it on (a payout to
-- `pending` and the settlement worker, an internal transfer to `completed`); a deny or 72 h without a
-- decision voids the hold (`denied` / `expired`) (apps/api/src/modules/approvals).
ALTER TABLE transfers DROP CONSTRAINT transfers_status_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_status_check
  CHECK (status IN ('requires_approval', 'pending', 'processing', 'completed', 'failed', 'cancelled', 'returned', 'denied', 'expired'));

CREATE TABLE approval_policies (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  applies_to text NOT NULL CHECK (applies_to IN ('payout', 'internal', 'all')),
  -- In USD: a transfer's amount converted at the mid rate (USD and USDC at par), as limits convert.
  amount_gte numeric(30, 8) NOT NULL CHECK (amount_gte >= 0),
  initiator_types text[] NOT NULL
    CHECK (cardinality(initiator_types) BETWEEN 1 AND 3 AND initiator_types <@ ARRAY['user', 'api_key', 'agent']),
  required_approvals smallint NOT NULL CHECK (required_approvals BETWEEN 1 AND 3),
  approver_role text NOT NULL CHECK (approver_role IN ('admin', 'owner')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX approval_policies_list_idx ON approval_policies (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE approval_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE approval_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON approval_policies
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE, DELETE ON approval_policies TO payos_app;

-- One per transfer that needed approval. The policy is copied (id, name, how many approvals of which
-- role): editing or deleting a policy changes what future transfers need, never what a waiting one does.
CREATE TABLE approval_requests (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  transfer_id uuid NOT NULL,
  policy_id uuid NOT NULL,
  policy_name text NOT NULL,
  required_approvals smallint NOT NULL CHECK (required_approvals BETWEEN 1 AND 3),
  approver_role text NOT NULL CHECK (approver_role IN ('admin', 'owner')),
  -- The transfer's amount in USD when it was created (what the policy was matched on).
  amount_usd numeric(30, 8) NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
  initiated_by_type text NOT NULL CHECK (initiated_by_type IN ('user', 'api_key', 'agent', 'system')),
  initiated_by_id uuid,
  initiated_by_name text,
  expires_at timestamptz NOT NULL,
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, transfer_id),
  FOREIGN KEY (tenant_id, transfer_id) REFERENCES transfers (tenant_id, id),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX approval_requests_list_idx ON approval_requests (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX approval_requests_pending_idx ON approval_requests (tenant_id, environment, created_at DESC, id DESC) WHERE status = 'pending';
-- The expiry worker's queue, across tenants.
CREATE INDEX approval_requests_expiry_idx ON approval_requests (expires_at) WHERE status = 'pending';
ALTER TABLE approval_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE approval_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON approval_requests
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON approval_requests TO payos_app;

-- Each user's decision on a request: one per user (the key), so N approvals are N distinct people
-- whatever the code or the timing does.
CREATE TABLE approval_decisions (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  request_id uuid NOT NULL,
  user_id uuid NOT NULL,
  user_name text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approved', 'denied')),
  reason text CHECK (length(reason) <= 500),
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, request_id, user_id),
  FOREIGN KEY (tenant_id, request_id) REFERENCES approval_requests (tenant_id, id),
  CHECK (decision = 'approved' OR reason IS NOT NULL)
);
ALTER TABLE approval_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE approval_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON approval_decisions
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON approval_decisions TO payos_app;
