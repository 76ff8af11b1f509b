import { parseEnv } from '@smh/shared';
import { z } from 'zod';
import { DEFAULT_JITTER, type JitterPolicy } from './domain/schedule.js';

/** How the scheduler behaves. Defaults suit production; tests and small setups override a few. */
export interface SchedulerOptions {
  /** How often the loop looks for due subscriptions. */
  tickMs: number;
  /** Shortest schedule interval users may set (default 1 minute). */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Subscriptions claimed per tick per instance. */
  batchSize: number;
  /** Consecutive failed runs after which a subscription is flagged. */
  flagAfterFailures: number;
  /** Longest extra delay the failure backoff adds. */
  maxBackoffMs: number;
  jitter: JitterPolicy;
  /** How long the instance that recorded a run owns sending it to download-service before another may. */
  dispatchLeaseMs: number;
  /** Attempts to reach download-service for one run before it counts as failed. */
  maxDispatchAttempts: number;
  /** Wait before the second attempt; doubles for each further one. */
  dispatchRetryMs: number;
  /** A running run with no outcome event for this long is checked with download-service. */
  reconcileAfterMs: number;
  /** disk.low notifications: sent (once a day while it lasts) when the data directory has less free space. */
  diskFreeMinBytes: number;
  /** How often free disk space is checked. */
  diskCheckMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  tickMs: 5_000,
  minIntervalMs: 60_000,
  maxIntervalMs: 365 * 86_400_000,
  batchSize: 50,
  flagAfterFailures: 5,
  maxBackoffMs: 24 * 3_600_000,
  jitter: DEFAULT_JITTER,
  dispatchLeaseMs: 60_000,
  maxDispatchAttempts: 5,
  dispatchRetryMs: 10_000,
  reconcileAfterMs: 10 * 60_000,
  diskFreeMinBytes: 5 * 1024 ** 3,
  diskCheckMs: 10 * 60_000,
};

const millis = () =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .positive('must be positive');

const envSchema = z.object({
  SMH_SCHEDULER_TICK_MS: millis().optional(),
  SMH_SCHEDULER_MIN_INTERVAL_MS: millis().optional(),
  SMH_SCHEDULER_FLAG_AFTER_FAILURES: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .optional(),
  SMH_NOTIFY_DISK_FREE_MIN_MB: z.coerce
    .number({ message: 'SMH_NOTIFY_DISK_FREE_MIN_MB must be a number of megabytes' })
    .int('SMH_NOTIFY_DISK_FREE_MIN_MB must be a whole number')
    .min(0, 'SMH_NOTIFY_DISK_FREE_MIN_MB must not be negative')
    .optional(),
});

/** Options from SMH_SCHEDULER_* variables (unset → defaults); throws naming the bad variable. */
export function schedulerOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<SchedulerOptions> {
  const {
    SMH_SCHEDULER_TICK_MS: tickMs,
    SMH_SCHEDULER_MIN_INTERVAL_MS: minIntervalMs,
    SMH_SCHEDULER_FLAG_AFTER_FAILURES: flagAfterFailures,
    SMH_NOTIFY_DISK_FREE_MIN_MB: diskFreeMinMb,
  } = parseEnv(envSchema, env);
  return {
    ...(tickMs === undefined ? {} : { tickMs }),
    ...(minIntervalMs === undefined ? {} : { minIntervalMs }),
    ...(flagAfterFailures === undefined ? {} : { flagAfterFailures }),
    ...(diskFreeMinMb === undefined ? {} : { diskFreeMinBytes: diskFreeMinMb * 1024 ** 2 }),
  };
}

export function resolveSchedulerOptions(overrides: Partial<SchedulerOptions> = {}): SchedulerOptions {
  return { ...DEFAULT_SCHEDULER_OPTIONS, ...overrides };
}
