-- Search terms computed by PL/pgSQL (issue #20 §7): a SQL function whose body cannot be inlined (a
-- FROM clause, a sub-select) is planned again by every statement that calls it, so each single-row
-- insert (a payout) re-planned search_words and search_terms_of_transfer — measured at ~0.9 ms on top
-- of a ~0.25 ms transfer insert. PL/pgSQL keeps its statements' plans for the session: ~0.4 ms.
-- Same bodies, same results.
CREATE OR REPLACE FUNCTION search_words(value text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  RETURN (
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
       LIMIT 32) words);
END $$;

CREATE OR REPLACE FUNCTION search_terms_of_transfer(t transfers) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE
  AS $$
BEGIN
  RETURN array(
    SELECT DISTINCT term FROM unnest(
      search_words(t.description)
      || search_amount_term(t.amount)
      || CASE WHEN t.destination_amount IS NULL THEN '{}'::text[] ELSE ARRAY[search_amount_term(t.destination_amount)] END
    ) AS term);
END $$;
