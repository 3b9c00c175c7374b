import { z } from 'zod';
import {
  currencySchema,
  idSchema,
  initiatedBySchema,
  instantSchema,
  int,
  listOf,
  MAX_NESTED_ITEMS,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';
import { riskActionSchema, riskFiguresSchema, riskHitSchema, riskLevelSchema, riskRuleIdSchema } from './risk.js';
import { transferSchema, transferStatusSchema } from './transfers.js';

/*
 * The review queue (`/v1/reviews`): what a risk rule found (one item per rule that fired), the refusal
 * record of a blocked transfer, and people's own flags on an account or a transfer (the original's
 * compliance flags). Reviewers assign, escalate, approve, reject or dismiss them; an item that holds a
 * transfer (`holdsTransfer`) releases it when approved and voids it when rejected.
 */

/**
 * `open` → `in_review` (assigned) → `approved` | `rejected` | `dismissed`; `escalated` from either of the
 * first two. `blocked`: the refusal record of a transfer a rule blocked — final from the start.
 */
export const REVIEW_STATUSES = ['open', 'in_review', 'escalated', 'approved', 'rejected', 'dismissed', 'blocked'] as const;
export const reviewStatusSchema = z.enum(REVIEW_STATUSES).meta({ example: 'open' });
export type ReviewStatus = z.output<typeof reviewStatusSchema>;
/** Still to be worked on. */
export const ACTIVE_REVIEW_STATUSES = ['open', 'in_review', 'escalated'] as const satisfies readonly ReviewStatus[];

/** Days from an item's creation to its due date, by risk level. */
export const REVIEW_DUE_DAYS = { low: 14, medium: 14, high: 7, critical: 7 } as const;

export const REVIEW_SOURCES = ['rule', 'manual'] as const;

/** The transfer a rule looked at, as it was asked for. */
export const reviewedTransferSchema = z
  .object({
    type: z.enum(['internal', 'payout']).meta({ example: 'payout' }),
    fromAccountId: idSchema(),
    toAccountId: idSchema().nullable(),
    paymentMethodId: idSchema().nullable(),
    amount: moneySchema({ example: '9500.000000' }),
    currency: currencySchema,
    amountUsd: moneySchema({ example: '9500.00', description: 'USD equivalent at the mid rate, rounded up to the cent.' }),
    destinationCurrency: currencySchema.nullable(),
  })
  .meta({ id: 'ReviewedTransfer' });

export const reviewEvidenceSchema = z
  .object({
    figures: riskFiguresSchema.meta({ description: 'What the rule that opened this item saw (empty for a manual flag).' }),
    message: text(500, { example: '3 sends of 9,000.00–9,999.99 USD in 24 h (this one included); 3 fire.' }).nullable(),
    transfer: reviewedTransferSchema.nullable().meta({ description: 'The transfer the rules looked at (null for a manual flag).' }),
    hits: z.array(riskHitSchema).max(10).meta({ description: 'Every rule that fired on that transfer, this item’s among them.' }),
    evaluatedAt: timestampSchema().nullable(),
  })
  .meta({ id: 'ReviewEvidence' });
export type ReviewEvidence = z.output<typeof reviewEvidenceSchema>;

const personSchema = z.object({ id: idSchema(), name: text(200, { example: 'Ana Torres' }) });

export const reviewSchema = z
  .object({
    id: idSchema({ example: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' }),
    status: reviewStatusSchema,
    source: z.enum(REVIEW_SOURCES).meta({ example: 'rule', description: '`rule`: opened by a risk rule; `manual`: a person’s flag.' }),
    ruleId: riskRuleIdSchema.nullable(),
    action: riskActionSchema.nullable().meta({ description: 'What the rule did (null for a manual flag).' }),
    riskLevel: riskLevelSchema,
    reason: text(200, { example: 'structuring' }),
    description: text(2000, { example: null }).nullable(),
    accountId: idSchema().nullable(),
    transferId: idSchema().nullable(),
    holdsTransfer: z.boolean().meta({
      description: 'Whether deciding this item decides its transfer (held in `requires_review`): approve releases it, reject voids it.',
    }),
    evidence: reviewEvidenceSchema,
    assignee: personSchema.nullable(),
    dueAt: timestampSchema(),
    isOverdue: z.boolean().meta({ description: 'Still to be worked on and past its due date.' }),
    escalatedAt: timestampSchema().nullable(),
    resolution: z
      .object({
        note: text(1000, { example: 'Supplier invoices on file.' }).nullable(),
        by: personSchema.nullable(),
        at: timestampSchema(),
      })
      .nullable(),
    createdBy: initiatedBySchema,
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Review' });
export type Review = z.output<typeof reviewSchema>;
export const reviewListSchema = listOf(reviewSchema);

export const reviewNoteSchema = z
  .object({
    id: idSchema(),
    body: text(2000, { example: 'Called the customer: payroll moved to Fridays.' }),
    author: personSchema,
    createdAt: timestampSchema(),
  })
  .meta({ id: 'ReviewNote' });

export const recentTransferSchema = z.object({
  id: idSchema(),
  type: z.enum(['internal', 'payout']).meta({ example: 'payout' }),
  status: transferStatusSchema,
  direction: z.enum(['out', 'in']).meta({ example: 'out' }),
  amount: moneySchema(),
  currency: currencySchema,
  destinationCurrency: currencySchema.nullable(),
  counterpartyAccountId: idSchema().nullable(),
  paymentMethodId: idSchema().nullable(),
  createdAt: timestampSchema(),
});

export const reviewDetailSchema = reviewSchema
  .extend({
    notes: z.array(reviewNoteSchema).max(MAX_NESTED_ITEMS).meta({ description: 'Oldest first (the latest 100).' }),
    recentActivity: z
      .object({
        accountId: idSchema(),
        transfers: z.array(recentTransferSchema).max(10).meta({ description: 'The account’s last 10 transfers, sent or received.' }),
      })
      .nullable(),
    transfer: transferSchema.nullable().meta({ description: 'The transfer the item is about, as it is now (null when none).' }),
  })
  .meta({ id: 'ReviewDetail' });
export type ReviewDetail = z.output<typeof reviewDetailSchema>;

const countSchema = () => int(0, 2_147_483_647, { example: 3 });
export const reviewStatsSchema = z
  .object({
    active: countSchema().meta({ description: 'Open, in review or escalated.' }),
    overdue: countSchema().meta({ description: 'Active and past their due date.' }),
    byStatus: z.object({
      open: countSchema(),
      inReview: countSchema(),
      escalated: countSchema(),
      approved: countSchema(),
      rejected: countSchema(),
      dismissed: countSchema(),
      blocked: countSchema(),
    }),
    activeByRiskLevel: z.object({ low: countSchema(), medium: countSchema(), high: countSchema(), critical: countSchema() }),
  })
  .meta({ id: 'ReviewStats' });
export type ReviewStats = z.output<typeof reviewStatsSchema>;

// ——— Requests ———

export const listReviewsQuerySchema = paginationQuerySchema.extend({
  status: reviewStatusSchema.optional(),
  riskLevel: riskLevelSchema.optional(),
  rule: riskRuleIdSchema.optional().meta({ description: 'Items a rule opened (its `ruleId`).' }),
  accountId: idSchema().optional(),
  transferId: idSchema().optional(),
  assigneeId: idSchema().optional(),
  dueBefore: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Items due before this instant.' }),
});
export type ListReviewsQuery = z.input<typeof listReviewsQuerySchema>;

const noteText = (example: string) => z.string().trim().min(1).max(1000).meta({ example });

export const createReviewBodySchema = z
  .strictObject({
    accountId: idSchema().optional().meta({ description: 'The account flagged (with a transferId: the transfer’s sender or recipient).' }),
    transferId: idSchema().optional().meta({ description: 'The transfer flagged.' }),
    riskLevel: riskLevelSchema,
    reason: z.string().trim().min(1).max(200).meta({ example: 'sanctions_potential_match' }),
    description: z.string().trim().min(1).max(2000).optional().meta({ example: 'Name close to an entry on the OFAC list.' }),
  })
  .refine((b) => b.accountId !== undefined || b.transferId !== undefined, {
    message: 'give an accountId or a transferId',
    path: ['accountId'],
  })
  .meta({ id: 'CreateReviewRequest' });
export type CreateReviewRequest = z.input<typeof createReviewBodySchema>;

export const assignReviewBodySchema = z
  .strictObject({ userId: idSchema().optional().meta({ description: 'An admin or owner of the organization; default: you.' }) })
  .meta({ id: 'AssignReviewRequest' });
export type AssignReviewRequest = z.input<typeof assignReviewBodySchema>;

export const reviewNoteBodySchema = z
  .strictObject({ note: noteText('Invoices checked.').optional() })
  .meta({ id: 'ReviewDecisionRequest' });
export const reviewRequiredNoteBodySchema = z
  .strictObject({ note: noteText('Beneficiary could not be identified.') })
  .meta({ id: 'ReviewRequiredNoteRequest' });

export const addReviewNoteBodySchema = z
  .strictObject({ body: z.string().trim().min(1).max(2000).meta({ example: 'Asked the customer for the invoice.' }) })
  .meta({ id: 'AddReviewNoteRequest' });
