import { z } from 'zod';
import { decimalString, environmentSchema, int, moneySchema, timestampSchema } from './common.js';

/*
 * Risk rules (`/v1/risk-rules`): built-in checks a transfer goes through before it is written, each with
 * tenant-tunable thresholds, per environment. A rule that fires does what its `action` says:
 * `flag` lets the transfer pass and opens a review item; `review` creates it in `requires_review`, held
 * on the sender until a reviewer approves or rejects it; `block` refuses it (422 `transfer_blocked`) and
 * leaves one refusal record in the review queue. The strictest action of the rules that fire wins
 * (block > review > flag). Evaluations are deterministic: every hit says which figures it saw.
 */

export const RISK_RULE_IDS = [
  'velocity',
  'amount_threshold',
  'new_beneficiary',
  'new_corridor',
  'new_account',
  'beneficiary_name_mismatch',
  'structuring',
] as const;
export const riskRuleIdSchema = z.enum(RISK_RULE_IDS).meta({ example: 'velocity' });
export type RiskRuleId = z.output<typeof riskRuleIdSchema>;

export const RISK_ACTIONS = ['flag', 'review', 'block'] as const;
export const riskActionSchema = z.enum(RISK_ACTIONS).meta({
  example: 'review',
  description:
    '`flag`: the transfer goes through and a review item is opened; `review`: the transfer is held in `requires_review` until a reviewer decides; `block`: it is refused with 422 `transfer_blocked`.',
});
export type RiskAction = z.output<typeof riskActionSchema>;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS).meta({ example: 'high' });
export type RiskLevel = z.output<typeof riskLevelSchema>;

/** USD thresholds as stored and answered: decimal strings with 2 places. */
const usd = (example: string, description: string) => moneySchema({ example, description });

/** What every rule has. */
const common = {
  enabled: z.boolean().meta({ example: true, description: 'Default: enabled in live, disabled in test.' }),
  action: riskActionSchema,
  riskLevel: riskLevelSchema,
};

const velocityRuleSchema = z
  .object({
    id: z.literal('velocity'),
    ...common,
    maxCountPerHour: int(1, 100_000, {
      example: 10,
      description: 'Sends per account in the last hour, this one included: more fires.',
    }).nullable(),
    maxCountPerDay: int(1, 1_000_000, {
      example: 50,
      description: 'Sends per account in the last 24 h, this one included: more fires.',
    }).nullable(),
    maxAmountPerHourUsd: usd(
      '25000.00',
      'USD sent per account in the last hour, this one included: more fires. Null: not checked.',
    ).nullable(),
    maxAmountPerDayUsd: usd(
      '50000.00',
      'USD sent per account in the last 24 h, this one included: more fires. Null: not checked.',
    ).nullable(),
  })
  .meta({
    id: 'VelocityRule',
    description: 'Many sends, or much money, from one account in a short time. Null thresholds are not checked.',
  });

const amountThresholdRuleSchema = z
  .object({
    id: z.literal('amount_threshold'),
    ...common,
    amountGteUsd: usd('10000.00', 'A transfer of at least this much (USD equivalent) fires.'),
  })
  .meta({ id: 'AmountThresholdRule', description: 'One large transfer.' });

const newBeneficiaryRuleSchema = z
  .object({
    id: z.literal('new_beneficiary'),
    ...common,
    maxAgeHours: int(1, 8760, { example: 24, description: 'A payout to a payment method added less than this many hours ago fires.' }),
  })
  .meta({ id: 'NewBeneficiaryRule', description: 'A payout to a payment method that was just added.' });

const newCorridorRuleSchema = z
  .object({ id: z.literal('new_corridor'), ...common })
  .meta({ id: 'NewCorridorRule', description: 'The account’s first payout into this destination currency.' });

const newAccountRuleSchema = z
  .object({
    id: z.literal('new_account'),
    ...common,
    maxAgeDays: int(1, 3650, { example: 7, description: 'An account opened less than this many days ago…' }),
    amountGteUsd: usd('1000.00', '…sending at least this much (USD equivalent) fires.'),
  })
  .meta({ id: 'NewAccountRule', description: 'A young account sending a large amount.' });

const beneficiaryNameMismatchRuleSchema = z.object({ id: z.literal('beneficiary_name_mismatch'), ...common }).meta({
  id: 'BeneficiaryNameMismatchRule',
  description:
    'A payout to a payment method whose holder name is not the sending account’s name. Compared without case, accents, punctuation or word order; wallets (no holder name) are not checked.',
});

const structuringRuleSchema = z
  .object({
    id: z.literal('structuring'),
    ...common,
    thresholdUsd: usd('10000.00', 'The threshold amounts are kept just below.'),
    marginPct: int(1, 50, { example: 10, description: 'A send counts when it is in [threshold × (1 − marginPct/100), threshold).' }),
    minCount: int(2, 100, { example: 3, description: 'This many counted sends in 24 h (this one included), in one currency, fire.' }),
  })
  .meta({ id: 'StructuringRule', description: 'Several amounts just below a threshold within a day.' });

