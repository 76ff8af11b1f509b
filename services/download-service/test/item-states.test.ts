/** Group commit of the items' steps, and the items' own temp files (pure parts; the SQL is in repository.test). */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { groupCommit } from '../src/jobs/group-commit.js';
import { itemStates } from '../src/jobs/item-states.js';
import { itemTempFile, itemTempFiles, removeItemTempFiles, tempBytes } from '../src/jobs/item-temp.js';
import type { DoneItem, StoredItem } from '../src/repository/downloads-repo.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A write the test finishes by hand, to hold one "in flight". */
function manualWrite<T>() {
  const calls: Array<{ batch: T[]; finish(error?: Error): void }> = [];
  const write = (batch: T[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ batch, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

describe('groupCommit', () => {
  it('writes a lone entry at once, and the entries handed in during a write together in the next one', async () => {
    const { calls, write } = manualWrite<string>();
    const commit = groupCommit(write);
    const first = commit('a');
    await settle();
    expect(calls.map((call) => call.batch)).toEqual([['a']]);
    const later = ['b', 'c', 'd'].map((entry) => commit(entry));
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await first;
    await settle();
    expect(calls.map((call) => call.batch)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1]!.finish();
    await Promise.all(later);
    // Idle again: the next entry goes alone, at once.
    const next = commit('e');
    await settle();
    expect(calls.map((call) => call.batch)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    calls[2]!.finish();
    await next;
  });

  it("rejects the failed write's entries only, caps a write at maxBatch, and goes on after a failure", async () => {
    const { calls, write } = manualWrite<number>();
    const commit = groupCommit(write, { maxBatch: 2 });
    const first = commit(1);
    await settle();
    const queued = [2, 3, 4].map((n) =>
      commit(n).then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    calls[0]!.finish(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await settle();
    expect(calls.map((call) => call.batch)).toEqual([[1], [2, 3]]);
    calls[1]!.finish(new Error('again'));
    await settle();
    expect(calls.map((call) => call.batch)).toEqual([[1], [2, 3], [4]]);
    calls[2]!.finish();
    expect(await Promise.all(queued)).toEqual(['again', 'again', 'ok']);
  });
});

describe('itemStates', () => {
  it("groups the workers' stored and done steps of one download into one repository call per step", async () => {
    const stored: StoredItem[][] = [];
    const done: Array<{ downloadId: string; ownerId: string; batch: DoneItem[] }> = [];
    const gate = manualWrite<never>();
    const states = itemStates(
      {
        markItemsStored: async (downloadId, batch) => {
          expect(downloadId).toBe('d1');
          stored.push([...batch]);
          await gate.write([]);
        },
        markItemsDone: async (download, batch) => {
          done.push({ downloadId: download.id, ownerId: download.ownerId, batch: [...batch] });
        },
      },
      { id: 'd1', ownerId: 'u1' },
    );
    const entry = (n: number): StoredItem => ({ mediaKey: `m${n}`, storageKey: `k${n}`, sha256: `s${n}`, size: n });
    const first = states.stored(entry(1));
    await settle();
    const all = [first, ...[2, 3].map((n) => states.stored(entry(n)))];
    await settle();
    // The first went alone; the two handed in while it was written wait for it.
    expect(stored.map((batch) => batch.map((item) => item.mediaKey))).toEqual([['m1']]);
    gate.calls[0]!.finish();
    // Right after a write, the next one waits a moment for company (DOWNLOAD_LINGER_MS), then goes.
    await vi.waitFor(() =>
      expect(stored.map((batch) => batch.map((item) => item.mediaKey))).toEqual([['m1'], ['m2', 'm3']]),
    );
    gate.calls[1]!.finish();
    await Promise.all(all);
    await Promise.all([1, 2].map((n) => states.done({ mediaKey: `m${n}`, fileId: `f${n}`, sha256: null })));
    expect(done).toEqual([
      {
        downloadId: 'd1',
        ownerId: 'u1',
        batch: [
          { mediaKey: 'm1', fileId: 'f1', sha256: null },
          { mediaKey: 'm2', fileId: 'f2', sha256: null },
        ],
      },
    ]);
  });
});

describe('item temp files', () => {
  it('names a temp file after its download and media key, stable across processes and distinct per item', () => {
    const a = itemTempFile('/lib/.tmp', 'd1', 'instagram:1_0');
    expect(path.dirname(a)).toBe('/lib/.tmp');
    expect(a).toBe(itemTempFile('/lib/.tmp', 'd1', 'instagram:1_0'));
    expect(a).not.toBe(itemTempFile('/lib/.tmp', 'd1', 'instagram:1_1'));
    expect(a).not.toBe(itemTempFile('/lib/.tmp', 'd2', 'instagram:1_0'));
    expect(path.basename(a)).toMatch(/^d1-[0-9a-f]{32}\.part$/);
    // A key with path characters stays inside the temp directory.
    expect(path.dirname(itemTempFile('/lib/.tmp', 'd1', 'direct:https://x/../../etc'))).toBe('/lib/.tmp');
  });

  it("counts and removes both the recorded temp file of an older process and the item's own", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'smh-item-temp-'));
    try {
      const recorded = path.join(dir, 'older.part');
      const item = { downloadId: 'd1', mediaKey: 'instagram:1_0', tempPath: recorded };
      expect(itemTempFiles(dir, item)).toEqual([recorded, itemTempFile(dir, 'd1', 'instagram:1_0')]);
      expect(itemTempFiles(dir, { ...item, tempPath: null })).toEqual([itemTempFile(dir, 'd1', 'instagram:1_0')]);
      await writeFile(recorded, 'abc');
      await writeFile(itemTempFile(dir, 'd1', 'instagram:1_0'), 'defg');
      await writeFile(path.join(dir, 'other.part'), 'x');
      expect(await tempBytes(dir, item)).toBe(7);
      await removeItemTempFiles(dir, item);
      expect(await readdir(dir)).toEqual(['other.part']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries a step through a database restart (transient errors only) and fails at once on any other error', async () => {
    const startingUp = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const attempts: string[] = [];
    const waits: number[] = [];
    let outage = 2;
    const states = itemStates(
      {
        markItemsStored: async (_id, batch) => {
          attempts.push(batch.map((item) => item.mediaKey).join());
          if (outage-- > 0) throw startingUp;
        },
        markItemsDone: async () => {
          throw Object.assign(new Error('duplicate key'), { code: '23505' });
        },
      },
      { id: 'd1', ownerId: 'u1' },
      { wait: async (ms) => void waits.push(ms), policy: { baseMs: 10, maxMs: 10 } },
    );
    await states.stored({ mediaKey: 'm1', storageKey: 'k1', sha256: 's1', size: 1 });
    expect(attempts).toEqual(['m1', 'm1', 'm1']);
    expect(waits).toEqual([10, 10]);
    await expect(states.done({ mediaKey: 'm1', fileId: 'f1', sha256: null })).rejects.toThrow('duplicate key');
    expect(waits).toEqual([10, 10]);
  });
});
