-- Search terms, cheaper to write and to check (issue #20 §7; 0028 made the index).
--
-- Writes: 0028 indexed each inserted row from a row-level trigger, one INSERT statement per row
-- (bench:search measured 170–260 µs per transfer, on top of ~70 µs for the transfer itself). A
-- statement-level trigger reads the statement's new rows as a transition table and inserts all their
-- terms in one statement: a group-committed batch of internal transfers pays one statement for all of
-- them (~60 µs per transfer, most of it the index entries themselves). Updates stay row-level: they are
-- rare and fire only when what an object is found by changed.
--
-- Reads: a query of several words is looked up by its rarest word, and the objects found are checked
-- for the other words against their own terms, computed again with the same functions
-- (search_matches below) — instead of intersecting each word's capped range of the index, which missed
-- an invoice number whose other word ("inv") is on every invoice.

DROP TRIGGER accounts_search_insert ON accounts;
DROP TRIGGER transfers_search_insert ON transfers;
DROP TRIGGER payment_methods_search_insert ON payment_methods;
DROP TRIGGER agents_search_insert ON agents;
DROP TRIGGER transfer_schedules_search_insert ON transfer_schedules;
DROP TRIGGER streams_search_insert ON streams;

CREATE FUNCTION accounts_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'account', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_account(n)) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION transfers_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'transfer', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_transfer(n)) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION payment_methods_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'payment_method', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_payment_method(n)) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION agents_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'agent', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_agent(n)) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION transfer_schedules_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'scheduled_transfer', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_schedule(n)) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION streams_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (tenant_id, environment, term, object_type, object_id, created_at)
  SELECT n.tenant_id, n.environment, t, 'stream', n.id, n.created_at FROM new_rows n, unnest(search_terms_of_stream(n)) AS t;
  RETURN NULL;
END $$;

CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_search_insert();
CREATE TRIGGER transfers_search_insert AFTER INSERT ON transfers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfers_search_insert();
CREATE TRIGGER payment_methods_search_insert AFTER INSERT ON payment_methods
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_methods_search_insert();
CREATE TRIGGER agents_search_insert AFTER INSERT ON agents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agents_search_insert();
CREATE TRIGGER transfer_schedules_search_insert AFTER INSERT ON transfer_schedules
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION transfer_schedules_search_insert();
CREATE TRIGGER streams_search_insert AFTER INSERT ON streams
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION streams_search_insert();

-- Whether every query word (given with its range end: the word followed by the highest character) is
-- the start of one of an object's terms.
CREATE FUNCTION search_matches(terms text[], words text[], word_ends text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT NOT EXISTS (
      SELECT 1 FROM unnest(words, word_ends) AS q (w, e)
       WHERE NOT EXISTS (
         SELECT 1 FROM unnest(terms) AS t (x) WHERE x COLLATE "C" >= q.w COLLATE "C" AND x COLLATE "C" < q.e COLLATE "C"))
  $$;
