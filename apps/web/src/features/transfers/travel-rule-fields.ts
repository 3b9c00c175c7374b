import type { OrganizationSettings } from '@payos/contracts';
import { Money } from '@payos/money';

// The payout form's travel rule (tenant settings `controls.travelRule`): what is typed, what is sent,
// when it is asked for, and which field an error names.

/** The travel rule parties as typed; empty fields are left out of the request. */
export type TravelRuleDraft = {
  originatorName: string;
  originatorAddress: string;
  originatorAccountNumber: string;
  beneficiaryName: string;
  beneficiaryAddress: string;
};
export const emptyTravelRule = (): TravelRuleDraft => ({
  originatorName: '',
  originatorAddress: '',
  originatorAccountNumber: '',
  beneficiaryName: '',
  beneficiaryAddress: '',
});

/** The request's `originator` / `beneficiary` (only the fields typed), or nothing. */
export function travelRuleBody(d: TravelRuleDraft) {
  const pick = (entries: [string, string][]) => {
    const kept = entries.map(([k, v]) => [k, v.trim()] as const).filter(([, v]) => v !== '');
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  };
  const originator = pick([
    ['name', d.originatorName],
    ['address', d.originatorAddress],
    ['accountNumber', d.originatorAccountNumber],
  ]);
  const beneficiary = pick([
    ['name', d.beneficiaryName],
    ['address', d.beneficiaryAddress],
  ]);
  return { ...(originator ? { originator } : {}), ...(beneficiary ? { beneficiary } : {}) };
}

/**
 * Whether the tenant's travel rule asks this payout for its parties, as the API will check it: the
 * source currency is covered (USDC, or any per setting) and the amount is at or above the threshold.
 * Only USD and USDC amounts are compared here (at par); others are for the API to say (422).
 */
export function travelRuleApplies(
  controls: OrganizationSettings['controls'] | undefined,
  currency: string | undefined,
  amount: string,
  validAmount: boolean,
): boolean {
  if (!controls || !currency || !validAmount) return false;
  const covered = controls.travelRule.appliesTo === 'all' || currency === 'USDC';
  if (!covered || (currency !== 'USD' && currency !== 'USDC')) return false;
  return new Money(amount).gte(new Money(controls.travelRule.thresholdUsd));
}

/** `originator.address` → the field's id in the fieldset. */
const FIELD_OF_PARAM: Record<string, keyof TravelRuleDraft> = {
  originator: 'originatorName',
  'originator.name': 'originatorName',
  'originator.address': 'originatorAddress',
  'originator.accountNumber': 'originatorAccountNumber',
  beneficiary: 'beneficiaryName',
  'beneficiary.name': 'beneficiaryName',
  'beneficiary.address': 'beneficiaryAddress',
};

export type TravelRuleFieldError = { field: keyof TravelRuleDraft; message: string };

/** The travel rule field a parameter names (`originator.address`), with the message for it. */
export function travelRuleField(param: string | undefined, message: string): TravelRuleFieldError | undefined {
  const field = param ? FIELD_OF_PARAM[param] : undefined;
  return field ? { field, message } : undefined;
}
