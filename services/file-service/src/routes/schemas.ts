/** Request and response schemas of the file routes: validation, types and OpenAPI from one definition. */
import { z } from 'zod';
import { fileTypeSchema, internalFileSchema, publicFileSchema, registerFileSchema } from '@smh/shared';
import { SORT_NAMES } from '../domain/list-query.js';

export const MAX_ARCHIVE_FILES = 500;
export const MAX_BATCH_IDS = 500;
/** Files per POST /internal/files/batch (a page of a profile is far fewer). */
export const MAX_REGISTER_BATCH = 200;
/** Ids per GET /api/files?ids=: 200 ids keep the address under 8 kB. */
export const MAX_LIST_IDS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const listFilesQuerySchema = z.object({
  q: z.string().max(200).optional().describe('words to find in names, captions and authors (prefix match, all words)'),
  type: fileTypeSchema.optional(),
  username: z.string().max(64).optional().describe('the source account, e.g. an Instagram username'),
  platform: z
    .string()
    .regex(/^[A-Za-z0-9]{1,40}$/, 'must be a platform name such as instagram, direct or youtube')
    .optional()
    .describe('the source platform: instagram, direct, or the yt-dlp extractor (youtube, vimeo, generic...)'),
  ids: z
    .string()
    .max(MAX_LIST_IDS * 37)
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const ids = [...new Set(value.split(',').map((id) => id.trim()))].filter(Boolean);
      if (ids.length === 0 || ids.length > MAX_LIST_IDS || !ids.every((id) => UUID.test(id))) {
        context.addIssue({ code: 'custom', message: `must be 1 to ${MAX_LIST_IDS} comma-separated file ids (UUIDs)` });
        return z.NEVER;
      }
      return ids;
    })
    .describe(`only these files (comma-separated ids, at most ${MAX_LIST_IDS}), e.g. the fileIds of one download`),
  from: z.string().max(40).optional().describe('earliest date (YYYY-MM-DD or ISO date-time), inclusive'),
  to: z.string().max(40).optional().describe('latest date (YYYY-MM-DD inclusive, or an exact ISO date-time)'),
  sort: z
    .enum(SORT_NAMES)
    .default('newest')
    .describe('newest/oldest by publication date, stored: newest arrival first, name A→Z, size largest first'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export const fileListSchema = z.object({ items: z.array(publicFileSchema), nextCursor: z.string().nullable() });
export const fileEnvelopeSchema = z.object({ file: publicFileSchema });
export const internalFileEnvelopeSchema = z.object({ file: internalFileSchema });
export const internalFileListSchema = z.object({ items: z.array(internalFileSchema) });

export const contentQuerySchema = z.object({
  download: z.enum(['1', 'true', '0', 'false']).optional().describe('1: send as an attachment (Save as…)'),
});

export const archiveBodySchema = z.object({
  ids: z
    .array(z.string().uuid({ message: 'must be a file id (UUID)' }))
    .min(1, 'name at least one file')
    .max(MAX_ARCHIVE_FILES, `at most ${MAX_ARCHIVE_FILES} files per archive`),
});

export const lookupMediaIdsBodySchema = z.object({
  ownerId: z.string().min(1),
  mediaIds: z
    .array(z.string().min(1).max(200))
    .min(1, 'name at least one media id')
    .max(MAX_BATCH_IDS, `at most ${MAX_BATCH_IDS} media ids per lookup`),
});

export const batchIdsQuerySchema = z.object({
  ids: z
    .string()
    .min(1)
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().uuid({ message: 'each id must be a UUID' }))
        .min(1)
        .max(MAX_BATCH_IDS),
    ),
});

export const registerBatchBodySchema = z.object({
  files: z
    .array(registerFileSchema)
    .min(1, 'name at least one file')
    .max(MAX_REGISTER_BATCH, `at most ${MAX_REGISTER_BATCH} files per batch`),
});

/** One result per file, in the order sent: the registered file, or why this one was refused (HTTP status, code). */
export const registerBatchResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ file: internalFileSchema }),
      z.object({
        error: z.object({ status: z.number().int(), code: z.string(), message: z.string(), details: z.unknown() }),
      }),
    ]),
  ),
});

export const platformListSchema = z.object({
  platforms: z
    .array(
      z.object({
        platform: z.string().describe('instagram, direct, or the yt-dlp extractor (lower-case), e.g. generic'),
        count: z.number().int().describe('how many of your files came from it'),
      }),
    )
    .describe('the platforms your files came from, most files first'),
});
