/**
 * Gateway overhead: a simple authenticated GET straight to a service (signed identity header) against the same
 * GET through the api-gateway (Bearer access token → verify → sign identity → proxy), measured in one run with a
 * concurrent undici loop. Reports requests/s and p99 latency for both. The two alternate in short rounds
 * (direct, gateway, direct, …) so a change in the machine's load during the run weighs on both alike.
 *
 *   npx tsx bench/gateway.ts          (BENCH_GATEWAY_SECONDS=6 per side, BENCH_GATEWAY_ROUNDS=6,
 *                                      BENCH_GATEWAY_CONCURRENCY=32)
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import {
  createLogger,
  createMemoryEventBus,
  createMetrics,
  createServiceApp,
  createServiceClient,
  createTokenService,
  currentUser,
  loadConfig,
  requireUser,
  type BackendServiceName,
} from '@smh/shared';
import { createGateway } from '@smh/api-gateway';
import type { BenchResult } from './index.js';

const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 6);
const ROUNDS = Math.max(1, Number(process.env.BENCH_GATEWAY_ROUNDS ?? 6));
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 32);
const identity = { userId: '00000000-0000-4000-8000-000000000001', username: 'bench', role: 'user' as const };

interface LoadResult {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

/** Keeps `CONCURRENCY` requests in flight for `seconds`. */
async function load(pool: Pool, path: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await pool.request({ method: 'GET', path, headers });
      await response.body.dump();
      if (response.statusCode !== 200) errors += 1;
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, latencies, errors };
}

export interface LoadSummary {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

/** Throughput and the 99th percentile latency over every round of one side. */
function summary(rounds: LoadResult[]): LoadSummary {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  return {
    requestsPerSecond: latencies.length / seconds,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
  };
}

/** Alternates short rounds of the two sides; returns each side's summary. */
export async function compare(
  sides: { origin: string; path: string; headers: Record<string, string> }[],
  options: { seconds?: number; rounds?: number } = {},
): Promise<LoadSummary[]> {
  const seconds = options.seconds ?? SECONDS;
  const rounds = options.rounds ?? ROUNDS;
  const pools = sides.map((side) => new Pool(side.origin, { connections: CONCURRENCY, pipelining: 1 }));
  try {
    for (const [index, side] of sides.entries()) await load(pools[index] as Pool, side.path, side.headers, 0.5); // warm-up
    const results: LoadResult[][] = sides.map(() => []);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, side] of sides.entries()) {
        results[index]?.push(await load(pools[index] as Pool, side.path, side.headers, seconds / rounds));
      }
    }
    return results.map(summary);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

export async function run(): Promise<BenchResult[]> {
  const tokens = createTokenService(randomBytes(32).toString('hex'));
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const service = await createServiceApp({
    service: 'file-service',
    logger,
    metrics: createMetrics('file-service'),
    tokens,
  });
  service.get('/api/files', { preHandler: requireUser }, async (request) => ({
    items: [{ id: 'f1', ownerId: currentUser(request).userId, name: 'clip.mp4' }],
    nextCursor: null,
  }));
  // The gateway checks the standing of a token's user (cached 30 s): account-service's internal route.
  service.post('/internal/auth/verify-user', async () => ({ identity }));
  await service.listen({ host: '127.0.0.1', port: 0 });
  const serviceUrl = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  const locate = (_service: BackendServiceName) => serviceUrl;
  const events = createMemoryEventBus();
  const gateway = await createGateway({
    config: loadConfig({ SMH_DATA_DIR: '/tmp/smh-bench-gateway' }),
    logger,
    metrics: createMetrics('api-gateway'),
    tokens,
    events,
    call: createServiceClient({ caller: 'api-gateway', tokens, locate }),
    locate,
    rateLimits: { perIp: 1e9, perUser: 1e9, windowMs: 60_000 },
  });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  const gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;

  try {
    const direct = { 'x-smh-identity': await tokens.signIdentity(identity, 3600) };
    const viaGateway = { authorization: `Bearer ${await tokens.signAccess(identity, 3600)}` };
    const [straight, proxied] = (await compare([
      { origin: serviceUrl, path: '/api/files', headers: direct },
      { origin: gatewayUrl, path: '/api/files', headers: viaGateway },
    ])) as [LoadSummary, LoadSummary];
    if (straight.errors || proxied.errors)
      throw new Error(`errors: direct ${straight.errors}, gateway ${proxied.errors}`);
    const note = `${CONCURRENCY} concurrent, ${SECONDS} s each in ${ROUNDS} alternating rounds, same process`;
    return [
      {
        name: 'authenticated GET through the gateway (reference: straight to the service)',
        value: proxied.requestsPerSecond,
        unit: 'req/s',
        reference: straight.requestsPerSecond,
        ratio: proxied.requestsPerSecond / straight.requestsPerSecond,
        note,
      },
      {
        name: 'p99 latency through the gateway (reference: straight to the service)',
        value: proxied.p99Ms,
        unit: 'ms',
        reference: straight.p99Ms,
        ratio: proxied.p99Ms / straight.p99Ms,
        note,
      },
    ];
  } finally {
    await gateway.close();
    await service.close();
    await events.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)${result.note ? ` — ${result.note}` : ''}\n`,
    );
  }
}
