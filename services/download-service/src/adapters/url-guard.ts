/**
 * SSRF guard for downloads: the hub's one egress guard (shared/net/egress-guard), checked when a download is
 * requested AND at every connection (a DNS lookup hook on the HTTP agent), with its refusals as download failures.
 */
import type net from 'node:net';
import {
  assertPublicHost as assertPublicEgress,
  guardedLookup as guardedEgressLookup,
  PrivateAddressError,
  systemResolver,
  type Resolver,
} from '@smh/shared/net/egress-guard';
import { DownloadFailure } from '../domain/failure.js';

export { systemResolver, type Resolver };

const asFailure = (error: PrivateAddressError) => new DownloadFailure(error.code, error.message, false);

export function privateAddressFailure(hostname: string, address: string): DownloadFailure {
  return new DownloadFailure(
    'PRIVATE_ADDRESS',
    `Refusing to download from "${hostname}": it resolves to the private or loopback address ${address} (set SMH_ALLOW_PRIVATE_URLS=true to allow this)`,
    false,
  );
}

/** Resolves `hostname` and throws a PRIVATE_ADDRESS (or DNS_ERROR) failure if any of its addresses is private. */
export async function assertPublicHost(hostname: string, resolve: Resolver = systemResolver): Promise<void> {
  try {
    await assertPublicEgress(hostname, resolve);
  } catch (error) {
    throw error instanceof PrivateAddressError ? asFailure(error) : error;
  }
}

/** A `lookup` for net/tls connections that refuses private addresses (used by the download agent). */
export function guardedLookup(resolve: Resolver = systemResolver): net.LookupFunction {
  const lookup = guardedEgressLookup(resolve);
  return ((hostname: string, options: object, callback: (error: unknown, ...rest: unknown[]) => void) =>
    lookup(
      hostname,
      options as never,
      ((error: unknown, ...rest: unknown[]) =>
        callback(error instanceof PrivateAddressError ? asFailure(error) : error, ...rest)) as never,
    )) as net.LookupFunction;
}
