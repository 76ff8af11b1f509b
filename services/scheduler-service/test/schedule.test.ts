import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_JITTER,
  jitterMs,
  nextScheduledAfter,
  parseDuration,
  parseSchedule,
  planNextRun,
  ScheduleError,
  typicalIntervalMs,
} from '../src/domain/schedule.js';

const limits = { minIntervalMs: 60_000, maxIntervalMs: 365 * 86_400_000 };
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

function scheduleError(run: () => unknown): ScheduleError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScheduleError) return error;
    throw error;
  }
  throw new Error('expected a ScheduleError');
}

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['15m', 900_000],
    ['6h', 6 * HOUR],
    ['2d', 48 * HOUR],
    [' 6H ', 6 * HOUR],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['6', 'h', '6 hours', '1.5h', '-1h', '6w', ''])('rejects %j, naming the format', (text) => {
    const error = scheduleError(() => parseDuration(text));
    expect(error.field).toBe('schedule.every');
    expect(error.message).toContain('unit s, m, h or d');
  });

  it('rejects zero', () => {
    expect(scheduleError(() => parseDuration('0m')).message).toContain('longer than zero');
  });
});

describe('parseSchedule', () => {
  it('accepts an interval within the limits', () => {
    expect(parseSchedule({ every: '6h' }, limits)).toEqual({ kind: 'every', intervalMs: 6 * HOUR });
  });

  it('refuses intervals below the minimum, unless the limit allows seconds', () => {
    const error = scheduleError(() => parseSchedule({ every: '30s' }, limits));
    expect(error.field).toBe('schedule.every');
    expect(error.message).toContain('shortest interval is 1m');
    expect(parseSchedule({ every: '30s' }, { ...limits, minIntervalMs: 1_000 })).toEqual({
      kind: 'every',
      intervalMs: 30_000,
    });
  });

  it('refuses intervals above the maximum', () => {
    expect(scheduleError(() => parseSchedule({ every: '400d' }, limits)).message).toContain('too long');
  });

  it('parses cron expressions (UTC by default) and computes the next slot', () => {
    const schedule = parseSchedule({ cron: '0 */6 * * *' }, limits);
    expect(schedule.kind).toBe('cron');
    expect(nextScheduledAfter(schedule, at('2030-01-01T05:59:59Z'))).toEqual(at('2030-01-01T06:00:00Z'));
    expect(nextScheduledAfter(schedule, at('2030-01-01T06:00:00Z'))).toEqual(at('2030-01-01T12:00:00Z'));
    expect(typicalIntervalMs(schedule, at('2030-01-01T01:00:00Z'))).toBe(6 * HOUR);
  });

  it('honours a cron time zone', () => {
    const schedule = parseSchedule({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }, limits);
    // 09:00 in Berlin in January (UTC+1) is 08:00 UTC.
    expect(nextScheduledAfter(schedule, at('2030-01-15T00:00:00Z'))).toEqual(at('2030-01-15T08:00:00Z'));
  });

  it.each([
    [{ cron: 'every day' }, 'schedule.cron', 'not a cron expression'],
    [{ cron: '61 * * * *' }, 'schedule.cron', 'not a cron expression'],
    [{ cron: '*/30 * * * * *' }, 'schedule.cron', 'runs too often'],
    [{ cron: '0 0 30 2 *' }, 'schedule.cron', 'never runs'],
    [{ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'schedule.timezone', 'not a time zone'],
  ])('rejects %j naming %s', (input, field, message) => {
    const error = scheduleError(() => parseSchedule(input, limits));
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('allows a seconds cron when the minimum allows it', () => {
    const schedule = parseSchedule({ cron: '*/5 * * * * *' }, { ...limits, minIntervalMs: 1_000 });
    expect(nextScheduledAfter(schedule, at('2030-01-01T00:00:02Z'))).toEqual(at('2030-01-01T00:00:05Z'));
  });
});

describe('jitterMs', () => {
  it('is deterministic per subscription and stays within 10 % of the interval', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = randomUUID();
      const first = jitterMs(id, 10 * 60_000);
      expect(jitterMs(id, 10 * 60_000)).toBe(first);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(60_000);
    }
  });

  it('never exceeds five minutes however long the interval', () => {
    const values = Array.from({ length: 500 }, () => jitterMs(randomUUID(), 7 * 24 * HOUR));
    expect(Math.max(...values)).toBeLessThan(DEFAULT_JITTER.maxMs);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  });

  it('spreads many subscriptions due at the same moment across the window', () => {
    const interval = HOUR / 2; // window 10 % = 3 minutes, under the 5-minute cap
    const values = Array.from({ length: 1000 }, () => jitterMs(randomUUID(), interval));
    const bound = 0.1 * interval;
    const buckets = new Array(10).fill(0) as number[];
    for (const value of values) buckets[Math.floor((value / bound) * 10)]! += 1;
    // Uniform would be 100 per bucket; a constant or clustered jitter would leave buckets empty.
    for (const count of buckets) expect(count).toBeGreaterThan(50);
    expect(new Set(values).size).toBeGreaterThan(990);
  });

  it('is zero when there is no window', () => {
    expect(jitterMs(randomUUID(), HOUR, { fraction: 0, maxMs: 1000 })).toBe(0);
  });
});

describe('backoffDelayMs', () => {
  it('adds 1, 3, 7, 15 intervals after 1, 2, 3, 4 failures', () => {
    expect([0, 1, 2, 3, 4].map((failures) => backoffDelayMs(failures, HOUR, 100 * HOUR))).toEqual([
      0,
      HOUR,
      3 * HOUR,
      7 * HOUR,
      15 * HOUR,
    ]);
  });

  it('is capped, even for absurd failure counts', () => {
    expect(backoffDelayMs(10, HOUR, 24 * HOUR)).toBe(24 * HOUR);
    expect(backoffDelayMs(5_000, HOUR, 24 * HOUR)).toBe(24 * HOUR);
  });
});

describe('planNextRun', () => {
  const id = randomUUID();
  const every = parseSchedule({ every: '6h' }, limits);

  it('counts from now, so runs missed for days collapse into the one happening now', () => {
    const now = at('2030-01-10T00:00:00Z');
    const next = planNextRun({
      schedule: every,
      subscriptionId: id,
      now,
      consecutiveFailures: 0,
      maxBackoffMs: 24 * HOUR,
    });
    expect(next.getTime()).toBe(now.getTime() + 6 * HOUR + jitterMs(id, 6 * HOUR));
  });

  it('pushes the next run back exponentially after failures, up to the cap', () => {
    const now = at('2030-01-10T00:00:00Z');
    const plan = (failures: number) =>
      planNextRun({
        schedule: every,
        subscriptionId: id,
        now,
        consecutiveFailures: failures,
        maxBackoffMs: 24 * HOUR,
      }).getTime() -
      now.getTime() -
      jitterMs(id, 6 * HOUR);
    expect([0, 1, 2, 3, 4].map(plan)).toEqual([6 * HOUR, 12 * HOUR, 24 * HOUR, 30 * HOUR, 30 * HOUR]);
  });

  it('keeps cron runs on their slots, jitter added after the slot', () => {
    const cron = parseSchedule({ cron: '0 */6 * * *' }, limits);
    const now = at('2030-01-10T06:03:00Z'); // claimed a little after the 06:00 slot
    const next = planNextRun({
      schedule: cron,
      subscriptionId: id,
      now,
      consecutiveFailures: 0,
      maxBackoffMs: 24 * HOUR,
    });
    expect(next.getTime()).toBe(at('2030-01-10T12:00:00Z').getTime() + jitterMs(id, 6 * HOUR));
    const afterTwoFailures = planNextRun({
      schedule: cron,
      subscriptionId: id,
      now,
      consecutiveFailures: 2,
      maxBackoffMs: 24 * HOUR,
    });
    // 3 extra intervals: the slots at 12:00, 18:00 and 00:00 are skipped.
    expect(afterTwoFailures.getTime()).toBe(at('2030-01-11T06:00:00Z').getTime() + jitterMs(id, 6 * HOUR));
  });
});
