/**
 * The request body of POST /api/videos/jobs: one zod schema per operation (the single source of validation, types
 * and OpenAPI), joined on `operation`. Input counts are part of each schema, so a bad count is a named 400.
 */
import { z } from 'zod';
import { resolutionPresetSchema } from '../ffmpeg/options.js';

export const VIDEO_OPERATIONS = ['merge', 'transcode', 'thumbnail', 'extract-audio', 'trim', 'probe'] as const;
export type VideoOperation = (typeof VIDEO_OPERATIONS)[number];

/** A merge joins at most this many files (each is probed and opened by one ffmpeg). */
export const MAX_MERGE_INPUTS = 50;

const fileId = z.string().uuid({ message: 'must be a file id (UUID)' });
const oneInput = (operation: VideoOperation) =>
  z.array(fileId).min(1, `${operation} needs one input file`).max(1, `${operation} takes exactly one input file`);

export const mergeOptionsSchema = z
  .object({
    /** How long each photo stays on screen. */
    photoDurationSec: z.number().min(0.1).max(600).optional(),
    /** Fit the result into this size class (the short side at most 1080/720/480); default: the largest input. */
    resolution: resolutionPresetSchema.optional(),
  })
  .strict();

export const transcodeOptionsSchema = z
  .object({
    preset: resolutionPresetSchema,
    /** x264 quality: lower is better and larger. */
    crf: z.number().int().min(18).max(35).optional(),
  })
  .strict();

export const thumbnailOptionsSchema = z
  .object({
    /** Where the poster frame is taken (clamped to the video). */
    atSec: z.number().min(0).max(86_400).optional(),
    /** A contact sheet of evenly spaced frames instead of one poster. */
    sheet: z
      .object({ columns: z.number().int().min(1).max(12), rows: z.number().int().min(1).max(12) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((o) => !(o.atSec !== undefined && o.sheet !== undefined), {
    message: 'give atSec (a poster) or sheet (a contact sheet), not both',
    path: ['sheet'],
  });

export const extractAudioOptionsSchema = z.object({ format: z.enum(['m4a', 'mp3']) }).strict();

export const trimOptionsSchema = z
  .object({ startSec: z.number().min(0).max(86_400), endSec: z.number().positive().max(86_400) })
  .strict()
  .refine((o) => o.endSec > o.startSec, { message: 'endSec must be greater than startSec', path: ['endSec'] });

export const probeOptionsSchema = z.object({}).strict();

export const createJobBodySchema = z.discriminatedUnion('operation', [
  z.object({
    operation: z.literal('merge'),
    inputs: z
      .array(fileId)
      .min(2, 'merge needs at least two input files')
      .max(MAX_MERGE_INPUTS, `merge takes at most ${MAX_MERGE_INPUTS} input files`),
    options: mergeOptionsSchema.default({}),
  }),
  z.object({ operation: z.literal('transcode'), inputs: oneInput('transcode'), options: transcodeOptionsSchema }),
  z.object({
    operation: z.literal('thumbnail'),
    inputs: oneInput('thumbnail'),
    options: thumbnailOptionsSchema.default({}),
  }),
  z.object({
    operation: z.literal('extract-audio'),
    inputs: oneInput('extract-audio'),
    options: extractAudioOptionsSchema,
  }),
  z.object({ operation: z.literal('trim'), inputs: oneInput('trim'), options: trimOptionsSchema }),
  z.object({ operation: z.literal('probe'), inputs: oneInput('probe'), options: probeOptionsSchema.default({}) }),
]);
export type VideoJobRequest = z.output<typeof createJobBodySchema>;

export type OptionsOf<O extends VideoOperation> = Extract<VideoJobRequest, { operation: O }>['options'];

/** Re-reads a stored job's options with its operation's schema (the database row is untyped jsonb). */
export function parseStoredRequest(operation: string, inputs: readonly string[], options: unknown): VideoJobRequest {
  return createJobBodySchema.parse({ operation, inputs: [...inputs], options });
}