export const riskRuleSchema = z.discriminatedUnion('id', [
  velocityRuleSchema,
  amountThresholdRuleSchema,
  newBeneficiaryRuleSchema,
  newCorridorRuleSchema,
  newAccountRuleSchema,
  beneficiaryNameMismatchRuleSchema,
  structuringRuleSchema,
]);
export type RiskRule = z.output<typeof riskRuleSchema>;
export type RiskRuleOf<Id extends RiskRuleId> = Extract<RiskRule, { id: Id }>;

export const riskRulesSchema = z
  .object({
    environment: environmentSchema.meta({ description: 'The environment these rules apply in.' }),
    rules: z.array(riskRuleSchema).max(RISK_RULE_IDS.length).meta({ description: 'Every built-in rule, in a fixed order.' }),
    updatedAt: timestampSchema({ description: 'When they were last changed; null if never.' }).nullable(),
  })
  .meta({ id: 'RiskRules' });
export type RiskRules = z.output<typeof riskRulesSchema>;

/** What a tenant that changed nothing has, but `enabled` (true in live, false in test). */
export const RISK_RULE_DEFAULTS = {
  velocity: {
    action: 'review',
    riskLevel: 'medium',
    maxCountPerHour: 10,
    maxCountPerDay: 50,
    maxAmountPerHourUsd: null,
    maxAmountPerDayUsd: '50000.00',
  },
  amount_threshold: { action: 'review', riskLevel: 'high', amountGteUsd: '10000.00' },
  new_beneficiary: { action: 'flag', riskLevel: 'medium', maxAgeHours: 24 },
  new_corridor: { action: 'flag', riskLevel: 'low' },
  new_account: { action: 'review', riskLevel: 'high', maxAgeDays: 7, amountGteUsd: '1000.00' },
  beneficiary_name_mismatch: { action: 'flag', riskLevel: 'medium' },
  structuring: { action: 'review', riskLevel: 'high', thresholdUsd: '10000.00', marginPct: 10, minCount: 3 },
} as const satisfies { [Id in RiskRuleId]: Omit<RiskRuleOf<Id>, 'id' | 'enabled'> };

// ——— Requests ———

/** A USD threshold in a request: at most 2 decimals. */
const usdInput = () =>
  decimalString()
    .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a USD amount such as 10000.00')
    .meta({ example: '10000.00', description: 'USD, at most 2 decimal places.' });

const commonPatch = { enabled: z.boolean().optional(), action: riskActionSchema.optional(), riskLevel: riskLevelSchema.optional() };

/** What to change: per rule, only the fields given. */
export const updateRiskRulesBodySchema = z
  .strictObject({
    rules: z
      .strictObject({
        velocity: z
          .strictObject({
            ...commonPatch,
            maxCountPerHour: int(1, 100_000, { example: 5 }).nullable().optional(),
            maxCountPerDay: int(1, 1_000_000, { example: 20 }).nullable().optional(),
            maxAmountPerHourUsd: usdInput().nullable().optional(),
            maxAmountPerDayUsd: usdInput().nullable().optional(),
          })
          .optional(),
        amount_threshold: z.strictObject({ ...commonPatch, amountGteUsd: usdInput().optional() }).optional(),
        new_beneficiary: z.strictObject({ ...commonPatch, maxAgeHours: int(1, 8760, { example: 48 }).optional() }).optional(),
        new_corridor: z.strictObject(commonPatch).optional(),
        new_account: z
          .strictObject({ ...commonPatch, maxAgeDays: int(1, 3650, { example: 14 }).optional(), amountGteUsd: usdInput().optional() })
          .optional(),
        beneficiary_name_mismatch: z.strictObject(commonPatch).optional(),
        structuring: z
          .strictObject({
            ...commonPatch,
            thresholdUsd: usdInput().optional(),
            marginPct: int(1, 50, { example: 10 }).optional(),
            minCount: int(2, 100, { example: 3 }).optional(),
          })
          .optional(),
      })
      .meta({
        example: { amount_threshold: { enabled: true, amountGteUsd: '5000.00' } },
        description: 'Rule id → the fields to change.',
      }),
  })
  .meta({ id: 'UpdateRiskRulesRequest' });
export type UpdateRiskRulesRequest = z.input<typeof updateRiskRulesBodySchema>;

// ——— What an evaluation found ———

/** A figure a rule saw: a count, a USD amount or age as a decimal string, a flag, a name. */
export const riskFigureSchema = z.union([z.string().max(300), int(-1_000_000_000, 1_000_000_000), z.boolean(), z.null()]);
export const riskFiguresSchema = z
  .record(z.string().max(60), riskFigureSchema)
  .meta({ example: { countLastHour: 11, limit: 10 }, maxProperties: 20 });

export const riskHitSchema = z
  .object({
    ruleId: riskRuleIdSchema,
    riskLevel: riskLevelSchema,
    action: riskActionSchema,
    figures: riskFiguresSchema,
    message: z.string().max(500).meta({ example: '11 sends from this account in the last hour (this one included); the limit is 10.' }),
  })
  .meta({ id: 'RiskHit' });
export type RiskHit = z.output<typeof riskHitSchema>;
