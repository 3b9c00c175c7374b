import type { LookupAddress, LookupOneOptions } from 'node:dns';
import { promises as dns, lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../core/errors.js';

/**
 * Where webhooks may be sent (issue #17, SSRF guard). In production (`allowPrivate: false`) a URL must
 * be https and every address it resolves to public — no loopback, private, carrier-grade NAT,
 * link-local (the cloud metadata address), multicast, reserved, documentation ranges, nor IPv6 forms
 * that embed one (mapped, NAT64, 6to4). Checked when an endpoint is saved AND at connect time against
 * the address actually connected to (the request's own lookup), so a name that resolves elsewhere
 * later (DNS rebinding) is refused then.
 */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;
export type DestinationPolicy = { allowPrivate: boolean; requireHttps: boolean; resolve?: Resolver };

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const blockedV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blockedV4.addSubnet(network, prefix, 'ipv4');
}
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['::', 127], // unspecified and loopback
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): translates to any IPv4, private ones included
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, 'ipv6');
}

/** The 8 groups of an IPv6 address (an embedded dotted IPv4 tail becomes two groups). */
function groupsOf(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] as string;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

const v4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** Whether an address is one a webhook may be sent to in production. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address.split('%')[0] as string);
  if (family === 4) return !blockedV4.check(address, 'ipv4');
  if (family !== 6) return false;
  const g = groupsOf(address);
  if (g.length !== 8 || g.some((n) => Number.isNaN(n))) return false;
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96): the IPv4 inside decides.
  const zeroHead = g.slice(0, 5).every((n) => n === 0);
  if ((zeroHead && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((n) => n === 0))) {
    if (zeroHead && g[5] === 0 && g[6] === 0 && (g[7] ?? 0) <= 1) return false; // :: and ::1
    return isPublicAddress(v4Of(g[6] as number, g[7] as number));
  }
  // IPv4-translated (SIIT, ::ffff:0:a.b.c.d): the IPv4 inside decides. (BlockList reads ::ffff:0:0/96 as a mapped IPv4 range.)
  if (g.slice(0, 4).every((n) => n === 0) && g[4] === 0xffff && g[5] === 0) return isPublicAddress(v4Of(g[6] as number, g[7] as number));
  // 6to4 (2002::/16) carries an IPv4 in its next 32 bits.
  if (g[0] === 0x2002) return isPublicAddress(v4Of(g[1] as number, g[2] as number));
  return !blockedV6.check(address.split('%')[0] as string, 'ipv6');
}

/** The stored URL's limit (webhook_endpoints.url). */
export const MAX_URL_LENGTH = 2048;

const refused = (message: string) => new AppError('invalid_request_error', 'webhook_url_not_allowed', message, { param: 'url' });

/** Host of a URL without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Validates an endpoint URL when it is saved. Errors: 400 webhook_url_not_allowed (param url): not
 * http(s), credentials in it, http in production, or (production) an address that is not public or a
 * name that does not resolve.
 */
export async function assertUrlAllowed(raw: string, policy: DestinationPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused('url must use https (or http outside production).');
  if (policy.requireHttps && url.protocol !== 'https:') throw refused('url must use https.');
  if (url.username || url.password) throw refused('url must not carry credentials; authenticate deliveries by their signature.');
  // What is stored and requested is the normalized form, which percent-encoding and punycode can make
  // several times longer than what was sent.
  if (url.href.length > MAX_URL_LENGTH) throw refused(`url must be at most ${MAX_URL_LENGTH} characters once normalized.`);
  if (policy.allowPrivate) return url;
  const host = hostOf(url);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw refused(`${host} is not a public address.`);
    return url;
  }
  let addresses: { address: string }[];
  try {
    addresses = await (policy.resolve ?? systemResolver)(host);
  } catch {
    throw refused(`${host} does not resolve.`);
  }
  if (addresses.length === 0) throw refused(`${host} does not resolve.`);
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw refused(`${host} resolves to ${bad.address}, which is not a public address.`);
  return url;
}

export class RefusedAddressError extends Error {}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves with the policy's resolver and refuses non-public
 * addresses: the check is made on the very addresses the socket connects to. Outside production
 * (allowPrivate) it is the system lookup.
 */
export function guardedLookup(policy: DestinationPolicy) {
  return (hostname: string, options: LookupOneOptions & { all?: boolean }, callback: LookupCallback) => {
    if (policy.allowPrivate && !policy.resolve) {
      dnsLookup(hostname, options, callback as never);
      return;
    }
    (policy.resolve ?? systemResolver)(hostname).then(
      (addresses) => {
        const usable = policy.allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
        if (usable.length === 0 || usable.length !== addresses.length) {
          callback(new RefusedAddressError(`${hostname} resolves to an address that is not public`) as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, usable as LookupAddress[]);
        else callback(null, (usable[0] as LookupAddress).address, (usable[0] as LookupAddress).family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** At connect time, for a URL whose host is an IP literal (no lookup happens): is it allowed now? */
export function literalAllowed(url: URL, policy: DestinationPolicy): boolean {
  const host = hostOf(url);
  return policy.allowPrivate || !isIP(host) || isPublicAddress(host);
}
