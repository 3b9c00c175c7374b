import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** Compares two hex digests in constant time (length is not secret: both are SHA-256). */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters from the CSPRNG, without modulo bias. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export const randomToken = (prefix: string, bytes = 32) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

const SEALED = 'sealed:v1:';
const sealKeys = new Map<string, Buffer>();
/** A 256-bit key for sealing stored data, derived from the server secret (never the secret itself). */
function sealKey(secret: string): Buffer {
  let key = sealKeys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'payos', 'stored-response-seal', 32));
    sealKeys.set(secret, key);
  }
  return key;
}

/** AES-256-GCM: `sealed:v1:` + base64url(iv ‖ tag ‖ ciphertext). */
export function seal(plaintext: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${SEALED}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export const isSealed = (value: string) => value.startsWith(SEALED);

/** Opens what `seal` produced; throws when the secret changed or the data was altered. */
export function unseal(sealed: string, secret: string): string {
  const raw = Buffer.from(sealed.slice(SEALED.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
