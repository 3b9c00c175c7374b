import type { Database, Environment } from '@payos/db';
import { withoutTenant, withTenant } from '@payos/db';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Actor } from '../../core/actor.js';
import type { Clock } from '../../core/clock.js';
import { AGENT_TOKEN_PATTERN, AGENT_TOKEN_PREFIX_LENGTH, API_KEY_PATTERN, API_KEY_PREFIX_LENGTH } from '../../core/credentials.js';
import { AppError, forbidden, invalidRequest, unauthenticated } from '../../core/errors.js';
import { digestsEqual, sha256Hex } from '../../lib/crypto.js';
import { touchLastUsed } from '../../modules/api-keys/api-keys.repo.js';
import {
  type AgentCredential,
  type ApiKeyCredential,
  findAgentByTokenPrefix,
  findApiKeyByPrefix,
  findSessionState,
  type SessionState,
} from '../../modules/auth/credentials.repo.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessClaims, verifyAccessToken } from '../../modules/auth/tokens.js';

/** Revocations reach every instance within this long: the longest a cached credential lives. */
export const CREDENTIAL_CACHE_MS = 1_000;
/** lastUsedAt is written at most this often per key per process (it is a hint, not an audit trail). */
const LAST_USED_WRITE_MS = 60_000;
/** Most credentials of one kind a process caches; past it the least recently used go (memory stays bounded). */
export const CREDENTIAL_CACHE_MAX_ENTRIES = 10_000;
/**
 * Lookups that found nothing, by prefix: their own, smaller cache, so a stream of junk credentials
 * neither grows memory nor evicts the real ones.
 */
export const UNKNOWN_CREDENTIAL_CACHE_MAX_ENTRIES = 1_000;

/** A verified access token's claims and the epoch seconds between which its time claims hold (both included). */
type VerifiedToken = { claims: AccessClaims; from: number; until: number };

const INVALID_KEY = () => unauthenticated('invalid_api_key', 'Invalid API key.');
const INVALID_TOKEN = () => unauthenticated('invalid_token', 'Invalid or expired access token.');

/**
 * Turns a bearer credential into an Actor, with a one-second cache so the hot path stays one query.
 * Every cache is an LRU bounded in entries, with the injected clock deciding staleness.
 */
