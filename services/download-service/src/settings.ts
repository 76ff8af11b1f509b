/** download-service's own tuning, from the environment (the shared HubConfig holds everything else). */
import { parseEnv } from '@smh/shared';
import { z } from 'zod';
import { DEFAULT_NAME_TEMPLATE, parseTemplate } from './domain/naming.js';
import { DEFAULT_FORMAT } from './ytdlp/args.js';

const count = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(fallback);
const millis = (fallback: number) =>
  z.coerce.number({ message: 'must be milliseconds' }).int().min(0, 'must be >= 0').default(fallback);

const settingsSchema = z.object({
  DOWNLOAD_NAME_TEMPLATE: z
    .string()
    .default(DEFAULT_NAME_TEMPLATE)
    .transform((value, ctx) => {
      try {
        return parseTemplate(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  DOWNLOAD_HOST_CONCURRENCY: count(4),
  DOWNLOAD_ITEM_CONCURRENCY: count(16),
  DOWNLOAD_JOB_CONCURRENCY: count(2),
  DOWNLOAD_TRANSFER_ATTEMPTS: count(5),
  DOWNLOAD_RETRY_BASE_MS: millis(1_000),
  DOWNLOAD_PROGRESS_INTERVAL_MS: millis(500),
  DOWNLOAD_IDLE_TIMEOUT_MS: millis(30_000),
  INSTAGRAM_RATE_LIMIT_BACKOFF_MS: millis(60_000),
  INSTAGRAM_RATE_LIMIT_MAX_BACKOFF_MS: millis(2 * 3_600_000),
  INSTAGRAM_RATE_LIMIT_MAX_WAIT_MS: millis(24 * 3_600_000),
  DOWNLOAD_MAX_BYTES: count(10 * 1024 ** 3),
  DOWNLOAD_MAX_DURATION_MS: count(6 * 60 * 60 * 1000),
  DOWNLOAD_MAX_OPEN_PER_USER: count(20),
  YTDLP_FORMAT: z.string().trim().min(1, 'must not be empty').default(DEFAULT_FORMAT),
  YTDLP_PROBE_TIMEOUT_MS: count(120_000),
});

export interface DownloadSettings {
  nameTemplate: string;
  hostConcurrency: number;
  itemConcurrency: number;
  jobConcurrency: number;
  transferAttempts: number;
  retryBaseMs: number;
  progressIntervalMs: number;
  /** A transfer that receives nothing for this long is treated as a dropped connection. */
  idleTimeoutMs: number;
  rateLimitBackoffMs: number;
  /** Cap of one wait after Instagram's pushback, and the total a download waits before failing (retryable). */
  rateLimitMaxBackoffMs: number;
  rateLimitMaxWaitMs: number;
  /** Largest file one download item may be (announced or received), bytes. */
  maxItemBytes: number;
  /** Longest one item's transfer may take, however slowly the server drips. */
  maxItemDurationMs: number;
  /** Queued plus running downloads one user may have at once; more answer 429. */
  maxOpenPerUser: number;
  /** yt-dlp's format selector for other sites (default: best video + best audio, merged into MP4). */
  ytdlpFormat: string;
  /** Longest a yt-dlp probe of a page may take (at intake and when planning). */
  ytdlpProbeTimeoutMs: number;
}

export function readDownloadSettings(env: Record<string, string | undefined> = process.env): DownloadSettings {
  const s = parseEnv(settingsSchema, env);
  return {
    nameTemplate: s.DOWNLOAD_NAME_TEMPLATE,
    hostConcurrency: s.DOWNLOAD_HOST_CONCURRENCY,
    itemConcurrency: s.DOWNLOAD_ITEM_CONCURRENCY,
    jobConcurrency: s.DOWNLOAD_JOB_CONCURRENCY,
    transferAttempts: s.DOWNLOAD_TRANSFER_ATTEMPTS,
    retryBaseMs: s.DOWNLOAD_RETRY_BASE_MS,
    progressIntervalMs: s.DOWNLOAD_PROGRESS_INTERVAL_MS,
    idleTimeoutMs: s.DOWNLOAD_IDLE_TIMEOUT_MS,
    rateLimitBackoffMs: s.INSTAGRAM_RATE_LIMIT_BACKOFF_MS,
    rateLimitMaxBackoffMs: s.INSTAGRAM_RATE_LIMIT_MAX_BACKOFF_MS,
    rateLimitMaxWaitMs: s.INSTAGRAM_RATE_LIMIT_MAX_WAIT_MS,
    maxItemBytes: s.DOWNLOAD_MAX_BYTES,
    maxItemDurationMs: s.DOWNLOAD_MAX_DURATION_MS,
    maxOpenPerUser: s.DOWNLOAD_MAX_OPEN_PER_USER,
    ytdlpFormat: s.YTDLP_FORMAT,
    ytdlpProbeTimeoutMs: s.YTDLP_PROBE_TIMEOUT_MS,
  };
}
