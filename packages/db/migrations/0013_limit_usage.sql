-- Limit usage counters: what each account sent, per currency and UTC hour, kept by ledger_post() in the
-- same transaction as the entries, so a limit check reads at most 720 hourly rows per currency plus the
-- entries of one partial hour at each end of a window, whatever the account's history
-- (docs/MONEY.md, Limits; modules/limits/limits.repo.ts). The counters always equal what the entries
-- say; `npm run ledger:verify` recomputes them (usage_mismatch) and limit_usage_rebuild() rewrites them.

-- Which entries count, the one definition (the limit check, the counters, the backfill and the
-- verification all use it): the sign of the available entries of a ledger transaction of this
-- reference type that count toward usage. -1: its debits are money sent out (transfers, payout
-- holds, stream funding and top-ups); 1: its credits give a send back (voided holds, stream refunds);
-- NULL: nothing counts. A counted entry adds -amount to usage. Inlined by the planner (plain SQL).
CREATE FUNCTION limit_usage_direction(p_reference_type text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
             WHEN p_reference_type IN ('transfer', 'transfer_hold', 'stream_funding', 'stream_top_up') THEN -1
             WHEN p_reference_type IN ('transfer_void', 'stream_refund') THEN 1
           END
  $$;

CREATE TABLE limit_usage (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  account_id uuid NOT NULL,
  currency text NOT NULL,
  -- The UTC hour the counted entries were created in: date_trunc('hour', created_at, 'UTC').
  hour timestamptz NOT NULL CHECK (hour = date_trunc('hour', hour, 'UTC')),
  -- The sum of -amount of the counted entries (negative when more was given back than sent), at the
  -- entries' scale (8), so sums of counters read exactly like sums of entries.
  amount numeric NOT NULL,
  -- How many entries were counted: a currency with counted entries in a window takes part in the
  -- limit check (its rate is asked for) even when they add up to zero, as it did before the counters.
  entries integer NOT NULL CHECK (entries > 0),
  -- hour before currency: a window is one range scan per account.
  PRIMARY KEY (tenant_id, account_id, hour, currency),
  FOREIGN KEY (tenant_id, account_id, currency) REFERENCES balances (tenant_id, account_id, currency)
);
ALTER TABLE limit_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE limit_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON limit_usage
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
-- Written only through ledger_post() (an upsert); never deleted by the application.
GRANT SELECT, INSERT, UPDATE ON limit_usage TO payos_app;

-- The one writer of balances, entries and limit usage. Everything as in 0002, plus the limit_usage upsert
-- at the end.
CREATE OR REPLACE FUNCTION ledger_post(p_transaction_id uuid, p_reference_type text, p_reference_id uuid, p_description text,
                            p_accounts uuid[], p_currencies text[], p_parts text[], p_amounts numeric[],
                            p_created_at timestamptz)
  RETURNS void
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_tenant uuid := app_tenant_id();
  v_env text := app_environment();
  v_keys integer;
  v_locked integer;
  v_applied integer;
  v_short record;
BEGIN
  IF v_tenant IS NULL OR v_env IS NULL THEN
    RAISE EXCEPTION 'ledger_post: no tenant context';
  END IF;
  IF coalesce(cardinality(p_accounts), 0) = 0
     OR cardinality(p_currencies) <> cardinality(p_accounts)
     OR cardinality(p_parts) <> cardinality(p_accounts)
     OR cardinality(p_amounts) <> cardinality(p_accounts) THEN
    RAISE EXCEPTION 'ledger_post: entries are empty or malformed';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_currencies, p_amounts) AS e (currency, amount) GROUP BY currency HAVING sum(amount) <> 0)
     OR EXISTS (SELECT 1 FROM unnest(p_amounts) AS a WHERE a = 0)
     OR EXISTS (SELECT 1 FROM unnest(p_parts) AS p WHERE p NOT IN ('available', 'pending', 'in_streams')) THEN
    RAISE EXCEPTION 'ledger_post: entries do not sum to zero per currency (or carry a zero amount or unknown part)';
  END IF;

  SELECT count(DISTINCT (k.account_id, k.currency)) INTO v_keys FROM unnest(p_accounts, p_currencies) AS k (account_id, currency);

  -- Fixed lock order: two posts touching the same balances can never deadlock. Closed accounts are
  -- not locked, so they count as missing.
  SELECT count(*) INTO v_locked FROM (
    SELECT 1 FROM balances b JOIN accounts a ON a.tenant_id = b.tenant_id AND a.id = b.account_id AND a.status = 'active'
     WHERE (b.account_id, b.currency) IN (SELECT * FROM unnest(p_accounts, p_currencies))
     ORDER BY b.account_id, b.currency
     FOR UPDATE OF b
  ) locked;

  IF v_locked < v_keys THEN
    -- First movement of a currency on an account: open its balance row, then lock again.
    IF EXISTS (SELECT 1 FROM unnest(p_accounts) AS i (account_id)
                LEFT JOIN accounts a ON a.id = i.account_id AND a.status = 'active' WHERE a.id IS NULL) THEN
      RAISE EXCEPTION USING ERRCODE = 'PY002', MESSAGE = 'ledger_post: account not found or closed';
    END IF;
    INSERT INTO balances (tenant_id, environment, account_id, currency, allow_negative)
      SELECT DISTINCT v_tenant, v_env, k.account_id, k.currency, coalesce(a.system_kind IN ('funding', 'fx'), false)
        FROM unnest(p_accounts, p_currencies) AS k (account_id, currency) JOIN accounts a ON a.id = k.account_id
       ORDER BY 3, 4
      ON CONFLICT DO NOTHING;
    PERFORM 1 FROM balances b
     WHERE (b.account_id, b.currency) IN (SELECT * FROM unnest(p_accounts, p_currencies))
     ORDER BY b.account_id, b.currency
     FOR UPDATE;
  END IF;

  WITH input AS (
    SELECT e.ord, e.account_id, e.currency, e.part, e.amount
      FROM unnest(p_accounts, p_currencies, p_parts, p_amounts) WITH ORDINALITY AS e (account_id, currency, part, amount, ord)
  ), delta AS (
    SELECT account_id, currency,
           coalesce(sum(amount) FILTER (WHERE part = 'available'), 0) AS available,
           coalesce(sum(amount) FILTER (WHERE part = 'pending'), 0) AS pending,
           coalesce(sum(amount) FILTER (WHERE part = 'in_streams'), 0) AS in_streams
      FROM input GROUP BY account_id, currency
  ), applied AS (
    UPDATE balances b
       SET available = b.available + d.available,
           pending = b.pending + d.pending,
           in_streams = b.in_streams + d.in_streams,
           updated_at = p_created_at
      FROM delta d
     WHERE b.account_id = d.account_id AND b.currency = d.currency
       AND (b.allow_negative OR (b.available + d.available >= 0 AND b.pending + d.pending >= 0 AND b.in_streams + d.in_streams >= 0))
    RETURNING b.account_id, b.currency, b.available - d.available AS available_before,
              b.pending - d.pending AS pending_before, b.in_streams - d.in_streams AS in_streams_before
  ), header AS (
    INSERT INTO ledger_transactions (tenant_id, environment, id, reference_type, reference_id, description, created_at)
    VALUES (v_tenant, v_env, p_transaction_id, p_reference_type, p_reference_id, p_description, p_created_at)
    RETURNING id
  ), entries AS (
    INSERT INTO ledger_entries (tenant_id, environment, id, transaction_id, account_id, currency, part, amount, balance_after, created_at)
    SELECT v_tenant, v_env, gen_random_uuid(), (SELECT id FROM header), i.account_id, i.currency, i.part, i.amount,
           CASE i.part WHEN 'available' THEN a.available_before WHEN 'pending' THEN a.pending_before ELSE a.in_streams_before END
             + sum(i.amount) OVER (PARTITION BY i.account_id, i.currency, i.part ORDER BY i.ord),
           p_created_at
      FROM input i JOIN applied a ON a.account_id = i.account_id AND a.currency = i.currency
     ORDER BY i.ord
  )
  SELECT count(*) INTO v_applied FROM applied;

  IF v_applied < v_keys THEN
    -- Some balance would go below zero: report the first one (the whole transaction rolls back).
    SELECT d.account_id, d.currency, d.part, d.current_value, -d.delta AS required INTO v_short
      FROM (
        SELECT i.account_id, i.currency, i.part, sum(i.amount) AS delta,
               CASE i.part WHEN 'available' THEN b.available WHEN 'pending' THEN b.pending ELSE b.in_streams END AS current_value
          FROM unnest(p_accounts, p_currencies, p_parts, p_amounts) AS i (account_id, currency, part, amount)
          JOIN balances b ON b.account_id = i.account_id AND b.currency = i.currency
         WHERE NOT b.allow_negative
         GROUP BY i.account_id, i.currency, i.part, b.available, b.pending, b.in_streams
      ) d
     WHERE d.current_value + d.delta < 0
     ORDER BY d.account_id, d.currency, d.part
     LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = 'PY001', MESSAGE = 'insufficient_funds',
      DETAIL = json_build_object('accountId', v_short.account_id, 'currency', v_short.currency, 'part', v_short.part,
                                 'available', v_short.current_value, 'required', v_short.required)::text;
  END IF;

  -- Limit usage (docs/MONEY.md, Limits), in the same transaction as the entries: every counted
  -- available entry adds -amount to its account's hour. All entries of a post share one hour; the rows
  -- are upserted in (account_id, currency, hour) order, after the balances were locked in that order.
  IF limit_usage_direction(p_reference_type) IS NOT NULL THEN
    INSERT INTO limit_usage AS u (tenant_id, environment, account_id, currency, hour, amount, entries)
    SELECT v_tenant, v_env, i.account_id, i.currency, date_trunc('hour', p_created_at, 'UTC'),
           sum(-i.amount::numeric(30, 8)), count(*)
      FROM unnest(p_accounts, p_currencies, p_parts, p_amounts) AS i (account_id, currency, part, amount)
     WHERE i.part = 'available' AND sign(i.amount) = limit_usage_direction(p_reference_type)
     GROUP BY i.account_id, i.currency
     ORDER BY i.account_id, i.currency
    ON CONFLICT (tenant_id, account_id, hour, currency)
      DO UPDATE SET amount = u.amount + excluded.amount, entries = u.entries + excluded.entries;
  END IF;
