import { z } from 'zod';
import {
  amountInputSchema,
  currencySchema,
  idSchema,
  initiatedBySchema,
  int,
  listOf,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';

/**
 * Disputes: the sender of a completed internal transfer (the claimant) disputes it with its recipient
 * (the respondent). Opening one holds the disputed amount on the respondent; resolving it refunds
 * (through a real refund) or releases the hold.
 */

export const DISPUTE_STATUSES = ['open', 'under_review', 'escalated', 'resolved'] as const;
export const disputeStatusSchema = z.enum(DISPUTE_STATUSES).meta({ example: 'open' });
export type DisputeStatus = z.output<typeof disputeStatusSchema>;

export const DISPUTE_REASONS = [
  'service_not_received',
  'duplicate_charge',
  'unauthorized',
  'amount_incorrect',
  'quality_issue',
  'other',
] as const;
export const disputeReasonSchema = z.enum(DISPUTE_REASONS).meta({ example: 'service_not_received' });
export type DisputeReason = z.output<typeof disputeReasonSchema>;

export const REQUESTED_RESOLUTIONS = ['full_refund', 'partial_refund', 'credit', 'other'] as const;
export const COUNTER_OFFER_RESOLUTIONS = ['full_refund', 'partial_refund', 'credit', 'no_action'] as const;
/** How a dispute ends: a refund of all that was disputed, of part of it, a credit (paid as a refund), or nothing. */
export const DISPUTE_RESOLUTIONS = ['refund_issued', 'partial_refund', 'credit_issued', 'no_action'] as const;
export const disputeResolutionSchema = z.enum(DISPUTE_RESOLUTIONS).meta({ example: 'partial_refund' });
export type DisputeResolution = z.output<typeof disputeResolutionSchema>;

export const EVIDENCE_TYPES = ['receipt', 'communication', 'screenshot', 'contract', 'delivery_proof', 'other'] as const;
/** Most evidence items one request adds, and one dispute holds. */
export const MAX_EVIDENCE_PER_REQUEST = 10;
export const MAX_EVIDENCE_PER_DISPUTE = 50;

const evidenceInputSchema = z.strictObject({
  type: z.enum(EVIDENCE_TYPES).meta({ example: 'delivery_proof' }),
  description: z.string().trim().min(1).max(500).meta({ example: 'Courier receipt signed by the customer' }),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .meta({ example: 'https://files.example.com/receipt-1042.pdf' }),
  content: z.string().max(5000).optional().meta({ example: 'Delivered 2026-11-28 14:02 to the front desk.' }),
});

export const evidenceSchema = z.object({
  type: z.enum(EVIDENCE_TYPES).meta({ example: 'delivery_proof' }),
  description: text(500, { example: 'Courier receipt signed by the customer' }),
  url: text(2000, { example: 'https://files.example.com/receipt-1042.pdf' }).nullable(),
  content: text(5000, { example: null }).nullable(),
  submittedBy: z.enum(['claimant', 'respondent']).meta({ example: 'respondent' }),
  submittedAt: timestampSchema(),
});

const counterOfferSchema = z.object({
  resolution: z.enum(COUNTER_OFFER_RESOLUTIONS).meta({ example: 'partial_refund' }),
  amount: moneySchema({ example: '50.00' }).nullable(),
  notes: text(1000, { example: 'Half back: one of the two items arrived.' }).nullable(),
});

export const disputeSchema = z
  .object({
    id: idSchema({ example: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' }),
    transferId: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }),
    status: disputeStatusSchema,
    reason: disputeReasonSchema,
    description: text(2000, { example: 'The goods never arrived.' }),
    claimantAccountId: idSchema({ description: 'The transfer’s sender, who disputes it.' }),
    respondentAccountId: idSchema({ example: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', description: 'The transfer’s recipient.' }),
    amountDisputed: moneySchema({ example: '100.00', description: 'Held on the respondent (pending) until the dispute is resolved.' }),
    currency: currencySchema,
    requestedResolution: z.enum(REQUESTED_RESOLUTIONS).nullable().meta({ example: 'full_refund' }),
    requestedAmount: moneySchema({ example: null }).nullable(),
    evidence: z.array(evidenceSchema).max(MAX_EVIDENCE_PER_DISPUTE),
    respondentResponse: text(2000, { example: null }).nullable(),
    respondentAcceptedClaim: z.boolean().nullable().meta({ example: null }),
    counterOffer: counterOfferSchema.nullable().meta({ example: null }),
    resolution: disputeResolutionSchema.nullable().meta({ example: null }),
    resolutionAmount: moneySchema({ example: null }).nullable(),
    resolutionNotes: text(2000, { example: null }).nullable(),
    refundId: idSchema({ example: null, description: 'The refund its resolution made.' }).nullable(),
    dueAt: timestampSchema({ description: 'The respondent answers by then (disputes.responseWindowDays after opening).' }),
    autoEscalateAt: timestampSchema({
      description: 'Escalated then if still unresolved (disputes.autoEscalateAfterDays); null: never.',
    }).nullable(),
    escalatedAt: timestampSchema().nullable(),
    resolvedAt: timestampSchema().nullable(),
    initiatedBy: initiatedBySchema,
    timeline: z
      .array(
        z.object({
          type: z.enum(['opened', 'responded', 'escalated', 'resolved']).meta({ example: 'opened' }),
          status: disputeStatusSchema,
          note: text(2000, { example: null }).nullable(),
          actor: initiatedBySchema,
          at: timestampSchema(),
        }),
      )
      .max(100),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Dispute' });
export type Dispute = z.output<typeof disputeSchema>;
export const disputeListSchema = listOf(disputeSchema);

export const createDisputeBodySchema = z
  .strictObject({
    transferId: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }),
    reason: disputeReasonSchema,
    description: z.string().trim().min(1).max(2000).meta({ example: 'The goods never arrived.' }),
    amountDisputed: amountInputSchema.optional().meta({ example: '100.00', description: 'Default: all that is still refundable.' }),
    requestedResolution: z.enum(REQUESTED_RESOLUTIONS).optional(),
    requestedAmount: amountInputSchema.optional().meta({ example: '100.00' }),
    evidence: z.array(evidenceInputSchema).max(MAX_EVIDENCE_PER_REQUEST).optional(),
  })
  .meta({ id: 'CreateDisputeRequest' });
export type CreateDisputeRequest = z.input<typeof createDisputeBodySchema>;

export const respondDisputeBodySchema = z
  .strictObject({
    response: z.string().trim().min(1).max(2000).meta({ example: 'Delivered on the 28th; proof attached.' }),
    evidence: z.array(evidenceInputSchema).max(MAX_EVIDENCE_PER_REQUEST).optional(),
    acceptClaim: z.boolean().optional().meta({ example: false }),
    counterOffer: z
      .strictObject({
        resolution: z.enum(COUNTER_OFFER_RESOLUTIONS),
        amount: amountInputSchema.optional(),
        notes: z.string().trim().max(1000).optional(),
      })
      .optional(),
  })
  .meta({ id: 'RespondDisputeRequest' });
export type RespondDisputeRequest = z.input<typeof respondDisputeBodySchema>;

export const resolveDisputeBodySchema = z
  .strictObject({
    resolution: disputeResolutionSchema,
    resolutionAmount: amountInputSchema.optional().meta({
      example: '50.00',
      description: 'Required for partial_refund and credit_issued; refund_issued refunds all that was disputed.',
    }),
    resolutionNotes: z.string().trim().max(2000).optional().meta({ example: 'Half refunded as agreed.' }),
  })
  .meta({ id: 'ResolveDisputeRequest' });
export type ResolveDisputeRequest = z.input<typeof resolveDisputeBodySchema>;

export const listDisputesQuerySchema = paginationQuerySchema.extend({
  status: disputeStatusSchema.optional(),
  accountId: idSchema({ description: 'Claimant or respondent.' }).optional(),
  transferId: idSchema().optional(),
  reason: disputeReasonSchema.optional(),
  dueSoon: z.enum(['true', 'false']).optional().meta({
    example: 'true',
    description: 'true: open or under review and due within 7 days (overdue ones included); false: every other dispute.',
  }),
});
export type ListDisputesQuery = z.input<typeof listDisputesQuerySchema>;

const count = (meta: Record<string, unknown> = {}) => int(0, 2_147_483_647, { example: 3, ...meta });
const countsSchema = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, count()])));
export const disputeStatsSchema = z
  .object({
    total: count({ example: 12 }),
    byStatus: z.object({
      open: count(),
      underReview: count(),
      escalated: count(),
      resolved: count(),
    }),
    atRisk: z
      .array(z.object({ currency: currencySchema, amount: moneySchema({ example: '1250.00' }) }))
      .max(20)
      .meta({ description: 'Held by unresolved disputes, per currency.' }),
    byReason: countsSchema(DISPUTE_REASONS),
    byResolution: countsSchema(DISPUTE_RESOLUTIONS),
    averageResolutionDays: z
      .number()
      .min(0)
      .max(100_000)
      .nullable()
      .meta({ example: 3.5, description: 'Over resolved disputes, one decimal.' }),
  })
  .meta({ id: 'DisputeStats' });
export type DisputeStats = z.output<typeof disputeStatsSchema>;
