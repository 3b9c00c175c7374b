-- Search (issue #20 §7, apps/api/src/modules/search): one term index over accounts, transfers, payment
-- methods, agents, scheduled transfers and streams, kept by triggers in the transaction that writes them.
--
-- Why a table of terms and not GIN indexes (pg_trgm or full-text) on the columns: requests run as
-- payos_app under FORCE ROW LEVEL SECURITY, and PostgreSQL only lets a condition of a query become an
-- index condition ahead of the policy's own if its operator is LEAKPROOF (otherwise a function could
-- reveal rows the policy hides). ILIKE (texticlike), the trigram similarity operators, full-text `@@`,
-- array containment and even numeric `=` are not leakproof, and only a superuser may mark them so
-- (managed PostgreSQL gives no superuser). Measured on PostgreSQL 15 with 100,000 transfers, as payos_app:
-- `description ILIKE '%…%'` with a gin_trgm_ops index present walked every transfer of the tenant
-- (Index Scan on transfers_list_idx, Filter, 100,000 rows removed, 30–150 ms). Text comparison (`=`,
-- `>=`, `<`) and uuid comparison are leakproof, so a B-tree over (tenant_id, environment, term) is used
-- under RLS: a word prefix is a range of terms, an amount one term, an id a range of the primary key.
--
-- Terms: the words of the searchable text (lower case, accents folded, split at spaces and punctuation,
-- at most 32 per object and 40 characters each), `=<amount>` for amounts (trailing zeros trimmed, so
-- 1250.50 and 1250.5 are one term) and a payment method's last four digits. Literal: no character of a
-- query is a wildcard. Objects that are no longer searchable (system accounts, removed payment methods,
-- deleted agents) have no terms.

CREATE TABLE search_terms (
  tenant_id uuid NOT NULL,
  environment text NOT NULL CHECK (environment IN ('test', 'live')),
  term text COLLATE "C" NOT NULL CHECK (length(term) BETWEEN 1 AND 48),
  object_type text NOT NULL
    CHECK (object_type IN ('account', 'transfer', 'payment_method', 'agent', 'scheduled_transfer', 'stream')),
  object_id uuid NOT NULL,
  -- The object's: the newest objects of a term come first in the index.
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX search_terms_lookup_idx ON search_terms (tenant_id, environment, term, created_at DESC, object_type, object_id);
ALTER TABLE search_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_environment_isolation ON search_terms
  USING (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()))
  WITH CHECK (tenant_id = (SELECT app_tenant_id()) AND environment = (SELECT app_environment()));
GRANT SELECT, INSERT, DELETE ON search_terms TO payos_app;

-- The words of a text as the index and the queries see them: lower case, the accents of Spanish and
-- Portuguese folded (explicitly, so every server locale and PGlite agree), split at whitespace and
-- punctuation. Distinct, at most 32, each cut to 40 characters.
CREATE FUNCTION search_words(value text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT coalesce(array_agg(w), '{}') FROM (
      SELECT DISTINCT left(w, 40) AS w
        FROM regexp_split_to_table(
               translate(
                 lower(regexp_replace(coalesce(value, ''), '[\u0300-\u036f]', '', 'g')),
                 'ÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑáàâãäéèêëíìîïóòôõöúùûüçñ',
                 'aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucn'),
               '[[:space:][:punct:]¡¿«»‹›—–‐‘’‚“”„…·•\u00a0]+') AS w
       WHERE w <> ''
       ORDER BY 1
       LIMIT 32) words
  $$;

-- An amount's term: `=` and the amount with trailing zeros trimmed (never a word: words hold no `=`).
CREATE FUNCTION search_amount_term(amount numeric) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '=' || trim_scale(amount)::text $$;

-- Replaces an object's terms: deletes those it no longer has, inserts the new ones. Runs as the caller
-- (under RLS: the object's tenant and environment are the transaction's).
CREATE FUNCTION search_terms_replace(
  p_tenant_id uuid, p_environment text, p_object_type text, p_object_id uuid, p_created_at timestamptz,
  p_old text[], p_new text[]
) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF cardinality(p_old) > 0 THEN
    DELETE FROM search_terms
     WHERE tenant_id = p_tenant_id AND environment = p_environment AND term = ANY (p_old)
       AND object_type = p_object_type AND object_id = p_object_id AND NOT (term = ANY (p_new));
  END IF;
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT p_tenant_id, p_environment, t, p_object_type, p_object_id, p_created_at
    FROM unnest(p_new) AS t
   WHERE NOT (t = ANY (p_old));
END $$;

-- What each kind of object is found by.
CREATE FUNCTION search_terms_of_account(a accounts) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN a.type = 'system' THEN '{}' ELSE search_words(a.name || ' ' || coalesce(a.email, '')) END $$;

CREATE FUNCTION search_terms_of_transfer(t transfers) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT search_words(t.description) || search_amount_term(t.amount)
           || CASE WHEN t.destination_amount IS NULL THEN '{}'::text[] ELSE ARRAY[search_amount_term(t.destination_amount)] END
  $$;

CREATE FUNCTION search_terms_of_payment_method(p payment_methods) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE WHEN p.status <> 'active' THEN '{}'
                ELSE search_words(concat_ws(' ', p.label, p.masked ->> 'holderName', p.rail, p.last4)) END
  $$;

CREATE FUNCTION search_terms_of_agent(g agents) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN g.status = 'deleted' THEN '{}' ELSE search_words(g.name || ' ' || coalesce(g.description, '')) END $$;

CREATE FUNCTION search_terms_of_schedule(s transfer_schedules) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT search_words(s.description) || search_amount_term(s.amount) $$;

CREATE FUNCTION search_terms_of_stream(s streams) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT search_words(concat_ws(' ', s.description, s.category)) $$;

-- One trigger function per table (a generic one would need dynamic SQL for every row written).
CREATE FUNCTION accounts_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'account', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_account(OLD) ELSE '{}' END, search_terms_of_account(NEW));
  RETURN NULL;