END;
$$;
REVOKE ALL ON FUNCTION ledger_post(uuid, text, uuid, text, uuid[], text[], text[], numeric[], timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_post(uuid, text, uuid, text, uuid[], text[], text[], numeric[], timestamptz) TO payos_app;

-- Rewrites every visible counter from the ledger entries (as the owner: all tenants) and returns how
-- many rows it wrote. The backfill below; also the repair after `npm run ledger:verify` reports a
-- usage_mismatch. Blocks ledger writes until the caller's transaction ends (SHARE lock on the entries),
-- so no post lands between the recount and the commit. Owner only.
CREATE FUNCTION limit_usage_rebuild() RETURNS integer
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_written integer;
BEGIN
  LOCK TABLE ledger_entries, limit_usage IN SHARE MODE;
  DELETE FROM limit_usage;
  INSERT INTO limit_usage (tenant_id, environment, account_id, currency, hour, amount, entries)
  SELECT e.tenant_id, e.environment, e.account_id, e.currency, date_trunc('hour', e.created_at, 'UTC'), sum(-e.amount), count(*)
    FROM ledger_entries e
    JOIN ledger_transactions t ON t.tenant_id = e.tenant_id AND t.id = e.transaction_id
   WHERE e.part = 'available' AND sign(e.amount) = limit_usage_direction(t.reference_type)
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 1, 3, 5, 4;
  GET DIAGNOSTICS v_written = ROW_COUNT;
  RETURN v_written;
END;
$$;
REVOKE ALL ON FUNCTION limit_usage_rebuild() FROM PUBLIC;

-- Backfill. A deployment applies migrations before it serves; a post still running on the old
-- ledger_post() while this commits would be missing from the counters, and ledger:verify would say so.
SELECT limit_usage_rebuild();
