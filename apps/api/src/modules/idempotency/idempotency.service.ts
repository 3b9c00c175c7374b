import type { Queryable } from '@payos/db';
import type { Actor } from '../../core/actor.js';
import { AppError, invalidRequest } from '../../core/errors.js';
import { isSealed, sha256Hex, unseal } from '../../lib/crypto.js';
import * as repo from './idempotency.repo.js';

/*
 * The rules of Idempotency-Key (docs/MONEY.md, Idempotency), shared by the HTTP middleware (one
 * transaction per request) and by batched commands (many keys claimed in one transaction).
 */

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;
const MAX_PATH_LENGTH = 300;

/** A request that carries an Idempotency-Key: what is claimed, and what a stored response must match. */
export type IdempotentRequest = { key: string; requestHash: string; method: string; path: string };

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function requestHash(method: string, path: string, body: string): string {
  // No body and an empty one are the same request as `{}` (an action sent either way).
  let canonical = body.trim() === '' ? '{}' : body;
  try {
    canonical = canonicalJson(JSON.parse(canonical));
  } catch {
    // Not JSON: hash the raw text; validation rejects it inside the handler anyway.
  }
  return sha256Hex(`${method} ${path}\n${canonical}`);
}

/** Errors: 400 invalid_idempotency_key. */
export function idempotentRequest(key: string, method: string, path: string, body: string): IdempotentRequest {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw invalidRequest('invalid_idempotency_key', `Idempotency-Key must be 1–${MAX_KEY_LENGTH} characters.`, 'Idempotency-Key');
  }
  return { key, requestHash: requestHash(method, path, body), method, path: path.slice(0, MAX_PATH_LENGTH) };
}

export const keyInUse = () =>
  new AppError('idempotency_error', 'idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed.', {
    status: 409,
  });

const reused = () =>
  new AppError(
    'idempotency_error',
    'idempotency_key_reused',
    'This Idempotency-Key was used with a different request. Use a new key for a new request.',
    { status: 422 },
  );

/**
 * A sealed response opens only under the server secret it was sealed with. After a secret change
 * (or between instances configured differently) it cannot be replayed — and must not be re-run, since
 * the original request took effect — so the caller learns exactly that, with a 4xx.
 */
function openSealed(sealed: string, secret: string | undefined): string {
  try {
    if (secret === undefined) throw new Error('no secret');
    return unseal(sealed, secret);
  } catch {
    throw new AppError(
      'idempotency_error',
      'idempotency_response_unavailable',
      'The request with this Idempotency-Key took effect, but its stored response (it holds a secret) can no longer be opened: the server secret changed. Look the object up; rotate its secret if you need it again.',
      { status: 409 },
    );
  }
}

export type Replay = { status: number; body: string };

/**
 * What a claimed key means for this request: undefined — nothing (live) is stored, run it; a Replay —
 * the stored response of this very request. A stored response belongs to the credential that produced
 * it and to its method + path: anyone else presenting the key gets the same 422 as a changed body,
 * which says nothing about what is stored.
 * Errors: 422 idempotency_key_reused; 409 idempotency_response_unavailable.
 */
export function replayOf(
  stored: repo.StoredResponse | undefined,
  actor: Actor,
  request: IdempotentRequest,
  now: Date,
  secret: string | undefined,
) {
  if (!stored || stored.expires_at <= now) return undefined;
  const sameCaller =
    stored.actor_kind === actor.kind && stored.actor_id === actor.id && stored.method === request.method && stored.path === request.path;
  if (!sameCaller || stored.request_hash !== request.requestHash) throw reused();
  const body = isSealed(stored.response_body) ? openSealed(stored.response_body, secret) : stored.response_body;
  return { status: stored.response_status, body } satisfies Replay;
}

/** Claims one key for this transaction (never waits) and reads what is stored under it. */
export const claimKey = repo.claimKey;
/** Claims several keys of one tenant environment at once (a batch), in one statement each way. */
export const claimKeys = repo.claimKeys;

/** Stores 2xx responses with the transaction's COMMIT (no round trip of their own; see repo.storeOnCommit). */
export function storeResponses(
  tx: Queryable,
  responses: { actor: Actor; request: IdempotentRequest; status: number; body: string }[],
  now: Date,
) {
  repo.storeOnCommit(
    tx,
    responses.map(({ actor, request, status, body }) => ({
      actor,
      key: request.key,
      requestHash: request.requestHash,
      status,
      body,
      now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      method: request.method,
      path: request.path,
    })),
  );
}