END $$;
CREATE FUNCTION transfers_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'transfer', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_transfer(OLD) ELSE '{}' END, search_terms_of_transfer(NEW));
  RETURN NULL;
END $$;
CREATE FUNCTION payment_methods_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'payment_method', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_payment_method(OLD) ELSE '{}' END, search_terms_of_payment_method(NEW));
  RETURN NULL;
END $$;
CREATE FUNCTION agents_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'agent', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_agent(OLD) ELSE '{}' END, search_terms_of_agent(NEW));
  RETURN NULL;
END $$;
CREATE FUNCTION transfer_schedules_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'scheduled_transfer', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_schedule(OLD) ELSE '{}' END, search_terms_of_schedule(NEW));
  RETURN NULL;
END $$;
CREATE FUNCTION streams_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_terms_replace(NEW.tenant_id, NEW.environment, 'stream', NEW.id, NEW.created_at,
    CASE WHEN TG_OP = 'UPDATE' THEN search_terms_of_stream(OLD) ELSE '{}' END, search_terms_of_stream(NEW));
  RETURN NULL;
END $$;

-- Inserts always; updates only when what the object is found by changed (status updates of transfers,
-- the hot path, do not call a function at all).
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts
  FOR EACH ROW WHEN (NEW.type <> 'system') EXECUTE FUNCTION accounts_search_index();
CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, email ON accounts
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION accounts_search_index();
CREATE TRIGGER transfers_search_insert AFTER INSERT ON transfers
  FOR EACH ROW EXECUTE FUNCTION transfers_search_index();
CREATE TRIGGER transfers_search_update AFTER UPDATE OF description, amount, destination_amount ON transfers
  FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.amount IS DISTINCT FROM NEW.amount
    OR OLD.destination_amount IS DISTINCT FROM NEW.destination_amount)
  EXECUTE FUNCTION transfers_search_index();
CREATE TRIGGER payment_methods_search_insert AFTER INSERT ON payment_methods
  FOR EACH ROW EXECUTE FUNCTION payment_methods_search_index();
CREATE TRIGGER payment_methods_search_update AFTER UPDATE OF label, masked, status ON payment_methods
  FOR EACH ROW WHEN (OLD.label IS DISTINCT FROM NEW.label OR OLD.masked IS DISTINCT FROM NEW.masked OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION payment_methods_search_index();
CREATE TRIGGER agents_search_insert AFTER INSERT ON agents
  FOR EACH ROW EXECUTE FUNCTION agents_search_index();
CREATE TRIGGER agents_search_update AFTER UPDATE OF name, description, status ON agents
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
    OR (OLD.status = 'deleted') IS DISTINCT FROM (NEW.status = 'deleted'))
  EXECUTE FUNCTION agents_search_index();
CREATE TRIGGER transfer_schedules_search_insert AFTER INSERT ON transfer_schedules
  FOR EACH ROW EXECUTE FUNCTION transfer_schedules_search_index();
CREATE TRIGGER transfer_schedules_search_update AFTER UPDATE OF description, amount ON transfer_schedules
  FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.amount IS DISTINCT FROM NEW.amount)
  EXECUTE FUNCTION transfer_schedules_search_index();
CREATE TRIGGER streams_search_insert AFTER INSERT ON streams
  FOR EACH ROW EXECUTE FUNCTION streams_search_index();
CREATE TRIGGER streams_search_update AFTER UPDATE OF description, category ON streams
  FOR EACH ROW WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.category IS DISTINCT FROM NEW.category)
  EXECUTE FUNCTION streams_search_index();

-- What exists already (migrations run as the owner, which row-level security does not restrict).
INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
SELECT a.tenant_id, a.environment, t, 'account', a.id, a.created_at FROM accounts a, unnest(search_terms_of_account(a)) t
UNION ALL
SELECT x.tenant_id, x.environment, t, 'transfer', x.id, x.created_at FROM transfers x, unnest(search_terms_of_transfer(x)) t
UNION ALL
SELECT p.tenant_id, p.environment, t, 'payment_method', p.id, p.created_at FROM payment_methods p, unnest(search_terms_of_payment_method(p)) t
UNION ALL
SELECT g.tenant_id, g.environment, t, 'agent', g.id, g.created_at FROM agents g, unnest(search_terms_of_agent(g)) t
UNION ALL
SELECT s.tenant_id, s.environment, t, 'scheduled_transfer', s.id, s.created_at FROM transfer_schedules s, unnest(search_terms_of_schedule(s)) t
UNION ALL
SELECT s.tenant_id, s.environment, t, 'stream', s.id, s.created_at FROM streams s, unnest(search_terms_of_stream(s)) t;
