/**
 * Start time and idle memory of the embedded hub, as `make dev` runs it: compiled JavaScript
 * (`npm run build:server`, then `node --conditions=smh-compiled dist/scripts/embedded.js`), against the same hub
 * started through tsx (what `make dev` ran before) in the same run. Each first creates its database; the later
 * starts (what a user sees every day) are measured.
 *   Start: process spawn → first 200 from /api/health. Idle RSS: the process after 10 s of idling.
 * Run directly: `npx tsx bench/footprint.ts` (builds the server first when dist/ is missing).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const RSS_BUDGET_MB = 300;
const ROUNDS = Number(process.env.BENCH_FOOTPRINT_ROUNDS ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** CPU seconds (user + system) the process used so far: unlike wall time, barely affected by other load. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Starts the hub with `args`, returns seconds to healthy and (when asked) the RSS after idling. */
async function startOnce(args: string[], dataDir: string, idle: boolean): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, SMH_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = await cpuSeconds(child.pid ?? 0);
    if (!idle) return { seconds, cpu, rss: 0 };
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { seconds, cpu, rss: await rssMb(child.pid ?? 0) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

interface Sample {
  seconds: number;
  cpu: number;
  rss: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Alternates the variants ROUNDS times on their own data directories (load on a shared machine hits both alike). */
async function measure(variants: string[][]): Promise<Sample[]> {
  const dirs = await Promise.all(variants.map(() => mkdtemp(path.join(tmpdir(), 'smh-bench-footprint-'))));
  try {
    for (const [index, args] of variants.entries()) await startOnce(args, dirs[index] ?? '', false); // creates the database
    const samples = variants.map(() => [] as Sample[]);
    for (let round = 0; round < ROUNDS; round += 1)
      for (const [index, args] of variants.entries())
        samples[index]?.push(await startOnce(args, dirs[index] ?? '', round === 0));
    return samples.map((runs) => ({
      seconds: median(runs.map((sample) => sample.seconds)),
      cpu: median(runs.map((sample) => sample.cpu)),
      rss: runs[0]?.rss ?? 0,
    }));
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(path.join(ROOT, 'dist/scripts/embedded.js')))
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  const none: Sample = { seconds: 0, cpu: 0, rss: 0 };
  const [viaTsx = none, compiled = none] = await measure([
    ['--import', 'tsx', 'scripts/embedded.ts'],
    ['--conditions=smh-compiled', 'dist/scripts/embedded.js'],
  ]);
  return [
    {
      name: 'embedded hub: start to healthy, compiled (reference: the same hub through tsx)',
      value: compiled.seconds,
      unit: 's',
      reference: viaTsx.seconds,
      ratio: compiled.seconds / viaTsx.seconds,
      note: `median of ${ROUNDS} alternating starts on an existing data directory; goal ≤ 3 s`,
    },
    {
      name: 'embedded hub: CPU time to healthy, compiled (reference: the same hub through tsx)',
      value: compiled.cpu,
      unit: 's',
      reference: viaTsx.cpu,
      ratio: compiled.cpu / viaTsx.cpu,
      note: 'user + system CPU seconds of the process: what the start costs on an idle machine, whatever the load',
    },
    {
      name: `embedded hub: idle RSS after ${IDLE_MS / 1000} s (reference: the ${RSS_BUDGET_MB} MB budget)`,
      value: compiled.rss,
      unit: 'MB',
      reference: RSS_BUDGET_MB,
      ratio: compiled.rss / RSS_BUDGET_MB,
      note: `through tsx: ${viaTsx.rss.toFixed(0)} MB`,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    console.log(
      `${result.name}: ${result.value.toFixed(2)} ${result.unit} (reference ${result.reference.toFixed(2)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)${result.note ? ` — ${result.note}` : ''}`,
    );
  }
}
