import { randomUUID } from 'node:crypto';
import type { CreatePaymentMethodRequest, PaymentMethod } from '@payos/contracts';
import type { Queryable } from '@payos/db';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';

/** These use-cases need only the clock, so seeding can call them outside a request. */
type Clocked = Pick<AppDeps, 'clock'>;

import { invalidRequest, notFound } from '../../core/errors.js';
import { getAccountOrThrow } from '../accounts/accounts.service.js';
import { canonicalId } from '../transfers/transfers.service.js';
import { RAILS, type Rail } from './payment-methods.rails.js';
import { recordEvent } from '../events/events.service.js';
import * as repo from './payment-methods.repo.js';

export const presentPaymentMethod = (pm: repo.PaymentMethodRow): PaymentMethod => ({
  id: pm.id,
  accountId: pm.account_id,
  type: pm.type,
  rail: pm.rail,
  currency: pm.currency,
  label: pm.label,
  last4: pm.last4,
  details: pm.masked,
  status: pm.status,
  allowlisted: pm.allowlisted,
  createdAt: pm.created_at.toISOString(),
});

type Issue = { path: PropertyKey[]; message: string; code: string; keys?: string[] };

/** Validates `details` for the rail; errors name the field (`details.clabe`) and the reason. */
export function validateDetails(rail: Rail, type: string, details: unknown): Record<string, string> {
  const spec = RAILS[rail];
  if (type !== spec.type) throw invalidRequest('parameter_invalid', `type must be ${spec.type} for rail ${rail}.`, 'type');
  const parsed = spec.schema.safeParse(details);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as Issue;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys?.[0] ?? ''] : issue.path;
    const param = ['details', ...path.map(String)].join('.');
    const reason = issue.code === 'unrecognized_keys' ? `is not a ${rail} field` : issue.message;
    throw invalidRequest('parameter_invalid', `${param} ${reason}.`, param);
  }
  for (const [field, check] of Object.entries(spec.checks(parsed.data))) {
    const reason = check?.(parsed.data[field] as string);
    if (reason) throw invalidRequest('parameter_invalid', `details.${field} ${reason}.`, `details.${field}`);
  }
  return parsed.data;
}

/** Errors: 404 account; 400 naming the invalid field. */
export async function createPaymentMethod(
  tx: Queryable,
  deps: Clocked,
  actor: Actor,
  accountId: string,
  input: CreatePaymentMethodRequest,
) {
  const details = validateDetails(input.rail, input.type, input.details);
  const account = await getAccountOrThrow(tx, accountId);
  if (account.status === 'closed') throw notFound('account');
  const spec = RAILS[input.rail];
  const now = deps.clock.now();
  const method = await repo.insertPaymentMethod(tx, {
    tenantId: actor.tenantId,
    environment: actor.environment,
    id: randomUUID(),
    accountId: account.id,
    type: spec.type,
    rail: input.rail,
    currency: spec.currency,
    label: input.label,
    details,
    masked: spec.masked(details),
    last4: spec.number(details).slice(-4),
    now,
  });
  recordPaymentMethodEvent(tx, 'payment_method.created', method, now);
  return method;
}

function recordPaymentMethodEvent(
  tx: Queryable,
  type: 'payment_method.created' | 'payment_method.deleted',
  pm: repo.PaymentMethodRow,
  at: Date,
) {
  recordEvent(tx, { type, objectType: 'payment_method', objectId: pm.id, object: presentPaymentMethod(pm), at });
}

/** An account's active payment methods (at most 100), newest first. Errors: 404 account. */
export async function listPaymentMethods(tx: Queryable, accountId: string) {
  const account = await getAccountOrThrow(tx, accountId);
  return repo.listPaymentMethods(tx, account.id);
}

/** Errors: 404 account; 404 payment method (also one of another account, even of this tenant). */
export async function removePaymentMethod(tx: Queryable, deps: Clocked, accountId: string, id: string) {
  const account = await getAccountOrThrow(tx, canonicalId(accountId));
  const now = deps.clock.now();
  const removed = await repo.removePaymentMethod(tx, account.id, canonicalId(id), now);
  if (!removed) throw notFound('payment method');
  recordPaymentMethodEvent(tx, 'payment_method.deleted', removed, now);
  return removed;
}

/**
 * Allowlists an active payment method (owner/admin, checked by the route): payouts to it skip the
 * cooling-off cap. Errors: 404 account; 404 payment method (also one of another account).
 */
export async function setAllowlisted(tx: Queryable, accountId: string, id: string, allowlisted: boolean) {
  const account = await getAccountOrThrow(tx, canonicalId(accountId));
  const updated = await repo.setAllowlisted(tx, account.id, canonicalId(id), allowlisted);
  if (!updated) throw notFound('payment method');
  return updated;
}

/**
 * The destination a payout or a scheduled transfer of `accountId` names: it must be that account's
 * own, active payment method. Another account's — even of this tenant — is answered like an unknown
 * id, so a caller cannot pay out to a CLABE it does not own. Errors: 404 naming `param`.
 */
export async function getSendingMethodOrThrow(tx: Queryable, accountId: string, id: string, param = 'paymentMethodId') {
  const method = await repo.findActiveMethodOfAccount(tx, canonicalId(accountId), canonicalId(id));
  if (!method) throw notFound('payment method', param);
  return method;
}
