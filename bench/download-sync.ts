/**
 * Download benchmark against the fake Instagram (30 ms added latency on every request):
 *  1. Profile sync of 300 posts through download-service, timed from the POST to the `download.completed` event
 *     (API pagination, transfers with sha256 and length verification, durable commits, sidecars, file-service
 *     registration, archive index, media.analyze jobs queued) vs exactly the same media URLs (the sync's own
 *     items, profile picture included) fetched by `curl --parallel --parallel-max 4` — the practical limit: no
 *     API calls, no hashing, no fsync, no catalog. Both sides use 4 connections to the CDN. Ratio of wall times.
 *  2. First-file latency on a 3000-post profile: POST → the first file registered in the library, against the time
 *     the same fake takes just to list the whole profile (getProfile + every feed page, one client, same latency).
 *     Streaming makes the ratio small: files arrive while the listing has barely begun.
 *  3. Peak RSS growth while downloading a 1 GB file vs the file's size (memory must stay flat).
 * Run directly: `npx tsx bench/download-sync.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createInstagramClient } from '../services/download-service/src/adapters/instagram-client.js';
import { SHORTCODE_DOC_ID, TIMELINE_DOC_ID } from '../services/download-service/src/instagram/requests.js';
import { ALICE, BOB, startHarness, type Harness } from '../services/download-service/test/helpers/harness.js';
import type { BenchResult } from './index.js';

const execFileAsync = promisify(execFile);
const POSTS = 300;
const POST_BYTES = 150_000;
const LATENCY_MS = 30;
const PARALLEL = 4;
const LARGE_BYTES = 1024 ** 3;
const HUGE_POSTS = 3000;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** Resolves when download `id` ends (the service's own events; no polling beside the sync). */
function downloadEnded(h: Harness, id: () => string | undefined): Promise<{ name: string; error?: unknown }> {
  return new Promise((resolve) => {
    const unsubscribe = h.context.events.subscribe((event) => {
      if ((event.name === 'download.completed' || event.name === 'download.failed') && event.data.id === id()) {
        unsubscribe();
        resolve({ name: event.name, ...(event.name === 'download.failed' ? { error: event.data.error } : {}) });
      }
    });
  });
}

/**
 * Resolves when the canceled download `id` has wound down. Polled (a cancel has no end event), and without
 * `h.waitFor`, which needs Vitest's worker state: outside Vitest it failed at once.
 */
