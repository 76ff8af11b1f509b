import { lazyRequire } from './lazy-require.js';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** When not allowed: how long until the next request may pass. */
  retryAfterMs: number;
}

/** Fixed-window counters: `limit` hits per `windowMs` per key. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** Forgets a key (e.g. failed logins after a successful one). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, window] of windows) if (t - window.start >= window.windowMs) windows.delete(key);
  }, 60_000);
  sweep.unref();
  return {
    async hit(key, limit, windowMs) {
      const t = now();
      let window = windows.get(key);
      if (!window || t - window.start >= windowMs) {
        window = { start: t, count: 0, windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      const allowed = window.count <= limit;
      return {
        allowed,
        remaining: Math.max(0, limit - window.count),
        retryAfterMs: allowed ? 0 : window.start + windowMs - t,
      };
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/** Shared by every instance of the gateway/account-service through Redis. */
export function createRedisRateLimiter(options: { redisUrl: string; prefix: string }): RateLimiter {
  const redis = new (ioredis().Redis)(options.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const keyOf = (key: string) => `${options.prefix}:ratelimit:${key}`;
  return {
    async hit(key, limit, windowMs) {
      const redisKey = keyOf(key);
      const [[, count], [, ttl]] = (await redis.multi().incr(redisKey).pttl(redisKey).exec()) as [
        [unknown, number],
        [unknown, number],
      ];
      let remainingMs = ttl;
      if (ttl < 0) {
        await redis.pexpire(redisKey, windowMs);
        remainingMs = windowMs;
      }
      const allowed = count <= limit;
      return { allowed, remaining: Math.max(0, limit - count), retryAfterMs: allowed ? 0 : remainingMs };
    },
    async reset(key) {
      await redis.del(keyOf(key));
    },
    async close() {
      await redis.quit();
    },
  };
}

export function openRateLimiter(options: { redisUrl?: string; redisPrefix: string }): RateLimiter {
  return options.redisUrl
    ? createRedisRateLimiter({ redisUrl: options.redisUrl, prefix: options.redisPrefix })
    : createMemoryRateLimiter();
}
