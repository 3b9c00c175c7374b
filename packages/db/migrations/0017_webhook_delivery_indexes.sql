-- Webhook delivery at volume (issue #17): a claim must cost the same whatever the backlog.
--
-- The claim counts each endpoint's deliveries in flight (pending with a lease) and takes each open
-- endpoint's oldest due deliveries. With only (tenant_id, endpoint_id) indexed, both read and sort an
-- endpoint's whole backlog on every claim: 10,000 queued events made each claim scan 10,000 rows.

-- Deliveries under a lease: what is in flight (and crashed workers' leases until they are claimed again).
CREATE INDEX webhook_deliveries_leased_idx ON webhook_deliveries (tenant_id, endpoint_id, leased_until)
  WHERE status = 'pending' AND leased_until IS NOT NULL;

-- An endpoint's pending deliveries in the order they are due: a claim reads only the rows it takes.
CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (tenant_id, endpoint_id, next_attempt_at, id)
  WHERE status = 'pending';
DROP INDEX webhook_deliveries_endpoint_idx;

-- Each endpoint's cap on attempts in flight, learned from its answers (modules/webhooks/delivery.ts);
-- NULL: the starting cap. Shared by every worker, and forgotten when the URL changes.
ALTER TABLE webhook_endpoints ADD COLUMN max_in_flight integer CHECK (max_in_flight > 0);
