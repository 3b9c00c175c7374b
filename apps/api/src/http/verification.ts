import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { invalidRequest } from './errors.js';

const reasonSchema = z.string().trim().min(10, 'say why in at least 10 characters').max(500);

/** Lifting a suspension: in live an owner/admin decision that must say why (recorded in the audit log). */
export const reasonBodySchema = z
  .strictObject({
    reason: reasonSchema.optional().openapi({
      example: 'Compliance review closed: source of funds documented.',
      description: 'Why. Required in live, where it is recorded in the audit log.',
    }),
  })
  .openapi('ReasonRequest');

/**
 * Setting a KYC/KYB or KYA tier. In test it is self-service (simulated verification); in live it is
 * an owner/admin decision (declared on the operation) that must say why — the reason is kept in the
 * audit log next to the actor.
 */
export const verificationBodySchema = z
  .strictObject({
    tier: z.number().int().min(0).max(3).openapi({ example: 2, description: 'Verification tier 0–3.' }),
    reason: reasonSchema.optional().openapi({
      example: 'KYB documents reviewed: articles of incorporation, tax id, beneficial owners.',
      description: 'Why the tier is set. Required in live, where it is recorded in the audit log.',
    }),
  })
  .openapi('VerificationRequest');

/** The reason to record; in live a missing one is a 400 before anything changes. */
export function requireReasonInLive(c: Context<AppEnv>, reason: string | undefined): string | null {
  if (c.get('actor').environment === 'live' && !reason) {
    throw invalidRequest('parameter_missing', 'reason is required in live: say why, for the audit log.', 'reason');
  }
  return reason ?? null;
}
