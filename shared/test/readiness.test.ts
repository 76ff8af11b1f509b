/**
 * /ready answers quickly when a dependency hangs: a Redis that accepts connections and never answers (the way a
 * stalled server or a dead network path looks) makes the real BullMQ queue's ping hang; the service must still
 * answer 503 well within a probe's timeout, naming the check, and every check runs in parallel.
 */
import net, { type AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/index.js';
import { createServiceApp, READINESS_CHECK_TIMEOUT_MS, type ServiceApp } from '../src/http/index.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createBullmqQueue, type JobQueue } from '../src/queue/index.js';

let silentRedis: net.Server;
const sockets = new Set<net.Socket>();
let queue: JobQueue;
let app: ServiceApp;
let base: string;

beforeAll(async () => {
  silentRedis = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silentRedis.listen(0, '127.0.0.1', resolve));
  const { port } = silentRedis.address() as AddressInfo;
  queue = createBullmqQueue({ redisUrl: `redis://127.0.0.1:${port}`, prefix: 'readiness-test' });
  app = await createServiceApp({
    service: 'demo-service',
    logger: createLogger({ service: 'demo-service', level: 'silent' }),
    metrics: createMetrics('demo-service'),
    tokens: createTokenService('x'.repeat(40)),
    readiness: [
      { name: 'queue', check: () => queue.ping() },
      { name: 'database', check: () => new Promise<void>(() => undefined) },
      { name: 'storage', check: async () => undefined },
    ],
    readinessInfo: () => new Promise(() => undefined),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await queue?.close(); // must not wait for the silent Redis forever
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silentRedis.close(resolve));
});

describe('readiness with a hung Redis', () => {
  it('answers 503 before a probe would give up, with each check named', async () => {
    expect(READINESS_CHECK_TIMEOUT_MS).toBeLessThanOrEqual(1000);
    // A kubelet-like probe: gives up after 2 s. The checks hang forever, so only their own deadline answers.
    const response = await request(`${base}/ready`, { headersTimeout: 2000, bodyTimeout: 2000 });
    expect(response.statusCode).toBe(503);
    const body = (await response.body.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks).toEqual({
      queue: `down: no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`,
      database: `down: no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`,
      storage: 'ok',
    });
  });
});
