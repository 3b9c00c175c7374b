import { RETURN_CODES, type ReturnCode } from '@payos/contracts';
import { labelsOf } from '@/i18n/active';

/** A returned payout's code in the user's language ("account_closed" → "Account closed"). */
export const RETURN_CODE_LABELS: Readonly<Record<ReturnCode, string>> = labelsOf('labels.returnCode', RETURN_CODES);

/** The codes the API writes as a transfer's `failureReason` (the payout rail's refusal, a release into a closed account). */
const FAILURE_REASONS = ['destination_rejected', 'destination_account_closed'] as const;
const FAILURE_REASON_LABELS = labelsOf('labels.failureReason', FAILURE_REASONS);

/** Why a transfer or refund failed, in words: a known code in the user's language, any other text as the API gave it. */
export function failureReasonText(reason: string): string {
  return (FAILURE_REASONS as readonly string[]).includes(reason)
    ? FAILURE_REASON_LABELS[reason as (typeof FAILURE_REASONS)[number]]
    : reason;
}
