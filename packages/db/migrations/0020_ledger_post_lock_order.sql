-- ledger_post_many() (0014) could deadlock when a post opened a balance row: it locked the balances
-- that existed, then opened the missing one and locked them all again in order — holding a lock on a
-- later balance while waiting for an earlier one. With 100 posts into an account's first movement of
-- a currency, two met that way now and then (PostgreSQL 40P01, an error 500 to the client). Balances are
-- now opened first and locked once, in order. Everything else is as in 0014.
CREATE OR REPLACE FUNCTION ledger_post_many(p_transaction_ids uuid[], p_reference_types text[], p_reference_ids uuid[], p_descriptions text[],
                                 p_entry_transactions integer[], p_accounts uuid[], p_currencies text[], p_parts text[],
                                 p_amounts numeric[], p_created_at timestamptz)
  RETURNS void
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
AS $$
DECLARE
  v_tenant uuid := app_tenant_id();
  v_env text := app_environment();
  v_transactions integer := coalesce(cardinality(p_transaction_ids), 0);
  v_entries integer := coalesce(cardinality(p_accounts), 0);
  v_keys integer;
  v_locked integer;
  v_applied integer;
  v_applied_keys text[];
  v_short record;
BEGIN
  IF v_tenant IS NULL OR v_env IS NULL THEN
    RAISE EXCEPTION 'ledger_post: no tenant context';
  END IF;
  IF v_transactions = 0 OR v_entries = 0
     OR coalesce(cardinality(p_reference_types), 0) <> v_transactions
     OR coalesce(cardinality(p_reference_ids), 0) <> v_transactions
     OR coalesce(cardinality(p_descriptions), 0) <> v_transactions
     OR coalesce(cardinality(p_entry_transactions), 0) <> v_entries
     OR coalesce(cardinality(p_currencies), 0) <> v_entries
     OR coalesce(cardinality(p_parts), 0) <> v_entries
     OR coalesce(cardinality(p_amounts), 0) <> v_entries
     -- Plain arrays: one dimension, numbered from 1 (p_reference_types[i.txn] reads them by position).
     OR EXISTS (SELECT 1 FROM (VALUES (array_ndims(p_transaction_ids), array_lower(p_transaction_ids, 1)),
                                      (array_ndims(p_reference_types), array_lower(p_reference_types, 1)),
                                      (array_ndims(p_reference_ids), array_lower(p_reference_ids, 1)),
                                      (array_ndims(p_descriptions), array_lower(p_descriptions, 1)),
                                      (array_ndims(p_entry_transactions), array_lower(p_entry_transactions, 1)),
                                      (array_ndims(p_accounts), array_lower(p_accounts, 1)),
                                      (array_ndims(p_currencies), array_lower(p_currencies, 1)),
                                      (array_ndims(p_parts), array_lower(p_parts, 1)),
                                      (array_ndims(p_amounts), array_lower(p_amounts, 1))) AS d (ndims, lower)
                 WHERE d.ndims <> 1 OR d.lower <> 1)
     -- Every entry belongs to one of the transactions, and every transaction has entries.
     OR EXISTS (SELECT 1 FROM unnest(p_entry_transactions) AS t WHERE t IS NULL OR t < 1 OR t > v_transactions)
     OR (SELECT count(DISTINCT t) FROM unnest(p_entry_transactions) AS t) <> v_transactions THEN
    RAISE EXCEPTION 'ledger_post: entries are empty or malformed';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(p_entry_transactions, p_currencies, p_amounts) AS e (txn, currency, amount)
              GROUP BY txn, currency HAVING sum(amount) <> 0)
     -- Amounts are stored at 8 decimals: a finer one would sum to zero here and not once stored.
     -- (A currency's own scale is asserted in TypeScript: ledger.service.ts assertBalanced.)
     OR EXISTS (SELECT 1 FROM unnest(p_amounts) AS a WHERE a = 0 OR a <> round(a, 8))
     OR EXISTS (SELECT 1 FROM unnest(p_parts) AS p WHERE p NOT IN ('available', 'pending', 'in_streams')) THEN
    RAISE EXCEPTION 'ledger_post: entries do not sum to zero per currency (or carry a zero amount, an amount beyond 8 decimals or an unknown part)';
  END IF;

  SELECT count(DISTINCT (k.account_id, k.currency)) INTO v_keys FROM unnest(p_accounts, p_currencies) AS k (account_id, currency);

  -- Balances are opened before any is locked, then all are locked at once in (account, currency)
  -- order: two posts touching the same balances can never deadlock. (Opening a missing one while
  -- holding the others' locks, as 0014 did, could: a post that locked B and then waited for A — opened
  -- meanwhile by another — met one that had locked A and waited for B.) An INSERT that meets a row
  -- another transaction is opening waits for it, holding no balance lock.
  IF (SELECT count(*) FROM balances b WHERE (b.account_id, b.currency) IN (SELECT * FROM unnest(p_accounts, p_currencies))) < v_keys THEN
    IF EXISTS (SELECT 1 FROM unnest(p_accounts) AS i (account_id)
                LEFT JOIN accounts a ON a.id = i.account_id AND a.status = 'active' WHERE a.id IS NULL) THEN
      RAISE EXCEPTION USING ERRCODE = 'PY002', MESSAGE = 'ledger_post: account not found or closed';
    END IF;
    -- First movement of a currency on an account: open its balance row.
    INSERT INTO balances (tenant_id, environment, account_id, currency, allow_negative)
      SELECT DISTINCT v_tenant, v_env, k.account_id, k.currency, coalesce(a.system_kind IN ('funding', 'fx'), false)
        FROM unnest(p_accounts, p_currencies) AS k (account_id, currency) JOIN accounts a ON a.id = k.account_id
       ORDER BY 3, 4
      ON CONFLICT DO NOTHING;
  END IF;

  -- Closed accounts are not locked, so they count as missing.
  SELECT count(*) INTO v_locked FROM (
    SELECT 1 FROM balances b JOIN accounts a ON a.tenant_id = b.tenant_id AND a.id = b.account_id AND a.status = 'active'
     WHERE (b.account_id, b.currency) IN (SELECT * FROM unnest(p_accounts, p_currencies))
     ORDER BY b.account_id, b.currency
     FOR UPDATE OF b
  ) locked;
  IF v_locked < v_keys THEN
    RAISE EXCEPTION USING ERRCODE = 'PY002', MESSAGE = 'ledger_post: account not found or closed';
  END IF;

  WITH input AS (
    SELECT e.txn, e.ord, e.account_id, e.currency, e.part, e.amount
      FROM unnest(p_entry_transactions, p_accounts, p_currencies, p_parts, p_amounts) WITH ORDINALITY
           AS e (txn, account_id, currency, part, amount, ord)
  ), per_transaction AS (
    -- What each transaction does to each balance, and where that leaves it relative to the balance
    -- before the first transaction.
    SELECT account_id, currency, available, pending, in_streams,
           sum(available) OVER w AS available_after, sum(pending) OVER w AS pending_after, sum(in_streams) OVER w AS in_streams_after
      FROM (SELECT txn, account_id, currency,
                   coalesce(sum(amount) FILTER (WHERE part = 'available'), 0) AS available,
                   coalesce(sum(amount) FILTER (WHERE part = 'pending'), 0) AS pending,
                   coalesce(sum(amount) FILTER (WHERE part = 'in_streams'), 0) AS in_streams
              FROM input GROUP BY txn, account_id, currency) t
    WINDOW w AS (PARTITION BY account_id, currency ORDER BY txn)
  ), delta AS (
    -- Per balance: the total change, and the lowest point after any one transaction (a customer part
    -- must stay non-negative after every transaction, as with one ledger_post() call each).
    SELECT account_id, currency, sum(available) AS available, sum(pending) AS pending, sum(in_streams) AS in_streams,
           min(available_after) AS lowest_available, min(pending_after) AS lowest_pending, min(in_streams_after) AS lowest_in_streams
      FROM per_transaction GROUP BY account_id, currency
  ), applied AS (
    UPDATE balances b
       SET available = b.available + d.available,
           pending = b.pending + d.pending,
           in_streams = b.in_streams + d.in_streams,
           updated_at = p_created_at
      FROM delta d
     WHERE b.account_id = d.account_id AND b.currency = d.currency
       AND (b.allow_negative
            OR (b.available + d.lowest_available >= 0 AND b.pending + d.lowest_pending >= 0 AND b.in_streams + d.lowest_in_streams >= 0))
    RETURNING b.account_id, b.currency, b.available - d.available AS available_before,
              b.pending - d.pending AS pending_before, b.in_streams - d.in_streams AS in_streams_before
  ), headers AS (
    INSERT INTO ledger_transactions (tenant_id, environment, id, reference_type, reference_id, description, created_at)
    SELECT v_tenant, v_env, t.id, t.reference_type, t.reference_id, t.description, p_created_at
      FROM unnest(p_transaction_ids, p_reference_types, p_reference_ids, p_descriptions) WITH ORDINALITY
           AS t (id, reference_type, reference_id, description, txn)
     ORDER BY t.txn
  ), entries AS (
    INSERT INTO ledger_entries (tenant_id, environment, id, transaction_id, account_id, currency, part, amount, balance_after, created_at)
    SELECT v_tenant, v_env, gen_random_uuid(), p_transaction_ids[i.txn], i.account_id, i.currency, i.part, i.amount,
           CASE i.part WHEN 'available' THEN a.available_before WHEN 'pending' THEN a.pending_before ELSE a.in_streams_before END
             + sum(i.amount) OVER (PARTITION BY i.account_id, i.currency, i.part ORDER BY i.txn, i.ord),
           p_created_at
      FROM input i JOIN applied a ON a.account_id = i.account_id AND a.currency = i.currency
     ORDER BY i.txn, i.ord
  )
  SELECT count(*), array_agg(a.account_id::text || '|' || a.currency) INTO v_applied, v_applied_keys FROM applied a;

  IF v_applied < v_keys THEN
    -- Some balance would go below zero: report the first transaction, in order, that takes it there,
    -- among the balances left unchanged (the whole transaction rolls back).
    SELECT d.account_id, d.currency, d.part, d.current_value, -d.delta AS required INTO v_short
      FROM (
        SELECT r.txn, r.account_id, r.currency, r.part, r.delta,
               CASE r.part WHEN 'available' THEN b.available WHEN 'pending' THEN b.pending ELSE b.in_streams END
                 + coalesce(sum(r.delta) OVER (PARTITION BY r.account_id, r.currency, r.part ORDER BY r.txn
                                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS current_value
          FROM (SELECT i.txn, i.account_id, i.currency, i.part, sum(i.amount) AS delta
                  FROM unnest(p_entry_transactions, p_accounts, p_currencies, p_parts, p_amounts) AS i (txn, account_id, currency, part, amount)
                 GROUP BY i.txn, i.account_id, i.currency, i.part) r
          JOIN balances b ON b.account_id = r.account_id AND b.currency = r.currency
         WHERE NOT b.allow_negative AND (r.account_id::text || '|' || r.currency) <> ALL (coalesce(v_applied_keys, '{}'))
      ) d
     WHERE d.current_value + d.delta < 0
     ORDER BY d.txn, d.account_id, d.currency, d.part
     LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = 'PY001', MESSAGE = 'insufficient_funds',
      DETAIL = json_build_object('accountId', v_short.account_id, 'currency', v_short.currency, 'part', v_short.part,
                                 'available', v_short.current_value, 'required', v_short.required)::text;
  END IF;

  -- Limit usage (docs/MONEY.md, Limits), in the same transaction as the entries: every counted
  -- available entry adds -amount to its account's hour. All entries share one hour; the rows are
  -- upserted in (account_id, currency, hour) order, after the balances were locked in that order.
  INSERT INTO limit_usage AS u (tenant_id, environment, account_id, currency, hour, amount, entries)
  SELECT v_tenant, v_env, i.account_id, i.currency, date_trunc('hour', p_created_at, 'UTC'),
         sum(-i.amount::numeric(30, 8)), count(*)
    FROM unnest(p_entry_transactions, p_accounts, p_currencies, p_parts, p_amounts) AS i (txn, account_id, currency, part, amount)
   WHERE i.part = 'available' AND sign(i.amount) = limit_usage_direction(p_reference_types[i.txn])
   GROUP BY i.account_id, i.currency
   ORDER BY i.account_id, i.currency
  ON CONFLICT (tenant_id, account_id, hour, currency)
    DO UPDATE SET amount = u.amount + excluded.amount, entries = u.entries + excluded.entries;
END;
$$;
REVOKE ALL ON FUNCTION ledger_post_many(uuid[], text[], uuid[], text[], integer[], uuid[], text[], text[], numeric[], timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_post_many(uuid[], text[], uuid[], text[], integer[], uuid[], text[], text[], numeric[], timestamptz) TO payos_app;

