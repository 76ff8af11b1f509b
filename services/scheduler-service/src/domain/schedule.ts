/**
 * Schedules as pure functions: parsing `{every: "6h"}` / `{cron: "0 *\/6 * * *"}`, the next run after a moment,
 * deterministic per-subscription jitter and exponential backoff after failures. No I/O, no clock: callers pass `now`.
 */
import { createHash } from 'node:crypto';
import { retryDelay } from '@smh/shared/backoff';
import { Cron } from 'croner';

export type ScheduleInput = { every: string } | { cron: string; timezone?: string };

export type ParsedSchedule =
  | { kind: 'every'; intervalMs: number }
  | { kind: 'cron'; expression: string; timezone: string; pattern: Cron };

export interface ScheduleLimits {
  /** The shortest interval a schedule may have (the gap between two cron runs counts too). */
  minIntervalMs: number;
  /** The longest `every` interval. */
  maxIntervalMs: number;
}

/** A schedule the user wrote that cannot be used; `field` is the path of the bad value in the request body. */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,9})\s*([smhd])$/;

/** "90s", "15m", "6h", "1d" → milliseconds. */
export function parseDuration(text: string, field = 'schedule.every'): number {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match)
    throw new ScheduleError(
      field,
      `"${text}" is not a duration: write a whole number and a unit s, m, h or d (e.g. "6h")`,
    );
  const amount = Number(match[1]);
  if (amount === 0) throw new ScheduleError(field, 'the interval must be longer than zero');
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** "90000" ms → "1m 30s", for messages. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ') || `${ms}ms`;
}

export function parseSchedule(input: ScheduleInput, limits: ScheduleLimits, now: Date = new Date()): ParsedSchedule {
  if ('every' in input) {
    const intervalMs = parseDuration(input.every);
    if (intervalMs < limits.minIntervalMs) {
      throw new ScheduleError(
        'schedule.every',
        `"${input.every}" is too often: the shortest interval is ${formatDuration(limits.minIntervalMs)}`,
      );
    }
    if (intervalMs > limits.maxIntervalMs) {
      throw new ScheduleError(
        'schedule.every',
        `"${input.every}" is too long: the longest interval is ${formatDuration(limits.maxIntervalMs)}`,
      );
    }
    return { kind: 'every', intervalMs };
  }
  const timezone = input.timezone ?? 'UTC';
  let pattern: Cron;
  try {
    pattern = new Cron(input.cron, { paused: true, timezone });
  } catch (error) {
    throw new ScheduleError('schedule.cron', `"${input.cron}" is not a cron expression: ${(error as Error).message}`);
  }
  let upcoming: Date[];
  try {
    upcoming = pattern.nextRuns(6, now);
  } catch {
    throw new ScheduleError(
      'schedule.timezone',
      `"${timezone}" is not a time zone (use an IANA name such as "Europe/Berlin")`,
    );
  }
  if (upcoming.length < 2) throw new ScheduleError('schedule.cron', `"${input.cron}" never runs (or runs only once)`);
  const shortestGap = Math.min(
    ...upcoming.slice(1).map((date, index) => date.getTime() - (upcoming[index]?.getTime() ?? 0)),
  );
  if (shortestGap < limits.minIntervalMs) {
    throw new ScheduleError(
      'schedule.cron',
      `"${input.cron}" runs too often: the shortest interval is ${formatDuration(limits.minIntervalMs)}`,
    );
  }
  return { kind: 'cron', expression: input.cron, timezone, pattern };
}

/** The first scheduled moment strictly after `from`. */
export function nextScheduledAfter(schedule: ParsedSchedule, from: Date): Date {
  if (schedule.kind === 'every') return new Date(from.getTime() + schedule.intervalMs);
  const next = schedule.pattern.nextRun(from);
  if (!next) throw new Error(`cron "${schedule.expression}" has no run after ${from.toISOString()}`);
  return next;
}

/** The usual gap between two runs: the interval, or for cron the gap between the next two runs after `from`. */
export function typicalIntervalMs(schedule: ParsedSchedule, from: Date): number {
  if (schedule.kind === 'every') return schedule.intervalMs;
  const [first, second] = schedule.pattern.nextRuns(2, from);
  return first && second ? second.getTime() - first.getTime() : UNIT_MS.d;
}

export interface JitterPolicy {
  /** Share of the interval the jitter may take (0.1 = up to 10 %). */
  fraction: number;
  maxMs: number;
}
export const DEFAULT_JITTER: JitterPolicy = { fraction: 0.1, maxMs: 5 * 60_000 };

/**
 * A delay in [0, min(fraction × interval, maxMs)) that is the same for a subscription every time, so many
 * subscriptions due at the same moment are spread out instead of all hitting Instagram at once.
 */
export function jitterMs(subscriptionId: string, intervalMs: number, policy: JitterPolicy = DEFAULT_JITTER): number {
  const bound = Math.min(intervalMs * policy.fraction, policy.maxMs);
  if (bound <= 0) return 0;
  const unit = createHash('sha256').update(subscriptionId).digest().readUInt32BE(0) / 2 ** 32;
  return Math.floor(unit * bound);
}

/**
 * Extra delay after `failures` consecutive failed runs: 1, 3, 7 … intervals (the next run waits 2^failures
 * intervals instead of one), never more than `maxMs`.
 */
export function backoffDelayMs(failures: number, intervalMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  // The whole wait is interval × 2^failures (the helper's retry number failures + 1); the extra part is returned.
  return retryDelay({ baseMs: intervalMs, maxMs: maxMs + intervalMs }, failures + 1) - intervalMs;
}

export interface NextRunInput {
  schedule: ParsedSchedule;
  subscriptionId: string;
  now: Date;
  consecutiveFailures: number;
  maxBackoffMs: number;
  jitter?: JitterPolicy;
}

/**
 * When a subscription runs next, computed from `now` (not from the missed slot), so runs missed while the hub
 * was down collapse into one: the next scheduled moment after now (pushed back by the failure backoff), plus the
 * subscription's own jitter.
 */
export function planNextRun(input: NextRunInput): Date {
  const interval = typicalIntervalMs(input.schedule, input.now);
  const earliest = new Date(
    input.now.getTime() + backoffDelayMs(input.consecutiveFailures, interval, input.maxBackoffMs),
  );
  const slot = nextScheduledAfter(input.schedule, earliest);
  return new Date(slot.getTime() + jitterMs(input.subscriptionId, interval, input.jitter));
}

/** A schedule read back from the database: validated when saved, so only its form is checked again. */
export function parseStoredSchedule(input: ScheduleInput): ParsedSchedule {
  return parseSchedule(input, { minIntervalMs: 1, maxIntervalMs: Number.MAX_SAFE_INTEGER });
}
