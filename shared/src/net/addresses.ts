/** Which IP addresses a download must not reach unless private URLs are allowed (SSRF guard). Pure. */
import net from 'node:net';

const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4ToNumber(address: string): number {
  return address.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function inV4Range(address: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (v4ToNumber(address) & mask) === (v4ToNumber(base) & mask);
}

/** Expands an IPv6 address into 8 numbers. */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const v4Tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4Tail?.[1]) {
    const n = v4ToNumber(v4Tail[1]);
    text = text.replace(v4Tail[1], `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`);
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => Number.parseInt(group || '0', 16));
}

/** The IPv4 address in the 32 bits starting at group `index` (pure). */
function v4At(groups: readonly number[], index: number): string {
  const high = groups[index] ?? 0;
  const low = groups[index + 1] ?? 0;
  return `${high >>> 8}.${high & 0xff}.${low >>> 8}.${low & 0xff}`;
}

/**
 * IPv6 forms that carry an IPv4 address a connection may end up at: IPv4-mapped (::ffff:0:0/96), IPv4-translated
 * (::ffff:0:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32, the
 * server and the obfuscated client). Returns every embedded IPv4 address (pure).
 */
export function embeddedIpv4(groups: readonly number[]): string[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0)) return [v4At(groups, 6)];
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0xffff && f === 0) return [v4At(groups, 6)];
  if (a === 0x64 && b === 0xff9b) return [v4At(groups, 6)];
  if (a === 0x2002) return [v4At(groups, 1)];
  if (a === 0x2001 && b === 0) return [v4At(groups, 2), v4At([g ^ 0xffff, h ^ 0xffff], 0)];
  return [];
}

/** True for loopback, private, link-local, CGNAT, multicast, documentation and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED_V4.some(([base, bits]) => inV4Range(address, base, bits));
  if (family !== 6) return true; // not an address at all: refuse
  const g = v6Groups(address);
  if (g.length !== 8 || g.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)) return true;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g6 = 0, h = 0] = g;
  if (g.every((x) => x === 0)) return true; // ::
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && g6 === 0 && h === 1) return true; // ::1
  if (a === 0x64 && b === 0xff9b && c === 1) return true; // 64:ff9b:1::/48 local-use NAT64
  if (a === 0x100 && b === 0 && c === 0 && d === 0) return true; // 100::/64 discard-only
  const embedded = embeddedIpv4(g);
  if (embedded.length > 0) return embedded.some((v4) => isPrivateAddress(v4));
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link local
  if ((a & 0xffc0) === 0xfec0) return true; // fec0::/10 site local (deprecated, still routed by some stacks)
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}
