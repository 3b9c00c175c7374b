import type {
  OrganizationSettings,
  RiskRule,
  RiskRuleId,
  UpdateOrganizationSettingsRequest,
  UpdateRiskRulesRequest,
} from '@payos/contracts';

/*
 * Settings → Controls sends only what changed: PATCH /v1/risk-rules per rule and field, PATCH
 * /v1/organization/settings {controls} per field. What the forms type stays strings (amounts are decimal
 * strings, never numbers); the contract's schemas check the patch before it is sent.
 */

/** A threshold's label: its message under `settings.riskRules.thresholds`. */
export type ThresholdLabel =
  | 'velocity_maxCountPerHour'
  | 'velocity_maxCountPerDay'
  | 'velocity_maxAmountPerHourUsd'
  | 'velocity_maxAmountPerDayUsd'
  | 'amount_threshold_amountGteUsd'
  | 'new_beneficiary_maxAgeHours'
  | 'new_account_maxAgeDays'
  | 'new_account_amountGteUsd'
  | 'structuring_thresholdUsd'
  | 'structuring_marginPct'
  | 'structuring_minCount';

/** A rule's tunable threshold: its label (a message key), unit, whether it may be empty (not checked), and its kind. */
export type Threshold = {
  key: string;
  label: ThresholdLabel;
  unit: string;
  kind: 'count' | 'usd';
  nullable?: boolean;
  min: number;
  max?: number;
};

export const THRESHOLDS: Record<RiskRuleId, Threshold[]> = {
  velocity: [
    { key: 'maxCountPerHour', label: 'velocity_maxCountPerHour', unit: 'sends', kind: 'count', nullable: true, min: 1, max: 100_000 },
    { key: 'maxCountPerDay', label: 'velocity_maxCountPerDay', unit: 'sends', kind: 'count', nullable: true, min: 1, max: 1_000_000 },
    { key: 'maxAmountPerHourUsd', label: 'velocity_maxAmountPerHourUsd', unit: 'USD', kind: 'usd', nullable: true, min: 0 },
    { key: 'maxAmountPerDayUsd', label: 'velocity_maxAmountPerDayUsd', unit: 'USD', kind: 'usd', nullable: true, min: 0 },
  ],
  amount_threshold: [{ key: 'amountGteUsd', label: 'amount_threshold_amountGteUsd', unit: 'USD', kind: 'usd', min: 0 }],
  new_beneficiary: [{ key: 'maxAgeHours', label: 'new_beneficiary_maxAgeHours', unit: 'hours', kind: 'count', min: 1, max: 8760 }],
  new_corridor: [],
  new_account: [
    { key: 'maxAgeDays', label: 'new_account_maxAgeDays', unit: 'days', kind: 'count', min: 1, max: 3650 },
    { key: 'amountGteUsd', label: 'new_account_amountGteUsd', unit: 'USD', kind: 'usd', min: 0 },
  ],
  beneficiary_name_mismatch: [],
  structuring: [
    { key: 'thresholdUsd', label: 'structuring_thresholdUsd', unit: 'USD', kind: 'usd', min: 0 },
    { key: 'marginPct', label: 'structuring_marginPct', unit: '%', kind: 'count', min: 1, max: 50 },
    { key: 'minCount', label: 'structuring_minCount', unit: 'sends', kind: 'count', min: 2, max: 100 },
  ],
};

/** A rule as typed: every value a string (amounts stay decimal strings), '' for "not checked". */
export type Draft = { enabled: boolean; action: string; riskLevel: string; values: Record<string, string> };

export const draftOf = (rule: RiskRule): Draft => {
  const record = rule as unknown as Record<string, unknown>;
  return {
    enabled: rule.enabled,
    action: rule.action,
    riskLevel: rule.riskLevel,
    values: Object.fromEntries(
      THRESHOLDS[rule.id].map((t) => [t.key, record[t.key] === null || record[t.key] === undefined ? '' : String(record[t.key])]),
    ),
  };
};

/** Only what changed, per rule and field, as PATCH /v1/risk-rules takes it; undefined when nothing did. */
export function riskRulesPatch(rules: RiskRule[], drafts: Record<string, Draft>): UpdateRiskRulesRequest | undefined {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const draft = drafts[rule.id];
    if (!draft) continue;
    const before = draftOf(rule);
    const changes: Record<string, unknown> = {};
    if (draft.enabled !== before.enabled) changes.enabled = draft.enabled;
    if (draft.action !== before.action) changes.action = draft.action;
    if (draft.riskLevel !== before.riskLevel) changes.riskLevel = draft.riskLevel;
    for (const t of THRESHOLDS[rule.id]) {
      const typed = (draft.values[t.key] ?? '').trim();
      if (typed === before.values[t.key]) continue;
      changes[t.key] = typed === '' ? (t.nullable ? null : '') : t.kind === 'count' ? Number(typed) : typed;
    }
    if (Object.keys(changes).length > 0) patch[rule.id] = changes;
  }
  return Object.keys(patch).length > 0 ? ({ rules: patch } as UpdateRiskRulesRequest) : undefined;
}

/** Only the controls that changed, as PATCH /v1/organization/settings takes them; undefined when none did. */
export function controlsPatch(
  current: OrganizationSettings['controls'],
  typed: { hours: string; maxUsd: string; thresholdUsd: string; appliesTo: string },
) {
  const controls: Record<string, unknown> = {};
  const travelRule: Record<string, unknown> = {};
  if (typed.hours.trim() !== String(current.coolingOffHours))
    controls.coolingOffHours = typed.hours.trim() === '' ? Number.NaN : Number(typed.hours);
  if (typed.maxUsd.trim() !== current.coolingOffMaxAmountUsd) controls.coolingOffMaxAmountUsd = typed.maxUsd.trim();
  if (typed.thresholdUsd.trim() !== current.travelRule.thresholdUsd) travelRule.thresholdUsd = typed.thresholdUsd.trim();
  if (typed.appliesTo !== current.travelRule.appliesTo) travelRule.appliesTo = typed.appliesTo;
  if (Object.keys(travelRule).length > 0) controls.travelRule = travelRule;
  return Object.keys(controls).length > 0 ? ({ controls } as UpdateOrganizationSettingsRequest) : undefined;
}
