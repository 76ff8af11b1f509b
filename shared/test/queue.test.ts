import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPglite } from '../src/db/index.js';
import {
  createBullmqQueue,
  createEmbeddedQueue,
  PermanentJobError,
  type JobQueue,
  type JobRecoveryListener,
} from '../src/queue/index.js';
import { createTestDatabase, postgresAvailable, redisAvailable, REDIS_TEST_URL, testPrefix } from '../src/testing.js';

interface Backend {
  /** Opens the queue as a (re)started process would see it. */
  open(): Promise<JobQueue>;
  cleanup(): Promise<void>;
}

const backends: Record<string, { enabled: boolean; create(): Promise<Backend> }> = {
  'embedded (PGlite)': {
    enabled: true,
    async create() {
      const { db, drop } = await createTestDatabase('pglite');
      return {
        open: () => createEmbeddedQueue({ db, pollMs: 50, backoffScale: 0.01, recoverAllOnStart: true }),
        cleanup: drop,
      };
    },
  },
  'embedded (PostgreSQL)': {
    enabled: postgresAvailable,
    async create() {
      const { db, drop } = await createTestDatabase('postgres');
      return { open: () => createEmbeddedQueue({ db, pollMs: 50, backoffScale: 0.01, leaseMs: 1500 }), cleanup: drop };
    },
  },
  'BullMQ (Redis)': {
    enabled: redisAvailable,
    async create() {
      const prefix = testPrefix();
      return {
        open: async () => createBullmqQueue({ redisUrl: REDIS_TEST_URL, prefix, backoffScale: 0.01 }),
        async cleanup() {
          const { Redis } = await import('ioredis');
          const redis = new Redis(REDIS_TEST_URL);
          const keys = await redis.keys(`${prefix}:*`);
          if (keys.length) await redis.del(...keys);
          await redis.quit();
        },
      };
    },
  },
};

/** Resolves once `predicate` holds (checked every 20 ms, up to `timeout` ms). */
const waitFor = (predicate: () => boolean, timeout = 15_000) =>
  vi.waitFor(() => expect(predicate()).toBe(true), { timeout, interval: 20 });

describe.each(Object.entries(backends))('job queue: %s', (_name, backend) => {
  let opened: JobQueue[] = [];
  let current: Backend | undefined;
  const setup = async () => {
    current = await backend.create();
    const queue = await current.open();
    opened.push(queue);
    return queue;
  };
  const reopen = async () => {
    const queue = await current!.open();
    opened.push(queue);
    return queue;
  };
  afterEach(async () => {
    for (const queue of opened) await queue.close();
    opened = [];
    await current?.cleanup();
    current = undefined;
  });

  it.runIf(backend.enabled)('runs a job with its validated payload', async () => {
    const queue = await setup();
    const seen: string[] = [];
    await queue.work({ 'download.run': async (payload) => void seen.push(payload.downloadId) });
    const id = randomUUID();
    await queue.enqueue('download.run', { downloadId: id });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([id]);
    await expect(queue.enqueue('download.run', { downloadId: 'not-a-uuid' })).rejects.toThrow();
  });

  it.runIf(backend.enabled)(
    'runs every job of a batch (enqueueMany); one bad payload queues none of its batch',
    async () => {
      const queue = await setup();
      const seen: string[] = [];
      await expect(
        queue.enqueueMany('download.run', [{ downloadId: randomUUID() }, { downloadId: 'not-a-uuid' }]),
      ).rejects.toThrow();
      await queue.enqueueMany('download.run', []);
      await queue.work({ 'download.run': async (payload) => void seen.push(payload.downloadId) });
      const batch = [randomUUID(), randomUUID(), randomUUID()];
      await queue.enqueueMany(
        'download.run',
        batch.map((downloadId) => ({ downloadId })),
        { group: 'user-a' },
      );
      await expect.poll(async () => (await queue.counts()).downloads?.completed, { timeout: 15_000 }).toBe(3);
      expect([...seen].sort()).toEqual([...batch].sort());
      expect((await queue.counts()).downloads?.waiting).toBe(0);
    },
  );

  it.runIf(backend.enabled)('retries a job that fails twice, then succeeds', async () => {
    const queue = await setup();
    const attempts: number[] = [];
    await queue.work({
      'media.analyze': async (_payload, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw new Error(`transient failure ${context.attempt}`);
      },
    });
    await queue.enqueue('media.analyze', { fileId: randomUUID() });
    // Completed is final: once the queue records it, no further attempt can come.
    await expect.poll(async () => (await queue.counts()).media?.completed, { timeout: 15_000 }).toBe(1);
    expect(attempts).toEqual([1, 2, 3]);
    expect((await queue.counts()).media?.failed).toBe(0);
  });

  it.runIf(backend.enabled)('does not retry a permanent failure', async () => {
    const queue = await setup();
    let runs = 0;
    await queue.work({
      'media.analyze': async () => {
        runs += 1;
        throw new PermanentJobError('not a video');
      },
    });
    await queue.enqueue('media.analyze', { fileId: randomUUID() });
    // Failed is final: once the queue records it, the job cannot run again.
    await expect.poll(async () => (await queue.counts()).media?.failed, { timeout: 15_000 }).toBe(1);
    expect(runs).toBe(1);
  });

  it.runIf(backend.enabled)('holds a delayed job until its time', async () => {
    const queue = await setup();
    const ranAt: number[] = [];
    await queue.work({ 'download.run': async () => void ranAt.push(Date.now()) });
    const enqueuedAt = Date.now();
    await queue.enqueue('download.run', { downloadId: randomUUID() }, { delayMs: 700 });
    expect((await queue.counts()).downloads?.delayed).toBe(1);
    await waitFor(() => ranAt.length === 1);
    expect(ranAt[0]! - enqueuedAt).toBeGreaterThanOrEqual(650);
  });

  it.runIf(backend.enabled)('never runs more jobs of a queue at once than its concurrency', async () => {
    const queue = await setup();
    let active = 0;
    let maxActive = 0;
    let done = 0;
    await queue.work(
      {
        'video.process': async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 60));
          active -= 1;
          done += 1;
        },
      },
      { concurrency: { videos: 2 } },
    );
    for (let i = 0; i < 8; i += 1) await queue.enqueue('video.process', { jobId: randomUUID() });
    await waitFor(() => done === 8);
    expect(maxActive).toBe(2);
  });

  it.runIf(backend.enabled)('ignores a second enqueue with the same key while the first is pending', async () => {
    const queue = await setup();
    const id = randomUUID();
    await queue.enqueue('download.run', { downloadId: id }, { key: `download:${id}` });
    await queue.enqueue('download.run', { downloadId: id }, { key: `download:${id}` });
    expect((await queue.counts()).downloads?.waiting).toBe(1);
  });

  it.runIf(backend.enabled)('keeps a job across a process restart', async () => {
    const first = await setup();
    const id = randomUUID();
    await first.enqueue('download.run', { downloadId: id });
    await first.close();
    opened = opened.filter((q) => q !== first);
    const second = await reopen();
    const seen: string[] = [];
    await second.work({ 'download.run': async (payload) => void seen.push(payload.downloadId) });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([id]);
  });
});