async function canceled(h: Harness, id: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const { status } = (await h.request(BOB, 'GET', `/api/downloads/${id}`)).json as { status: string };
    if (status === 'canceled') return;
    if (performance.now() > deadline) throw new Error(`download ${id} is still ${status} 60 s after its cancel`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function profileSync(h: Harness): Promise<BenchResult> {
  h.fake.addProfile({
    username: 'bench_user',
    posts: Array.from({ length: POSTS }, () => ({ kind: 'photo' as const, syntheticBytes: POST_BYTES })),
  });
  let downloadId: string | undefined;
  const ended = downloadEnded(h, () => downloadId);
  const sync = await timed(async () => {
    downloadId = (await h.download(ALICE, { url: 'https://www.instagram.com/bench_user/' })).id;
    return ended;
  });
  if (sync.value.name !== 'download.completed')
    throw new Error(`profile sync failed: ${JSON.stringify(sync.value.error)}`);

  // The very media set the sync fetched (its planned items: every post and the profile picture).
  const { rows } = await h.context.db.query<{ url: string }>(
    'SELECT url FROM downloads.download_items WHERE download_id = $1 ORDER BY position',
    [downloadId],
  );
  const urls = rows.map((row) => row.url);
  const dir = await mkdtemp(join(tmpdir(), 'smh-bench-curl-'));
  try {
    const config = urls.map((url, i) => `url = "${url}"\noutput = "${join(dir, `f${i}`)}"`).join('\n');
    await writeFile(join(dir, 'curl.cfg'), config);
    const curl = await timed(() =>
      execFileAsync('curl', [
        '--silent',
        '--fail',
        '--parallel',
        '--parallel-max',
        String(PARALLEL),
        '-K',
        join(dir, 'curl.cfg'),
      ]),
    );
    return {
      name: `profile sync, ${POSTS} posts × ${POST_BYTES / 1000} kB, ${LATENCY_MS} ms latency`,
      value: sync.ms,
      unit: 'ms',
      reference: curl.ms,
      ratio: sync.ms / curl.ms,
      note:
        `reference: curl --parallel-max ${PARALLEL} on the same ${urls.length} CDN URLs; the service also pages the API, ` +
        'hashes and verifies every file, fsyncs it before naming it, writes sidecars and registers each file in the catalog',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Seconds the fake takes to list a whole profile, without any transfer (the wait before streaming existed). */
async function listingSeconds(h: Harness, username: string): Promise<number> {
  const client = createInstagramClient(
    {
      webBaseUrl: h.fake.webUrl,
      apiBaseUrl: h.fake.apiUrl,
      minIntervalMs: 0,
      rateLimitBackoffMs: 1000,
      rateLimitMaxBackoffMs: 60_000,
      rateLimitMaxWaitMs: 600_000,
      retryBaseDelayMs: 200,
      timelineDocId: TIMELINE_DOC_ID,
      shortcodeDocId: SHORTCODE_DOC_ID,
    },
    undefined,
    () => undefined,
  );
  const started = performance.now();
  const profile = await client.getProfile(username);
  let posts = 0;
  for await (const _media of client.iterateUserPosts(profile.id)) posts += 1;
  if (posts !== HUGE_POSTS) throw new Error(`listed ${posts} posts, expected ${HUGE_POSTS}`);
  return (performance.now() - started) / 1000;
}

async function firstFileLatency(h: Harness): Promise<BenchResult> {
  h.fake.addProfile({
    username: 'huge_user',
    posts: Array.from({ length: HUGE_POSTS }, () => ({ kind: 'photo' as const, syntheticBytes: 20_000 })),
  });
  const listing = await listingSeconds(h, 'huge_user');
  let firstFileAt = 0;
  const firstFile = new Promise<void>((resolve) => {
    const unsubscribe = h.context.events.subscribe((event) => {
      if (event.name === 'file.created' && event.data.ownerId === BOB.userId) {
        firstFileAt = performance.now();
        unsubscribe();
        resolve();
      }
    });
  });
  const started = performance.now();
  const download = await h.download(BOB, { url: 'https://www.instagram.com/huge_user/' });
  await firstFile;
  await h.request(BOB, 'POST', `/api/downloads/${download.id}/cancel`);
  await canceled(h, download.id);
  const seconds = (firstFileAt - started) / 1000;
  return {
    name: `first file of a ${HUGE_POSTS}-post profile, ${LATENCY_MS} ms latency`,
    value: seconds,
    unit: 's',
    reference: listing,
    ratio: seconds / listing,
    note: 'reference: listing the whole profile alone (getProfile + every feed page), same fake and latency',
  };
}

async function largeFileMemory(h: Harness): Promise<BenchResult> {
  h.fake.setLatency(0);
  const post = h.fake.addPost('bench_user', { kind: 'video', syntheticBytes: LARGE_BYTES });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    let downloadId: string | undefined;
    const ended = downloadEnded(h, () => downloadId);
    downloadId = (await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` })).id;
    const end = await ended;
    if (end.name !== 'download.completed') throw new Error(`1 GB download failed: ${JSON.stringify(end.error)}`);
  } finally {
    clearInterval(sampler);
  }
  const growthMb = (peak - baseline) / 1024 ** 2;
  return {
    name: 'peak RSS growth while downloading a 1 GB file',
    value: growthMb,
    unit: 'MB',
    reference: LARGE_BYTES / 1024 ** 2,
    ratio: growthMb / (LARGE_BYTES / 1024 ** 2),
    note: 'same process also runs the fake CDN, file-service and PGlite',
  };
}

export async function run(): Promise<BenchResult[]> {
  // Production timings: progress saved every 500 ms, the queue polled every 500 ms (the tests' 50 ms would add work).
  const h = await startHarness({
    fake: { latencyMs: LATENCY_MS },
    settings: { progressIntervalMs: 500, idleTimeoutMs: 30_000 },
    queuePollMs: 500,
  });
  try {
    return [await profileSync(h), await firstFileLatency(h), await largeFileMemory(h)];
  } finally {
    await h.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    console.log(
      `${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)} ${result.unit}, ratio ${result.ratio.toFixed(2)}×)${result.note ? ` — ${result.note}` : ''}`,
    );
  }
}
