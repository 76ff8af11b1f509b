/**
 * The gateway's limits (@fastify/rate-limit): per client address before authentication, per user after it; in
 * memory for one gateway, in Redis for several, which then share one count.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REDIS_TEST_URL, redisAvailable, testPrefix } from '@smh/shared/testing';
import type { RateLimits, RateLimitStore } from '../src/index.js';
import { alice, bearer, bob, startGateway, type GatewayHarness } from './support.js';

const harnesses: GatewayHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

async function gateway(rateLimits: RateLimits, rateLimitStore?: RateLimitStore, secret = 'shared-secret-for-both') {
  const harness = await startGateway({ secret, gateway: { rateLimits, rateLimitStore } });
  harnesses.push(harness);
  return harness;
}

const get = (harness: GatewayHarness, headers: Record<string, string> = {}, remoteAddress = '198.51.100.7') =>
  harness.gateway.inject({ method: 'GET', url: '/api/files', headers, remoteAddress });

describe('gateway rate limits (memory)', () => {
  it('refuses an address over its limit with 429 RATE_LIMITED and Retry-After; other addresses go on', async () => {
    const h = await gateway({ perIp: 3, perUser: 100, windowMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(h)).statusCode);
    // Anonymous calls to a private route are refused with 401 — counted all the same.
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await get(h);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(refused.json().error.details.retryAfterSeconds).toBeGreaterThan(50);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect((await get(h, {}, '198.51.100.8')).statusCode).toBe(401);
  });

  it('counts a user across addresses, and another user apart', async () => {
    const h = await gateway({ perIp: 100, perUser: 2, windowMs: 60_000 });
    const aliceAuth = await bearer(h.tokens, alice);
    expect((await get(h, aliceAuth, '203.0.113.1')).statusCode).toBe(200);
    expect((await get(h, aliceAuth, '203.0.113.2')).statusCode).toBe(200);
    const third = await get(h, aliceAuth, '203.0.113.3');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('RATE_LIMITED');
    expect((await get(h, await bearer(h.tokens, bob), '203.0.113.1')).statusCode).toBe(200);
  });

  it('never limits /api/health by address', async () => {
    const h = await gateway({ perIp: 1, perUser: 100, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) {
      const response = await h.gateway.inject({ method: 'GET', url: '/api/health', remoteAddress: '198.51.100.9' });
      expect(response.statusCode).not.toBe(429);
    }
  });
});

describe.runIf(redisAvailable)('gateway rate limits (Redis, several gateways)', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const client of clients) await client.quit();
  });

  it('shares one count between two gateways', async () => {
    const nameSpace = `${testPrefix()}:ratelimit:gateway:`;
    const store = (): RateLimitStore => {
      const redis = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 2 });
      clients.push(redis);
      return { redis, nameSpace };
    };
    const limits = { perIp: 3, perUser: 100, windowMs: 60_000 };
    const first = await gateway(limits, store());
    const second = await gateway(limits, store());
    const statuses = [
      (await get(first)).statusCode,
      (await get(second)).statusCode,
      (await get(first)).statusCode,
      (await get(second)).statusCode,
    ];
    expect(statuses).toEqual([401, 401, 401, 429]);
    const keys = await clients[0]?.keys(`${nameSpace}*`);
    expect(keys).toEqual([`${nameSpace}ip:198.51.100.7`]);
    await clients[0]?.del(...(keys ?? []));
  });
});
