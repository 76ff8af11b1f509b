/**
 * Gateway overhead, measured as deployed: the service, the gateway and the load generator each run in their own
 * process (bench/support/gateway-processes.ts starts the two servers; this process generates the load with a
 * concurrent undici loop). The reference is the same load generator calling the service directly with the signed
 * identity header the gateway would send; the subject is the same call through the gateway (Bearer access token →
 * verify → sign identity → proxy). Two calls are measured:
 *   - `GET /api/auth/me`: identity only, no database (the cheapest authenticated call: pure gateway overhead);
 *   - `GET /api/files?limit=50`: a real library page from the real file-service on PostgreSQL (200 files).
 * The sides alternate in short rounds (direct, gateway, direct, …) so a change in the machine's load during the run
 * weighs on all alike. The machine's load average is printed with the figures (other work shares the cores).
 * Each server process starts in a session of its own: with Linux's autogroup scheduling (on by default) a session
 * is one scheduling group, so the service and the gateway each get a CPU share of their own, as separate containers
 * would; BENCH_GATEWAY_SESSIONS=shared puts all three in one group instead (one CPU share to divide: the figure for
 * a gateway that competes with its services for the same CPU).
 *
 *   npx tsx bench/gateway.ts      (BENCH_GATEWAY_SECONDS=6 per side, BENCH_GATEWAY_ROUNDS=6,
 *                                  BENCH_GATEWAY_CONCURRENCY=32; BENCH_GATEWAY_CPU_PROF=<dir> profiles both servers)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createTokenService } from '@smh/shared';
import type { BenchResult } from './index.js';

const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 6);
const ROUNDS = Math.max(1, Number(process.env.BENCH_GATEWAY_ROUNDS ?? 6));
const CONCURRENCY = Number(process.env.BENCH_GATEWAY_CONCURRENCY ?? 32);
const SEPARATE_SESSIONS = process.env.BENCH_GATEWAY_SESSIONS !== 'shared';

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
  requests: number;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

/** Throughput and the 99th percentile latency over every round of one side. */
function summary(rounds: LoadResult[]): LoadSummary {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  return {
    requests: latencies.length,
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

const PROCESSES = fileURLToPath(new URL('./support/gateway-processes.ts', import.meta.url));

/** Starts one role of gateway-processes.ts; resolves with its URL once it listens. */
async function startProcess(
  role: 'service' | 'gateway',
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', PROCESSES, role], {
    env: { ...process.env, ...env },
    // stdout is the gateway's request log (kept, as in production, but thrown away here).
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own session, hence its own scheduling group under Linux's autogroup (as its own container would have);
    // BENCH_GATEWAY_SESSIONS=shared keeps every process in this one's group (one CPU share for all three).
    detached: SEPARATE_SESSIONS,
  });
  // A detached child outlives this process unless stopped: stop it when this process ends, however it ends.
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench ${role} exited (${code}): ${stderr.slice(-2000)}`)));
  });
  return { url, child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const identity = { userId: '00000000-0000-4000-8000-000000000001', username: 'bench', role: 'user' as const };

export async function run(): Promise<BenchResult[]> {
  const secret = randomBytes(32).toString('hex');
  const tokens = createTokenService(secret);
  const profileDir = process.env.BENCH_GATEWAY_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const service = await startProcess('service', { SMH_BENCH_SECRET: secret, SMH_BENCH_FILES: '200' }, profile);
  let gateway: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    gateway = await startProcess('gateway', { SMH_BENCH_SECRET: secret, SMH_BENCH_SERVICE_URL: service.url }, profile);
    const direct = { 'x-smh-identity': await tokens.signIdentity(identity, 3600) };
    const viaGateway = { authorization: `Bearer ${await tokens.signAccess(identity, 3600)}` };
    const calls = [
      { label: 'GET /api/auth/me (no database)', path: '/api/auth/me' },
      { label: 'GET /api/files?limit=50 (file-service on PostgreSQL)', path: '/api/files?limit=50' },
    ];
    const loadBefore = os.loadavg()[0] ?? 0;
    // One call after the other, each in its own alternating rounds, so the CPU each server spent is per call.
    const measured: { straight: LoadSummary; proxied: LoadSummary; cpu: { service: number; gateway: number } }[] = [];
    for (const call of calls) {
      const before = { service: await cpuSecondsOf(service.child), gateway: await cpuSecondsOf(gateway.child) };
      const [straight, proxied] = (await compare([
        { origin: service.url, path: call.path, headers: direct },
        { origin: gateway.url, path: call.path, headers: viaGateway },
      ])) as [LoadSummary, LoadSummary];
      if (straight.errors || proxied.errors)
        throw new Error(`${call.label}: errors: direct ${straight.errors}, gateway ${proxied.errors}`);
      const cpu = {
        service: (await cpuSecondsOf(service.child)) - before.service,
        gateway: (await cpuSecondsOf(gateway.child)) - before.gateway,
      };
      measured.push({ straight, proxied, cpu });
    }
    const loadAfter = os.loadavg()[0] ?? 0;
    const note =
      `${CONCURRENCY} concurrent, ${SECONDS} s per side in ${ROUNDS} alternating rounds; service, gateway and load ` +
      `generator in separate processes (${SEPARATE_SESSIONS ? 'each its own scheduling group' : 'one scheduling group'}); ` +
      `${os.cpus().length} cores, load average ${loadBefore.toFixed(1)}–${loadAfter.toFixed(1)}`;
    const results: BenchResult[] = calls.flatMap((call, index) => {
      const { straight, proxied, cpu } = measured[index] as (typeof measured)[number];
      // CPU time is what the machine's load bends least: the gateway works only in its rounds, the service in both
      // sides' (warm-up requests are counted in neither, so both figures are slightly high).
      const gatewayMs = (cpu.gateway * 1000) / proxied.requests;
      const serviceMs = (cpu.service * 1000) / (straight.requests + proxied.requests);
      return [
        {
          name: `${call.label} through the gateway, throughput (reference: straight to the service)`,
          value: proxied.requestsPerSecond,
          unit: 'req/s',
          reference: straight.requestsPerSecond,
          ratio: proxied.requestsPerSecond / straight.requestsPerSecond,
          note,
        },
        {
          name: `${call.label} through the gateway, p99 latency (reference: straight to the service)`,
          value: proxied.p99Ms,
          unit: 'ms',
          reference: straight.p99Ms,
          ratio: proxied.p99Ms / straight.p99Ms,
          note,
        },
        {
          name: `${call.label}: gateway CPU per proxied request (reference: the service's CPU per request)`,
          value: gatewayMs,
          unit: 'ms',
          reference: serviceMs,
          ratio: gatewayMs / serviceMs,
          note: `${proxied.requests} proxied, ${straight.requests + proxied.requests} served by the service; ${note}`,
        },
      ];
    });
    return results;
  } finally {
    if (gateway) await stopProcess(gateway.child);
    await stopProcess(service.child);
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a child process used so far, from /proc/<pid>/stat. */
async function cpuSecondsOf(child: ChildProcess): Promise<number> {
  const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const result of await run()) {
    process.stdout.write(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)${result.note ? ` — ${result.note}` : ''}\n`,
    );
  }
}
