import { z } from 'zod';
import { decimalString, idSchema, int, moneySchema, paginationQuerySchema, text, timestampSchema } from './common.js';

/** AI agents: acting for one business account, within permissions, a KYA tier and limits. */

/** What an agent may be allowed to do. Each operation that agents may call names the one it needs. */
export const AGENT_PERMISSIONS = [
  'accounts.view',
  'paymentMethods.view',
  'transactions.initiate',
  'refunds.create',
  'streams.initiate',
  'streams.pause',
  'streams.terminate',
] as const;
export const agentPermissionSchema = z.enum(AGENT_PERMISSIONS).meta({ example: 'transactions.initiate' });
export type AgentPermission = z.output<typeof agentPermissionSchema>;

export const AGENT_TYPES = ['payment', 'treasury', 'compliance', 'custom'] as const;
export const agentTypeSchema = z.enum(AGENT_TYPES).meta({ example: 'payment' });
export type AgentType = z.output<typeof agentTypeSchema>;

export const AGENT_STATUSES = ['active', 'suspended', 'deleted'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AGENT_ACTIVITY_RESULTS = ['succeeded', 'refused', 'failed'] as const;
export type AgentActivityResult = (typeof AGENT_ACTIVITY_RESULTS)[number];

/** An agent's own limit in a request: USD with at most 2 decimals; null removes it. */
const usdLimitInputSchema = decimalString()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a USD amount such as 1000.00')
  .nullable()
  .optional()
  .meta({ example: '500.00' });
const limitsInputSchema = z
  .strictObject({ perTransaction: usdLimitInputSchema, daily: usdLimitInputSchema, monthly: usdLimitInputSchema })
  .meta({ description: 'USD; null removes a limit.' });
/** Duplicates are dropped. */
const permissionsInputSchema = z
  .array(agentPermissionSchema)
  .max(AGENT_PERMISSIONS.length)
  .transform((p) => [...new Set(p)])
  .meta({ example: ['accounts.view', 'transactions.initiate'] });

export const createAgentBodySchema = z
  .strictObject({
    accountId: idSchema({ description: 'A business account the agent acts for.' }),
    name: z.string().trim().min(1).max(200).meta({ example: 'Payroll Autopilot' }),
    description: z.string().trim().max(1000).optional().meta({ example: 'Pays the monthly payroll run.' }),
    type: agentTypeSchema.optional(),
    permissions: permissionsInputSchema.optional(),
    limits: limitsInputSchema.optional(),
  })
  .meta({ id: 'CreateAgentRequest' });
export type CreateAgentRequest = z.input<typeof createAgentBodySchema>;

export const updateAgentBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional().meta({ example: 'Payroll Autopilot' }),
    description: z.string().trim().max(1000).nullable().optional().meta({ example: 'Pays the monthly payroll run.' }),
    permissions: permissionsInputSchema.optional(),
    limits: limitsInputSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'provide at least one field')
  .meta({ id: 'UpdateAgentRequest' });
export type UpdateAgentRequest = z.input<typeof updateAgentBodySchema>;

export const agentListQuerySchema = paginationQuerySchema.extend({
  accountId: idSchema({ description: 'Agents of this account.' }).optional(),
  status: z.enum(['active', 'suspended']).optional(),
});
export type AgentListQuery = z.input<typeof agentListQuerySchema>;

export const agentActivityQuerySchema = paginationQuerySchema.extend({
  result: z.enum(AGENT_ACTIVITY_RESULTS).optional(),
  action: z.string().max(60).optional().meta({ example: 'createTransfer', description: 'The operation id.' }),
});
export type AgentActivityQuery = z.input<typeof agentActivityQuerySchema>;

