import { activeLocale, translate } from '@/i18n/active';
import { MESSAGES, type Messages } from '@/i18n/messages';
import { dateTime, money } from './format';

/**
 * What the dashboard says when the API refuses: plain words mapped from the error's `code`, `param`
 * and `details`, never a field path ("details.clabe check digit does not match." reads "CLABE check
 * digit does not match." in a toast and "Check digit does not match." under the CLABE field), and,
 * where there is one, the way forward (verify the account to raise its limit).
 */

/** An API refusal as the SDK's PayOSError carries it, or a form's own FieldError. */
export type Refusal = {
  message: string;
  code?: string | undefined;
  param?: string | undefined;
  details?: Record<string, unknown> | undefined;
};

/** What people call the fields the API names by path: keys of the `errors.field` messages. */
const FIELD_LABELS = {
  amount: 'amount',
  currency: 'currency',
  description: 'description',
  name: 'name',
  email: 'email',
  country: 'country',
  label: 'label',
  url: 'url',
  fundingAmount: 'fundingAmount',
  ratePerMonth: 'ratePerMonth',
  ratePerSecond: 'ratePerSecond',
  startDate: 'startDate',
  endDate: 'endDate',
  maxOccurrences: 'maxOccurrences',
  interval: 'interval',
  reason: 'reason',
  password: 'password',
  'details.clabe': 'clabe',
  'details.pixKey': 'pixKey',
  'details.keyType': 'keyType',
  'details.routingNumber': 'routingNumber',
  'details.accountNumber': 'accountNumber',
  'details.cbu': 'cbu',
  'details.bankCode': 'bankCode',
  'details.accountType': 'accountType',
  'details.documentId': 'documentId',
  'details.holderName': 'holderName',
  'details.address': 'address',
  'details.network': 'network',
} as const;

/** "details.clabe" → "CLABE"; an unknown path → its last part in words ("beneficiary.name" → "Beneficiary name"). */
export function fieldLabel(param: string): string {
  const known = FIELD_LABELS[param as keyof typeof FIELD_LABELS];
  if (known) return translate('errors')(`field.${known}`);
  const words = param
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The message to show under the field the refusal names: the API's, without the field's path
 * ("details.clabe check digit does not match." → "Check digit does not match.").
 */
export function fieldMessage(refusal: Refusal): string {
  const { param, message } = refusal;
  if (!param || !message.startsWith(param)) return message;
  const rest = message.slice(param.length).replace(/^:?\s*/, '');
  if (rest === 'is required.') return translate('errors')('required');
  return rest ? capitalize(rest) : message;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The error codes with a sentence of their own in the `errors.code` messages. */
type CodeSentence = keyof Messages['errors']['code'];
const CODE_SENTENCES: Record<string, unknown> = MESSAGES.en.errors.code;

const LIMIT_WINDOWS = new Set(['per_transaction', 'daily', 'monthly']);

/** A refusal in plain words, for a toast or a form's message: figures from `details`, fields by their label. */
export function plainMessage(refusal: Refusal): string {
  const details = refusal.details ?? {};
  const t = translate('errors');
  switch (refusal.code) {
    case 'limit_exceeded': {
      const window = text(details.limitType) ?? '';
      const limit = text(details.limit);
      if (!LIMIT_WINDOWS.has(window) || !limit) break;
      const used = text(details.used);
      const requested = text(details.requested);
      const showUsed = used && window !== 'per_transaction' && /[1-9]/.test(used);
      return t('limitExceeded', {
        scope: details.scope === 'agent' ? 'agent' : 'account',
        limit: money(limit, 'USD'),
        window,
        used: showUsed ? money(used, 'USD') : 'none',
        requested: requested ? money(requested, 'USD') : 'none',
      });
    }
    case 'insufficient_funds': {
      const available = text(details.available);
      const required = text(details.required);
      const currency = text(details.currency);
      if (available && required && currency) {
        return t('insufficientFunds', { available: money(available, currency), required: money(required, currency) });
      }
      break;
    }
    case 'account_suspended':
      return t('accountSuspended');
    case 'cooling_off_limit': {
      const ends = text(details.coolingOffEndsAt);
      const max = text(details.maxAmountUsd);
      return `${refusal.message}${ends ? ` ${t('coolingOffEnds', { at: dateTime(ends) })}` : ''}${max ? ` ${t('coolingOffMax', { max: money(max, 'USD') })}` : ''}`;
    }
    case 'quote_expired':
      return t('quoteExpired');
  }
  // In Spanish or Portuguese, a refusal whose code says it all reads in that language (the API speaks
  // English; its message, often more specific, is what an English dashboard shows).
  const code = refusal.code;
  if (activeLocale() !== 'en' && code && Object.hasOwn(CODE_SENTENCES, code)) return t(`code.${code as CodeSentence}`);
  if (refusal.param && refusal.message.startsWith(refusal.param))
    return fieldLabel(refusal.param) + refusal.message.slice(refusal.param.length);
  return refusal.message;
}

/** The way forward from a refusal, when there is one the dashboard can offer. */
export function errorAction(refusal: Refusal, context: { accountId?: string | undefined }): { label: string; href: string } | undefined {
  const next = refusal.details?.nextTier as { tier?: unknown; limit?: unknown } | undefined;
  if (refusal.code === 'limit_exceeded' && refusal.details?.scope !== 'agent' && context.accountId && typeof next?.limit === 'string') {
    return { label: translate('errors')('verifyToRaise', { limit: money(next.limit, 'USD') }), href: `/accounts/${context.accountId}` };
  }
  if (refusal.code === 'account_suspended' && context.accountId) {
    return { label: translate('errors')('openAccount'), href: `/accounts/${context.accountId}` };
  }
  return undefined;
}
