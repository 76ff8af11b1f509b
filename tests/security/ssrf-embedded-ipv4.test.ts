/**
 * SSRF guard (item 14): IPv6 addresses that embed an IPv4 address reach that IPv4 address (through the kernel's
 * mapping, NAT64, 6to4 or Teredo relays), so they are refused exactly when the embedded IPv4 address is.
 */
import { describe, expect, it } from 'vitest';
import { assertPublicHost } from '../../services/download-service/src/adapters/url-guard.js';
import { isPrivateAddress } from '../../services/download-service/src/domain/addresses.js';

/** Every IPv6 spelling of an IPv4 address, in every prefix that embeds one. */
function spellings(v4: string): string[] {
  const [p, q, r, s] = v4.split('.').map(Number) as [number, number, number, number];
  const hi = ((p << 8) | q).toString(16);
  const lo = ((r << 8) | s).toString(16);
  const hiPadded = hi.padStart(4, '0');
  const loPadded = lo.padStart(4, '0');
  const teredoClient = `${(~((p << 8) | q) & 0xffff).toString(16)}:${(~((r << 8) | s) & 0xffff).toString(16)}`;
  return [
    // IPv4-mapped ::ffff:0:0/96, spelled every way
    `::ffff:${v4}`,
    `::FFFF:${v4}`,
    `::ffff:${hi}:${lo}`,
    `0:0:0:0:0:ffff:${hi}:${lo}`,
    `0000:0000:0000:0000:0000:ffff:${hiPadded}:${loPadded}`,
    `0:0:0:0:0:ffff:${v4}`,
    `0::ffff:${v4}`,
    `::0:ffff:${hi}:${lo}`,
    // IPv4-translated ::ffff:0:0:0/96
    `::ffff:0:${v4}`,
    `::ffff:0:${hi}:${lo}`,
    `0:0:0:0:ffff:0:${hi}:${lo}`,
    // IPv4-compatible ::/96 (deprecated)
    `::${v4}`,
    `::${hi}:${lo}`,
    // NAT64 well-known prefix 64:ff9b::/96
    `64:ff9b::${v4}`,
    `64:ff9b::${hi}:${lo}`,
    `0064:ff9b:0000:0000:0000:0000:${hiPadded}:${loPadded}`,
    // 6to4 2002::/16
    `2002:${hi}:${lo}::`,
    `2002:${hi}:${lo}::1`,
    `2002:${hiPadded}:${loPadded}:0:0:0:0:1`,
    // Teredo 2001::/32: the server, and the client (bit-inverted)
    `2001:0:${hi}:${lo}:0:0:f7f7:f7f7`,
    `2001:0:0808:0808:0:0:${teredoClient}`,
    // zone ids do not hide it
    `::ffff:${v4}%eth0`,
  ];
}

describe('IPv4-embedded IPv6 addresses', () => {
  describe.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.1', '172.16.5.4', '100.64.0.1', '0.0.0.0'])(
    'private %s',
    (v4) => {
      it.each(spellings(v4))('%s is refused', (address) => {
        expect(isPrivateAddress(address)).toBe(true);
      });
    },
  );

  describe.each(['8.8.8.8', '93.184.216.34'])('public %s', (v4) => {
    it.each(spellings(v4))('%s is allowed', (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    });
  });

  it.each(['64:ff9b:1::a00:1', '64:ff9b:1:ffff::8.8.8.8', '100::1', 'fec0::1'])(
    '%s (a non-global prefix) is refused',
    (address) => {
      expect(isPrivateAddress(address)).toBe(true);
    },
  );

  it.each(['::ffff:1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '::ffff:127.0.0.256'])(
    '%s (not an address) is refused',
    (address) => {
      expect(isPrivateAddress(address)).toBe(true);
    },
  );

  it('refuses a URL host written as a bracketed embedded address, and a name resolving to one', async () => {
    const host = new URL('http://[::ffff:0:127.0.0.1]/video.mp4').hostname;
    await expect(assertPublicHost(host)).rejects.toMatchObject({ code: 'PRIVATE_ADDRESS' });
    await expect(assertPublicHost('[2002:7f00:1::]')).rejects.toMatchObject({ code: 'PRIVATE_ADDRESS' });
    await expect(assertPublicHost('media.example', async () => ['64:ff9b::a9fe:a9fe'])).rejects.toMatchObject({
      code: 'PRIVATE_ADDRESS',
    });
    await expect(assertPublicHost('media.example', async () => ['2002:808:808::1'])).resolves.toBeUndefined();
  });
});
