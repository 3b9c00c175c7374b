import { z } from 'zod';
import {
  decimalString,
  idSchema,
  initiatedBySchema,
  int,
  listOf,
  MAX_NESTED_ITEMS,
  moneySchema,
  paginationQuerySchema,
  text,
  timestampSchema,
} from './common.js';
import { scheduledTransferSchema } from './schedules.js';
import { streamSchema } from './streams.js';
import { transferSchema } from './transfers.js';

/**
 * Maker-checker approvals: an approval policy says which transfers need people to approve them (by
 * kind, USD amount and who started them) and how many of which role; such a transfer is created in
 * `requires_approval` with its funds held, and waits for them. Schedules (each run's amount) and
 * streams (the funding) are matched once, at creation: approved, a schedule's runs are not asked again.
 */

export const APPROVAL_APPLIES_TO = ['payout', 'internal', 'all'] as const;
export const approvalAppliesToSchema = z.enum(APPROVAL_APPLIES_TO).meta({ example: 'payout' });
export const APPROVAL_INITIATOR_TYPES = ['user', 'api_key', 'agent'] as const;
export const approvalInitiatorTypeSchema = z.enum(APPROVAL_INITIATOR_TYPES).meta({ example: 'api_key' });
export const APPROVER_ROLES = ['admin', 'owner'] as const;
export const approverRoleSchema = z
  .enum(APPROVER_ROLES)
  .meta({ example: 'admin', description: '`admin`: admins or owners may approve; `owner`: only owners.' });
export type ApproverRole = z.output<typeof approverRoleSchema>;

/** How long a transfer waits for its approvals before it expires (its hold voided). */
export const APPROVAL_EXPIRY_HOURS = 72;

export const approvalPolicySchema = z
  .object({
    id: idSchema({ example: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' }),
    name: text(100, { example: 'Large API payouts' }),
    appliesTo: approvalAppliesToSchema,
    amountGte: moneySchema({ example: '10000.00', description: 'In USD: transfers of at least this much (converted at the mid rate).' }),
    initiatorTypes: z
      .array(approvalInitiatorTypeSchema)
      .min(1)
      .max(3)
      .meta({ example: ['api_key', 'agent'] }),
    requiredApprovals: int(1, 3, { example: 2, description: 'Distinct approvers needed.' }),
    approverRole: approverRoleSchema,
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;
export const approvalPolicyListSchema = listOf(approvalPolicySchema);

/** A USD threshold in a request: at most 2 decimals. */
const usdAmountInputSchema = decimalString()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a USD amount such as 10000.00')
  .meta({ example: '10000.00', description: 'USD, at most 2 decimal places.' });

/** Duplicates are dropped. */
const initiatorTypesInputSchema = z
  .array(approvalInitiatorTypeSchema)
  .min(1)
  .max(3)
  .transform((types) => [...new Set(types)])
  .meta({ example: ['api_key', 'agent'] });

export const createApprovalPolicyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).meta({ example: 'Large API payouts' }),
    appliesTo: approvalAppliesToSchema,
    amountGte: usdAmountInputSchema,
    initiatorTypes: initiatorTypesInputSchema,
    requiredApprovals: int(1, 3, { example: 2 }),
    approverRole: approverRoleSchema,
  })
  .meta({ id: 'CreateApprovalPolicyRequest' });
export type CreateApprovalPolicyRequest = z.input<typeof createApprovalPolicyBodySchema>;

export const updateApprovalPolicyBodySchema = createApprovalPolicyBodySchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ id: 'UpdateApprovalPolicyRequest' });
export type UpdateApprovalPolicyRequest = z.input<typeof updateApprovalPolicyBodySchema>;

/** What an approval decides on: a transfer, a schedule (before its first run) or a stream (before it flows). */
export const APPROVAL_OBJECT_TYPES = ['transfer', 'schedule', 'stream'] as const;
export const approvalObjectTypeSchema = z.enum(APPROVAL_OBJECT_TYPES).meta({ example: 'transfer' });
export type ApprovalObjectType = z.output<typeof approvalObjectTypeSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'expired', 'cancelled'] as const;
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES).meta({ example: 'pending' });
export type ApprovalStatus = z.output<typeof approvalStatusSchema>;

export const approvalDecisionSchema = z.object({
  userId: idSchema(),
  name: text(200, { example: 'Ana Torres' }),
  decision: z.enum(['approved', 'denied']).meta({ example: 'approved' }),
  reason: text(500, { example: null }).nullable(),
  at: timestampSchema(),
});

export const approvalSchema = z
  .object({
    id: idSchema({ example: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c' }),
    status: approvalStatusSchema,
    objectType: approvalObjectTypeSchema,
    transferId: idSchema({ example: 'e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9' }).nullable(),
    scheduleId: idSchema().nullable(),
    streamId: idSchema().nullable(),
    policy: z.object({
      id: idSchema({ description: 'The policy that matched (it may have been changed or deleted since).' }),
      name: text(100, { example: 'Large API payouts' }),
    }),
    requiredApprovals: int(1, 3, { example: 2 }),
    approverRole: approverRoleSchema,
    amountUsd: moneySchema({
      example: '12500.00',
      description: 'In USD when it was created: a transfer’s amount, a schedule’s amount per run, a stream’s funding.',
    }),
    initiatedBy: initiatedBySchema,
    decisions: z.array(approvalDecisionSchema).max(MAX_NESTED_ITEMS).meta({ description: 'Who decided what, oldest first.' }),
    canDecide: z.boolean().meta({
      description:
        'Whether the caller may approve or deny it now: it is pending, the caller has the role, did not start the object and has not decided yet.',
    }),
    expiresAt: timestampSchema(),
    decidedAt: timestampSchema().nullable(),
    createdAt: timestampSchema(),
    transfer: transferSchema.nullable().meta({ description: 'The transfer, when objectType is `transfer`.' }),
    schedule: scheduledTransferSchema.nullable().meta({ description: 'The schedule, when objectType is `schedule`.' }),
    stream: streamSchema.nullable().meta({ description: 'The stream, when objectType is `stream`.' }),
  })
  .meta({ id: 'Approval' });
export type Approval = z.output<typeof approvalSchema>;
export const approvalListSchema = listOf(approvalSchema);

export const listApprovalsQuerySchema = paginationQuerySchema.extend({
  status: approvalStatusSchema
    .optional()
    .meta({ description: 'Default `pending`: the inbox — the pending approvals the caller’s role may decide.' }),
  objectType: approvalObjectTypeSchema.optional(),
  transferId: idSchema().optional(),
  scheduleId: idSchema().optional(),
  streamId: idSchema().optional(),
});
export type ListApprovalsQuery = z.input<typeof listApprovalsQuerySchema>;

export const denyTransferBodySchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).meta({ example: 'Beneficiary not on the supplier list.' }),
  })
  .meta({ id: 'DenyTransferRequest' });
export type DenyTransferRequest = z.input<typeof denyTransferBodySchema>;
