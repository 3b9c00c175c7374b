import { randomUUID } from 'node:crypto';
import type { ApiKey, ApiKeyStatus } from '@payos/contracts';
import type { Environment, Queryable } from '@payos/db';
import type { AppDeps } from '../../context.js';
import type { Actor } from '../../core/actor.js';
import { API_KEY_PREFIX_LENGTH } from '../../core/credentials.js';
import type { Cursor } from '../../core/cursor.js';
import { businessRule, forbidden, notFound } from '../../core/errors.js';
import { randomBase62, sha256Hex } from '../../lib/crypto.js';
import { recordEvent } from '../events/events.service.js';
import * as repo from './api-keys.repo.js';

export type { ApiKeyRow } from './api-keys.repo.js';

/** Rotation keeps the old key working this long, and not a moment longer. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;
// 43 base62 characters ≈ 256 bits of entropy.
const SECRET_LENGTH = 43;

export function statusOf(key: repo.ApiKeyRow, now: Date): ApiKeyStatus {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at) return key.expires_at > now ? 'grace_period' : 'expired';
  return 'active';
}

/** The key as the API returns it: never its secret or hash. */
export const presentApiKey = (key: repo.ApiKeyRow, now: Date): ApiKey => ({
  id: key.id,
  name: key.name,
  environment: key.environment,
  prefix: key.prefix,
  status: statusOf(key, now),
  createdBy: key.created_by,
  createdAt: key.created_at.toISOString(),
  lastUsedAt: key.last_used_at?.toISOString() ?? null,
  expiresAt: key.expires_at?.toISOString() ?? null,
  revokedAt: key.revoked_at?.toISOString() ?? null,
});

/** Issues a key; the plaintext exists only in the return value. Stored: SHA-256 + lookup prefix. */
export async function createApiKey(tx: Queryable, deps: AppDeps, actor: Actor, input: { name: string; environment: Environment }) {
  const key = `pk_${input.environment}_${randomBase62(SECRET_LENGTH)}`;
  const now = deps.clock.now();
  const row = await repo.insertApiKey(tx, {
    tenantId: actor.tenantId,
    id: randomUUID(),
    name: input.name,
    environment: input.environment,
    prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
    keyHash: sha256Hex(key),
    createdBy: actor.id,
    now,
  });
  recordEvent(tx, { type: 'api_key.created', objectType: 'api_key', objectId: row.id, object: presentApiKey(row, now), at: now });
  return { row, key };
}

/** Keys of both environments (or one), newest first (`limit + 1` rows, so the page knows whether there is more). */
export function listApiKeys(tx: Queryable, filter: { environment?: Environment }, page: { limit: number; cursor?: Cursor }) {
  return repo.listApiKeys(tx, filter, page);
}

/** Errors: 404. */
export async function getApiKeyOrThrow(tx: Queryable, id: string) {
  const key = await repo.findApiKey(tx, id);
  if (!key) throw notFound('API key');
  return key;
}

/** Members manage only keys they created; owners and admins manage all. Errors: 404, 403. */
async function getManageableKey(tx: Queryable, actor: Actor, id: string) {
  const key = await repo.findApiKey(tx, id, { lock: true });
  if (!key) throw notFound('API key');
  if (actor.role !== 'owner' && actor.role !== 'admin' && key.created_by !== actor.id) {
    throw forbidden('Members can only manage API keys they created.');
  }
  return key;
}

export async function revokeApiKey(tx: Queryable, deps: AppDeps, actor: Actor, id: string) {
  const key = await getManageableKey(tx, actor, id);
  const now = deps.clock.now();
  const revoked = await repo.revokeApiKey(tx, key.id, now);
  deps.credentials.forgetApiKey(key.prefix);
  if (!key.revoked_at) {
    recordEvent(tx, {
      type: 'api_key.revoked',
      objectType: 'api_key',
      objectId: key.id,
      object: presentApiKey(revoked, now),
      previous: presentApiKey(key, now),
      at: now,
    });
  }
  return revoked;
}

/**
 * Issues a replacement and gives the old key a 24 h grace period, enforced at authentication.
 * Errors: 404, 403, 422 invalid_state (revoked, expired or already rotated).
 */
export async function rotateApiKey(tx: Queryable, deps: AppDeps, actor: Actor, id: string) {
  const old = await getManageableKey(tx, actor, id);
  const now = deps.clock.now();
  if (statusOf(old, now) !== 'active') {
    throw businessRule('invalid_state', `Only active keys can be rotated; this key is ${statusOf(old, now)}.`);
  }
  const created = await createApiKey(tx, deps, actor, { name: old.name, environment: old.environment });
  const replaced = await repo.scheduleExpiry(tx, old.id, new Date(now.getTime() + ROTATION_GRACE_MS), created.row.id);
  deps.credentials.forgetApiKey(old.prefix);
  return { ...created, replaced };
}