export const agentSchema = z
  .object({
    id: idSchema({ example: '0f7e6d5c-4b3a-4291-8f7e-6d5c4b3a2918' }),
    accountId: idSchema(),
    name: text(200, { example: 'Payroll Autopilot' }),
    description: text(1000, { example: 'Pays the monthly payroll run.' }).nullable(),
    type: agentTypeSchema,
    status: z.enum(AGENT_STATUSES).meta({ example: 'active' }),
    suspendedReason: z
      .enum(['manual', 'account_suspended'])
      .nullable()
      .meta({ example: null, description: 'manual, or account_suspended.' }),
    kyaTier: int(0, 3, { example: 2, description: 'Know-Your-Agent tier 0–3; 0 cannot act.' }),
    permissions: z
      .array(agentPermissionSchema)
      .max(AGENT_PERMISSIONS.length)
      .meta({ example: ['accounts.view', 'transactions.initiate'] }),
    limits: z
      .object({
        perTransaction: moneySchema({ example: '500.00' }).nullable(),
        daily: moneySchema({ example: '2000.00' }).nullable(),
        monthly: moneySchema({ example: '10000.00' }).nullable(),
      })
      .meta({ description: 'Its own limits in USD; null = not set.' }),
    tokenPrefix: z
      .string()
      .max(20)
      .regex(/^agent_[A-Za-z0-9_-]{14}$/)
      .meta({ example: 'agent_Zx81Kq0vNs3tW2', description: 'Non-secret start of the token.' }),
    createdAt: timestampSchema(),
    updatedAt: timestampSchema(),
  })
  .meta({ id: 'Agent' });
export type Agent = z.output<typeof agentSchema>;

/** The agent with its token (create, rotate): `allOf` Agent in the spec. */
export const agentWithTokenSchema = z.intersection(
  agentSchema,
  z.object({
    token: z
      .string()
      .max(206)
      .regex(/^agent_[A-Za-z0-9_-]{20,200}$/)
      .meta({
        example: 'agent_Zx81Kq0vNs3tW2yB_13LnkLOyNULafbOZJvybMQCLNw',
        description: 'Shown once; use it as `Authorization: Bearer agent_…`.',
      }),
  }),
);
export type AgentWithToken = z.output<typeof agentWithTokenSchema>;

const agentLimitRowSchema = z.object({
  kyaTier: moneySchema({ example: '10000.00', description: 'The limit of the agent’s KYA tier.' }),
  agent: moneySchema({ example: '500.00', description: 'The agent’s own limit, if set.' }).nullable(),
  accountTier: moneySchema({ example: '50000.00', description: 'The limit of its account’s verification tier.' }),
  effective: moneySchema({ example: '500.00', description: 'The lowest of the three.' }),
  cappedBy: z.enum(['kya_tier', 'agent', 'account_tier']).meta({ example: 'agent' }),
  used: moneySchema({ example: '120.00', description: 'Daily and monthly: used so far (rounded up).' }).optional(),
  remaining: moneySchema({ example: '380.00', description: 'Daily and monthly: what remains (rounded down).' }).optional(),
});
export type AgentLimitRow = z.output<typeof agentLimitRowSchema>;

export const agentLimitsSchema = z
  .object({
    currency: z.literal('USD'),
    perTransaction: agentLimitRowSchema,
    daily: agentLimitRowSchema,
    monthly: agentLimitRowSchema,
  })
  .meta({ id: 'AgentLimits' });
export type AgentLimits = z.output<typeof agentLimitsSchema>;

export const agentActivitySchema = z
  .object({
    id: idSchema(),
    action: z
      .string()
      .max(100)
      .regex(/^[A-Za-z]+$/)
      .meta({ example: 'createTransfer', description: 'The operation id.' }),
    method: z
      .string()
      .max(10)
      .regex(/^[A-Z]+$/)
      .meta({ example: 'POST' }),
    path: text(300, { example: '/v1/transfers' }),
    objectId: text(200, { example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f', description: 'The id of what it created or read.' }).nullable(),
    statusCode: int(100, 599, { example: 201 }),
    result: z.enum(AGENT_ACTIVITY_RESULTS).meta({ example: 'succeeded' }),
    errorCode: z
      .string()
      .max(100)
      .regex(/^[a-z][a-z0-9_]*$/)
      .nullable()
      .meta({ example: null }),
    requestId: text(128, { example: 'req_8c1d0e6f' }).nullable(),
    at: timestampSchema(),
  })
  .meta({ id: 'AgentActivity' });
export type AgentActivity = z.output<typeof agentActivitySchema>;
