import { randomUUID } from 'node:crypto';
import type { Locale, SessionTokens } from '@payos/contracts';
import { type Queryable, withoutTenant, withTenant } from '@payos/db';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppDeps } from '../../context.js';
import type { Role } from '../../core/actor.js';
import type { Cursor } from '../../core/cursor.js';
import { AppError, conflict, notFound, unauthenticated } from '../../core/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { decoyHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createSystemAccounts } from '../ledger/ledger.repo.js';
import * as repo from './auth.repo.js';
import * as credentials from './credentials.repo.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_SESSION_ABSOLUTE_LIFETIME_MS,
  newRefreshToken,
  REFRESH_TOKEN_TTL_MS,
  signAccessToken,
} from './tokens.js';

export type ClientMeta = { ip: string | null; userAgent: string | null; requestId: string | null };
export type AuthResult = { user: repo.UserRow; tenant: repo.TenantRow; session: SessionTokens };

const INVALID_CREDENTIALS = () => unauthenticated('invalid_credentials', 'Invalid email or password.');
const INVALID_REFRESH = () => unauthenticated('invalid_refresh_token', 'Invalid or expired refresh token.');

/**
 * When a refresh token issued at `now` stops working: 7 days on, but never past the session's
 * absolute end (its creation + the configured lifetime), so rotating cannot keep a session alive forever.
 */
function refreshExpiry(deps: AppDeps, sessionCreatedAt: Date, now: Date): Date {
  const absoluteEndMs = sessionCreatedAt.getTime() + (deps.config.sessionAbsoluteLifetimeMs ?? DEFAULT_SESSION_ABSOLUTE_LIFETIME_MS);
  return new Date(Math.min(now.getTime() + REFRESH_TOKEN_TTL_MS, absoluteEndMs));
}

/** Opens a session for a user inside the caller's tenant transaction. */
export async function openSession(
  tx: Queryable,
  deps: AppDeps,
  tenantId: string,
  userId: string,
  meta: ClientMeta,
): Promise<SessionTokens> {
  const now = deps.clock.now();
  const sessionId = randomUUID();
  const expiresAt = refreshExpiry(deps, now, now);
  await repo.insertSession(tx, { tenantId, id: sessionId, userId, ip: meta.ip, userAgent: meta.userAgent, expiresAt, now });
  return issueTokens(tx, deps, { tenantId, userId, sessionId, expiresAt, now });
}

