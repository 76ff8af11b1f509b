/** The SSRF egress guard: which addresses are private, the host check, and the connection-time DNS hook. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  assertPublicHost,
  guardedLookup,
  isPrivateAddress,
  PrivateAddressError,
  type Resolver,
} from '../src/net/egress-guard.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.2.3.4',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});

describe('assertPublicHost', () => {
  const resolver: Resolver = async (host) => {
    if (host === 'public.test') return ['93.184.216.34'];
    if (host === 'mixed.test') return ['93.184.216.34', '10.0.0.7'];
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };

  it('passes public hosts and refuses private ones with PRIVATE_ADDRESS naming the address', async () => {
    await expect(assertPublicHost('public.test', resolver)).resolves.toBeUndefined();
    await expect(assertPublicHost('[::1]', resolver)).rejects.toMatchObject({ code: 'PRIVATE_ADDRESS' });
    const error = await assertPublicHost('mixed.test', resolver).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrivateAddressError);
    expect((error as Error).message).toContain('10.0.0.7');
    await expect(assertPublicHost('nowhere.test', resolver)).rejects.toMatchObject({ code: 'DNS_ERROR' });
  });
});

describe('guardedLookup', () => {
  it('refuses to connect to a name that resolves to loopback, and connects when it resolves elsewhere', async () => {
    const server = http.createServer((_request, response) => response.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (lookup: ReturnType<typeof guardedLookup>) =>
      new Promise<string>((resolve, reject) => {
        http
          .get(`http://target.test:${port}/`, { lookup }, (response) => {
            let text = '';
            response.on('data', (chunk) => {
              text += chunk;
            });
            response.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
    try {
      await expect(get(guardedLookup(async () => ['127.0.0.1']))).rejects.toMatchObject({ code: 'PRIVATE_ADDRESS' });
      // The hook only decides where to connect: a public answer is passed through (it would connect there).
      const lookup = guardedLookup(async () => ['93.184.216.34']);
      const answer = await new Promise<string>((resolve, reject) =>
        lookup('target.test', {}, (error, address) => (error ? reject(error) : resolve(String(address)))),
      );
      expect(answer).toBe('93.184.216.34');
    } finally {
      server.close();
    }
  });
});

describe('one address rule for every egress (downloads, notification targets)', () => {
  it('refuses IPv6 spellings that embed a private IPv4 address, as downloads do', () => {
    for (const address of [
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:127.0.0.1',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '::127.0.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    expect(isPrivateAddress('2002:5db8:d822::')).toBe(false); // 6to4 of a public address
  });
});
