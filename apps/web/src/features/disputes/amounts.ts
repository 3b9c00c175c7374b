import type { DisputeResolution } from '@payos/contracts';
import { AmountError, isCurrency, Money, parseAmount } from '@payos/money';
import { translate } from '@/i18n/active';
import { isValidAmount } from '@/lib/amount';
import { money } from '@/lib/format';

/**
 * What is wrong with an amount typed into a dispute form, before asking the API: its format, its
 * decimals for the currency, more than `max` (the refundable or the disputed amount). Decimal
 * arithmetic throughout: never a float.
 */
export function amountProblem(
  amount: string,
  currency: string,
  max: string,
  what: 'disputed' | 'offered' | 'refunded' | 'requested' = 'disputed',
): string | undefined {
  const t = translate('disputes');
  if (!amount) return t('amounts.enter');
  if (!isValidAmount(amount)) return t('amounts.enterSuch', { example: max });
  if (isCurrency(currency)) {
    try {
      parseAmount(amount, currency);
    } catch (e) {
      if (e instanceof AmountError) return e.message;
      throw e;
    }
  }
  if (new Money(amount).gt(max)) return t('amounts.atMost', { amount: money(max, currency), what });
  return undefined;
}

/** The resolutions that need a resolutionAmount (the API answers parameter_missing without one). */
export const needsAmount = (resolution: DisputeResolution | '') => resolution === 'partial_refund' || resolution === 'credit_issued';

/**
 * How a resolution splits the hold: `refund` goes to the claimant (a refund out of the hold), `release`
 * back to the respondent's available balance. refund_issued refunds all that was disputed, no_action
 * nothing, partial_refund and credit_issued the amount given. Undefined while the amount is not valid.
 */
export function resolutionSplit(
  disputed: string,
  currency: string,
  resolution: DisputeResolution,
  amount: string,
): { refund: string; release: string } | undefined {
  const refund =
    resolution === 'refund_issued'
      ? new Money(disputed)
      : resolution === 'no_action'
        ? new Money(0)
        : amountProblem(amount, currency, disputed)
          ? undefined
          : new Money(amount);
  if (!refund) return undefined;
  return { refund: refund.toFixed(), release: new Money(disputed).minus(refund).toFixed() };
}
