/**
 * Issue 12 item 7: X-Forwarded-For is believed only from the proxies named in TRUST_PROXY (none by default).
 * The attack: a client sending a new X-Forwarded-For with each request reset the gateway's per-address limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alice, bearer, startGateway, type GatewayHarness } from '../../services/api-gateway/test/support.js';

let h: GatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function statusesWithSpoofedAddresses(env: NodeJS.ProcessEnv): Promise<number[]> {
  h = await startGateway({ env, gateway: { rateLimits: { perIp: 3, perUser: 1000, windowMs: 60_000 } } });
  const auth = await bearer(h.tokens, alice);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const response = await h.gateway.inject({
      method: 'GET',
      url: '/api/files',
      headers: { ...auth, 'x-forwarded-for': `198.51.100.${i}` },
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('the gateway and X-Forwarded-For', () => {
  it('ignores it from a peer that is not a configured proxy (default: none), so the per-address limit holds', async () => {
    expect(await statusesWithSpoofedAddresses({})).toEqual([200, 200, 200, 429, 429]);
  });

  it('believes it from a proxy listed in TRUST_PROXY (nginx, an ingress)', async () => {
    expect(await statusesWithSpoofedAddresses({ TRUST_PROXY: '127.0.0.1' })).toEqual([200, 200, 200, 200, 200]);
  });

  it('passes the client address upstream signed, and drops one a client forged', async () => {
    h = await startGateway({ env: { TRUST_PROXY: 'loopback' } });
    const response = await h.gateway.inject({
      method: 'GET',
      url: '/api/files',
      headers: {
        ...(await bearer(h.tokens, alice)),
        'x-forwarded-for': '198.51.100.9',
        'x-smh-client-address': '10.9.9.9 forged',
      },
    });
    const signed = response.json().headers['x-smh-client-address'] as string;
    expect(h.tokens.verifyClientAddress(signed)).toBe('198.51.100.9');
  });
});
