import {
  type Environment,
  RISK_RULE_DEFAULTS,
  RISK_RULE_IDS,
  type RiskRule,
  type RiskRuleId,
  type RiskRuleOf,
  type RiskRules,
  riskRuleSchema,
  type UpdateRiskRulesRequest,
} from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { Money } from '@payos/money';
import type { Clock } from '../../core/clock.js';
import * as repo from './risk.repo.js';

/*
 * Risk rules of a tenant environment (`/v1/risk-rules`): the built-in rules with what the tenant changed.
 * Only the changes are stored (risk_rule_settings.overrides, per rule and field), merged over the
 * defaults when read — every rule enabled in live and disabled in test, RISK_RULE_DEFAULTS otherwise —
 * so a tenant that changed nothing follows the defaults as they evolve.
 */

/** Every rule, by id. */
export type RuleSet = { [Id in RiskRuleId]: RiskRuleOf<Id> };

type Overrides = repo.StoredRules['overrides'];

function merged(environment: Environment, overrides: Overrides): RuleSet {
  const rules = {} as Record<RiskRuleId, RiskRule>;
  for (const id of RISK_RULE_IDS) {
    // Parsing what was stored keeps a row written by an older version (or by hand) from reaching the engine malformed.
    const candidate = { id, enabled: environment === 'live', ...RISK_RULE_DEFAULTS[id], ...(overrides[id] ?? {}) };
    const parsed = riskRuleSchema.safeParse(candidate);
    rules[id] = parsed.success ? parsed.data : riskRuleSchema.parse({ id, enabled: environment === 'live', ...RISK_RULE_DEFAULTS[id] });
  }
  return rules as RuleSet;
}

const present = (environment: Environment, rules: RuleSet, updatedAt: Date | null): RiskRules => ({
  environment,
  rules: RISK_RULE_IDS.map((id) => rules[id]),
  updatedAt: updatedAt?.toISOString() ?? null,
});

/**
 * The rules of the transaction's tenant environment, by id: one primary-key read. What the engine
 * takes (risk.engine.ts, loadRiskRules).
 */
export async function ruleSet(tx: Queryable, environment: Environment): Promise<RuleSet> {
  return merged(environment, (await repo.findOverrides(tx)).overrides);
}

export async function getRiskRules(tx: Queryable, environment: Environment): Promise<RiskRules> {
  const stored = await repo.findOverrides(tx);
  return present(environment, merged(environment, stored.overrides), stored.updatedAt);
}

/** USD thresholds are stored as the API shows them: 2 decimal places ("5000" → "5000.00"). */
const USD_FIELDS = new Set(['maxAmountPerHourUsd', 'maxAmountPerDayUsd', 'amountGteUsd', 'thresholdUsd']);
const normalise = (field: string, value: unknown) =>
  USD_FIELDS.has(field) && typeof value === 'string' ? new Money(value).toFixed(2) : value;

/**
 * Changes some rules' fields (owner/admin, checked by the route). Concurrent changes serialize on the
 * environment's row, so none is lost. Returns the rules after, and the changed fields before and after
 * as `rule.field` paths (for the audit); a change that changes nothing writes nothing.
 */
export async function updateRiskRules(tx: Queryable, deps: { clock: Clock }, environment: Environment, patch: UpdateRiskRulesRequest) {
  const now = deps.clock.now();
  await repo.ensureOverrides(tx, now);
  const stored = await repo.findOverrides(tx, true);
  const before = merged(environment, stored.overrides);
  const next: Overrides = structuredClone(stored.overrides);
  for (const [id, fields] of Object.entries(patch.rules) as [RiskRuleId, Record<string, unknown> | undefined][]) {
    if (!fields) continue;
    const own = next[id] ?? {};
    next[id] = own;
    for (const [field, value] of Object.entries(fields)) if (value !== undefined) own[field] = normalise(field, value);
  }
  const after = merged(environment, next);
  const changes = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const id of RISK_RULE_IDS) {
    const was = before[id] as Record<string, unknown>;
    for (const [field, value] of Object.entries(after[id])) {
      if (JSON.stringify(value) === JSON.stringify(was[field])) continue;
      changes.before[`${id}.${field}`] = was[field];
      changes.after[`${id}.${field}`] = value;
    }
  }
  if (Object.keys(changes.after).length === 0) return { rules: present(environment, before, stored.updatedAt), changes: null };
  await repo.saveOverrides(tx, next, now);
  return { rules: present(environment, after, now), changes };
}
