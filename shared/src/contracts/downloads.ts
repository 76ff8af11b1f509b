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

/** GET /internal/profiles/:username: does this Instagram profile exist? Asked before subscribing to it. */
export const internalProfileLookupQuerySchema = z.object({
  ownerId: z.string().min(1),
  /** Look with this session of the owner's (a profile hidden from anonymous visitors may be shown to it). */
  sessionId: z.string().uuid().optional(),
});

/**
 * found / private: the profile exists (a private one too: a session that follows it can sync it).
 * not_found: Instagram said there is no such profile. unknown: Instagram could not be asked (rate limit, network,
 * login wall, a session that no longer works); `message` says why.
 */
export const internalProfileLookupSchema = z.object({
  status: z.enum(['found', 'private', 'not_found', 'unknown']),
  username: z.string(),
  fullName: z.string().nullable().optional(),
  message: z.string().optional(),
});
export type InternalProfileLookup = z.infer<typeof internalProfileLookupSchema>;

/** GET /internal/sites/probe?url=: does yt-dlp find media on a page of another site? Asked before subscribing. */
export const internalSiteProbeQuerySchema = z.object({ url: z.string().min(1).max(2000) });

/**
 * found: yt-dlp finds media (a collection: `collection` true). refused: the page cannot be subscribed to (no media,
 * not a page, an address the hub does not fetch); `code` and `message` say why. unknown: it could not be asked.
 */
export const internalSiteProbeSchema = z.object({
  status: z.enum(['found', 'refused', 'unknown']),
  site: z.string(),
  collection: z.boolean().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type InternalSiteProbe = z.infer<typeof internalSiteProbeSchema>;
