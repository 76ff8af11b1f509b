/**
 * Download benchmark against the fake Instagram (30 ms added latency on every request):
 *  1. Profile sync of 300 posts through download-service (API pagination, transfers, storage, file-service
 *     registration) vs the same 300 media fetched by `curl --parallel --parallel-max 4` (the practical limit: no
 *     API calls, no hashing, no catalog) — ratio of wall times.
 *  2. Peak RSS growth while downloading a 1 GB file vs the file's size (memory must stay flat).
 * Run directly: `npx tsx bench/download-sync.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ALICE, startHarness, type Harness } from '../services/download-service/test/helpers/harness.js';
import { InstagramClient, collect } from '../services/download-service/src/instagram/index.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference: number;
  ratio: number;
  note?: string;
}

const execFileAsync = promisify(execFile);
const POSTS = 300;
const POST_BYTES = 150_000;
const LATENCY_MS = 30;
const PARALLEL = 4;
const LARGE_BYTES = 1024 ** 3;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function profileSync(h: Harness): Promise<BenchResult> {
  h.fake.addProfile({ username: 'bench_user', posts: Array.from({ length: POSTS }, () => ({ kind: 'photo' as const, syntheticBytes: POST_BYTES })) });
  const sync = await timed(async () => {
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/bench_user/' });
    return h.waitFor(ALICE, started.id, undefined, 600_000);
  });
  if (sync.value.status !== 'completed') throw new Error(`profile sync ended ${sync.value.status}: ${JSON.stringify(sync.value.error)}`);

  const client = new InstagramClient({ webBaseUrl: h.fake.webUrl, apiBaseUrl: h.fake.apiUrl, minIntervalMs: 0 });
  const profile = await client.getProfile('bench_user');
  const urls = (await collect(client.iterateUserPosts(profile.id))).flatMap((post) => post.resources.map((resource) => resource.url));
  const dir = await mkdtemp(join(tmpdir(), 'smh-bench-curl-'));
  try {
    const config = urls.map((url, i) => `url = "${url}"\noutput = "${join(dir, `f${i}`)}"`).join('\n');
    await writeFile(join(dir, 'curl.cfg'), config);
    const curl = await timed(() => execFileAsync('curl', ['--silent', '--fail', '--parallel', '--parallel-max', String(PARALLEL), '-K', join(dir, 'curl.cfg')]));
    return {
      name: `profile sync, ${POSTS} posts × ${POST_BYTES / 1000} kB, ${LATENCY_MS} ms latency`,
      value: sync.ms, unit: 'ms', reference: curl.ms, ratio: sync.ms / curl.ms,
      note: `reference: curl --parallel-max ${PARALLEL} on the ${urls.length} CDN URLs only (no API pages, hashing, catalog)`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function largeFileMemory(h: Harness): Promise<BenchResult> {
  h.fake.setLatency(0);
  const post = h.fake.addPost('bench_user', { kind: 'video', syntheticBytes: LARGE_BYTES });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const started = await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` });
    const done = await h.waitFor(ALICE, started.id, undefined, 900_000);
    if (done.status !== 'completed') throw new Error(`1 GB download ended ${done.status}: ${JSON.stringify(done.error)}`);
  } finally {
    clearInterval(sampler);
  }
  const growthMb = (peak - baseline) / 1024 ** 2;
  return {
    name: 'peak RSS growth while downloading a 1 GB file',
    value: growthMb, unit: 'MB', reference: LARGE_BYTES / 1024 ** 2, ratio: growthMb / (LARGE_BYTES / 1024 ** 2),
    note: 'same process also runs the fake CDN, file-service and PGlite',
  };
}

export async function run(): Promise<BenchResult[]> {
  const h = await startHarness({ fake: { latencyMs: LATENCY_MS }, settings: { progressIntervalMs: 500, idleTimeoutMs: 30_000 } });
  try {
    return [await profileSync(h), await largeFileMemory(h)];
  } finally {
    await h.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    console.log(`${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)${result.note ? ` — ${result.note}` : ''}`);
  }
}
