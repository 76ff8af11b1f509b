/**
 * The linger of batched writes: a write in a stream of writes waits for company, a lone one never waits, and both
 * batchers (group commit, catalog registration) gather what arrives meanwhile into one write. A manual clock: no
 * real timer decides anything here.
 */
import type { InternalFile, RegisterFile } from '@smh/shared';
import { describe, expect, it } from 'vitest';
import { batchedRegistration } from '../src/adapters/registration-batcher.js';
import { batchLinger, type LingerClock } from '../src/domain/batch-linger.js';
import { groupCommit } from '../src/jobs/group-commit.js';

/** Time moves only when the test says so; a sleep ends when the clock passes its end. */
function manualClock() {
  let now = 0;
  const sleepers: Array<{ until: number; wake(): void }> = [];
  const clock: LingerClock & { advance(ms: number): Promise<void>; sleeping(): number } = {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
    async advance(ms) {
      now += ms;
      for (const sleeper of sleepers.filter((s) => s.until <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
      await settle();
    },
    sleeping: () => sleepers.length,
  };
  return clock;
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('batchLinger', () => {
  it('lets the first write and a write after a quiet spell go at once; one right after a write waits lingerMs', async () => {
    const clock = manualClock();
    const linger = batchLinger(10, 100, clock);
    await linger.beforeWrite(1); // nothing written yet: no wait
    linger.afterWrite();
    await clock.advance(4);
    let went = false;
    const waiting = linger.beforeWrite(1).then(() => {
      went = true;
    });
    await settle();
    expect(went).toBe(false);
    expect(clock.sleeping()).toBe(1);
    await clock.advance(10);
    await waiting;
    expect(went).toBe(true);
    linger.afterWrite();
    await clock.advance(11); // a quiet spell longer than the linger
    await linger.beforeWrite(1);
    expect(clock.sleeping()).toBe(0);
  });

  it('never holds back a full batch, and lingerMs 0 never waits', async () => {
    const clock = manualClock();
    const full = batchLinger(10, 3, clock);
    full.afterWrite();
    await full.beforeWrite(3);
    const off = batchLinger(0, 100, clock);
    off.afterWrite();
    await off.beforeWrite(1);
    expect(clock.sleeping()).toBe(0);
  });
});

describe('groupCommit with a linger', () => {
  it('gathers the entries that arrive during the wait into the next write', async () => {
    const clock = manualClock();
    const batches: number[][] = [];
    const commit = groupCommit(
      async (batch: number[]) => {
        batches.push(batch);
      },
      { lingerMs: 10, clock },
    );
    await commit(1); // alone: at once
    expect(batches).toEqual([[1]]);
    const second = commit(2);
    await settle();
    expect(batches).toEqual([[1]]); // right after a write: it waits
    const more = [commit(3), commit(4)];
    await clock.advance(10);
    await Promise.all([second, ...more]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });
});

describe('batchedRegistration with a linger', () => {
  it('gathers the files finished during the wait into the next call', async () => {
    const clock = manualClock();
    const calls: string[][] = [];
    const register = batchedRegistration(
      async (files: RegisterFile[]) => {
        calls.push(files.map((file) => file.name));
        return files.map((file) => ({ file: { id: `id-${file.name}` } as unknown as InternalFile }));
      },
      100,
      { lingerMs: 10, clock },
    );
    const file = (name: string) => ({ name }) as unknown as RegisterFile;
    expect((await register(file('a'))).id).toBe('id-a');
    const later = [register(file('b')), register(file('c'))];
    await settle();
    expect(calls).toEqual([['a']]);
    await clock.advance(10);
    expect((await Promise.all(later)).map((f) => f.id)).toEqual(['id-b', 'id-c']);
    expect(calls).toEqual([['a'], ['b', 'c']]);
  });
});
