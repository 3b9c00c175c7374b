import type { Database, Environment } from '@payos/db';
import { withoutTenant, withTenant } from '@payos/db';
import type { Actor, Clock, Role } from '../../context.js';
import { digestsEqual, sha256Hex } from '../../lib/crypto.js';
import { verifyAccessToken } from '../../modules/auth/tokens.js';
import { AppError, forbidden, invalidRequest, unauthenticated } from '../errors.js';

/** Revocations reach every instance within this long: the longest a cached credential lives. */
export const CREDENTIAL_CACHE_MS = 1_000;
/** lastUsedAt is written at most this often per key per process (it is a hint, not an audit trail). */
const LAST_USED_WRITE_MS = 60_000;
export const API_KEY_PATTERN = /^pk_(test|live)_[A-Za-z0-9_-]{8,200}$/;
export const API_KEY_PREFIX_LENGTH = 20;
export const AGENT_TOKEN_PATTERN = /^agent_[A-Za-z0-9_-]{20,200}$/;
export const AGENT_TOKEN_PREFIX_LENGTH = 20;

type AgentRecord = {
  tenant_id: string;
  id: string;
  environment: Environment;
  token_hash: string;
  name: string;
  status: string;
  kya_tier: number;
  account_id: string;
  permissions: string[];
  limit_per_transaction: string | null;
  limit_daily: string | null;
  limit_monthly: string | null;
  tenant_status: string;
};

type KeyRecord = {
  tenant_id: string;
  id: string;
  environment: Environment;
  key_hash: string;
  name: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  tenant_status: string;
};

type SessionState = {
  role: Role;
  name: string;
  user_status: string;
  revoked_at: Date | null;
  expires_at: Date;
  tenant_status: string;
};

type Cached<T> = { at: number; value: T };

const INVALID_KEY = () => unauthenticated('invalid_api_key', 'Invalid API key.');
const INVALID_TOKEN = () => unauthenticated('invalid_token', 'Invalid or expired access token.');

