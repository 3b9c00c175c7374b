-- A transfer's terms once each (issue #20 §7): a payout whose destination amount equals its amount
-- (USDC → USD at 1) gave the same `=<amount>` term twice, and its insert failed on
-- search_terms_lookup_idx (the demo seed's first such payout stopped the API from starting).
CREATE OR REPLACE FUNCTION search_terms_of_transfer(t transfers) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT array(
      SELECT DISTINCT term FROM unnest(
        search_words(t.description)
        || search_amount_term(t.amount)
        || CASE WHEN t.destination_amount IS NULL THEN '{}'::text[] ELSE ARRAY[search_amount_term(t.destination_amount)] END
      ) AS term)
  $$;
