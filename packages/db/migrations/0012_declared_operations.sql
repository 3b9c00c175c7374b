-- Idempotency is per caller (SPEC §8): a stored response belongs to the credential that produced it
-- and to the operation (method + path) it answered. Anyone else presenting the key is refused.
-- Rows written before this migration have no owner and are treated as belonging to nobody.
ALTER TABLE idempotency_keys ADD COLUMN actor_kind text CHECK (actor_kind IN ('user', 'api_key', 'agent'));
ALTER TABLE idempotency_keys ADD COLUMN actor_id uuid;
ALTER TABLE idempotency_keys ADD COLUMN method text CHECK (length(method) <= 10);
ALTER TABLE idempotency_keys ADD COLUMN path text CHECK (length(path) <= 300);

-- Actions that need a justification in live (verification) record it next to the actor.
ALTER TABLE audit_events ADD COLUMN reason text CHECK (length(reason) BETWEEN 1 AND 500);