/** Turns a bearer credential into an Actor, with a one-second cache so the hot path stays one query. */
export class CredentialResolver {
  private readonly keys = new Map<string, Cached<KeyRecord | null>>();
  private readonly agents = new Map<string, Cached<AgentRecord | null>>();
  private readonly sessions = new Map<string, Cached<SessionState | null>>();
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly jwtSecret: string,
  ) {}

  async resolve(token: string, environmentHeader: string | undefined): Promise<Actor> {
    if (token.startsWith('pk_')) return this.resolveApiKey(token);
    if (token.startsWith('agent_')) return this.resolveAgent(token);
    return this.resolveUser(token, environmentHeader);
  }

  /** After a rotation, suspension or deletion: this instance stops honouring the old state at once. */
  forgetAgent(tokenPrefix: string) {
    this.agents.delete(tokenPrefix);
  }

  private async resolveAgent(token: string): Promise<Actor> {
    const invalid = () => unauthenticated('invalid_agent_token', 'Invalid agent token.');
    if (!AGENT_TOKEN_PATTERN.test(token)) throw invalid();
    const prefix = token.slice(0, AGENT_TOKEN_PREFIX_LENGTH);
    const now = this.clock.now().getTime();
    let entry = this.agents.get(prefix);
    if (!this.fresh(entry, now)) {
      const rows = await withoutTenant(this.db, (tx) => tx.query<AgentRecord>('SELECT * FROM auth_find_agent($1)', [prefix]));
      entry = { at: now, value: rows[0] ?? null };
      this.agents.set(prefix, entry);
    }
    const agent = entry.value;
    const matches = digestsEqual(sha256Hex(token), agent?.token_hash ?? '0'.repeat(64));
    if (!agent || !matches || agent.status === 'deleted' || agent.tenant_status !== 'active') throw invalid();
    if (agent.status === 'suspended') {
      throw new AppError('permission_error', 'agent_suspended', 'This agent is suspended; an administrator must activate it.');
    }
    if (agent.kya_tier === 0) {
      throw new AppError('permission_error', 'agent_not_verified', 'This agent has KYA tier 0 and cannot act until it is verified.');
    }
    return {
      tenantId: agent.tenant_id,
      environment: agent.environment,
      kind: 'agent',
      id: agent.id,
      name: agent.name,
      role: 'member',
      agent: {
        accountId: agent.account_id,
        permissions: agent.permissions,
        kyaTier: agent.kya_tier,
        limits: { perTransaction: agent.limit_per_transaction, daily: agent.limit_daily, monthly: agent.limit_monthly },
      },
    };
  }

  forgetApiKey(prefix: string) {
    this.keys.delete(prefix);
  }

  forgetSession(sessionId: string) {
    this.sessions.delete(sessionId);
  }

  private fresh<T>(entry: Cached<T> | undefined, now: number): entry is Cached<T> {
    return entry !== undefined && now - entry.at < CREDENTIAL_CACHE_MS;
  }

  private async resolveApiKey(token: string): Promise<Actor> {
    if (!API_KEY_PATTERN.test(token)) throw INVALID_KEY();
    const prefix = token.slice(0, API_KEY_PREFIX_LENGTH);
    const now = this.clock.now();
    let entry = this.keys.get(prefix);
    if (!this.fresh(entry, now.getTime())) {
      const rows = await withoutTenant(this.db, (tx) => tx.query<KeyRecord>('SELECT * FROM auth_find_api_key($1)', [prefix]));
      entry = { at: now.getTime(), value: rows[0] ?? null };
      this.keys.set(prefix, entry);
    }
    const key = entry.value;
    // Hash first, then decide: unknown, revoked and expired keys all take the same path and message.
    const matches = digestsEqual(sha256Hex(token), key?.key_hash ?? '0'.repeat(64));
    if (!key || !matches || key.revoked_at || (key.expires_at && key.expires_at <= now) || key.tenant_status !== 'active') {
      throw INVALID_KEY();
    }
    await this.touchApiKey(key, now);
    return { tenantId: key.tenant_id, environment: key.environment, kind: 'api_key', id: key.id, name: key.name, role: 'member' };
  }

  private async touchApiKey(key: KeyRecord, now: Date) {
    const last = this.lastUsedWrites.get(key.id);
    if (last !== undefined && now.getTime() - last < LAST_USED_WRITE_MS) return;
    this.lastUsedWrites.set(key.id, now.getTime());
    await withTenant(this.db, { tenantId: key.tenant_id, environment: key.environment }, (tx) =>
      tx.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [key.id, now]),
    );
  }

  private async resolveUser(token: string, environmentHeader: string | undefined): Promise<Actor> {
    const environment = parseEnvironment(environmentHeader);
    const claims = await verifyAccessToken(token, this.jwtSecret, this.clock.now()).catch(() => {
      throw INVALID_TOKEN();
    });
    const now = this.clock.now();
    let entry = this.sessions.get(claims.sid);
    if (!this.fresh(entry, now.getTime())) {
      const rows = await withTenant(this.db, { tenantId: claims.tid, environment }, (tx) =>
        tx.query<SessionState>(
          `SELECT u.role, u.name, u.status AS user_status, s.revoked_at, s.expires_at, t.status AS tenant_status
             FROM sessions s
             JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
             JOIN tenants t ON t.id = s.tenant_id
            WHERE s.id = $1 AND s.user_id = $2`,
          [claims.sid, claims.sub],
        ),
      );
      entry = { at: now.getTime(), value: rows[0] ?? null };
      this.sessions.set(claims.sid, entry);
    }
    const state = entry.value;
    if (!state || state.revoked_at || state.expires_at <= now || state.user_status !== 'active') throw INVALID_TOKEN();
    if (state.tenant_status !== 'active') throw forbidden('This organization is suspended.');
    return {
      tenantId: claims.tid,
      environment,
      kind: 'user',
      id: claims.sub,
      name: state.name,
      role: state.role,
      sessionId: claims.sid,
    };
  }
}

function parseEnvironment(value: string | undefined): Environment {
  if (value === undefined || value === 'test') return 'test';
  if (value === 'live') return 'live';
  throw invalidRequest('invalid_environment', 'PayOS-Environment must be "test" or "live".', 'PayOS-Environment');
}