describe('embedded queue: a job running when its process is killed runs again', () => {
  it('on PGlite, in the next process that opens the same data directory', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-queue-'));
    const id = randomUUID();
    await killMidJob(path.join(dir, 'db'), id);
    const db = await openPglite(path.join(dir, 'db'));
    const recovered: Parameters<JobRecoveryListener>[0][] = [];
    const onRecovered: JobRecoveryListener = (event) => recovered.push(event);
    await expectRunAgain(await createEmbeddedQueue({ db, pollMs: 50, recoverAllOnStart: true, onRecovered }), id);
    expect(recovered).toEqual([
      expect.objectContaining({
        name: 'download.run',
        reason: 'restart',
        payload: expect.objectContaining({ downloadId: id }),
      }),
    ]);
    await db.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  it.runIf(postgresAvailable)('on PostgreSQL, by another worker once the lease expires', async () => {
    const { db, url, drop } = await createTestDatabase('postgres');
    const id = randomUUID();
    await killMidJob(url!, id);
    const recovered: Parameters<JobRecoveryListener>[0][] = [];
    const onRecovered: JobRecoveryListener = (event) => recovered.push(event);
    await expectRunAgain(await createEmbeddedQueue({ db, pollMs: 50, leaseMs: 1000, onRecovered }), id);
    expect(recovered).toEqual([
      expect.objectContaining({
        name: 'download.run',
        reason: 'worker-lost',
        payload: expect.objectContaining({ downloadId: id }),
      }),
    ]);
    await drop();
  });
});

async function killMidJob(target: string, id: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/crash-worker.ts'), target, id],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

async function expectRunAgain(queue: JobQueue, id: string): Promise<void> {
  const seen: { id: string; attempt: number }[] = [];
  await queue.work({
    'download.run': async (payload, context) => void seen.push({ id: payload.downloadId, attempt: context.attempt }),
  });
  await waitFor(() => seen.length === 1, 10_000);
  expect(seen[0]!.id).toBe(id);
  await queue.close();
}

describe.runIf(redisAvailable)('BullMQ: an attempt whose queue lock is lost', () => {
  it('is stopped (its signal aborts), since the queue will hand the job out again', async () => {
    const prefix = testPrefix();
    const queue = await createBullmqQueue({ redisUrl: REDIS_TEST_URL, prefix, backoffScale: 0.01, lockMs: 1000 });
    const { Redis } = await import('ioredis');
    const redis = new Redis(REDIS_TEST_URL);
    try {
      const started: string[] = [];
      const stopped: string[] = [];
      await queue.work({
        'download.run': (_payload, context) =>
          new Promise<void>((resolve) => {
            started.push(context.jobId);
            context.signal.addEventListener('abort', () => {
              stopped.push(String((context.signal.reason as Error).message));
              resolve();
            });
          }),
      });
      const jobId = await queue.enqueue('download.run', { downloadId: randomUUID() });
      await waitFor(() => started.length === 1);
      expect(stopped).toEqual([]);
      // What a Redis outage longer than the lock does: the lock is gone when the worker next renews it.
      expect(await redis.del(`${prefix}:downloads:${jobId}:lock`)).toBe(1);
      await waitFor(() => stopped.length === 1, 10_000);
      expect(stopped[0]).toContain(`queue lock of job ${jobId} was lost`);
    } finally {
      await queue.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});
