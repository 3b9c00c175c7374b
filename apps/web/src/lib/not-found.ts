import type { Environment } from '@payos/contracts';

/**
 * The API's answer for an id out of reach — unknown, malformed, another organization's or the other
 * environment's: 404 `resource_missing` (packages/contracts errors.ts), an SDK `NotFoundError`.
 */
export const isNotFound = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'resource_missing';

const LABEL = { test: 'Test', live: 'Live' } as const;

/** Why an id may be missing, in plain words: the most common reason is the other environment. */
export function notFoundReason(environment: Environment): string {
  const other = environment === 'test' ? 'live' : 'test';
  return `Nothing with this id exists in ${LABEL[environment]} mode. Check the link, or switch to ${LABEL[other]} if it was made there.`;
}
