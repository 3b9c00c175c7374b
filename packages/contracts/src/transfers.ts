import { z } from 'zod';
import {
  amountInputSchema,
  currencySchema,
  idSchema,
  initiatedBySchema,
  instantSchema,
  listOf,
  MAX_NESTED_ITEMS,
  metadataSchema,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';
import { feesSchema } from './fx.js';
import { transferRefundSchema } from './refunds.js';

/**
 * Transfers: internal (same currency between two accounts, no fee, completed at once) and payouts (to a
 * payment method, or converted into another currency on another account, settled by the worker).
 */

/**
 * `requires_approval`: held on the sender, waiting for the approvals an approval policy asks for;
 * `denied` / `expired`: a decision said no, or none came in 72 h — the hold was voided.
 * `requires_review`: held on the sender while a reviewer looks at what a risk rule found; `rejected`:
 * the reviewer said no — the hold was voided.
 */
export const TRANSFER_STATUSES = [
  'requires_approval',
  'requires_review',
  'pending',
  'processing',
  'completed',
  'failed',
  'cancelled',
  'returned',
  'denied',
  'expired',
  'rejected',
] as const;
export const transferStatusSchema = z.enum(TRANSFER_STATUSES).meta({ example: 'completed' });
export type TransferStatus = z.output<typeof transferStatusSchema>;

/** Why a rail sent a completed payout back (a SPEI devolución, a Pix MED return, an ACH R01–R04 return). */
export const RETURN_CODES = ['account_closed', 'invalid_account', 'beneficiary_rejected', 'name_mismatch', 'regulatory'] as const;
export const returnCodeSchema = z.enum(RETURN_CODES).meta({ example: 'account_closed' });
export type ReturnCode = z.output<typeof returnCodeSchema>;

export const returnDetailsSchema = z
  .object({
    code: returnCodeSchema,
    reason: text(500, { example: 'The beneficiary’s account is closed.' }),
    returnedAt: timestampSchema(),
  })
  .meta({ id: 'ReturnDetails' });
export type ReturnDetails = z.output<typeof returnDetailsSchema>;

/**
 * Travel rule data (FATF Recommendation 16): who sends and who receives a payout at or above the
 * tenant's threshold. The originator's account number is shown masked (its last four) everywhere.
 */
export const travelRuleSchema = z
  .object({
    originator: z.object({
      name: text(140, { example: 'Acme Importadora SA de CV' }),
      address: text(300, { example: 'Av. Reforma 222, Ciudad de México' }),
      accountNumber: text(40, { example: '••••4821', description: 'Masked: its last four characters.' }),
    }),
    beneficiary: z.object({
      name: text(140, { example: 'Proveedora del Norte SA' }),
      address: text(300, { example: null }).nullable(),
    }),
  })
  .meta({ id: 'TravelRule' });
export type TravelRule = z.output<typeof travelRuleSchema>;

const partyText = (max: number, example: string) => z.string().trim().min(1).max(max).meta({ example });
/** In a payout request: every part optional to the schema; which are required is the tenant's travel rule (422 travel_rule_data_required). */
export const originatorInputSchema = z
  .strictObject({
    name: partyText(140, 'Acme Importadora SA de CV').optional(),
    address: partyText(300, 'Av. Reforma 222, Ciudad de México').optional(),
    accountNumber: partyText(40, '0123456789014821')
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, spaces, dots, slashes and dashes')
      .optional(),
  })
  .meta({ description: 'Travel rule: who sends. Required (name, address, accountNumber) at or above the tenant’s threshold.' });
export const beneficiaryInputSchema = z
  .strictObject({
    name: partyText(140, 'Proveedora del Norte SA').optional(),
    address: partyText(300, 'Calle 5 de Mayo 10, Monterrey').optional(),
  })
  .meta({ description: 'Travel rule: who receives. Required (name; address optional) at or above the tenant’s threshold.' });

export const TRANSFER_TYPES = ['internal', 'payout'] as const;
export const transferTypeSchema = z.enum(TRANSFER_TYPES).meta({ example: 'internal' });
export type TransferType = z.output<typeof transferTypeSchema>;

export const TRANSFER_RECIPIENT_TYPES = ['account', 'payment_method'] as const;

/**
 * Who a transfer pays, as a list shows it without a lookup per row: the receiving account (an internal
 * transfer, or a payout converted into another account) by its name; a payment method (a payout) by
 * its holder's name (a wallet: its label) and its label or rail with the last four characters of its
 * number — never more of it. Read with the transfer; still named once the account is closed or the
 * payment method removed.
 */
export const transferRecipientSchema = z
  .object({
    type: z.enum(TRANSFER_RECIPIENT_TYPES).meta({ example: 'payment_method' }),
    id: idSchema({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', description: 'toAccountId or paymentMethodId.' }),
    name: text(200, {
      example: 'Maria Garcia',
      description: 'The account’s name; a payment method’s holder (a wallet’s label, or “USDC wallet”).',
    }),
    detail: text(200, {
      example: 'BBVA México ••••9719',
      description:
        'A payment method’s label (or rail) and the last four characters of its number; a wallet’s network and masked address. Null for an account.',
    }).nullable(),
  })
  .meta({ id: 'TransferRecipient' });
export type TransferRecipient = z.output<typeof transferRecipientSchema>;

export const transferSchema = z
  .object({
    id: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }),
    type: transferTypeSchema,
    status: transferStatusSchema,
    fromAccountId: idSchema(),
    fromAccountName: text(200, {
      example: 'TechCorp Inc',
      description: 'The sending account’s name (null only if it cannot be read: never for a transfer made through the API).',
    }).nullable(),
    toAccountId: idSchema({ example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' }).nullable(),
    paymentMethodId: idSchema({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }).nullable().meta({ example: null }),
    recipient: transferRecipientSchema.nullable().meta({
      description: 'Who it pays, named (null only if that cannot be read: never for a transfer made through the API).',
    }),
    amount: moneySchema({ example: '250.00' }),
    currency: currencySchema,
    fees: feesSchema,
    totalDebit: moneySchema({ example: '250.00', description: 'Amount plus fees, taken from the sending account.' }),
    destinationAmount: moneySchema({ example: '4287.50' }).nullable().meta({ example: null }),
    destinationCurrency: currencySchema.nullable().meta({ example: null }),
    rate: moneySchema({ example: '17.15' }).nullable().meta({ example: null }),
    quoteId: idSchema().nullable().meta({ example: null }),
    description: text(500, { example: 'November payroll' }).nullable(),
    metadata: metadataSchema,
    failureReason: text(500, { example: 'destination_rejected' }).nullable().meta({ example: null }),
    initiatedBy: initiatedBySchema,
    refundedAmount: moneySchema({ example: '0.00', description: 'What refunds of this transfer gave back (succeeded ones).' }),
    refundableAmount: moneySchema({
      example: '250.00',
      description:
        'What can still be refunded: the amount less succeeded and pending refunds, for a completed internal transfer; 0 for any other. The tenant’s refund window (refunds.windowDays) applies on top.',
    }),
    refunds: z.array(transferRefundSchema).max(MAX_NESTED_ITEMS).meta({ description: 'Its refunds, oldest first.' }),
    returnDetails: returnDetailsSchema.nullable().meta({
      example: null,
      description: 'Why and when the rail sent a completed payout back (status returned); null otherwise.',
    }),
    travelRule: travelRuleSchema.nullable().meta({
      example: null,
      description:
        'The originator and beneficiary a payout was sent with (required at or above the tenant’s travel rule threshold); null when none was given.',
    }),
    timeline: z
      .array(
        z.object({
          status: transferStatusSchema,
          note: text(500, { example: 'sent to spei' }).nullable(),
          at: timestampSchema(),
        }),
      )
      .max(MAX_NESTED_ITEMS),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Transfer' });
export type Transfer = z.output<typeof transferSchema>;
export const transferListSchema = listOf(transferSchema);

const descriptionSchema = z.string().trim().max(500);

export const createInternalTransferBodySchema = z.strictObject({
  type: z.literal('internal').meta({ example: 'internal' }),
  fromAccountId: idSchema({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  toAccountId: idSchema({ example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d' }),
  amount: amountInputSchema,
  currency: currencySchema,
  description: descriptionSchema.optional().meta({ example: 'November payroll' }),
  metadata: metadataSchema.optional(),
});
export type CreateInternalTransferRequest = z.input<typeof createInternalTransferBodySchema>;

export const createPayoutBodySchema = z.strictObject({
  type: z.literal('payout').meta({ example: 'payout' }),
  fromAccountId: idSchema({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  paymentMethodId: idSchema({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', description: 'Pay out to this payment method…' }).optional(),
  toAccountId: idSchema({
    example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    description: '…or convert into another currency on this account of the tenant.',
  }).optional(),
  destinationCurrency: currencySchema.optional().meta({
    example: 'MXN',
    description: 'Currency the destination receives; required for an account destination unless a quoteId gives it.',
  }),
  amount: amountInputSchema,
  currency: currencySchema,
  quoteId: idSchema({
    example: '8c7b6a59-4837-4261-9504-f3e2d1c0b9a8',
    description: 'A valid quote of this tenant for exactly this amount and currencies; priced fresh when omitted.',
  }).optional(),
  description: descriptionSchema.optional().meta({ example: 'Supplier invoice 1042' }),
  metadata: metadataSchema.optional(),
  originator: originatorInputSchema.optional(),
  beneficiary: beneficiaryInputSchema.optional(),
});
export type CreatePayoutRequest = z.input<typeof createPayoutBodySchema>;

export const createTransferBodySchema = z
  .discriminatedUnion('type', [createInternalTransferBodySchema, createPayoutBodySchema])
  .meta({ id: 'CreateTransferRequest' });
export type CreateTransferRequest = z.input<typeof createTransferBodySchema>;

/** An amount filter: a plain non-negative decimal (compared with the transfer's amount). */
const amountFilterSchema = z
  .string()
  .max(24)
  .regex(/^\d{1,15}(\.\d{1,8})?$/, 'must be a plain decimal such as 100.00')
  .meta({ example: '100.00' });

export const listTransfersQuerySchema = paginationQuerySchema.extend({
  status: transferStatusSchema.optional(),
  type: transferTypeSchema.optional(),
  accountId: idSchema({ description: 'Sent or received by this account.' }).optional(),
  from: instantSchema.optional().meta({ example: '2026-11-01T00:00:00Z', description: 'Created at or after.' }),
  to: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Created before.' }),
  minAmount: amountFilterSchema.optional(),
  maxAmount: amountFilterSchema.optional(),
  search: z.string().trim().min(1).max(100).optional().meta({ example: 'payroll', description: 'Matches the description.' }),
});
export type ListTransfersQuery = z.input<typeof listTransfersQuerySchema>;
export const listAccountTransfersQuerySchema = listTransfersQuerySchema.omit({ accountId: true });
export type ListAccountTransfersQuery = z.input<typeof listAccountTransfersQuerySchema>;

/** `POST /v1/test-helpers/transfers/{id}/return` (test environment only): make the rail send a completed payout back. */
export const returnPayoutBodySchema = z
  .strictObject({
    code: returnCodeSchema,
    reason: z.string().trim().min(1).max(500).optional().meta({ example: 'Simulated: the beneficiary’s account is closed.' }),
  })
  .meta({ id: 'ReturnPayoutRequest' });
export type ReturnPayoutRequest = z.input<typeof returnPayoutBodySchema>;
