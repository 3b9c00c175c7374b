import type { ErrorCode } from '@payos/contracts';

/** The errors an amount in a request can answer with; operations that take one declare them. */
export const AMOUNT_ERRORS = [
  'amount_must_be_string',
  'invalid_amount',
  'amount_too_precise',
  'amount_not_positive',
  'amount_too_large',
] as const satisfies readonly ErrorCode[];
