/**
 * Issue 12 item 6: fair scheduling between users. One user's backlog must not keep another user's job waiting
 * until all of it has run, on both queue backends (the embedded queue's picker, BullMQ's priorities by open jobs).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBullmqQueue, createEmbeddedQueue, type JobQueue } from '../src/queue/index.js';
import { createTestDatabase, postgresAvailable, redisAvailable, REDIS_TEST_URL, testPrefix } from '../src/testing.js';

interface Backend {
  queue: JobQueue;
  cleanup(): Promise<void>;
}

const backends: Record<string, { enabled: boolean; open(): Promise<Backend> }> = {
  'embedded (PGlite)': {
    enabled: true,
    async open() {
      const { db, drop } = await createTestDatabase('pglite');
      return { queue: await createEmbeddedQueue({ db, pollMs: 50 }), cleanup: drop };
    },
  },
  'embedded (PostgreSQL)': {
    enabled: postgresAvailable,
    async open() {
      const { db, drop } = await createTestDatabase('postgres');
      return { queue: await createEmbeddedQueue({ db, pollMs: 50 }), cleanup: drop };
    },
  },
  'BullMQ (Redis)': {
    enabled: redisAvailable,
    async open() {
      const prefix = testPrefix();
      return {
        queue: createBullmqQueue({ redisUrl: REDIS_TEST_URL, prefix }),
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

/** Handlers that block until the test releases them, recording the order in which jobs start. */
function gatedHandlers() {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  return {
    started,
    handler: async ({ downloadId }: { downloadId: string }) => {
      started.push(downloadId);
      await new Promise<void>((resolve) => gates.set(downloadId, resolve));
    },
    release(id: string) {
      const open = gates.get(id);
      if (!open) throw new Error(`job ${id} is not running`);
      open();
    },
    releaseAll() {
      for (const open of gates.values()) open();
    },
  };
}

const waitFor = (predicate: () => boolean) =>
  vi.waitFor(() => expect(predicate()).toBe(true), { timeout: 15_000, interval: 20 });

describe.each(Object.entries(backends))('fair picking between users: %s', (_name, backend) => {
  let current: Backend | undefined;
  let gated: ReturnType<typeof gatedHandlers> | undefined;
  afterEach(async () => {
    gated?.releaseAll();
    await current?.queue.close();
    await current?.cleanup();
    current = undefined;
  });

  const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
  const enqueueAll = async (queue: JobQueue, downloadIds: readonly string[], group?: string) => {
    for (const downloadId of downloadIds)
      await queue.enqueue('download.run', { downloadId }, group === undefined ? {} : { group });
  };

  it.runIf(backend.enabled)("a user's one job starts before another user's earlier backlog has drained", async () => {
    current = await backend.open();
    const { queue } = current;
    gated = gatedHandlers();
    const alice = ids(5);
    const bob = randomUUID();
    await enqueueAll(queue, alice, 'user-alice');
    await queue.work({ 'download.run': gated.handler }, { concurrency: { downloads: 2 } });
    await waitFor(() => gated!.started.length === 2);
    expect(gated.started).toEqual(alice.slice(0, 2)); // alice holds every slot ...
    await enqueueAll(queue, [bob], 'user-bob');
    gated.release(alice[0]!);
    await waitFor(() => gated!.started.length === 3);
    expect(gated.started[2]).toBe(bob); // ... and the first slot to free up goes to bob, not to her third job
  });

  const batch = (downloadIds: readonly string[]) => downloadIds.map((downloadId) => ({ downloadId }));
  const queuedOneByOne = (queue: JobQueue, downloadIds: readonly string[], group: string) =>
    enqueueAll(queue, downloadIds, group);
  const queuedAsBatch = (queue: JobQueue, downloadIds: readonly string[], group: string) =>
    queue.enqueueMany('download.run', batch(downloadIds), { group });

  it.runIf(backend.enabled).each([
    ['queued one by one', queuedOneByOne],
    ['queued as one batch each (enqueueMany)', queuedAsBatch],
  ])('with one slot, users take turns (round-robin), each in its own order: %s', async (_how, enqueue) => {
    current = await backend.open();
    const { queue } = current;
    gated = gatedHandlers();
    const alice = ids(3);
    const bob = ids(2);
    await enqueue(queue, alice, 'user-alice');
    await enqueue(queue, bob, 'user-bob');
    await queue.work({ 'download.run': gated.handler }, { concurrency: { downloads: 1 } });
    const expected = [alice[0], bob[0], alice[1], bob[1], alice[2]];
    for (let turn = 1; turn <= expected.length; turn++) {
      await waitFor(() => gated!.started.length === turn);
      gated.release(gated.started[turn - 1]!);
    }
    expect(gated.started).toEqual(expected);
  });

  it.runIf(backend.enabled)('jobs without a group still run, first come first served', async () => {
    current = await backend.open();
    const { queue } = current;
    gated = gatedHandlers();
    const plain = ids(3);
    await enqueueAll(queue, plain);
    await queue.work({ 'download.run': gated.handler }, { concurrency: { downloads: 1 } });
    for (let turn = 1; turn <= plain.length; turn++) {
      await waitFor(() => gated!.started.length === turn);
      gated.release(gated.started[turn - 1]!);
    }
    expect(gated.started).toEqual(plain);
  });
});
