import { jwtVerify, SignJWT } from 'jose';
import { randomToken, sha256Hex } from '../../lib/crypto.js';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** However often it is refreshed, a session ends this long after the login that opened it. */
export const DEFAULT_SESSION_ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const ISSUER = 'payos';
const AUDIENCE = 'payos-api';

export type AccessClaims = { sub: string; tid: string; sid: string };

const keyOf = (secret: string) => new TextEncoder().encode(secret);

export function signAccessToken(claims: AccessClaims, secret: string, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tid, sid: claims.sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(keyOf(secret));
}

export async function verifyAccessToken(token: string, secret: string, now: Date): Promise<AccessClaims> {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['HS256'],
    currentDate: now,
    // Every token we sign carries these; one without an expiry or a session would live forever.
    requiredClaims: ['exp', 'iat', 'sub', 'sid', 'tid'],
    maxTokenAge: ACCESS_TOKEN_TTL_SECONDS,
  });
  const { sub, tid, sid } = payload as Partial<Record<string, unknown>>;
  const uuid = /^[0-9a-f-]{36}$/;
  if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || !uuid.test(tid) || !uuid.test(sid)) {
    throw new Error('malformed claims');
  }
  return { sub, tid, sid };
}

/** Refresh tokens are opaque random strings; only their SHA-256 is stored. */
export function newRefreshToken() {
  const token = randomToken('rt_');
  return { token, hash: sha256Hex(token) };
}
