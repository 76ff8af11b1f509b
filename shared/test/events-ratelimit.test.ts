import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryEventBus, createRedisEventBus, type EventBus, type HubEvent } from '../src/events/index.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '../src/ratelimit.js';
import { redisAvailable, REDIS_TEST_URL, testPrefix } from '../src/testing.js';

const buses: Record<string, { enabled: boolean; create(): EventBus[] }> = {
  memory: {
    enabled: true,
    create: () => {
      const bus = createMemoryEventBus();
      return [bus, bus];
    },
  },
  redis: {
    enabled: redisAvailable,
    create: () => {
      const prefix = testPrefix();
      return [
        createRedisEventBus({ redisUrl: REDIS_TEST_URL, prefix }),
        createRedisEventBus({ redisUrl: REDIS_TEST_URL, prefix }),
      ];
    },
  },
};

describe.each(Object.entries(buses))('event bus: %s', (_name, backend) => {
  let opened: EventBus[] = [];
  afterEach(async () => {
    for (const bus of new Set(opened)) await bus.close();
    opened = [];
  });

  it.runIf(backend.enabled)('delivers a published event to subscribers of another instance, validated', async () => {
    const [publisher, subscriber] = backend.create();
    opened = [publisher!, subscriber!];
    const received: HubEvent[] = [];
    subscriber!.subscribe((event) => received.push(event));
    // Redis subscribes in the background: a probe is published until one arrives (a fixed pause was a guess that a
    // loaded machine can miss), and probes are left out of what is compared.
    const probe = {
      id: 'probe',
      ownerId: 'u1',
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    };
    await vi.waitFor(
      async () => {
        await publisher!.publish('download.progress', probe);
        expect(received.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 50 },
    );
    await publisher!.publish('download.progress', {
      id: 'd1',
      ownerId: 'u1',
      progress: { filesDone: 1, filesTotal: 2, bytesDone: 10, bytesTotal: 20 },
    });
    await expect(publisher!.publish('download.progress', { id: 'd1' } as never)).rejects.toThrow();
    const real = () => received.filter((event) => (event.data as { id?: string }).id !== 'probe');
    await vi.waitFor(() => expect(real().length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(real()).toEqual([
      {
        name: 'download.progress',
        data: { id: 'd1', ownerId: 'u1', progress: { filesDone: 1, filesTotal: 2, bytesDone: 10, bytesTotal: 20 } },
      },
    ]);
  });
});

const limiters: Record<string, { enabled: boolean; create(): RateLimiter }> = {
  memory: { enabled: true, create: () => createMemoryRateLimiter() },
  redis: {
    enabled: redisAvailable,
    create: () => createRedisRateLimiter({ redisUrl: REDIS_TEST_URL, prefix: testPrefix() }),
  },
};

describe.each(Object.entries(limiters))('rate limiter: %s', (_name, backend) => {
  it.runIf(backend.enabled)('allows `limit` hits per window, then says when to retry; reset forgets', async () => {
    const limiter = backend.create();
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await limiter.hit('login:ann', 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterMs).toBeGreaterThan(50_000);
    expect(results[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await limiter.hit('login:bob', 3, 60_000)).allowed).toBe(true);
    await limiter.reset('login:ann');
    expect((await limiter.hit('login:ann', 3, 60_000)).allowed).toBe(true);
    await limiter.reset('login:ann');
    await limiter.reset('login:bob');
    await limiter.close();
  });
});
