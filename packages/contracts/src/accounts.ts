import { z } from 'zod';
import {
  CURRENCY_CODES,
  currencySchema,
  emailSchema,
  environmentSchema,
  idSchema,
  instantSchema,
  int,
  metadataSchema,
  moneySchema,
  paginationQuerySchema,
  timestampSchema,
} from './common.js';
import { isCountryCode } from './countries.js';

/** The accounts wire schemas: accounts, their balances and their ledger entries. */

export const ACCOUNT_TYPES = ['person', 'business'] as const;
export const ACCOUNT_VERIFICATION_STATUSES = ['unverified', 'pending', 'verified', 'suspended'] as const;
export const ACCOUNT_STATUSES = ['active', 'closed'] as const;
export const BALANCE_PARTS = ['available', 'pending', 'inStreams'] as const;
/** An account holds at most one balance per currency. */
export const MAX_BALANCES = CURRENCY_CODES.length;

export const accountTypeSchema = z.enum(ACCOUNT_TYPES).meta({ example: 'business' });
export const accountVerificationStatusSchema = z.enum(ACCOUNT_VERIFICATION_STATUSES).meta({ example: 'verified' });

/** ISO 3166-1 alpha-2, upper case (the database holds it that way). */
const countryPattern = /^[A-Z]{2}$/;

export const balanceSchema = z
  .object({
    currency: currencySchema,
    available: moneySchema({ example: '250000.000000', description: 'Can be sent now.' }),
    pending: moneySchema({ example: '0.000000', description: 'Held for transfers in flight.' }),
    inStreams: moneySchema({ example: '0.000000', description: 'Locked in money streams this account funds.' }),
    total: moneySchema({ example: '250000.000000', description: 'available + pending + inStreams.' }),
  })
  .meta({ id: 'Balance' });
export type Balance = z.output<typeof balanceSchema>;

const balancesSchema = z.array(balanceSchema).max(MAX_BALANCES);

