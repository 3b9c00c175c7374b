-- Accounts, per-currency balances, the double-entry ledger and deposits.
-- Every balance change is one ledger transaction whose entries sum to zero per currency; entries are
-- append-only (the application role may only SELECT and INSERT them). ledger_post() is the one
-- writer of balances and entries.

CREATE TABLE accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('person', 'business', 'system')),
  -- System accounts: where money enters (funding), leaves (payouts), our revenue (fees), conversions (fx).
  system_kind text CHECK (system_kind IN ('funding', 'payouts', 'fees', 'fx')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text CHECK (email = lower(email) AND length(email) <= 254),
  country text CHECK (country ~ '^[A-Z]{2}$'),
  metadata jsonb NOT NULL DEFAULT '{}',
  verification_tier integer NOT NULL DEFAULT 0 CHECK (verification_tier BETWEEN 0 AND 3),
  verification_status text NOT NULL DEFAULT 'unverified'
    CHECK (verification_status IN ('unverified', 'pending', 'verified', 'suspended')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((type = 'system') = (system_kind IS NOT NULL))
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (tenant_id, environment, email) WHERE email IS NOT NULL AND status = 'active';
CREATE UNIQUE INDEX accounts_system_key ON accounts (tenant_id, environment, system_kind) WHERE system_kind IS NOT NULL;
CREATE INDEX accounts_list_idx ON accounts (tenant_id, environment, created_at DESC, id DESC);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON accounts
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON accounts TO payos_app;

CREATE TABLE balances (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  account_id uuid NOT NULL,
  currency text NOT NULL CHECK (currency IN ('USD', 'USDC', 'MXN', 'BRL', 'COP', 'ARS')),
  available numeric(30, 8) NOT NULL DEFAULT 0,
  pending numeric(30, 8) NOT NULL DEFAULT 0,
  in_streams numeric(30, 8) NOT NULL DEFAULT 0,
  -- Only the funding and fx system accounts mirror money outside PayOS and run negative.
  allow_negative boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, account_id, currency),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  -- The last line of defence; ledger_post() refuses earlier with a clear error.
  CHECK (allow_negative OR (available >= 0 AND pending >= 0 AND in_streams >= 0))
);
ALTER TABLE balances ENABLE ROW LEVEL SECURITY;
ALTER TABLE balances FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON balances
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, UPDATE ON balances TO payos_app;

CREATE TABLE ledger_transactions (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  reference_type text NOT NULL CHECK (length(reference_type) BETWEEN 1 AND 40),
  reference_id uuid,
  description text CHECK (length(description) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ledger_transactions_reference_idx ON ledger_transactions (tenant_id, reference_type, reference_id);
ALTER TABLE ledger_transactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_transactions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON ledger_transactions
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON ledger_transactions TO payos_app;

CREATE TABLE ledger_entries (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  -- Total order of entries (newest-first listings, running balances).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id uuid NOT NULL,
  account_id uuid NOT NULL,
  currency text NOT NULL,
  part text NOT NULL CHECK (part IN ('available', 'pending', 'in_streams')),
  amount numeric(30, 8) NOT NULL CHECK (amount <> 0),
  balance_after numeric(30, 8) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, transaction_id) REFERENCES ledger_transactions (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id, currency) REFERENCES balances (tenant_id, account_id, currency)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (tenant_id, account_id, currency, seq DESC);
CREATE INDEX ledger_entries_transaction_idx ON ledger_entries (tenant_id, transaction_id);
-- Limit usage: an account's entries in a time window.
CREATE INDEX ledger_entries_account_time_idx ON ledger_entries (tenant_id, account_id, created_at);
ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON ledger_entries
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
-- Append-only: no UPDATE, no DELETE. Corrections are new transactions.
GRANT SELECT, INSERT ON ledger_entries TO payos_app;

CREATE TABLE deposits (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  amount numeric(30, 8) NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed')),
  ledger_transaction_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, ledger_transaction_id) REFERENCES ledger_transactions (tenant_id, id)
);
CREATE INDEX deposits_list_idx ON deposits (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX deposits_account_idx ON deposits (tenant_id, account_id, created_at DESC);
ALTER TABLE deposits ENABLE ROW LEVEL SECURITY;
ALTER TABLE deposits FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON deposits
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT ON deposits TO payos_app;

-- The one writer of balances and entries. Runs as the caller (RLS applies: it can only touch the
-- current tenant environment's accounts). Entries arrive as parallel arrays (account, currency, part,
-- signed amount). Locks the affected balances in (account_id, currency) order, refuses to take a
-- non-system part below zero (SQLSTATE PY001, JSON detail) and writes balance_after per entry.
-- Three statements on the fast path: lock, apply (update + transaction + entries), done.
CREATE FUNCTION ledger_post(p_transaction_id uuid, p_reference_type text, p_reference_id uuid, p_description text,
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
END;
$$;
REVOKE ALL ON FUNCTION ledger_post(uuid, text, uuid, text, uuid[], text[], text[], numeric[], timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_post(uuid, text, uuid, text, uuid[], text[], text[], numeric[], timestamptz) TO payos_app;
