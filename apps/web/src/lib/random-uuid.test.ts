import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { installRandomUUID, randomUUIDv4 } from './random-uuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fill = (bytes: Uint8Array) => {
  bytes.set(randomBytes(bytes.length));
  return bytes;
};

describe('randomUUIDv4()', () => {
  it('makes version-4 UUIDs (the version and variant bits set whatever the random bytes)', () => {
    expect(randomUUIDv4((b) => b.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomUUIDv4((b) => b.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
    const many = Array.from({ length: 1000 }, () => randomUUIDv4(fill));
    for (const uuid of many) expect(uuid).toMatch(V4);
    expect(new Set(many).size).toBe(1000);
  });
});

describe('installRandomUUID()', () => {
  it('adds randomUUID where it is missing (an insecure context) and leaves a native one alone', () => {
    const insecure = { getRandomValues: fill } as unknown as Crypto;
    installRandomUUID(insecure);
    expect(insecure.randomUUID()).toMatch(V4);

    const native = () => '00000000-0000-4000-8000-000000000001' as const;
    const secure = { getRandomValues: fill, randomUUID: native } as unknown as Crypto;
    installRandomUUID(secure);
    expect(secure.randomUUID).toBe(native);
  });
});
