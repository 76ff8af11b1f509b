/**
 * SSRF guard for requests the hub makes to URLs users gave it (downloads, notification targets): every address a
 * host name resolves to must be public unless private URLs are allowed. Check the host when the URL is accepted
 * AND at every connection (`guardedLookup` as the socket's DNS lookup), so redirects and DNS rebinding cannot
 * reach a private address either.
 */
import dns from 'node:dns';
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

/** True for loopback, private, link-local, CGNAT, multicast, documentation and unspecified addresses. */
/** True for loopback, private, link-local, CGNAT, multicast, documentation and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED_V4.some(([base, bits]) => inV4Range(address, base, bits));
  if (family !== 6) return true; // not an address at all: refuse
  const g = v6Groups(address);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g6 = 0, h = 0] = g;
  if (g.every((x) => x === 0)) return true; // ::
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && g6 === 0 && h === 1) return true; // ::1
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && (f === 0xffff || f === 0)) {
    return isPrivateAddress(`${g6 >>> 8}.${g6 & 0xff}.${h >>> 8}.${h & 0xff}`); // IPv4-mapped / compatible
  }
  if (a === 0x64 && b === 0xff9b) return isPrivateAddress(`${g6 >>> 8}.${g6 & 0xff}.${h >>> 8}.${h & 0xff}`); // NAT64
  if ((a & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((a & 0xffc0) === 0xfe80) return true; // fe80::/10 link local
  if ((a & 0xff00) === 0xff00) return true; // multicast
  if (a === 0x2001 && b === 0x0db8) return true; // documentation
  return false;
}

export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A host that must not be reached: it is, or resolves to, a private address (or does not resolve at all). */
export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
  constructor(
    readonly code: 'PRIVATE_ADDRESS' | 'DNS_ERROR',
    message: string,
    readonly hostname: string,
  ) {
    super(message);
  }
}

export function privateAddressError(hostname: string, address: string): PrivateAddressError {
  return new PrivateAddressError(
    'PRIVATE_ADDRESS',
    `Refusing to connect to "${hostname}": it resolves to the private or loopback address ${address} (set SMH_ALLOW_PRIVATE_URLS=true to allow this)`,
    hostname,
  );
}

/** Resolves `hostname` and throws a PrivateAddressError if any of its addresses is private. */
export async function assertPublicHost(hostname: string, resolve: Resolver = systemResolver): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await resolve(bare);
    } catch (error) {
      throw new PrivateAddressError(
        'DNS_ERROR',
        `The host "${bare}" could not be resolved: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        bare,
      );
    }
  }
  if (addresses.length === 0) throw new PrivateAddressError('DNS_ERROR', `The host "${bare}" has no addresses`, bare);
  const blocked = addresses.find((address) => isPrivateAddress(address));
  if (blocked) throw privateAddressError(bare, blocked);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls connections (http.request, agents) that refuses private addresses. */
export function guardedLookup(resolve: Resolver = systemResolver): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = addresses.find((address) => isPrivateAddress(address));
        if (blocked) return callback(privateAddressError(hostname, blocked) as unknown as NodeJS.ErrnoException, '');
        const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
        const wanted = options.family ? entries.filter((entry) => entry.family === options.family) : entries;
        const first = wanted[0];
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }) as net.LookupFunction;
}