async function issueTokens(
  tx: Queryable,
  deps: AppDeps,
  s: { tenantId: string; userId: string; sessionId: string; expiresAt: Date; now: Date },
): Promise<SessionTokens> {
  const refresh = newRefreshToken();
  await repo.insertRefreshToken(tx, {
    tenantId: s.tenantId,
    id: randomUUID(),
    sessionId: s.sessionId,
    hash: refresh.hash,
    expiresAt: s.expiresAt,
    now: s.now,
  });
  const accessToken = await signAccessToken({ sub: s.userId, tid: s.tenantId, sid: s.sessionId }, deps.config.jwtSecret, s.now);
  return { accessToken, refreshToken: refresh.token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' };
}

const emailTaken = () => conflict('email_taken', 'An account with this email already exists.');

async function assertEmailFree(db: AppDeps['db'], email: string) {
  if (await withoutTenant(db, (tx) => credentials.isEmailTaken(tx, email))) throw emailTaken();
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * Creates a tenant, its owner, the system ledger accounts of both environments and a first
 * session. Errors: 409 email_taken.
 */
export async function signup(
  deps: AppDeps,
  input: { email: string; password: string; name: string; organizationName: string },
  meta: ClientMeta,
): Promise<AuthResult> {
  await assertEmailFree(deps.db, input.email);
  const passwordHash = await hashPassword(input.password);
  const tenantId = randomUUID();
  const now = deps.clock.now();
  try {
    return await withTenant(deps.db, { tenantId, environment: 'test' }, async (tx) => {
      await repo.insertTenant(tx, { id: tenantId, name: input.organizationName, now });
      await createSystemAccounts(tx, tenantId, now);
      const user = await repo.insertUser(tx, {
        tenantId,
        id: randomUUID(),
        email: input.email,
        name: input.name,
        role: 'owner',
        passwordHash,
        now,
      });
      const session = await openSession(tx, deps, tenantId, user.id, meta);
      recordAudit(tx, {
        tenantId,
        environment: 'test',
        actor: { type: 'user', id: user.id, name: user.name },
        action: 'organization.created',
        objectType: 'organization',
        objectId: tenantId,
        requestId: meta.requestId,
        at: now,
      });
      return { user, tenant: await repo.getTenant(tx), session };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

const lockoutKey = (email: string) => sha256Hex(`login:${email}`);

function lockedError(msBeforeNext: number) {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('rate_limit_error', 'login_locked', 'Too many failed login attempts. Try again later.', {
    details: { retryAfterSeconds },
  });
}

/**
 * Reserves one of the e-mail's login attempts before any password is checked. The reservation is
 * the limiter's atomic consume (memory or Redis), so however many logins race, at most `points`
 * (5) passwords are checked per window; the sixth and later are refused unchecked. Errors: 429 login_locked.
 */
async function reserveLoginAttempt(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw lockedError(error.msBeforeNext);
    throw error;
  }
}

/**
 * Gives back the attempt reserved by a login that did not fail (success, or an unexpected error),
 * so successful logins never lock an e-mail; failures keep theirs until the window ends.
 */
async function releaseLoginAttempt(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const res = await limiter.reward(key);
  // The window ended between reserve and release: the reward created a fresh counter at -1, which
  // would grant a sixth attempt in the next window.
  if (res.consumedPoints < 0) await limiter.delete(key);
}

/**
 * Errors: 401 invalid_credentials (one message for unknown e-mail, wrong password or removed user);
 * 429 login_locked once 5 attempts for one e-mail within 15 minutes have failed (or are in flight).
 */
export async function login(deps: AppDeps, input: { email: string; password: string }, meta: ClientMeta): Promise<AuthResult> {
  const limiter = deps.limiters.loginFailures;
  const key = lockoutKey(input.email);
  await reserveLoginAttempt(limiter, key);
  let candidate: { tenant_id: string; id: string } | undefined;
  let failed = false;
  try {
    const found = await withoutTenant(deps.db, (tx) => credentials.findUserByEmail(tx, input.email));
    const valid = await verifyPassword(input.password, found?.password_hash ?? (await decoyHash()));
    failed = !found || !valid || found.status !== 'active';
    candidate = found;
  } finally {
    if (!failed) await releaseLoginAttempt(limiter, key);
  }
  if (failed || !candidate) throw INVALID_CREDENTIALS();
  const { tenant_id: tenantId, id: userId } = candidate;
  return withTenant(deps.db, { tenantId, environment: 'test' }, async (tx) => {
    const user = await repo.findActiveUser(tx, userId);
    if (!user) throw INVALID_CREDENTIALS();
    const session = await openSession(tx, deps, tenantId, user.id, meta);
    return { user, tenant: await repo.getTenant(tx), session };
  });
}

type RefreshOutcome = { session: SessionTokens } | { reused: string[] } | { invalid: true };

/**
 * Rotates a refresh token. Presenting a token that was already used is treated as theft:
 * every session of that user is revoked (committed) and the call fails with 401.
 */
export async function refresh(deps: AppDeps, refreshToken: string): Promise<SessionTokens> {
  const found = await withoutTenant(deps.db, (tx) => credentials.findRefreshTokenByHash(tx, sha256Hex(refreshToken)));
  if (!found) throw INVALID_REFRESH();
  const now = deps.clock.now();
  const outcome = await withTenant(deps.db, { tenantId: found.tenant_id, environment: 'test' }, async (tx): Promise<RefreshOutcome> => {
    const token = await repo.lockRefreshToken(tx, found.id);
    if (!token) return { invalid: true };
    if (token.used_at) return { reused: await repo.revokeUserSessions(tx, token.user_id, 'refresh_token_reuse', now) };
    if (token.expires_at <= now || token.session_revoked_at || token.session_expires_at <= now || token.user_status !== 'active') {
      return { invalid: true };
    }
    const expiresAt = refreshExpiry(deps, token.session_created_at, now);
    // The session's absolute end has come: no rotation extends it (its expires_at is already capped
    // for sessions opened since; this also ends the ones opened before the cap existed).
    if (expiresAt <= now) return { invalid: true };
    await repo.markRefreshTokenUsed(tx, token.id, now);
    await repo.touchSession(tx, token.session_id, expiresAt, now);
    const session = await issueTokens(tx, deps, {
      tenantId: found.tenant_id,
      userId: token.user_id,
      sessionId: token.session_id,
      expiresAt,
      now,
    });
    return { session };
  });
  if ('session' in outcome) return outcome.session;
  if ('reused' in outcome) {
    for (const id of outcome.reused) deps.credentials.forgetSession(id);
    deps.logger.warn({ tenantId: found.tenant_id, revokedSessions: outcome.reused.length }, 'refresh token reuse: all sessions revoked');
    throw unauthenticated('refresh_token_reused', 'This refresh token was already used; all sessions were revoked. Log in again.');
  }
  throw INVALID_REFRESH();
}

export async function revokeSession(tx: Queryable, deps: AppDeps, userId: string, sessionId: string, reason: string) {
  const revoked = await repo.revokeSession(tx, sessionId, userId, reason, deps.clock.now());
  if (!revoked) throw notFound('session');
  deps.credentials.forgetSession(sessionId);
}

/** The user's live sessions, newest first (`limit + 1` rows, so the page knows whether there is more). */
export function listSessions(tx: Queryable, deps: Pick<AppDeps, 'clock'>, userId: string, page: { limit: number; cursor?: Cursor }) {
  return repo.listActiveSessions(tx, userId, deps.clock.now(), page);
}

export async function me(tx: Queryable, userId: string) {
  const user = await repo.findActiveUser(tx, userId);
  if (!user) throw unauthenticated('invalid_token', 'Invalid or expired access token.');
  return { user, tenant: await repo.getTenant(tx), role: user.role as Role, locale: await repo.findLocale(tx, userId) };
}

/** The user's own preferences: today the dashboard language (null goes back to the browser's). */
export async function updateMe(tx: Queryable, deps: Pick<AppDeps, 'clock'>, userId: string, patch: { locale: Locale | null }) {
  if (!(await repo.setLocale(tx, userId, patch.locale, deps.clock.now()))) {
    throw unauthenticated('invalid_token', 'Invalid or expired access token.');
  }
  return me(tx, userId);
}
