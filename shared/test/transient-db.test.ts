import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError, isTransientDependencyError, retryTransient } from '../src/db/transient.js';
import { createTestDatabase } from '../src/testing.js';

const startingUp = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const uniqueViolation = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });

/** A clock that moves only when the retry waits. */
function fakeTime() {
  let t = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    wait: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

describe('transient database errors', () => {
  it('tells a server that cannot serve for now from an error in the statement', () => {
    expect(isTransientDatabaseError(startingUp)).toBe(true);
    expect(isTransientDatabaseError(refused)).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(uniqueViolation)).toBe(false);
    expect(isTransientDatabaseError(new Error('syntax error at or near "SELEC"'))).toBe(false);
    expect(isTransientDatabaseError('starting up')).toBe(false);
  });

  it('counts a service answering 503 as away for now, and no other status', () => {
    expect(isTransientDependencyError(startingUp)).toBe(true);
    expect(isTransientDependencyError(Object.assign(new Error('file-service is restarting'), { status: 503 }))).toBe(
      true,
    );
    expect(isTransientDependencyError(Object.assign(new Error('conflict'), { status: 409 }))).toBe(false);
    expect(isTransientDependencyError(Object.assign(new Error('bug'), { status: 500 }))).toBe(false);
  });

  it('retries a write through a restart, with growing waits, and returns its result', async () => {
    const time = fakeTime();
    const failures = [refused, refused, startingUp];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return 'written';
      },
      { ...time, policy: { baseMs: 100, maxMs: 1000 } },
    );
    expect(result).toBe('written');
    expect(calls).toBe(4);
    expect(time.waits).toEqual([100, 200, 400]);
  });

  it('throws a permanent error at once, and a transient one once the time is up', async () => {
    const time = fakeTime();
    await expect(retryTransient(async () => Promise.reject(uniqueViolation), time)).rejects.toBe(uniqueViolation);
    expect(time.waits).toEqual([]);
    await expect(
      retryTransient(async () => Promise.reject(startingUp), {
        ...time,
        maxElapsedMs: 1_000,
        policy: { baseMs: 300, maxMs: 300 },
      }),
    ).rejects.toBe(startingUp);
    expect(time.waits).toEqual([300, 300, 300]);
  });

  it.each(['pglite', 'postgres'] as const)('a statement error of %s is not taken for an outage', async (kind) => {
    const { db, drop } = await createTestDatabase(kind);
    try {
      const error = await db.query('SELEC 1').catch((caught: unknown) => caught);
      expect(isTransientDatabaseError(error)).toBe(false);
    } finally {
      await drop();
    }
  });
});
