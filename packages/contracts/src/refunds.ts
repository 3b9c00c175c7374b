import { z } from 'zod';
import {
  amountInputSchema,
  currencySchema,
  idSchema,
  initiatedBySchema,
  instantSchema,
  listOf,
  metadataSchema,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';

/**
 * Refunds: money going back from a completed internal transfer's recipient to its sender, in part or in
 * full, within the tenant's refund window. Internal refunds settle when they are made (`succeeded`);
 * `pending` is a refund whose money has not moved yet, `failed` one that will not move.
 */

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const refundStatusSchema = z.enum(REFUND_STATUSES).meta({ example: 'succeeded' });
export type RefundStatus = z.output<typeof refundStatusSchema>;

/** The reasons a refund can be asked for with. */
export const REFUND_REASONS = ['duplicate_payment', 'service_not_rendered', 'customer_request', 'error', 'other'] as const;
export const requestedRefundReasonSchema = z.enum(REFUND_REASONS).meta({ example: 'customer_request' });
/** A refund's reason: one asked for, or `dispute_resolution` (made by resolving a dispute). */
export const refundReasonSchema = z.enum([...REFUND_REASONS, 'dispute_resolution']).meta({ example: 'customer_request' });
export type RefundReason = z.output<typeof refundReasonSchema>;

export const refundSchema = z
  .object({
    id: idSchema({ example: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e' }),
    transferId: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9', description: 'The transfer refunded.' }),
    fromAccountId: idSchema({ description: 'Who pays the refund: the transfer’s recipient.' }),
    toAccountId: idSchema({ example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', description: 'Who gets it: the transfer’s sender.' }),
    amount: moneySchema({ example: '25.00' }),
    currency: currencySchema,
    status: refundStatusSchema,
    reason: refundReasonSchema,
    reasonDetails: text(500, { example: 'Order #1234 cancelled by the customer' }).nullable(),
    metadata: metadataSchema,
    failureReason: text(500, { example: null }).nullable(),
    ledgerTransactionId: idSchema({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }).nullable(),
    disputeId: idSchema({ example: null, description: 'The dispute whose resolution made this refund.' }).nullable(),
    initiatedBy: initiatedBySchema,
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Refund' });
export type Refund = z.output<typeof refundSchema>;
export const refundListSchema = listOf(refundSchema);

/** A refund as a transfer lists it. */
export const transferRefundSchema = refundSchema.pick({ id: true, amount: true, status: true, reason: true, createdAt: true });
export type TransferRefund = z.output<typeof transferRefundSchema>;

export const createRefundBodySchema = z
  .strictObject({
    transferId: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }),
    amount: amountInputSchema.optional().meta({ example: '25.00', description: 'Default: all that is still refundable.' }),
    reason: requestedRefundReasonSchema,
    reasonDetails: z.string().trim().max(500).optional().meta({ example: 'Order #1234 cancelled by the customer' }),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: 'CreateRefundRequest' });
export type CreateRefundRequest = z.input<typeof createRefundBodySchema>;

export const listRefundsQuerySchema = paginationQuerySchema.extend({
  status: refundStatusSchema.optional(),
  accountId: idSchema({ description: 'Paid or received by this account.' }).optional(),
  transferId: idSchema({ description: 'Refunds of this transfer.' }).optional(),
  from: instantSchema.optional().meta({ example: '2026-11-01T00:00:00Z', description: 'Created at or after.' }),
  to: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Created before.' }),
});
export type ListRefundsQuery = z.input<typeof listRefundsQuerySchema>;
