/**
 * The gateway's per-address limit, hand-written (an onRequest hook on the shared RateLimiter, as in
 * services/api-gateway/src/guard.ts) against @fastify/rate-limit doing the same job, on two otherwise identical
 * fastify apps answering a small JSON GET; memory stores (embedded) and Redis stores (distributed) alike. The
 * sides alternate in short rounds (bench/gateway.ts `compare`).
 *
 *   npx tsx bench/rate-limit.ts       (BENCH_GATEWAY_SECONDS=6 per side, BENCH_GATEWAY_ROUNDS=6; Redis at
 *                                      BENCH_REDIS_URL or redis://127.0.0.1:6379, skipped when unreachable)
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from '@smh/shared';
import { compare } from './gateway.js';
import type { BenchResult } from './index.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** High enough that no request is refused: the cost of counting is measured, not of refusing. */
const LIMIT = 1e9;
const WINDOW_MS = 60_000;

const answer = { items: [{ id: 'f1', name: 'clip.mp4' }], nextCursor: null };

async function listen(app: FastifyInstance): Promise<string> {
  app.get('/api/files', async () => answer);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** The hand-written way: one counter per address on the shared RateLimiter, taken in onRequest. */
async function handWritten(limiter: RateLimiter): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    const result = await limiter.hit(`gateway:ip:${request.ip}`, LIMIT, WINDOW_MS);
    if (!result.allowed) return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many' } });
  });
  return { app, url: await listen(app) };
}

async function library(redis?: Redis, nameSpace?: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  await app.register(rateLimit, {
    max: LIMIT,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => request.ip,
    ...(redis ? { redis, nameSpace } : {}),
  });
  return { app, url: await listen(app) };
}

async function redisReachable(): Promise<Redis | undefined> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return undefined;
  }
}

async function measure(
  label: string,
  ours: { app: FastifyInstance; url: string },
  theirs: { app: FastifyInstance; url: string },
): Promise<BenchResult[]> {
  try {
    const [hand, plugin] = await compare([
      { origin: ours.url, path: '/api/files', headers: {} },
      { origin: theirs.url, path: '/api/files', headers: {} },
    ]);
    if (!hand || !plugin || hand.errors || plugin.errors)
      throw new Error(`errors: hand-written ${hand?.errors}, @fastify/rate-limit ${plugin?.errors}`);
    const note = 'per-address limit on a small JSON GET, alternating rounds, same process';
    return [
      {
        name: `@fastify/rate-limit, ${label} (reference: the hand-written limiter)`,
        value: plugin.requestsPerSecond,
        unit: 'req/s',
        reference: hand.requestsPerSecond,
        ratio: plugin.requestsPerSecond / hand.requestsPerSecond,
        note,
      },
      {
        name: `p99 latency of @fastify/rate-limit, ${label} (reference: the hand-written limiter)`,
        value: plugin.p99Ms,
        unit: 'ms',
        reference: hand.p99Ms,
        ratio: plugin.p99Ms / hand.p99Ms,
        note,
      },
    ];
  } finally {
    await ours.app.close();
    await theirs.app.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const memoryLimiter = createMemoryRateLimiter();
  try {
    results.push(...(await measure('memory store', await handWritten(memoryLimiter), await library())));
  } finally {
    await memoryLimiter.close();
  }
  const redis = await redisReachable();
  if (!redis) {
    process.stdout.write(`  (Redis not reachable at ${REDIS_URL}: the Redis comparison is left out)\n`);
    return results;
  }
  const prefix = `smh-bench-${randomUUID()}`;
  const redisLimiter = createRedisRateLimiter({ redisUrl: REDIS_URL, prefix });
  try {
    results.push(
      ...(await measure('Redis store', await handWritten(redisLimiter), await library(redis, `${prefix}-plugin:`))),
    );
  } finally {
    await redisLimiter.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)\n`,
    );
  }
}
