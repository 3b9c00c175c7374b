import { z } from 'zod';
import { countSchema, currencySchema, environmentSchema, idSchema, moneySchema, timestampSchema } from './common.js';

/**
 * The ledger wire schemas: the verification that recomputes every balance, and every hourly limit usage
 * counter, from the entries.
 */

/** The verification reports at most this many discrepancies of each kind. */
export const MAX_DISCREPANCIES_PER_KIND = 100;

const balanceMismatchSchema = z.object({
  kind: z.literal('balance_mismatch'),
  tenantId: idSchema(),
  environment: environmentSchema,
  accountId: idSchema(),
  currency: currencySchema,
  part: z.enum(['available', 'pending', 'in_streams']).meta({ example: 'available' }),
  stored: moneySchema({ example: '1250.00000000', description: 'The balance part as stored.' }),
  fromEntries: moneySchema({ example: '1200.00000000', description: 'The balance part recomputed from its ledger entries.' }),
});

const unbalancedTransactionSchema = z.object({
  kind: z.literal('unbalanced_transaction'),
  tenantId: idSchema(),
  environment: environmentSchema,
  transactionId: idSchema({ example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }),
  currency: currencySchema,
  sum: moneySchema({ example: '50.00000000', description: 'What the entries of this currency add up to (should be zero).' }),
});

const usageMismatchSchema = z.object({
  kind: z.literal('usage_mismatch'),
  tenantId: idSchema(),
  environment: environmentSchema,
  accountId: idSchema(),
  currency: currencySchema,
  hour: timestampSchema({ example: '2026-11-25T14:00:00.000Z', description: 'The UTC hour of the limit usage counter.' }),
  stored: moneySchema({ example: '1250.00000000', description: 'The limit usage counter as stored (0 when missing).' }),
  fromEntries: moneySchema({ example: '1200.00000000', description: 'The counter recomputed from the ledger entries of that hour.' }),
  storedEntries: countSchema({ description: 'How many entries the stored counter says it counted (0 when missing).' }),
  entriesFromLedger: countSchema({ description: 'How many entries of that hour count toward limit usage.' }),
});

export const ledgerDiscrepancySchema = z.discriminatedUnion('kind', [
  balanceMismatchSchema,
  unbalancedTransactionSchema,
  usageMismatchSchema,
]);
export type LedgerDiscrepancy = z.output<typeof ledgerDiscrepancySchema>;

export const ledgerVerificationSchema = z
  .object({
    ok: z.boolean().meta({ example: true, description: 'No discrepancy found.' }),
    balancesChecked: countSchema({ example: 42 }),
    discrepancies: z
      .array(ledgerDiscrepancySchema)
      .max(3 * MAX_DISCREPANCIES_PER_KIND)
      .meta({ example: [], description: `At most ${MAX_DISCREPANCIES_PER_KIND} of each kind.` }),
  })
  .meta({ id: 'LedgerVerification' });
export type LedgerVerification = z.output<typeof ledgerVerificationSchema>;
