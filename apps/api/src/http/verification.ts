import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { invalidRequest } from './errors.js';

/**
 * Setting a KYC/KYB or KYA tier. In test it is self-service (simulated verification); in live it is
 * an owner/admin decision (declared on the operation) that must say why — the reason is kept in the
 * audit log next to the actor.
 */
export const verificationBodySchema = z
  .strictObject({
    tier: z.number().int().min(0).max(3).openapi({ example: 2, description: 'Verification tier 0–3.' }),
    reason: z.string().trim().min(3).max(500).optional().openapi({
      example: 'KYB documents reviewed: articles of incorporation, tax id, beneficial owners.',
      description: 'Why the tier is set. Required in live, where it is recorded in the audit log.',
    }),
  })
  .openapi('VerificationRequest');

/** The reason to record; in live a missing one is a 400 before anything changes. */
export function requireReasonInLive(c: Context<AppEnv>, reason: string | undefined): string | null {
  if (c.get('actor').environment === 'live' && !reason) {
    throw invalidRequest('parameter_missing', 'reason is required in live: say why this tier is granted.', 'reason');
  }
  return reason ?? null;
}
