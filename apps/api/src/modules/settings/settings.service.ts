import {
  DEFAULT_SETTINGS,
  DEFAULT_SETTINGS_BY_ENVIRONMENT,
  type Environment,
  type OrganizationSettings,
  organizationSettingsSchema,
  type UpdateOrganizationSettingsRequest,
} from '@payos/contracts';
import type { Queryable } from '@payos/db';
import { formatAmount, isCurrency } from '@payos/money';
import type { Clock } from '../../core/clock.js';
import { invalidRequest } from '../../core/errors.js';
import * as repo from './settings.repo.js';

/*
 * Tenant settings (issue #18 §1). Money policies (refunds, disputes, payoutReturns, schedules) are per
 * environment; presentation (exports, locale, timezone) is the organization's. Only what a tenant set is
 * stored, merged over DEFAULT_SETTINGS when read.
 */

const POLICY_KEYS = ['refunds', 'disputes', 'payoutReturns', 'schedules', 'controls', 'lowBalanceThresholds'] as const;
const PREFERENCE_KEYS = ['exports', 'locale', 'timezone'] as const;

export type Policies = Pick<OrganizationSettings, (typeof POLICY_KEYS)[number]>;

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `patch` over `base`: nested objects merged, anything else (arrays, null, scalars) replaced. */
function merge(base: Tree, patch: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = isTree(value) && isTree(base[key]) ? merge(base[key] as Tree, value) : value;
  }
  return out;
}

/** Leaf paths (`refunds.windowDays`) and their values; arrays are leaves. */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) for (const [p, v] of leaves(value, path)) out.set(p, v);
    else out.set(path, value);
  }
  return out;
}

const pick = (tree: Tree, keys: readonly string[]) => Object.fromEntries(Object.entries(tree).filter(([k]) => keys.includes(k)));

/** What an environment that never changed anything has: DEFAULT_SETTINGS with the environment's own defaults over it. */
const defaultsOf = (environment: Environment) =>
  merge(structuredClone(DEFAULT_SETTINGS) as Tree, structuredClone(DEFAULT_SETTINGS_BY_ENVIRONMENT[environment]) as unknown as Tree);

/** Low-balance thresholds as shown: removed ones (null) left out, each at its currency's scale. */
function presentThresholds(value: unknown): Record<string, string> {
  if (!isTree(value)) return {};
  const out: Record<string, string> = {};
  for (const [currency, amount] of Object.entries(value)) {
    if (typeof amount === 'string' && isCurrency(currency)) out[currency] = formatAmount(amount, currency);
  }
  return out;
}

function present(environment: Environment, policies: repo.Stored, preferences: repo.Stored): OrganizationSettings {
  const merged = merge(merge(defaultsOf(environment), pick(policies.values, POLICY_KEYS)), pick(preferences.values, PREFERENCE_KEYS));
  merged.lowBalanceThresholds = presentThresholds(merged.lowBalanceThresholds);
  const times = [policies.updatedAt, preferences.updatedAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
  // Parsing what was stored keeps a row written by an older version (or by hand) from reaching a client malformed.
  return organizationSettingsSchema.parse({
    environment,
    ...merged,
    updatedAt: times.length ? new Date(Math.max(...times)).toISOString() : null,
  });
}

/** The settings of the caller's environment and organization. */
export async function getSettings(tx: Queryable, environment: Environment): Promise<OrganizationSettings> {
  const [policies, preferences] = await Promise.all([repo.findPolicies(tx), repo.findPreferences(tx)]);
  return present(environment, policies, preferences);
}

/**
 * The money policies of the transaction's tenant environment (what services follow). `controls` has a
 * default that differs per environment: read it with getControls.
 */
export async function getPolicies(tx: Queryable): Promise<Omit<Policies, 'controls' | 'lowBalanceThresholds'>> {
  const merged = merge(structuredClone(DEFAULT_SETTINGS) as Tree, pick((await repo.findPolicies(tx)).values, POLICY_KEYS));
  return pick(merged, POLICY_KEYS) as Policies;
}

/** The payout controls (cooling-off, travel rule) of the transaction's tenant environment, `environment`. */
export async function getControls(tx: Queryable, environment: Environment): Promise<Policies['controls']> {
  const merged = merge(defaultsOf(environment), pick((await repo.findPolicies(tx)).values, POLICY_KEYS));
  return (merged as unknown as Policies).controls;
}

/** A BCP 47 tag this runtime can format for, in its canonical form. Errors: 400 parameter_invalid (locale). */
function canonicalLocale(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 1) return canonical;
  } catch {}
  throw invalidRequest('parameter_invalid', `locale ${JSON.stringify(tag)} is not a supported BCP 47 language tag (e.g. es-MX).`, 'locale');
}

