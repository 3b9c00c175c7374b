import type { SearchResultType } from '@payos/contracts';
import type { Queryable } from '@payos/db';

export type SearchRow = {
  type: SearchResultType;
  id: string;
  title: string;
  subtitle: string | null;
  amount: string | null;
  currency: string | null;
  status: string | null;
  account_id: string | null;
  created_at: Date;
  /** Found by its id (exact or prefix): listed before the objects found by words or amount. */
  by_id: boolean;
};

export type SearchTerms = {
  /** The query as typed (trimmed): the database splits it into words as it split the objects' text. */
  text: string;
  /** `=<amount>` terms (trailing zeros trimmed), one per reading of the query as an amount; none if it is not one. */
  amountTerms: string[];
  /** With an amount: only objects in this currency (or paying out in it). */
  currency: string | null;
  /** An id prefix as the range of ids it covers (both ends included); null if the query is no id prefix. */
  idRange: { low: string; high: string } | null;
  /** The most results of each type to return (the caller asks one more to know whether there are more). */
  perType: number;
};

/**
 * How many index entries the rarest query word may read, in index order (each term it is a prefix of,
 * newest objects first): bounds the cost of a common word or a one-letter prefix in a tenant with
 * millions of objects. A word that is whole finds its newest objects; a short prefix of many words finds
 * objects of the first of them (type more to narrow). The newest DRIVER_OBJECTS of each type are checked.
 */
export const TERM_SCAN_LIMIT = 2_000;
/** The most objects of each type the rarest query word (or an amount) brings to be checked. */
export const DRIVER_OBJECTS = 500;
/** The most words of a query that count (the rest are ignored). */
export const MAX_QUERY_WORDS = 5;

/**
 * One statement. The query's words are looked up by the rarest one (each word's entries counted up to
 * DRIVER_OBJECTS), a range of search_terms; the objects it finds are checked for every word against
 * their own terms (search_matches). Amount terms and id ranges are exact lookups. All of it is B-tree
 * comparisons of text and uuids, which row-level security lets the planner use as index conditions
 * (migration 0028 says why nothing else can be). Per type, the candidates are read newest first and
 * joined one by one to their rows, so a common word stops after `perType` objects. Every table is read
 * under the caller's tenant and environment (RLS).
 */
