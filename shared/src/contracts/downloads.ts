import { z } from 'zod';

export const includeSchema = z.enum(['posts', 'reels', 'stories', 'highlights', 'tagged']);
export type Include = z.infer<typeof includeSchema>;

/** POST /internal/downloads: another service (the scheduler) asks for a download on a user's behalf. */
export const internalCreateDownloadSchema = z.object({
  ownerId: z.string(),
  url: z.string(),
  include: z.array(includeSchema).optional(),
  sessionId: z.string().uuid().nullable().optional(),
  subscriptionId: z.string().uuid().optional(),
  /** Stop at the first already-archived post. */
  incremental: z.boolean().default(true),
  /**
   * Optional idempotency key (the scheduler sends its run id): a repeated request with the same key should answer
   * with the download the first one created instead of starting another.
   */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export const internalDownloadSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed', 'canceled']),
  fileIds: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable().optional(),
});
