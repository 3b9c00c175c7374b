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
 * How many index entries one query word may read (its newest objects first, for each term it is a
 * prefix of): bounds the cost of a one-letter word in a tenant with millions of objects.
 */
export const TERM_SCAN_LIMIT = 10_000;
/** The most words of a query that count (the rest are ignored). */
export const MAX_QUERY_WORDS = 5;

/**
 * One statement: the words of the query (each a prefix of one of the object's terms), its amount
 * terms, and an id range, matched through search_terms and the primary keys — B-tree comparisons of
 * text and uuids, which row-level security lets the planner use as index conditions (migration 0028
 * says why nothing else can be) — then, per type, the newest `perType` objects with what describes them.
 * Every table is read under the caller's tenant and environment (RLS).
 */
export function search(tx: Queryable, terms: SearchTerms): Promise<SearchRow[]> {
  const perType = terms.perType;
  return tx.query<SearchRow>(
    `WITH words AS (
       SELECT w, n FROM unnest((search_words($1))[1:${MAX_QUERY_WORDS}]) WITH ORDINALITY AS u (w, n)
     ),
     word_hits AS (
       SELECT h.object_type, h.object_id, max(h.created_at) AS created_at
         FROM words
        CROSS JOIN LATERAL (
          SELECT object_type, object_id, created_at FROM search_terms
           WHERE term >= words.w COLLATE "C" AND term < (words.w || chr(1114111)) COLLATE "C"
           ORDER BY term, created_at DESC
           LIMIT ${TERM_SCAN_LIMIT}) h
        GROUP BY h.object_type, h.object_id
       HAVING count(DISTINCT words.n) = (SELECT count(*) FROM words)
     ),
     amount_hits AS (
       SELECT object_type, object_id, created_at FROM search_terms
        WHERE term = ANY ($2::text[])
        ORDER BY created_at DESC
        LIMIT ${TERM_SCAN_LIMIT}
     ),
     hits AS (
       SELECT object_type, object_id, max(created_at) AS created_at, bool_and(by_amount) AS by_amount_only
         FROM (SELECT object_type, object_id, created_at, false AS by_amount FROM word_hits
               UNION ALL
               SELECT object_type, object_id, created_at, true FROM amount_hits) x
        GROUP BY object_type, object_id
     ),
     id_hits AS (
       (SELECT 'account' AS object_type, id AS object_id FROM accounts
         WHERE id BETWEEN $4::uuid AND $5::uuid AND type <> 'system' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'transfer', id FROM transfers WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'payment_method', id FROM payment_methods
         WHERE id BETWEEN $4::uuid AND $5::uuid AND status = 'active' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'agent', id FROM agents WHERE id BETWEEN $4::uuid AND $5::uuid AND status <> 'deleted' ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'scheduled_transfer', id FROM transfer_schedules WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
       UNION ALL
       (SELECT 'stream', id FROM streams WHERE id BETWEEN $4::uuid AND $5::uuid ORDER BY id LIMIT $6)
     ),
     candidates AS (
       SELECT object_type, object_id, bool_or(by_id) AS by_id, bool_and(by_amount_only) AS by_amount_only
         FROM (SELECT object_type, object_id, true AS by_id, false AS by_amount_only FROM id_hits
               UNION ALL
               SELECT object_type, object_id, false, by_amount_only
                 FROM (SELECT object_type, object_id, by_amount_only,
                              row_number() OVER (PARTITION BY object_type ORDER BY created_at DESC, object_id DESC) AS r
                         FROM hits) ranked
                WHERE r <= $6 * 2) c
        GROUP BY object_type, object_id
     )
     (SELECT 'account' AS type, a.id, a.name AS title,
             concat_ws(' · ', CASE a.type WHEN 'business' THEN 'Business' ELSE 'Person' END, a.email) AS subtitle,
             NULL::text AS amount, NULL::text AS currency,
             CASE WHEN a.status = 'closed' THEN 'closed' ELSE a.verification_status END AS status,
             a.id AS account_id, a.created_at, c.by_id
        FROM candidates c JOIN accounts a ON a.id = c.object_id
       WHERE c.object_type = 'account' AND a.type <> 'system' AND NOT c.by_amount_only
       ORDER BY c.by_id DESC, a.created_at DESC, a.id DESC LIMIT $6)
     UNION ALL
     (SELECT 'transfer', t.id, coalesce(t.description, CASE t.type WHEN 'payout' THEN 'Payout' ELSE 'Transfer' END),
             concat(f.name, ' → ', coalesce(r.name, concat_ws(' ', coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)), '••••' || p.last4))),
             t.amount::text, t.currency, t.status, t.from_account_id, t.created_at, c.by_id
        FROM candidates c JOIN transfers t ON t.id = c.object_id
        LEFT JOIN accounts f ON f.id = t.from_account_id
        LEFT JOIN accounts r ON r.id = t.to_account_id
        LEFT JOIN payment_methods p ON p.id = t.payment_method_id
       WHERE c.object_type = 'transfer'
         AND ($3::text IS NULL OR NOT c.by_amount_only OR t.currency = $3 OR t.destination_currency = $3)
       ORDER BY c.by_id DESC, t.created_at DESC, t.id DESC LIMIT $6)
     UNION ALL
     (SELECT 'payment_method', p.id, coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)),
             concat_ws(' · ', upper(p.rail) || ' ••••' || p.last4, a.name),
             NULL, p.currency, p.status, p.account_id, p.created_at, c.by_id
        FROM candidates c JOIN payment_methods p ON p.id = c.object_id
        LEFT JOIN accounts a ON a.id = p.account_id
       WHERE c.object_type = 'payment_method' AND p.status = 'active' AND NOT c.by_amount_only
       ORDER BY c.by_id DESC, p.created_at DESC, p.id DESC LIMIT $6)
     UNION ALL
     (SELECT 'agent', g.id, g.name, concat_ws(' · ', a.name, initcap(g.type)), NULL, NULL, g.status, g.account_id, g.created_at, c.by_id
        FROM candidates c JOIN agents g ON g.id = c.object_id
        LEFT JOIN accounts a ON a.id = g.account_id
       WHERE c.object_type = 'agent' AND g.status <> 'deleted' AND NOT c.by_amount_only
       ORDER BY c.by_id DESC, g.created_at DESC, g.id DESC LIMIT $6)
     UNION ALL
     (SELECT 'scheduled_transfer', s.id, coalesce(s.description, 'Scheduled transfer'),
             concat(initcap(s.frequency), ' · ', f.name, ' → ',
                    coalesce(r.name, concat_ws(' ', coalesce(p.label, p.masked ->> 'holderName', upper(p.rail)), '••••' || p.last4))),
             s.amount::text, s.currency, s.status, s.from_account_id, s.created_at, c.by_id
        FROM candidates c JOIN transfer_schedules s ON s.id = c.object_id
        LEFT JOIN accounts f ON f.id = s.from_account_id
        LEFT JOIN accounts r ON r.id = s.to_account_id
        LEFT JOIN payment_methods p ON p.id = s.payment_method_id
       WHERE c.object_type = 'scheduled_transfer' AND ($3::text IS NULL OR NOT c.by_amount_only OR s.currency = $3)
       ORDER BY c.by_id DESC, s.created_at DESC, s.id DESC LIMIT $6)
     UNION ALL
     (SELECT 'stream', s.id, coalesce(s.description, 'Stream'), concat(f.name, ' → ', r.name),
             NULL, s.currency, s.status, s.sender_account_id, s.created_at, c.by_id
        FROM candidates c JOIN streams s ON s.id = c.object_id
        LEFT JOIN accounts f ON f.id = s.sender_account_id
        LEFT JOIN accounts r ON r.id = s.receiver_account_id
       WHERE c.object_type = 'stream' AND NOT c.by_amount_only
       ORDER BY c.by_id DESC, s.created_at DESC, s.id DESC LIMIT $6)`,
    [terms.text, terms.amountTerms, terms.currency, terms.idRange?.low ?? null, terms.idRange?.high ?? null, perType],
  );
}