export const accountSchema = z
  .object({
    id: idSchema(),
    environment: environmentSchema,
    type: accountTypeSchema,
    name: z.string().max(200).meta({ example: 'TechCorp Inc' }),
    email: z.email().max(254).nullable().meta({ example: 'finance@techcorp.example' }),
    country: z.string().regex(countryPattern).max(2).nullable().meta({ example: 'MX', description: 'ISO 3166-1 alpha-2.' }),
    metadata: metadataSchema,
    verificationTier: int(0, 3, { example: 2, description: 'Verification tier 0–3; 0 is unverified.' }),
    verificationStatus: accountVerificationStatusSchema,
    status: z.enum(ACCOUNT_STATUSES).meta({ example: 'active' }),
    balances: balancesSchema,
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Account' });
export type Account = z.output<typeof accountSchema>;
export type VerificationStatus = Account['verificationStatus'];

export const accountBalancesSchema = z
  .object({ data: z.object({ accountId: idSchema(), balances: balancesSchema }) })
  .meta({ id: 'AccountBalances' });
export type AccountBalances = z.output<typeof accountBalancesSchema>;

/** A rolling window of an account's tier limit: the limit, what the account sent in the window, and what it may still send. */
const accountLimitWindowSchema = (window: string, example: { limit: string; used: string; remaining: string }) =>
  z.object({
    limit: moneySchema({ example: example.limit, description: `The tier's limit over the ${window}.` }),
    used: moneySchema({
      example: example.used,
      description: `Sent over the ${window} (outgoing transfers, payout holds, stream funding; minus voided holds and stream refunds), in exact USD rounded up to the cent.`,
    }),
    remaining: moneySchema({
      example: example.remaining,
      description: `What the ${window} still allows: limit − used, rounded down to the cent, never negative. Any amount up to it passes this window's check; a cent more does not.`,
    }),
  });

/**
 * What an account may still send (`GET /v1/accounts/{id}/limits`): its verification tier's limits on
 * outgoing money, in USD, with the rolling day's and 30 days' usage — the figures the limit check of a
 * send decides with. Every tier has a finite limit (tier 0's are 0: it can receive but not send).
 */
export const accountLimitsSchema = z
  .object({
    object: z.literal('account_limits').meta({ example: 'account_limits' }),
    accountId: idSchema(),
    tier: int(0, 3, { example: 1, description: 'The account’s verification tier, which sets its limits.' }),
    currency: z.literal('USD').meta({
      example: 'USD',
      description: 'Every figure is a USD equivalent (USD and USDC at par; other currencies at the FX rate provider’s mid rate).',
    }),
    perTransaction: z.object({
      limit: moneySchema({ example: '5000.00', description: 'The most one send may move.' }),
    }),
    daily: accountLimitWindowSchema('rolling 24 hours', { limit: '20000.00', used: '1250.01', remaining: '18749.99' }),
    monthly: accountLimitWindowSchema('rolling 30 days', { limit: '100000.00', used: '41250.01', remaining: '58749.99' }),
  })
  .meta({
    id: 'AccountLimits',
    description:
      'One send fits when its USD value is at most perTransaction.limit, daily.remaining and monthly.remaining. A suspended or closed account cannot send whatever these say.',
  });
export type AccountLimits = z.output<typeof accountLimitsSchema>;

/** An assigned ISO 3166-1 alpha-2 code (countries.ts): 'ME' is Montenegro, 'XX', 'ZZ' or 'UK' are no country. */
const countryInputSchema = z
  .string()
  .regex(countryPattern, 'must be an ISO 3166-1 alpha-2 code such as MX')
  .max(2)
  .refine(isCountryCode, { error: (issue) => `${String(issue.input)} is not an ISO 3166-1 country code` })
  .meta({ example: 'MX', description: 'ISO 3166-1 alpha-2, upper case: one of the 249 assigned codes.' });

export const createAccountBodySchema = z
  .strictObject({
    type: z.enum(ACCOUNT_TYPES).meta({ example: 'person' }),
    name: z.string().trim().min(1).max(200).meta({ example: 'Maria Garcia' }),
    email: emailSchema.optional(),
    country: countryInputSchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: 'CreateAccountRequest' });
export type CreateAccountRequest = z.input<typeof createAccountBodySchema>;

export const updateAccountBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional().meta({ example: 'Maria Garcia López' }),
    email: emailSchema.nullable().optional(),
    country: countryInputSchema.nullable().optional(),
    metadata: metadataSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'provide at least one field')
  .meta({ id: 'UpdateAccountRequest' });
export type UpdateAccountRequest = z.input<typeof updateAccountBodySchema>;

export const listAccountsQuerySchema = paginationQuerySchema.extend({
  type: accountTypeSchema.optional(),
  verificationStatus: accountVerificationStatusSchema.optional(),
  search: z.string().trim().min(1).max(100).optional().meta({ example: 'garcia', description: 'Matches name or e-mail.' }),
});
export type ListAccountsQuery = z.input<typeof listAccountsQuerySchema>;

export const ledgerEntrySchema = z
  .object({
    id: idSchema({ example: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }),
    transactionId: idSchema({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }),
    accountId: idSchema(),
    currency: currencySchema,
    part: z.enum(BALANCE_PARTS).meta({ example: 'available' }),
    amount: moneySchema({ example: '-1007.000000', description: 'Signed: negative leaves this balance part.' }),
    balanceAfter: moneySchema({ example: '248993.000000' }),
    referenceType: z
      .string()
      .max(40)
      .regex(/^[a-z][a-z_]*$/)
      .meta({
        example: 'deposit',
        description:
          'What moved the money: deposit, transfer, transfer_hold, transfer_settlement, transfer_void, stream_funding, stream_top_up, stream_withdrawal, stream_refund, …',
      }),
    referenceId: idSchema({ example: '2c9e7a10-4b1d-4f6e-8a3c-5d7e9f1a2b3c' }).nullable(),
    description: z.string().max(500).nullable().meta({ example: 'Deposit to TechCorp Inc' }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.output<typeof ledgerEntrySchema>;

export const listLedgerEntriesQuerySchema = paginationQuerySchema.extend({
  currency: currencySchema.optional(),
  from: instantSchema.optional().meta({ example: '2026-11-01T00:00:00Z', description: 'Inclusive.' }),
  to: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Exclusive.' }),
});
export type ListLedgerEntriesQuery = z.input<typeof listLedgerEntriesQuerySchema>;
