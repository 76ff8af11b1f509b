/**
 * Start time and idle memory of the embedded hub, as `make dev` runs it: compiled JavaScript
 * (`npm run build:server`, then `node --conditions=smh-compiled dist/scripts/embedded.js`), against the same hub
 * started through tsx (what `make dev` ran before) in the same run. Each is started twice on one data directory
 * (the first start creates the database); the second start is what a user sees every day.
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

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Starts the hub with `args`, returns seconds to healthy and (when asked) the RSS after idling. */
async function startOnce(args: string[], dataDir: string, idle: boolean): Promise<{ seconds: number; rss: number }> {
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
    if (!idle) return { seconds, rss: 0 };
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { seconds, rss: await rssMb(child.pid ?? 0) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

async function measure(args: string[]): Promise<{ seconds: number; rss: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'smh-bench-footprint-'));
  try {
    await startOnce(args, dataDir, false); // creates the database
    return await startOnce(args, dataDir, true);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(path.join(ROOT, 'dist/scripts/embedded.js')))
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  const tsxCli = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const viaTsx = await measure([tsxCli, 'scripts/embedded.ts']);
  const compiled = await measure(['--conditions=smh-compiled', 'dist/scripts/embedded.js']);
  return [
    {
      name: 'embedded hub: start to healthy, compiled (reference: the same hub through tsx)',
      value: compiled.seconds,
      unit: 's',
      reference: viaTsx.seconds,
      ratio: compiled.seconds / viaTsx.seconds,
      note: 'second start on one data directory',
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
