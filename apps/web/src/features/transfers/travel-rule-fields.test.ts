import { describe, expect, it } from 'vitest';
import { emptyTravelRule, travelRuleApplies, travelRuleBody, travelRuleField } from './travel-rule-fields';

const controls = (thresholdUsd: string, appliesTo: 'usdc' | 'all') => ({
  coolingOffHours: 0,
  coolingOffMaxAmountUsd: '1000.00',
  travelRule: { thresholdUsd, appliesTo },
});

describe('travelRuleApplies', () => {
  it('asks at and above the threshold, for USDC (or any payout per setting), comparing decimals exactly', () => {
    expect(travelRuleApplies(controls('3000.00', 'usdc'), 'USDC', '3000.00', true)).toBe(true);
    expect(travelRuleApplies(controls('3000.00', 'usdc'), 'USDC', '2999.999999', true)).toBe(false);
    expect(travelRuleApplies(controls('3000.00', 'usdc'), 'USD', '5000.00', true)).toBe(false);
    expect(travelRuleApplies(controls('3000.00', 'all'), 'USD', '5000.00', true)).toBe(true);
    expect(travelRuleApplies(undefined, 'USDC', '5000.00', true)).toBe(false);
  });
});

describe('travelRuleBody and travelRuleField', () => {
  it('sends only the parties and fields typed', () => {
    expect(travelRuleBody(emptyTravelRule())).toEqual({});
    expect(travelRuleBody({ ...emptyTravelRule(), originatorName: ' Acme SA ', beneficiaryName: 'Proveedora' })).toEqual({
      originator: { name: 'Acme SA' },
      beneficiary: { name: 'Proveedora' },
    });
  });
  it('maps the param of a 422 travel_rule_data_required to its field', () => {
    expect(travelRuleField('originator.address', 'missing')).toEqual({ field: 'originatorAddress', message: 'missing' });
    expect(travelRuleField('beneficiary', 'missing')?.field).toBe('beneficiaryName');
    expect(travelRuleField('amount', 'x')).toBeUndefined();
  });
});