export function search(tx: Queryable, terms: SearchTerms): Promise<SearchRow[]> {
  return tx.query<SearchRow>(
    `WITH words AS (
       SELECT w, w || chr(1114111) AS w_end, n FROM unnest((search_words($1))[1:${MAX_QUERY_WORDS}]) WITH ORDINALITY AS u (w, n)
     ),
     query_words AS (
       SELECT coalesce(array_agg(w ORDER BY n), '{}') AS ws, coalesce(array_agg(w_end ORDER BY n), '{}') AS wes FROM words
     ),
     driver AS (
       SELECT w, w_end FROM words
        ORDER BY (SELECT count(*) FROM (SELECT 1 FROM search_terms
                                          WHERE term >= words.w COLLATE "C" AND term < words.w_end COLLATE "C"
                                          ORDER BY term LIMIT ${DRIVER_OBJECTS}) x),
                 length(w) DESC, n
        LIMIT 1
     ),
     word_hits AS (
       SELECT object_type, object_id, max(created_at) AS created_at
         FROM driver
        CROSS JOIN LATERAL (
          SELECT object_type, object_id, created_at FROM search_terms
           WHERE term >= driver.w COLLATE "C" AND term < driver.w_end COLLATE "C"
           ORDER BY term, created_at DESC
           LIMIT ${TERM_SCAN_LIMIT}) h
        GROUP BY object_type, object_id
     ),
     amount_hits AS (
       SELECT object_type, object_id, max(created_at) AS created_at FROM search_terms
        WHERE term = ANY ($2::text[])
        GROUP BY object_type, object_id
        ORDER BY max(created_at) DESC
        LIMIT ${DRIVER_OBJECTS}
     ),
     id_hits AS (
       (SELECT 'account' AS object_type, id AS object_id, created_at FROM accounts
         WHERE id BETWEEN $4::uuid AND $5::uuid AND type <> 'system' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'transfer', id, created_at FROM transfers WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'payment_method', id, created_at FROM payment_methods
         WHERE id BETWEEN $4::uuid AND $5::uuid AND status = 'active' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'agent', id, created_at FROM agents WHERE id BETWEEN $4::uuid AND $5::uuid AND status <> 'deleted' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'scheduled_transfer', id, created_at FROM transfer_schedules WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'stream', id, created_at FROM streams WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
     ),
     candidates AS (
       SELECT object_type, object_id, max(created_at) AS created_at,
              bool_or(how = 'id') AS by_id, bool_or(how = 'amount') AS by_amount, bool_or(how = 'words') AS by_words
         FROM (SELECT object_type, object_id, created_at, 'id' AS how FROM id_hits
               UNION ALL
               SELECT object_type, object_id, created_at, 'amount' FROM amount_hits
               UNION ALL
               SELECT object_type, object_id, created_at, 'words'
                 FROM (SELECT object_type, object_id, created_at,
                              row_number() OVER (PARTITION BY object_type ORDER BY created_at DESC, object_id DESC) AS r
                         FROM word_hits) ranked
                WHERE r <= ${DRIVER_OBJECTS}) c
        GROUP BY object_type, object_id
     ),
     typed AS MATERIALIZED (
       SELECT c.*, row_number() OVER (PARTITION BY object_type ORDER BY by_id DESC, created_at DESC, object_id DESC) AS position
         FROM candidates c
     )
     (SELECT 'account' AS type, a.id, a.name AS title,
             concat_ws(' · ', CASE a.type WHEN 'business' THEN 'Business' ELSE 'Person' END, a.email) AS subtitle,
             NULL::text AS amount, NULL::text AS currency,
             CASE WHEN a.status = 'closed' THEN 'closed' ELSE a.verification_status END AS status,
             a.id AS account_id, a.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'account' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM accounts a WHERE a.id = c.object_id AND a.type <> 'system') a
       WHERE c.by_id OR (c.by_words AND search_matches(search_terms_of_account(a), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)
     UNION ALL
     (SELECT 'transfer', t.id, coalesce(t.description, CASE t.type WHEN 'payout' THEN 'Payout' ELSE 'Transfer' END),
             concat(f.name, ' → ', coalesce(r.name, concat_ws(' ', coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)), '••••' || p.last4))),
             t.amount::text, t.currency, t.status, t.from_account_id, t.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'transfer' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM transfers t WHERE t.id = c.object_id) t
        LEFT JOIN accounts f ON f.id = t.from_account_id
        LEFT JOIN accounts r ON r.id = t.to_account_id
        LEFT JOIN payment_methods p ON p.id = t.payment_method_id
       WHERE c.by_id
          OR (c.by_amount AND ($3::text IS NULL OR t.currency = $3 OR t.destination_currency = $3))
          OR (c.by_words AND search_matches(search_terms_of_transfer(t), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)
     UNION ALL
     (SELECT 'payment_method', p.id, coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)),
             concat_ws(' · ', upper(p.rail) || ' ••••' || p.last4, a.name),
             NULL, p.currency, p.status, p.account_id, p.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'payment_method' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM payment_methods p WHERE p.id = c.object_id AND p.status = 'active') p
        LEFT JOIN accounts a ON a.id = p.account_id
       WHERE c.by_id OR (c.by_words AND search_matches(search_terms_of_payment_method(p), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)
     UNION ALL
     (SELECT 'agent', g.id, g.name, concat_ws(' · ', a.name, initcap(g.type)), NULL, NULL, g.status, g.account_id, g.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'agent' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM agents g WHERE g.id = c.object_id AND g.status <> 'deleted') g
        LEFT JOIN accounts a ON a.id = g.account_id
       WHERE c.by_id OR (c.by_words AND search_matches(search_terms_of_agent(g), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)
     UNION ALL
     (SELECT 'scheduled_transfer', s.id, coalesce(s.description, 'Scheduled transfer'),
             concat(initcap(s.frequency), ' · ', f.name, ' → ',
                    coalesce(r.name, concat_ws(' ', coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)), '••••' || p.last4))),
             s.amount::text, s.currency, s.status, s.from_account_id, s.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'scheduled_transfer' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM transfer_schedules s WHERE s.id = c.object_id) s
        LEFT JOIN accounts f ON f.id = s.from_account_id
        LEFT JOIN accounts r ON r.id = s.to_account_id
        LEFT JOIN payment_methods p ON p.id = s.payment_method_id
       WHERE c.by_id
          OR (c.by_amount AND ($3::text IS NULL OR s.currency = $3))
          OR (c.by_words AND search_matches(search_terms_of_schedule(s), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)
     UNION ALL
     (SELECT 'stream', s.id, coalesce(s.description, 'Stream'), concat(f.name, ' → ', r.name),
             NULL, s.currency, s.status, s.sender_account_id, s.created_at, c.by_id
        FROM (SELECT * FROM typed WHERE object_type = 'stream' ORDER BY position) c
       CROSS JOIN query_words q
       CROSS JOIN LATERAL (SELECT * FROM streams s WHERE s.id = c.object_id) s
        LEFT JOIN accounts f ON f.id = s.sender_account_id
        LEFT JOIN accounts r ON r.id = s.receiver_account_id
       WHERE c.by_id OR (c.by_words AND search_matches(search_terms_of_stream(s), q.ws, q.wes))
       ORDER BY c.position LIMIT $6)`,
    [terms.text, terms.amountTerms, terms.currency, terms.idRange?.low ?? null, terms.idRange?.high ?? null, terms.perType],
  );
}
