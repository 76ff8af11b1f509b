/**
 * A running job's progress: the gate keeps it monotonic and throttled; each value that passes is written to the
 * database (in order, one write at a time) and published as `video.progress`. A write that finds a cancel request
 * stops the job, so a cancel is honoured even when its event was missed.
 */
import type { Clock, EventBus, Logger } from '@smh/shared';
import { createProgressGate } from '../domain/progress-gate.js';
import type { JobRepository } from '../repository/jobs.js';

export interface ProgressReporterOptions {
  jobs: JobRepository;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  job: { id: string; ownerId: string; progress: number };
  onCancelRequested: () => void;
  minIntervalMs?: number;
  minStep?: number;
}

/** ffmpeg's share of the bar; the rest is verification, hashing and registration. */
export const FFMPEG_SHARE = 0.95;

export interface ProgressReporter {
  /** ffmpeg's own fraction (0..1) of its run. */
  ffmpeg(fraction: number): void;
  /** Waits for the writes in flight. */
  flush(): Promise<void>;
  /**
   * Publishes the final 1.0 (before `video.completed`) without writing it: completing the job writes progress 1 in
   * the same statement, so one database write less on the way to the result.
   */
  finish(): Promise<void>;
}

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { jobs, events, clock, logger, job } = options;
  const gate = createProgressGate(
    { minIntervalMs: options.minIntervalMs ?? 500, minStep: options.minStep ?? 0.05, now: () => clock.now().getTime() },
    job.progress,
  );
  let writes: Promise<void> = Promise.resolve();

  const report = (value: number) => {
    writes = writes.then(async () => {
      try {
        const { cancelRequested } = await jobs.setProgress(job.id, value, clock.now());
        await events.publish('video.progress', { id: job.id, ownerId: job.ownerId, progress: value });
        if (cancelRequested) options.onCancelRequested();
      } catch (error) {
        logger.warn({ err: error, jobId: job.id }, 'could not record progress');
      }
    });
  };

  return {
    ffmpeg(fraction) {
      const value = gate.offer(Math.min(fraction, 1) * FFMPEG_SHARE);
      if (value !== null) report(value);
    },
    flush: () => writes,
    async finish() {
      const value = gate.offer(1);
      await writes;
      if (value !== null) await events.publish('video.progress', { id: job.id, ownerId: job.ownerId, progress: value });
    },
  };
}
