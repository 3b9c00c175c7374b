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

/** What people call the fields the API names by path. */
const FIELD_LABELS: Record<string, string> = {
  amount: 'Amount',
  currency: 'Currency',
  description: 'Description',
  name: 'Name',
  email: 'Email',
  country: 'Country',
  label: 'Label',
  url: 'URL',
  fundingAmount: 'Funding',
  ratePerMonth: 'Rate per month',
  ratePerSecond: 'Rate per second',
  startDate: 'Start date',
  endDate: 'End date',
  maxOccurrences: 'Number of runs',
  interval: 'Repeat every',
  reason: 'Reason',
  password: 'Password',
  'details.clabe': 'CLABE',
  'details.pixKey': 'Pix key',
  'details.keyType': 'Pix key type',
  'details.routingNumber': 'Routing number',
  'details.accountNumber': 'Account number',
  'details.cbu': 'CBU',
  'details.bankCode': 'Bank code',
  'details.accountType': 'Account type',
  'details.documentId': 'Document ID',
  'details.holderName': 'Holder name',
  'details.address': 'Wallet address',
  'details.network': 'Network',
};

/** "details.clabe" → "CLABE"; an unknown path → its last part in words ("beneficiary.name" → "Beneficiary name"). */
export function fieldLabel(param: string): string {
  const known = FIELD_LABELS[param];
  if (known) return known;
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
  if (rest === 'is required.') return 'Required.';
  return rest ? capitalize(rest) : message;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const LIMIT_WINDOWS: Record<string, string> = {
  per_transaction: 'a payment',
  daily: 'a day',
  monthly: '30 days',
};

/** A refusal in plain words, for a toast or a form's message: figures from `details`, fields by their label. */
export function plainMessage(refusal: Refusal): string {
  const details = refusal.details ?? {};
  switch (refusal.code) {
    case 'limit_exceeded': {
      const window = LIMIT_WINDOWS[text(details.limitType) ?? ''];
      const limit = text(details.limit);
      if (!window || !limit) break;
      const used = text(details.used);
      const requested = text(details.requested);
      const scope = details.scope === 'agent' ? 'This agent' : 'This account';
      const usedPart = used && details.limitType !== 'per_transaction' && /[1-9]/.test(used) ? `, ${money(used, 'USD')} already used` : '';
      return `${scope} may send at most ${money(limit, 'USD')} in ${window}${usedPart}${requested ? `; this payment is ${money(requested, 'USD')}` : ''}.`;
    }
    case 'insufficient_funds': {
      const available = text(details.available);
      const required = text(details.required);
      const currency = text(details.currency);
      if (available && required && currency) {
        return `Not enough money: ${money(available, currency)} available, ${money(required, currency)} needed.`;
      }
      break;
    }
    case 'account_suspended':
      return 'This account is suspended: activate it before it sends money.';
    case 'cooling_off_limit': {
      const ends = text(details.coolingOffEndsAt);
      const max = text(details.maxAmountUsd);
      return `${refusal.message}${ends ? ` Cooling-off ends ${dateTime(ends)}.` : ''}${max ? ` Send at most ${money(max, 'USD')} until then, or ask an admin to allowlist this payment method.` : ''}`;
    }
    case 'quote_expired':
      return 'The quote expired. A new one is on its way; confirm again with it.';
  }
  if (refusal.param && refusal.message.startsWith(refusal.param))
    return fieldLabel(refusal.param) + refusal.message.slice(refusal.param.length);
  return refusal.message;
}

/** The way forward from a refusal, when there is one the dashboard can offer. */
export function errorAction(refusal: Refusal, context: { accountId?: string | undefined }): { label: string; href: string } | undefined {
  const next = refusal.details?.nextTier as { tier?: unknown; limit?: unknown } | undefined;
  if (refusal.code === 'limit_exceeded' && refusal.details?.scope !== 'agent' && context.accountId && typeof next?.limit === 'string') {
    return { label: `Verify this account to raise its limit to ${money(next.limit, 'USD')}`, href: `/accounts/${context.accountId}` };
  }
  if (refusal.code === 'account_suspended' && context.accountId) {
    return { label: 'Open the account', href: `/accounts/${context.accountId}` };
  }
  return undefined;
}
