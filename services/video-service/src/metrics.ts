/** video-service's own series (names in docs/deployment.md), registered on the service's registry. */
import type { Metrics } from '@smh/shared';

export function createVideoMetrics(metrics: Metrics) {
  const ffmpegDuration = new metrics.client.Histogram({
    name: 'smh_ffmpeg_duration_seconds',
    help: 'Time an operation spent in ffmpeg/ffprobe, by operation (including failed and canceled runs)',
    labelNames: ['operation'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [metrics.registry],
  });
  const jobs = new metrics.client.Counter({
    name: 'smh_video_jobs_total',
    help: 'Video jobs finished, by operation and final status (completed, failed, canceled)',
    labelNames: ['operation', 'status'] as const,
    registers: [metrics.registry],
  });
  return { ffmpegDuration, jobs };
}
export type VideoMetrics = ReturnType<typeof createVideoMetrics>;
