/** Request and response schemas of the downloads API: validation, types and OpenAPI from one place. */
import { includeSchema, listQuerySchema } from '@smh/shared';
import { z } from 'zod';
import { DOWNLOAD_KINDS } from '../domain/target.js';

export const downloadStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'canceled']);

export const createDownloadBodySchema = z.object({
  url: z.string().trim().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
  sessionId: z.string().uuid({ message: 'must be an Instagram session id (UUID)' }).optional(),
  include: z
    .array(includeSchema)
    .min(1, 'must name at least one of posts, reels, stories, highlights, tagged')
    .max(5)
    .optional(),
  limit: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000).optional(),
  full: z
    .boolean()
    .optional()
    .describe(
      'List the whole profile again. Without it, a profile this user archived completely before is synced incrementally (new posts only)',
    ),
});
export type CreateDownloadBody = z.infer<typeof createDownloadBodySchema>;

export const progressSchema = z.object({
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  phase: z
    .enum(['scanning', 'transferring'])
    .optional()
    .describe(
      'While running: "scanning" until the whole profile is listed (files already arrive), then "transferring"',
    ),
  scanned: z.number().optional().describe('Posts found by the listing so far'),
});
export const failureSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

export const downloadViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  kind: z.enum(DOWNLOAD_KINDS as [string, ...string[]]),
  status: downloadStatusSchema,
  progress: progressSchema,
  fileIds: z.array(z.string()),
  error: failureSchema.optional(),
  /** What the download could not get and why (e.g. Instagram shows anonymous visitors only the newest posts). */
  warnings: z
    .array(z.object({ code: z.string(), message: z.string() }))
    .describe('what the download could not get and why, e.g. LOGIN_REQUIRED_FOR_MORE: a session would fetch the rest'),
  /** While Instagram pushes back (rate limit): when the download resumes by itself; null otherwise. */
  waitingUntil: z
    .string()
    .nullable()
    .describe('while Instagram pushes back (rate limit): when the download resumes by itself (ISO time); else null'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DownloadView = z.infer<typeof downloadViewSchema>;

export const listDownloadsQuerySchema = listQuerySchema.extend({ status: downloadStatusSchema.optional() });
export const downloadListSchema = z.object({ items: z.array(downloadViewSchema), nextCursor: z.string().nullable() });
export const retryFailedResultSchema = z.object({ retried: z.number(), ids: z.array(z.string()) });
