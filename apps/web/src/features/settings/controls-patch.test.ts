import { RISK_RULE_DEFAULTS, type RiskRule } from '@payos/contracts';
import { describe, expect, it } from 'vitest';
import { controlsPatch, draftOf, riskRulesPatch } from './controls-patch';

const rules = [
  { id: 'velocity', enabled: false, ...RISK_RULE_DEFAULTS.velocity },
  { id: 'amount_threshold', enabled: false, ...RISK_RULE_DEFAULTS.amount_threshold },
  { id: 'new_corridor', enabled: false, ...RISK_RULE_DEFAULTS.new_corridor },
] as RiskRule[];
const drafts = () => Object.fromEntries(rules.map((r) => [r.id, draftOf(r)]));

describe('riskRulesPatch', () => {
  it('sends nothing when nothing changed', () => {
    expect(riskRulesPatch(rules, drafts())).toBeUndefined();
  });
  it('sends only the rules and fields that changed: counts as numbers, USD as decimal strings, empty nullable thresholds as null', () => {
    const d = drafts();
    d.velocity = { ...d.velocity!, enabled: true, values: { ...d.velocity!.values, maxCountPerHour: '7', maxAmountPerDayUsd: '' } };
    d.amount_threshold = { ...d.amount_threshold!, action: 'block', values: { amountGteUsd: '5000.00' } };
    expect(riskRulesPatch(rules, d)).toEqual({
      rules: {
        velocity: { enabled: true, maxCountPerHour: 7, maxAmountPerDayUsd: null },
        amount_threshold: { action: 'block', amountGteUsd: '5000.00' },
      },
    });
  });
});

describe('controlsPatch', () => {
  const current = {
    coolingOffHours: 0,
    coolingOffMaxAmountUsd: '1000.00',
    travelRule: { thresholdUsd: '3000.00', appliesTo: 'usdc' as const },
  };
  it('sends only the controls that changed, the travel rule nested', () => {
    expect(controlsPatch(current, { hours: '0', maxUsd: '1000.00', thresholdUsd: '3000.00', appliesTo: 'usdc' })).toBeUndefined();
    expect(controlsPatch(current, { hours: '12', maxUsd: '1000.00', thresholdUsd: '2500.00', appliesTo: 'usdc' })).toEqual({
      controls: { coolingOffHours: 12, travelRule: { thresholdUsd: '2500.00' } },
    });
  });
});