/** An IANA time zone, as the runtime names it. Errors: 400 parameter_invalid (timezone). */
function canonicalTimezone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw invalidRequest(
      'parameter_invalid',
      `timezone ${JSON.stringify(zone)} is not an IANA time zone (e.g. America/Mexico_City).`,
      'timezone',
    );
  }
}

/**
 * Changes some settings (owner/admin, checked by the route). Concurrent changes serialize on the
 * environment's row and the organization's, so none is lost. Returns the settings after, and the
 * changed leaves before and after (for the audit); nothing changed writes nothing.
 * Errors: 400 parameter_invalid (locale, timezone).
 */
export async function updateSettings(
  tx: Queryable,
  deps: { clock: Clock },
  environment: Environment,
  patch: UpdateOrganizationSettingsRequest,
) {
  const now = deps.clock.now();
  const input: Tree = { ...patch };
  if (patch.locale !== undefined) input.locale = canonicalLocale(patch.locale);
  if (patch.timezone !== undefined) input.timezone = canonicalTimezone(patch.timezone);
  const policyPatch = pick(input, POLICY_KEYS);
  const preferencePatch = pick(input, PREFERENCE_KEYS);

  if (Object.keys(policyPatch).length) await repo.ensurePolicies(tx, now);
  const policies = await repo.findPolicies(tx, Object.keys(policyPatch).length > 0);
  const preferences = await repo.findPreferences(tx, Object.keys(preferencePatch).length > 0);
  const before = present(environment, policies, preferences);

  const nextPolicies = merge(policies.values, policyPatch);
  const nextPreferences = merge(preferences.values, preferencePatch);
  const after = present(environment, { values: nextPolicies, updatedAt: now }, { values: nextPreferences, updatedAt: now });

  const was = leaves(before as unknown as Tree);
  const changes = { before: {} as Tree, after: {} as Tree };
  for (const [path, value] of leaves(after as unknown as Tree)) {
    if (path === 'updatedAt' || JSON.stringify(value) === JSON.stringify(was.get(path))) continue;
    changes.before[path] = was.get(path);
    changes.after[path] = value;
  }
  // A removed leaf (a low-balance threshold set to null) is a change too.
  const remaining = leaves(after as unknown as Tree);
  for (const [path, value] of was) {
    if (remaining.has(path)) continue;
    changes.before[path] = value;
    changes.after[path] = null;
  }
  if (Object.keys(changes.after).length === 0) return { settings: before, changes: null };
  const touched = (prefix: string) => Object.keys(changes.after).some((p) => p === prefix || p.startsWith(`${prefix}.`));
  if (POLICY_KEYS.some(touched)) await repo.savePolicies(tx, nextPolicies, now);
  if (PREFERENCE_KEYS.some(touched)) await repo.savePreferences(tx, nextPreferences, now);
  // The time only moves for the part that changed.
  const settings = present(
    environment,
    { values: nextPolicies, updatedAt: POLICY_KEYS.some(touched) ? now : policies.updatedAt },
    { values: nextPreferences, updatedAt: PREFERENCE_KEYS.some(touched) ? now : preferences.updatedAt },
  );
  return { settings, changes };
}
