import { z } from 'zod';

/**
 * The building blocks every domain's wire schemas use. Plain zod (no OpenAPI extension) so the
 * dashboard and the SDK can import them; the API registers them for /openapi.json, where `.meta()`
 * becomes the OpenAPI annotations (`id` names a component, `example`, `description`, `format`).
 * Every string has a maxLength (or is an enum), every integer a range and a format, every array a
 * maxItems: the limits an OWASP API4 review asks for, and the ones the API enforces on input.
 */

/**
 * OpenAPI annotations for a schema. zod's `.meta()` replaces (does not merge) what an earlier
 * call set, so the helpers below take theirs as an argument instead of being chained.
 */
export type Meta = { example?: unknown; description?: string; [key: string]: unknown };

export const MAX_PAGE_SIZE = 100;
/** The most lines a nested list (balances, fee breakdowns, timelines) has in one object. */
export const MAX_NESTED_ITEMS = 100;

export const ENVIRONMENTS = ['test', 'live'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const environmentSchema = z.enum(ENVIRONMENTS).meta({ example: 'test' });

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES).meta({ example: 'member' });

export const CURRENCY_CODES = ['USD', 'USDC', 'MXN', 'BRL', 'COP', 'ARS'] as const;
export const currencySchema = z.enum(CURRENCY_CODES).meta({ example: 'USDC' });
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

/** An integer in a documented range; OpenAPI gets the format that holds it. */
export const int = (min: number, max: number, meta: Meta = {}) =>
  z
    .int()
    .min(min)
    .max(max)
    .meta({ format: min >= -2147483648 && max <= 2147483647 ? 'int32' : 'int64', ...meta });

/** A count in a response (rows, members, executions): never negative, within a 64-bit integer. */
export const countSchema = (meta: Meta = {}) => int(0, Number.MAX_SAFE_INTEGER, { example: 3, ...meta });

/** Who acted: a user, an API key, an agent, or PayOS itself (`system`, with no id). */
export const ACTOR_TYPES = ['user', 'api_key', 'agent', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * A UUID as the API returns it: any 8-4-4-4-12 hex id PostgreSQL's `uuid` holds (RFC versions or not:
 * fixed ids such as the demo tenant's are ids too).
 */
export const idSchema = (meta: Meta = {}) =>
  z
    .guid()
    .max(36)
    .meta({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f', ...meta });
/** `{id}` in a path. A malformed id answers 404 like an unknown one. */
export const idParamSchema = z.object({
  id: z
    .guid()
    .max(36)
    .meta({ param: { name: 'id', in: 'path' }, example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
});

/** An instant in a response: ISO 8601, UTC, milliseconds. */
export const timestampSchema = (meta: Meta = {}) =>
  z.iso
    .datetime()
    .max(30)
    .meta({ example: '2026-11-25T14:30:00.000Z', ...meta });

/** Free text the API returns (names, descriptions, messages). */
export const text = (max: number, meta: Meta = {}) => z.string().max(max).meta(meta);

/**
 * A date-time filter (`from`, `to`): ISO 8601 with an offset, whose instant lies in years 1–9999 UTC —
 * what PostgreSQL's timestamptz holds. `0000-01-01T00:00:00Z` or `9999-12-31T23:30:00-01:00` are 400s.
 */
export const instantSchema = z.iso
  .datetime({ offset: true })
  .max(40)
  .refine((value) => {
    const ms = Date.parse(value);
    return Number.isFinite(ms) && ms >= Date.parse('0001-01-01T00:00:00.000Z') && ms <= Date.parse('9999-12-31T23:59:59.999Z');
  }, 'must be an instant between years 1 and 9999 (UTC)');

export const emailSchema = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase())
  .meta({ example: 'ana@fintech.example' });

/** Up to 50 string keys (40 characters) with string values (500 characters). */
export const metadataSchema = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 keys')
  .meta({ example: { region: 'latam' }, maxProperties: 50 });

/**
 * The validation message that marks a JSON number given for an amount; the API turns it into 400
 * `amount_must_be_string`. A double cannot carry every amount exactly (0.1 + 0.2, or USDC's sixth
 * decimal on large sums), so money on the wire is a decimal string.
 */
export const AMOUNT_MUST_BE_STRING = 'amount_must_be_string';

/** A string schema for money (or a money rate) that answers amount_must_be_string to a JSON number. */
export const decimalString = () =>
  z.string({ error: (issue) => (typeof issue.input === 'number' ? AMOUNT_MUST_BE_STRING : undefined) }).max(40);

/** Amounts in requests: a decimal string, validated per currency by the API (places, range, sign). */
export const amountInputSchema = decimalString().meta({
  example: '1250.00',
  description: 'Decimal string with at most the currency’s decimal places (never a JSON number).',
});

/** Amounts in responses: a decimal string with the currency's scale, possibly signed. */
export const moneySchema = (meta: Meta = {}) =>
  z
    .string()
    .max(40)
    .regex(/^-?\d+(\.\d+)?$/)
    .meta({ example: '1250.000000', ...meta });

/** `limit` and `cursor` of every list. */
export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25).meta({ example: 25, format: 'int32' }),
  cursor: z.string().max(200).optional().meta({ example: 'eyJ0IjoiMjAyNi0xMS0yNVQxNDozMDowMC4wMDBaIiwiaWQiOiIuLi4ifQ' }),
});
export type PaginationQuery = z.input<typeof paginationQuerySchema>;

/** The list envelope: a page of items, whether more follow, and the cursor of the next page. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item).max(MAX_PAGE_SIZE),
    hasMore: z.boolean().meta({ example: false }),
    nextCursor: z.string().max(200).nullable().meta({ example: null }),
  });

/** The envelope of one object. */
export const dataOf = <T extends z.ZodType>(item: T) => z.object({ data: item });

export type List<T> = { data: T[]; hasMore: boolean; nextCursor: string | null };
export type Single<T> = { data: T };

const reasonSchema = z.string().trim().min(10, 'say why in at least 10 characters').max(500);

/** Lifting a suspension: in live an owner/admin decision that must say why (recorded in the audit log). */
export const reasonBodySchema = z
  .strictObject({
    reason: reasonSchema.optional().meta({
      example: 'Compliance review closed: source of funds documented.',
      description: 'Why. Required in live, where it is recorded in the audit log.',
    }),
  })
  .meta({ id: 'ReasonRequest' });
export type ReasonRequest = z.input<typeof reasonBodySchema>;

/**
 * Setting a KYC/KYB or KYA tier. In test it is self-service (simulated verification); in live it is
 * an owner/admin decision that must say why — the reason is kept in the audit log next to the actor.
 */
export const verificationBodySchema = z
  .strictObject({
    tier: int(0, 3, { example: 2, description: 'Verification tier 0–3.' }),
    reason: reasonSchema.optional().meta({
      example: 'KYB documents reviewed: articles of incorporation, tax id, beneficial owners.',
      description: 'Why the tier is set. Required in live, where it is recorded in the audit log.',
    }),
  })
  .meta({ id: 'VerificationRequest' });
export type VerificationRequest = z.input<typeof verificationBodySchema>;

/** Who started something (a transfer, a schedule, a stream), as objects carry it. */
export const initiatedBySchema = z.object({
  type: z.enum(ACTOR_TYPES).meta({ example: 'api_key' }),
  id: idSchema({ description: 'The user, API key or agent; null for the system.' }).nullable(),
  name: text(200, { example: 'Payroll backend' }).nullable(),
});
export type InitiatedBy = z.output<typeof initiatedBySchema>;
