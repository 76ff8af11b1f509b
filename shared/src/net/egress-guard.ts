/**
 * SSRF guard for requests the hub makes to URLs users gave it (downloads, notification targets): every address a
 * host name resolves to must be public unless private URLs are allowed. Check the host when the URL is accepted
 * AND at every connection (`guardedLookup` as the socket's DNS lookup), so redirects and DNS rebinding cannot
 * reach a private address either.
 */
import dns from 'node:dns';
import net from 'node:net';
import { isPrivateAddress } from './addresses.js';

export { embeddedIpv4, isPrivateAddress } from './addresses.js';

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
