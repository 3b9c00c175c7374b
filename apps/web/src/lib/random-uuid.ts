/**
 * `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost, 127.0.0.1). A dashboard
 * opened over plain HTTP at a LAN IP or a custom host has `crypto.getRandomValues` but not it — and
 * the dashboard and the SDK make every Idempotency-Key with it, so every form would fail to render or
 * submit. Where it is missing, one is installed that makes version-4 UUIDs from getRandomValues.
 */
export function randomUUIDv4(getRandomValues: (bytes: Uint8Array) => Uint8Array): `${string}-${string}-${string}-${string}-${string}` {
  const bytes = getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // variant 10xx (RFC 9562)
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function installRandomUUID(target: Crypto | undefined = globalThis.crypto) {
  if (!target || typeof target.randomUUID === 'function') return;
  Object.defineProperty(target, 'randomUUID', {
    value: () => randomUUIDv4((bytes) => target.getRandomValues(bytes)),
    configurable: true,
    writable: true,
  });
}
