import { z } from 'zod';
import { CURRENCY_CODES, idParamSchema, idSchema, MAX_PAGE_SIZE, timestampSchema } from './common.js';

/** The payment-methods wire schemas: an account's external destinations (bank accounts, USDC wallets). */

export const PAYMENT_RAILS = ['spei', 'pix', 'ach', 'cbu', 'cop_bank', 'usdc'] as const;
export type Rail = (typeof PAYMENT_RAILS)[number];
export const PAYMENT_METHOD_TYPES = ['bank_account', 'wallet'] as const;
/** The most fields a rail's details have (cop_bank: bank code, number, type, holder, document). */
export const MAX_DETAIL_FIELDS = 5;
/** An account lists at most this many active payment methods, in one page. */
export const MAX_PAYMENT_METHODS = MAX_PAGE_SIZE;

/** How a rail is named to people (a transfer's recipient detail, when its payment method has no label). */
export const RAIL_NAMES: Record<Rail, string> = {
  spei: 'SPEI',
  pix: 'Pix',
  ach: 'ACH',
  cbu: 'CBU',
  cop_bank: 'Bank account (COP)',
  usdc: 'USDC',
};

export const railSchema = z.enum(PAYMENT_RAILS).meta({ example: 'spei' });
export const paymentMethodTypeSchema = z.enum(PAYMENT_METHOD_TYPES).meta({ example: 'bank_account' });

export const paymentMethodSchema = z
  .object({
    id: idSchema({ example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }),
    accountId: idSchema(),
    type: paymentMethodTypeSchema,
    rail: railSchema,
    currency: z.enum(CURRENCY_CODES).meta({ example: 'MXN', description: 'The rail’s currency.' }),
    label: z.string().max(100).nullable().meta({ example: 'Payroll account' }),
    last4: z.string().max(4).meta({ example: '9719', description: 'The last four characters of the account number, key or address.' }),
    details: z.record(z.string().max(40), z.string().max(140)).meta({
      example: { clabe: '••••9719', holderName: 'Maria Garcia' },
      description: 'The rail’s details with the identifying numbers masked.',
      maxProperties: MAX_DETAIL_FIELDS,
    }),
    status: z.enum(['active', 'removed']).meta({ example: 'active' }),
    allowlisted: z.boolean().meta({
      example: false,
      description: 'Exempt from the cooling-off cap on new beneficiaries (controls.coolingOffHours); set by an owner or admin.',
    }),
    createdAt: timestampSchema(),
  })
  .meta({ id: 'PaymentMethod' });
export type PaymentMethod = z.output<typeof paymentMethodSchema>;

/** An account's active payment methods: all of them in one page (never more than MAX_PAYMENT_METHODS). */
export const paymentMethodListSchema = z.object({
  data: z.array(paymentMethodSchema).max(MAX_PAYMENT_METHODS),
  hasMore: z.boolean().meta({ example: false }),
  nextCursor: z.null().meta({ example: null }),
});
export type PaymentMethodList = z.output<typeof paymentMethodListSchema>;

export const createPaymentMethodBodySchema = z
  .strictObject({
    type: paymentMethodTypeSchema,
    rail: railSchema,
    details: z.record(z.string(), z.unknown()).meta({
      example: { clabe: '032180000118359719', holderName: 'Maria Garcia' },
      description:
        'spei {clabe, holderName} · pix {pixKey, keyType: cpf|cnpj|email|phone|random, holderName} · ach {routingNumber, accountNumber, holderName} · cbu {cbu, holderName} · cop_bank {bankCode, accountNumber, accountType: savings|checking, holderName, documentId} · usdc {address, network: base|polygon|ethereum}',
      maxProperties: MAX_DETAIL_FIELDS,
    }),
    label: z.string().trim().min(1).max(100).optional().meta({ example: 'Payroll account' }),
  })
  .meta({ id: 'CreatePaymentMethodRequest' });
export type CreatePaymentMethodRequest = z.input<typeof createPaymentMethodBodySchema>;

/** `{id}` (the account) and `{pmId}` (its payment method) in a path. */
export const paymentMethodParamsSchema = idParamSchema.extend({
  pmId: z
    .guid()
    .max(36)
    .meta({ param: { name: 'pmId', in: 'path' }, example: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8' }),
});

export const updatePaymentMethodBodySchema = z
  .strictObject({
    allowlisted: z.boolean().meta({ example: true, description: 'Exempt it from the cooling-off cap (or no longer).' }),
  })
  .meta({ id: 'UpdatePaymentMethodRequest' });
export type UpdatePaymentMethodRequest = z.input<typeof updatePaymentMethodBodySchema>;
