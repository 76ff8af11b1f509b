import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { retryDelay, parseRetryAfter } from './backoff.js';

describe('retryDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const policy = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(policy, attempt))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('treats attempt 0 or less as the first retry and uses the given factor', () => {
    expect(retryDelay({ baseMs: 500, maxMs: Infinity }, 0)).toBe(500);
    expect(retryDelay({ baseMs: 500, maxMs: Infinity, factor: 3 }, 3)).toBe(4500);
  });

  it('stays finite for huge attempt numbers and is 0 for a zero base', () => {
    expect(retryDelay({ baseMs: 1000, maxMs: 60_000 }, 10_000)).toBe(60_000);
    expect(retryDelay({ baseMs: 0, maxMs: Infinity }, 10_000)).toBe(0);
  });

  it('spreads the delay over [(1 - jitter) × d, d]', () => {
    const policy = { baseMs: 1000, maxMs: 8000, jitter: 0.5 };
    expect(retryDelay(policy, 2, { random: () => 0 })).toBe(1000);
    expect(retryDelay(policy, 2, { random: () => 0.5 })).toBe(1500);
    expect(retryDelay(policy, 2, { random: () => 1 })).toBe(2000);
    expect(retryDelay(policy, 9, { random: () => 0 })).toBe(4000);
  });

  it('spreads the delay over [d, (1 + jitter) × d] when the jitter must not shorten it', () => {
    const policy = { baseMs: 1000, maxMs: 8000, jitter: 0.2, jitterAbove: true };
    expect(retryDelay(policy, 2, { random: () => 0 })).toBe(2000);
    expect(retryDelay(policy, 2, { random: () => 0.5 })).toBe(2200);
    expect(retryDelay(policy, 9, { random: () => 1 })).toBe(9600);
  });

  it('is the one backoff: every retry loop of the hub imports it and keeps no exponential of its own', () => {
    const users = [
      'shared/src/queue/jobs.ts',
      'services/download-service/src/instagram/executor.ts',
      'services/download-service/src/instagram/pushback.ts',
      'services/download-service/src/adapters/transfer.ts',
      'services/scheduler-service/src/scheduler/dispatcher.ts',
      'services/scheduler-service/src/domain/schedule.ts',
      'frontend/src/live/eventStream.ts',
    ];
    for (const file of users) {
      const source = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(source, file).toMatch(
        /import \{[^}]*\bretryDelay\b[^}]*\} from '(\.\/|\.\.\/|@smh\/shared\/)backoff(\.js)?'/,
      );
      expect(source, file).not.toMatch(/\b(2|factor|policy\.factor) \*\* \(?(attempt|failures|streak|Math\.max)/);
    }
  });

  it('honours a Retry-After instead of the computed delay', () => {
    const policy = { baseMs: 1000, maxMs: 8000, jitter: 0.5 };
    expect(retryDelay(policy, 5, { retryAfterMs: 120_000, random: () => 0 })).toBe(120_000);
    expect(retryDelay(policy, 1, { retryAfterMs: -5 })).toBe(0);
    expect(retryDelay(policy, 1, { retryAfterMs: undefined, random: () => 1 })).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.UTC(2026, 0, 1);
  it('reads delta seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
