import type { Environment, Queryable } from '@payos/db';
import { afterCursor, type Cursor } from '../../core/cursor.js';

export type ApiKeyRow = {
  id: string;
  name: string;
  environment: Environment;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  rotated_to: string | null;
  revoked_at: Date | null;
};

const COLUMNS = 'id, name, environment, prefix, created_by, created_at, last_used_at, expires_at, rotated_to, revoked_at';

export async function insertApiKey(
  tx: Queryable,
  key: {
    tenantId: string;
    id: string;
    name: string;
    environment: Environment;
    prefix: string;
    keyHash: string;
    createdBy: string;
    now: Date;
  },
): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    `INSERT INTO api_keys (tenant_id, id, name, environment, prefix, key_hash, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [key.tenantId, key.id, key.name, key.environment, key.prefix, key.keyHash, key.createdBy, key.now],
  );
  return row as ApiKeyRow;
}

export function listApiKeys(tx: Queryable, filter: { environment?: Environment }, page: { limit: number; cursor?: Cursor }) {
  return tx.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys
      WHERE ($1::text IS NULL OR environment = $1)
        AND (created_at, id) < ($2::timestamptz, $3::uuid)
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [filter.environment ?? null, ...afterCursor(page.cursor), page.limit + 1],
  );
}

export async function findApiKey(tx: Queryable, id: string, options: { lock?: boolean } = {}): Promise<ApiKeyRow | undefined> {
  const [row] = await tx.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export async function revokeApiKey(tx: Queryable, id: string, now: Date): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(`UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    now,
  ]);
  return row as ApiKeyRow;
}

export async function scheduleExpiry(tx: Queryable, id: string, expiresAt: Date, rotatedTo: string): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(`UPDATE api_keys SET expires_at = $2, rotated_to = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    expiresAt,
    rotatedTo,
  ]);
  return row as ApiKeyRow;
}

/** At authentication, in the key's own tenant context; a hint for the dashboard, not an audit trail. */
export async function touchLastUsed(tx: Queryable, id: string, now: Date) {
  await tx.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, now]);
}
