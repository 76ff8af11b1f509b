/**
 * The progress reporter: throttled writes while ffmpeg runs; the final 1.0 is published but not written, since
 * completing the job writes progress 1 in the same statement (one database write less per job).
 */
import { describe, expect, it } from 'vitest';
import { createLogger, type EventBus } from '@smh/shared';
import { createProgressReporter } from '../../src/jobs/progress-reporter.js';
import type { JobRepository } from '../../src/repository/jobs.js';

function setup() {
  const writes: number[] = [];
  const published: number[] = [];
  const jobs = {
    setProgress: async (_id: string, progress: number) => {
      writes.push(progress);
      return { cancelRequested: false };
    },
  } as unknown as JobRepository;
  const events = {
    publish: async (_name: string, data: { progress: number }) => void published.push(data.progress),
  } as unknown as EventBus;
  let now = 0;
  const reporter = createProgressReporter({
    jobs,
    events,
    clock: { now: () => new Date(now), sleep: async () => undefined },
    logger: createLogger({ service: 'video-service', level: 'silent' }),
    job: { id: 'job-1', ownerId: 'user-1', progress: 0 },
    onCancelRequested: () => undefined,
    minIntervalMs: 100,
    minStep: 0.1,
  });
  return { reporter, writes, published, advance: (ms: number) => (now += ms) };
}

describe('progress reporter', () => {
  it('writes and publishes throttled ffmpeg progress, then publishes 1.0 without writing it', async () => {
    const { reporter, writes, published, advance } = setup();
    advance(1000);
    reporter.ffmpeg(0.5);
    reporter.ffmpeg(0.52); // too soon and too small a step
    advance(1000);
    reporter.ffmpeg(1);
    await reporter.flush();
    expect(writes).toEqual([0.475, 0.95]);
    await reporter.finish();
    expect(published).toEqual([0.475, 0.95, 1]);
    expect(writes).toEqual([0.475, 0.95]);
  });
});
