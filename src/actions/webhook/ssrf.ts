// The SSRF guard of outbound deliveries (webhooks, Slack/Teams, SMTP; [arch standard-webhooks], [arch outbox]).
// Automations are written by API users, so a destination URL must not be able to reach the
// server's own network: loopback, private ranges, link-local (cloud metadata lives there), CGNAT,
// unique-local, multicast and friends are refused unless `webhookAllowPrivateNetworks` is on.
//
// The check runs on the address actually connected to: `guardedLookup` is handed to node's
// `http.request`/`net.connect` as their `lookup`, so the addresses DNS returns *for this connection*
// are checked — a name that resolves to a public address at validation time and to 127.0.0.1 at
// delivery time (DNS rebinding) is still refused. IP literals never go through `lookup`, so
// callers check them with `checkAddress` first.

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, isIPv4 } from 'node:net';

/** Thrown (or passed to a lookup callback) when a destination resolves only to refused addresses. */
export class BlockedAddressError extends Error {
  readonly code = 'HERALD_BLOCKED_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host} resolves to ${address}, a private, loopback or otherwise internal address; ` +
        'set HERALD_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it',
    );
    this.name = 'BlockedAddressError';
  }
}

// [first address, prefix length] per refused IPv4 range.
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (and Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local: AWS/GCP/Azure metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (Oracle metadata 192.0.0.192)
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
  ['168.63.129.16', 32], // Azure's wire server: a public address that only answers from inside Azure
];

const BLOCKED_V6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local (AWS metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const v4Ranges = BLOCKED_V4.map(([a, len]) => ({ base: v4ToInt(a), mask: len === 0 ? 0 : (~0 << (32 - len)) >>> 0 }));
const v6Ranges = BLOCKED_V6.map(([a, len]) => ({ bytes: v6ToBytes(a)!, len }));

/** True when deliveries must not connect to `address` (an IPv4 or IPv6 literal). */
export function isBlockedAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(plain)) return v4Blocked(v4ToInt(plain));
  const bytes = v6ToBytes(plain);
  if (!bytes) return true; // not an address we understand: refuse rather than guess
  const embedded = embeddedV4(bytes);
  if (embedded !== null && v4Blocked(embedded)) return true;
  return v6Ranges.some((r) => prefixEqual(bytes, r.bytes, r.len));
}

/** Throws BlockedAddressError when `host` is an IP literal that is refused (names pass: see guardedLookup). */
export function checkAddress(host: string, allowPrivate: boolean): void {
  const plain = host.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(plain) !== 0 && isBlockedAddress(plain)) throw new BlockedAddressError(host, plain);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in `lookup` for `http.request`/`net.connect` that drops refused addresses, and fails with
 * BlockedAddressError when none is left. Handles both the single-address and the `all: true`
 * (happy eyeballs) forms node uses.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => !isBlockedAddress(a.address));
      if (allowed.length === 0) {
        const refused = list[0]?.address ?? 'no address';
        return callback(new BlockedAddressError(hostname, refused) as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/** Resolves `host` to one allowed address (for clients that take an address, e.g. SMTP). */
export function resolveAllowed(host: string, allowPrivate: boolean): Promise<string> {
  const plain = host.replace(/^\[|\]$/g, '');
  if (isIP(plain) !== 0) {
    checkAddress(plain, allowPrivate);
    return Promise.resolve(plain);
  }
  return new Promise((resolve, reject) => {
    guardedLookup(allowPrivate)(plain, {}, (err, address) => (err ? reject(err) : resolve(address as string)));
  });
}

function v4Blocked(n: number): boolean {
  return v4Ranges.some((r) => (n & r.mask) >>> 0 === (r.base & r.mask) >>> 0);
}

function v4ToInt(a: string): number {
  return a.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/**
 * The IPv4 address carried inside an IPv6 one, for the forms that reach an IPv4 host:
 * IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96` and 6to4 `2002::/16`.
 */
function embeddedV4(b: Uint8Array): number | null {
  const int = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  const zero = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return int(12);
  if (zero(0, 12) && !zero(12, 16)) return int(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return int(12);
  if (b[0] === 0x20 && b[1] === 0x02) return int(2);
  return null;
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const full = Math.floor(bits / 8);
  for (let i = 0; i < full; i++) if (a[i] !== b[i]) return false;
  const rest = bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (a[full] & mask) === (b[full] & mask);
}

/** 16 bytes of an IPv6 literal (with `::` and a trailing dotted quad), or null when malformed. */
function v6ToBytes(address: string): Uint8Array | null {
  let text = address.toLowerCase();
  const groups: number[] = [];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    if (!isIPv4(quad[1])) return null;
    const n = v4ToInt(quad[1]);
    text = text.slice(0, -quad[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  groups.push(...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail);
  if (groups.some((g) => Number.isNaN(g))) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}
