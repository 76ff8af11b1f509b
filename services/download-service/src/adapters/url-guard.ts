/**
 * SSRF guard for downloads: every address a host name resolves to must be public unless private URLs are
 * allowed. Checked when a download is requested AND at every connection (a DNS lookup hook on the HTTP agent),
 * so redirects and DNS rebinding cannot reach a private address either.
 */
import dns from 'node:dns';
import net from 'node:net';
import { isPrivateAddress } from '../domain/addresses.js';
import { DownloadFailure } from '../domain/failure.js';

export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

export function privateAddressFailure(hostname: string, address: string): DownloadFailure {
  return new DownloadFailure(
    'PRIVATE_ADDRESS',
    `Refusing to download from "${hostname}": it resolves to the private or loopback address ${address} (set SMH_ALLOW_PRIVATE_URLS=true to allow this)`,
    false,
  );
}

/** Resolves `hostname` and throws a PRIVATE_ADDRESS failure if any of its addresses is private. */
export async function assertPublicHost(hostname: string, resolve: Resolver = systemResolver): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await resolve(bare);
    } catch (error) {
      throw new DownloadFailure(
        'DNS_ERROR',
        `The host "${bare}" could not be resolved: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        false,
      );
    }
  }
  if (addresses.length === 0) throw new DownloadFailure('DNS_ERROR', `The host "${bare}" has no addresses`, false);
  const blocked = addresses.find((address) => isPrivateAddress(address));
  if (blocked) throw privateAddressFailure(bare, blocked);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls connections that refuses private addresses (used by the download agent). */
export function guardedLookup(resolve: Resolver = systemResolver): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = addresses.find((address) => isPrivateAddress(address));
        if (blocked) return callback(privateAddressFailure(hostname, blocked) as unknown as NodeJS.ErrnoException, '');
        const entries = addresses.map((address) => ({ address, family: net.isIP(address) }));
        const wanted = options.family ? entries.filter((entry) => entry.family === options.family) : entries;
        const [first] = wanted;
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  }) as net.LookupFunction;
}