export class CredentialResolver {
  /** API keys by lookup prefix. */
  private readonly keys: LRUCache<string, ApiKeyCredential>;
  /** Agents by token prefix. */
  private readonly agents: LRUCache<string, AgentCredential>;
  /**
   * Access tokens whose signature and claims verified, by the token itself: verifying an HS256 JWT
   * (key import, HMAC on the thread pool) cost more than the rest of a cached request. A hit still
   * checks the token's time claims against the clock, exactly as verification does.
   */
  private readonly tokens: LRUCache<string, VerifiedToken>;
  /** Session state by session + user + tenant of the token, so a token naming anyone else misses. */
  private readonly sessions: LRUCache<string, SessionState>;
  /** `key:<prefix>`, `agent:<prefix>` and `session:<sid>|<sub>|<tid>` that resolved to nothing. */
  private readonly unknown: LRUCache<string, true>;
  /** API key ids whose lastUsedAt this process wrote within LAST_USED_WRITE_MS. */
  private readonly lastUsedWrites: LRUCache<string, true>;
  /**
   * `key:<prefix>`, `agent:<prefix>` and `session:<sid>` forgotten within CREDENTIAL_CACHE_MS: what is
   * loaded for them meanwhile is answered but not cached. A revocation forgets inside its transaction,
   * before it commits, so a lookup in between (or one already in flight) still reads the old row; cached,
   * that row would outlive the revocation on this instance.
   */
  private readonly forgotten: LRUCache<string, true>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly jwtSecret: string,
  ) {
    // ttlResolution 0: read the (injected) clock on every lookup rather than caching "now" behind a timer.
    const perf = { now: () => this.clock.now().getTime() };
    const cache = { max: CREDENTIAL_CACHE_MAX_ENTRIES, ttl: CREDENTIAL_CACHE_MS, ttlResolution: 0, perf };
    this.keys = new LRUCache(cache);
    this.agents = new LRUCache(cache);
    this.tokens = new LRUCache(cache);
    this.sessions = new LRUCache(cache);
    this.unknown = new LRUCache({ ...cache, max: UNKNOWN_CREDENTIAL_CACHE_MAX_ENTRIES });
    this.lastUsedWrites = new LRUCache({ ...cache, ttl: LAST_USED_WRITE_MS });
    this.forgotten = new LRUCache(cache);
  }

  async resolve(token: string, environmentHeader: string | undefined): Promise<Actor> {
    if (!token.startsWith('pk_') && !token.startsWith('agent_')) return this.resolveUser(token, environmentHeader);
    const actor = await (token.startsWith('pk_') ? this.resolveApiKey(token) : this.resolveAgent(token));
    // A key or agent token belongs to one environment: a header naming the other one is a mistake
    // to point out (answering with the key's own environment's data would hide it).
    if (environmentHeader !== undefined && parseEnvironment(environmentHeader) !== actor.environment) {
      throw invalidRequest(
        'invalid_environment',
        `This credential belongs to the ${actor.environment} environment; PayOS-Environment says ${environmentHeader}. Omit the header or use a ${environmentHeader} credential.`,
        'PayOS-Environment',
      );
    }
    return actor;
  }

  /** Entries held across every credential cache (bounded by the caches' maxima). */
  size(): number {
    return (
      this.keys.size +
      this.agents.size +
      this.tokens.size +
      this.sessions.size +
      this.unknown.size +
      this.lastUsedWrites.size +
      this.forgotten.size
    );
  }

  /** After a rotation, suspension or deletion: this instance stops honouring the old state at once. */
  forgetAgent(tokenPrefix: string) {
    this.agents.delete(tokenPrefix);
    this.unknown.delete(`agent:${tokenPrefix}`);
    this.forgotten.set(`agent:${tokenPrefix}`, true);
  }

  /**
   * One cached lookup: a fresh hit (known or known-unknown) answers without a query; otherwise `load`
   * runs once and its answer is cached — a record under its key (unless `forgetKey` was forgotten
   * lately), nothing under `unknownKey`.
   */
  private async cached<T extends {}>(
    cache: LRUCache<string, T>,
    key: string,
    lookup: { unknownKey: string; forgetKey: string },
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (this.unknown.has(lookup.unknownKey)) return undefined;
    const value = await load();
    if (value === undefined) this.unknown.set(lookup.unknownKey, true);
    else if (!this.forgotten.has(lookup.forgetKey)) cache.set(key, value);
    return value;
  }

  private async resolveAgent(token: string): Promise<Actor> {
    const invalid = () => unauthenticated('invalid_agent_token', 'Invalid agent token.');
    if (!AGENT_TOKEN_PATTERN.test(token)) throw invalid();
    const prefix = token.slice(0, AGENT_TOKEN_PREFIX_LENGTH);
    const lookup = { unknownKey: `agent:${prefix}`, forgetKey: `agent:${prefix}` };
    const agent = await this.cached(this.agents, prefix, lookup, () => withoutTenant(this.db, (tx) => findAgentByTokenPrefix(tx, prefix)));
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
    this.unknown.delete(`key:${prefix}`);
    this.forgotten.set(`key:${prefix}`, true);
  }

  /**
   * After a logout or revocation. A session has one cached entry (its own user and tenant); finding
   * it walks the cache, at most CREDENTIAL_CACHE_MAX_ENTRIES keys, and revocations are rare.
   */
  forgetSession(sessionId: string) {
    const prefix = `${sessionId}|`;
    const stale: string[] = [];
    for (const key of this.sessions.keys()) if (key.startsWith(prefix)) stale.push(key);
    for (const key of stale) this.sessions.delete(key);
    this.forgotten.set(`session:${sessionId}`, true);
  }

  private async resolveApiKey(token: string): Promise<Actor> {
    if (!API_KEY_PATTERN.test(token)) throw INVALID_KEY();
    const prefix = token.slice(0, API_KEY_PREFIX_LENGTH);
    const now = this.clock.now();
    const lookup = { unknownKey: `key:${prefix}`, forgetKey: `key:${prefix}` };
    const key = await this.cached(this.keys, prefix, lookup, () => withoutTenant(this.db, (tx) => findApiKeyByPrefix(tx, prefix)));
    // Hash first, then decide: unknown, revoked and expired keys all take the same path and message.
    const matches = digestsEqual(sha256Hex(token), key?.key_hash ?? '0'.repeat(64));
    if (!key || !matches || key.revoked_at || (key.expires_at && key.expires_at <= now) || key.tenant_status !== 'active') {
      throw INVALID_KEY();
    }
    await this.touchApiKey(key, now);
    return { tenantId: key.tenant_id, environment: key.environment, kind: 'api_key', id: key.id, name: key.name, role: 'member' };
  }

  private async touchApiKey(key: ApiKeyCredential, now: Date) {
    if (this.lastUsedWrites.has(key.id)) return;
    this.lastUsedWrites.set(key.id, true);
    await withTenant(this.db, { tenantId: key.tenant_id, environment: key.environment }, (tx) => touchLastUsed(tx, key.id, now));
  }

  private async resolveUser(token: string, environmentHeader: string | undefined): Promise<Actor> {
    const environment = parseEnvironment(environmentHeader);
    const now = this.clock.now();
    const claims = await this.verifiedClaims(token, now);
    // The token's user and tenant are part of the key: a cached session is never lent to a token
    // that names its id with anyone else (RLS scopes the query to claims.tid; the row must match sub).
    const cacheKey = `${claims.sid}|${claims.sub}|${claims.tid}`;
    const lookup = { unknownKey: `session:${cacheKey}`, forgetKey: `session:${claims.sid}` };
    const state = await this.cached(this.sessions, cacheKey, lookup, () =>
      withTenant(this.db, { tenantId: claims.tid, environment }, (tx) => findSessionState(tx, claims.sid, claims.sub)),
    );
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

  /** The token's claims if it is valid at `now` (a signature checked within the cache's lifetime is not checked again). */
  private async verifiedClaims(token: string, now: Date): Promise<AccessClaims> {
    const seconds = Math.floor(now.getTime() / 1000);
    const hit = this.tokens.get(token);
    if (hit && hit.from <= seconds && seconds <= hit.until) return hit.claims;
    const claims = await verifyAccessToken(token, this.jwtSecret, now).catch(() => {
      throw INVALID_TOKEN();
    });
    // Verification required exp and iat (numbers); it refuses nbf > now, exp <= now, and an iat
    // in the future or more than ACCESS_TOKEN_TTL_SECONDS ago — the window below is those rules.
    const { exp, iat, nbf } = decodeJwt(token) as { exp: number; iat: number; nbf?: number };
    this.tokens.set(token, { claims, from: Math.max(iat, nbf ?? iat), until: Math.min(exp - 1, iat + ACCESS_TOKEN_TTL_SECONDS) });
    return claims;
  }
}

function parseEnvironment(value: string | undefined): Environment {
  if (value === undefined || value === 'test') return 'test';
  if (value === 'live') return 'live';
  throw invalidRequest('invalid_environment', 'PayOS-Environment must be "test" or "live".', 'PayOS-Environment');
}

export { AGENT_TOKEN_PATTERN, AGENT_TOKEN_PREFIX_LENGTH, API_KEY_PATTERN, API_KEY_PREFIX_LENGTH } from '../../core/credentials.js';
