import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { invalidRequest } from '../core/errors.js';

/** The reason to record; in live a missing one is a 400 before anything changes. */
export function requireReasonInLive(c: Context<AppEnv>, reason: string | undefined): string | null {
  if (c.get('actor').environment === 'live' && !reason) {
    throw invalidRequest('parameter_missing', 'reason is required in live: say why, for the audit log.', 'reason');
  }
  return reason ?? null;
}
