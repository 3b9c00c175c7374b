import { z } from 'zod';
import { decimalString, environmentSchema, int, timestampSchema } from './common.js';

/*
 * Tenant settings (`/v1/organization/settings`): the policies the money features follow and how the
 * organization reads dates and times. Money policies are per environment (a test environment can try a
 * shorter refund window without touching live); presentation (exports, locale, timezone) is the
 * organization's, the same in both.
 */

export const DATE_FORMATS = ['US', 'UK', 'ISO'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** What a tenant that never changed anything has. */
export const DEFAULT_SETTINGS = {
  refunds: { windowDays: 90 },
  disputes: { filingWindowDays: 120, responseWindowDays: 30, autoEscalateAfterDays: null as number | null },
  payoutReturns: { refundFees: true },
  schedules: { retry: { maxAttempts: 3, intervalsHours: [24, 48, 96] } },
  controls: {
    // Live's default; test's is 0 (DEFAULT_SETTINGS_BY_ENVIRONMENT).
    coolingOffHours: 24,
    coolingOffMaxAmountUsd: '1000.00',
    travelRule: { thresholdUsd: '3000.00', appliesTo: 'usdc' as TravelRuleScope },
  },
  /** Per currency: an account whose available balance falls below it notifies the team (none by default). */
  lowBalanceThresholds: {} as LowBalanceThresholds,
  exports: { dateFormat: 'ISO' as DateFormat },
  locale: 'en-US',
  timezone: 'UTC',
};

/** Where the environments' defaults differ: a new beneficiary cools off in live only. */
export const DEFAULT_SETTINGS_BY_ENVIRONMENT = {
  test: { controls: { coolingOffHours: 0 } },
  live: { controls: { coolingOffHours: 24 } },
} as const;

/** Which payouts the travel rule covers: those whose source currency is USDC, or every payout. */
export const TRAVEL_RULE_SCOPES = ['usdc', 'all'] as const;
export type TravelRuleScope = (typeof TRAVEL_RULE_SCOPES)[number];

/** A USD figure in settings: at most 2 decimals. */
const usdSetting = (example: string, description: string) =>
  decimalString()
    .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a USD amount such as 1000.00')
    .meta({ example, description });

/** A low-balance threshold in one currency: a positive amount with at most the currency's decimals. */
const thresholdSchema = (scale: number, example: string) =>
  decimalString()
    .regex(new RegExp(`^\\d{1,13}(\\.\\d{1,${scale}})?$`), `must be an amount with at most ${scale} decimals, such as ${example}`)
    .meta({ example });
const THRESHOLD_SCALES = { USD: 2, USDC: 6, MXN: 2, BRL: 2, COP: 2, ARS: 2 } as const;
const thresholdsShape = <T extends z.ZodType>(wrap: (schema: z.ZodString) => T) =>
  Object.fromEntries(
    Object.entries(THRESHOLD_SCALES).map(([currency, scale]) => [currency, wrap(thresholdSchema(scale, scale === 6 ? '500.000000' : '1000.00'))]),
  ) as Record<keyof typeof THRESHOLD_SCALES, T>;
export type LowBalanceThresholds = Partial<Record<keyof typeof THRESHOLD_SCALES, string>>;

const windowDays = (max: number, example: number, description: string) => int(1, max, { example, description });
const retryIntervalsSchema = z
  .array(int(1, 720, { example: 24 }))
  .min(1)
  .max(10)
  .meta({
    example: [24, 48, 96],
    description: 'Hours before each retry: the first after the 1st failed attempt, and so on; the last repeats if there are more retries.',
  });
const localeSchema = z.string().min(2).max(35).meta({ example: 'es-MX', description: 'A BCP 47 language tag (en-US, es-MX, pt-BR).' });
const timezoneSchema = z.string().min(1).max(64).meta({ example: 'America/Mexico_City', description: 'An IANA time zone.' });

// ——— Responses ———

export const organizationSettingsSchema = z
  .object({
    environment: environmentSchema.meta({ description: 'The environment whose money policies these are.' }),
    refunds: z.object({
      windowDays: windowDays(365, 90, 'Days after a transfer completed during which it can be refunded.'),
    }),
    disputes: z.object({
      filingWindowDays: windowDays(540, 120, 'Days after a transfer completed during which a dispute can be opened.'),
      responseWindowDays: windowDays(90, 30, 'Days the respondent has to answer a dispute.'),
      autoEscalateAfterDays: int(1, 90, {
        example: null,
        description: 'Days after which an unresolved dispute escalates; null: never.',
      }).nullable(),
    }),
    payoutReturns: z.object({
      refundFees: z.boolean().meta({ example: true, description: 'Whether a returned payout gives its fees back too.' }),
    }),
    schedules: z.object({
      retry: z.object({
        maxAttempts: int(0, 10, { example: 3, description: 'Retries of a refused scheduled transfer after its first attempt (0: none).' }),
        intervalsHours: retryIntervalsSchema,
      }),
    }),
    controls: z.object({
      coolingOffHours: int(0, 720, {
        example: 24,
        description:
          'Hours a new payment method cools off: payouts to it are capped at coolingOffMaxAmountUsd (0: no cooling-off). Default 24 in live, 0 in test.',
      }),
      coolingOffMaxAmountUsd: usdSetting('1000.00', 'The most one payout may send to a cooling-off payment method, in USD.'),
      travelRule: z.object({
        thresholdUsd: usdSetting('3000.00', 'Payouts at or above this (in USD) must carry originator and beneficiary.'),
        appliesTo: z
          .enum(TRAVEL_RULE_SCOPES)
          .meta({ example: 'usdc', description: '`usdc`: payouts whose source currency is USDC; `all`: every payout.' }),
      }),
    }),
    lowBalanceThresholds: z.object(thresholdsShape((schema) => schema.optional())).meta({
      example: { USD: '1000.00' },
      description:
        'Per currency, in this environment: when a movement takes an account’s available balance from at or above the threshold to below it, the team gets one notification (again only after it was back at or above). A currency left out has none.',
    }),
    exports: z.object({
      dateFormat: z
        .enum(DATE_FORMATS)
        .meta({ example: 'ISO', description: 'Dates in exports: US 12/31/2026, UK 31/12/2026, ISO 2026-12-31.' }),
    }),
    locale: localeSchema,
    timezone: timezoneSchema,
    updatedAt: timestampSchema({ description: 'When these were last changed; null if never.' }).nullable(),
  })
  .meta({ id: 'OrganizationSettings' });
export type OrganizationSettings = z.output<typeof organizationSettingsSchema>;

// ——— Requests ———

/** What to change: any part, nested objects merged, arrays replaced. */
export const updateOrganizationSettingsBodySchema = z
  .strictObject({
    refunds: z.strictObject({ windowDays: windowDays(365, 30, 'See OrganizationSettings.').optional() }).optional(),
    disputes: z
      .strictObject({
        filingWindowDays: windowDays(540, 120, 'See OrganizationSettings.').optional(),
        responseWindowDays: windowDays(90, 30, 'See OrganizationSettings.').optional(),
        autoEscalateAfterDays: int(1, 90, { example: 45 }).nullable().optional(),
      })
      .optional(),
    payoutReturns: z.strictObject({ refundFees: z.boolean().optional() }).optional(),
    schedules: z
      .strictObject({
        retry: z
          .strictObject({ maxAttempts: int(0, 10, { example: 2 }).optional(), intervalsHours: retryIntervalsSchema.optional() })
          .optional(),
      })
      .optional(),
    controls: z
      .strictObject({
        coolingOffHours: int(0, 720, { example: 24 }).optional(),
        coolingOffMaxAmountUsd: usdSetting('500.00', 'See OrganizationSettings.').optional(),
        travelRule: z
          .strictObject({
            thresholdUsd: usdSetting('1000.00', 'See OrganizationSettings.').optional(),
            appliesTo: z.enum(TRAVEL_RULE_SCOPES).optional(),
          })
          .optional(),
      })
      .optional(),
    lowBalanceThresholds: z
      .strictObject(thresholdsShape((schema) => schema.nullable().optional()))
      .optional()
      .meta({ example: { USD: '1000.00', USDC: null }, description: 'Set a currency’s threshold, or null to remove it; others stay.' }),
    exports: z.strictObject({ dateFormat: z.enum(DATE_FORMATS).optional() }).optional(),
    locale: localeSchema.optional(),
    timezone: timezoneSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'provide at least one setting')
  .meta({ id: 'UpdateOrganizationSettingsRequest' });
export type UpdateOrganizationSettingsRequest = z.input<typeof updateOrganizationSettingsBodySchema>;
