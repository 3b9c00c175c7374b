import { z } from 'zod';
import { currencySchema, idSchema, listOf, moneySchema, text, timestampSchema } from './common.js';

/**
 * Search across the objects of one environment (`GET /v1/search?q=`, the dashboard's ⌘K): accounts,
 * transfers, payment methods, agents, scheduled transfers and streams, found by the words of their
 * names and descriptions (word prefixes: `pay` finds "Payroll"), by id (a prefix of at least 4
 * characters, or the whole id) and by amount (exact: `1,250.50`, `1250.5` and `1250.50 USD` find a
 * 1,250.50 transfer). Every character of a query is literal: `%`, `_` and `\` are not wildcards.
 */

export const SEARCH_RESULT_TYPES = ['account', 'transfer', 'payment_method', 'agent', 'scheduled_transfer', 'stream'] as const;
export const searchResultTypeSchema = z.enum(SEARCH_RESULT_TYPES).meta({ example: 'transfer' });
export type SearchResultType = z.output<typeof searchResultTypeSchema>;

/** The most results of each type one search returns. */
export const MAX_SEARCH_LIMIT = 10;
/** The longest query. */
export const MAX_SEARCH_QUERY_LENGTH = 100;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'give 1 to 100 characters').max(MAX_SEARCH_QUERY_LENGTH, 'give 1 to 100 characters').meta({
    example: 'payroll',
    description:
      'Words (each matches the start of a word of a name, description, e-mail or recipient), an id or its first characters (at least 4), or an amount (`1,250.50`, `1250.5`, optionally with its currency: `1250.50 USD`). 1–100 characters after trimming.',
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SEARCH_LIMIT)
    .default(5)
    .meta({ example: 5, format: 'int32', description: 'The most results of each type (1–10, default 5).' }),
});
export type SearchQuery = z.input<typeof searchQuerySchema>;

export const searchResultSchema = z
  .object({
    object: z.literal('search_result').meta({ example: 'search_result' }),
    type: searchResultTypeSchema,
    id: idSchema({ description: 'The object’s id: fetch it from its own endpoint.' }),
    title: text(500, {
      example: 'November payroll',
      description: 'A name (accounts, agents, payment methods) or a description (transfers, schedules, streams).',
    }),
    subtitle: text(500, {
      example: 'TechCorp Inc → Maria Garcia',
      description: 'Who and where: the accounts of a transfer or stream, the rail and last four of a payment method.',
    }).nullable(),
    amount: moneySchema({
      example: '1250.50',
      description: 'Transfers and scheduled transfers: the amount, in the currency’s scale.',
    }).nullable(),
    currency: currencySchema.nullable(),
    status: text(40, {
      example: 'completed',
      description: 'The object’s status (for accounts, the verification status; `closed` once closed).',
    }).nullable(),
    accountId: idSchema({
      description:
        'The account the object belongs to: the account itself, a transfer’s or schedule’s sender, a stream’s sender, a payment method’s or agent’s account.',
    }).nullable(),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.output<typeof searchResultSchema>;

/**
 * Results grouped by type (accounts, transfers, payment methods, agents, scheduled transfers, streams),
 * within a type exact id matches first, then newest first. Not paginated: `hasMore` says some type had
 * more matches than `limit` (narrow the query, or open that type's list); `nextCursor` is always null.
 */
export const searchResultListSchema = listOf(searchResultSchema);
export type SearchResultList = z.output<typeof searchResultListSchema>;

/** The most results one search returns: every type at the largest limit. */
export const MAX_SEARCH_RESULTS = SEARCH_RESULT_TYPES.length * MAX_SEARCH_LIMIT;
