/**
 * Zod schemas for every operation's options: the single source of their validation and TypeScript types.
 * The HTTP layer can reuse them for request bodies; the builders parse with them again (defaults + a clear
 * INVALID_OPTIONS error) so a builder never emits a command from unchecked numbers.
 */
import { z } from 'zod';
import { invalidOptions } from './errors.js';

export const encoderPresetSchema = z.enum([
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
]);
export type EncoderPreset = z.infer<typeof encoderPresetSchema>;

const crf = z.number().int().min(0).max(51);
const evenDimension = z
  .number()
  .int()
  .min(16)
  .max(7680)
  .refine((n) => n % 2 === 0, 'must be even (H.264 with yuv420p needs even dimensions)');

export const mergeOptionsSchema = z
  .object({
    /** Target size for the normalise path; default: the largest input, keeping every input's aspect by padding. */
    width: evenDimension.optional(),
    height: evenDimension.optional(),
    /** Target frame rate for the normalise path; default: the highest input rate (at most 60). */
    fps: z.number().min(1).max(120).optional(),
    /** How long a photo stays on screen. */
    imageDurationSec: z.number().min(0.1).max(3600).default(3),
    /** Re-encode even when the inputs could be joined by stream copy. */
    forceNormalize: z.boolean().default(false),
    crf: crf.default(23),
    encoderPreset: encoderPresetSchema.default('veryfast'),
    audioBitrateKbps: z.number().int().min(32).max(512).default(128),
  })
  .strict()
  .refine((o) => (o.width === undefined) === (o.height === undefined), {
    message: 'width and height must be given together',
    path: ['width'],
  });
export type MergeOptionsInput = z.input<typeof mergeOptionsSchema>;
export type MergeOptions = z.output<typeof mergeOptionsSchema>;

export const resolutionPresetSchema = z.enum(['1080p', '720p', '480p']);
export type ResolutionPreset = z.infer<typeof resolutionPresetSchema>;
/** The short side (height of a landscape video, width of a portrait one) each preset allows at most. */
export const RESOLUTION_PRESET_SHORT_SIDE: Record<ResolutionPreset, number> = {
  '1080p': 1080,
  '720p': 720,
  '480p': 480,
};

export const transcodeOptionsSchema = z
  .object({
    preset: resolutionPresetSchema.default('720p'),
    crf: crf.default(23),
    encoderPreset: encoderPresetSchema.default('medium'),
    audioBitrateKbps: z.number().int().min(32).max(512).default(128),
  })
  .strict();
export type TranscodeOptionsInput = z.input<typeof transcodeOptionsSchema>;
export type TranscodeOptions = z.output<typeof transcodeOptionsSchema>;

export const posterOptionsSchema = z
  .object({
    atSec: z.number().min(0).default(1),
    /** Output width (height follows the aspect); default: the source size. */
    width: evenDimension.optional(),
  })
  .strict();
export type PosterOptionsInput = z.input<typeof posterOptionsSchema>;
export type PosterOptions = z.output<typeof posterOptionsSchema>;

export const contactSheetOptionsSchema = z
  .object({
    columns: z.number().int().min(1).max(12).default(4),
    rows: z.number().int().min(1).max(12).default(4),
    tileWidth: evenDimension.default(320),
  })
  .strict();
export type ContactSheetOptionsInput = z.input<typeof contactSheetOptionsSchema>;
export type ContactSheetOptions = z.output<typeof contactSheetOptionsSchema>;

export const extractAudioOptionsSchema = z
  .object({
    format: z.enum(['m4a', 'mp3']).default('m4a'),
    /** Used only when the audio has to be encoded (mp3, or m4a from a non-AAC source). */
    bitrateKbps: z.number().int().min(32).max(320).default(192),
  })
  .strict();
export type ExtractAudioOptionsInput = z.input<typeof extractAudioOptionsSchema>;
export type ExtractAudioOptions = z.output<typeof extractAudioOptionsSchema>;

export const trimOptionsSchema = z
  .object({
    startSec: z.number().min(0),
    endSec: z.number().positive(),
    crf: crf.default(20),
    encoderPreset: encoderPresetSchema.default('veryfast'),
  })
  .strict()
  .refine((o) => o.endSec > o.startSec, { message: 'endSec must be greater than startSec', path: ['endSec'] });
export type TrimOptionsInput = z.input<typeof trimOptionsSchema>;
export type TrimOptions = z.output<typeof trimOptionsSchema>;

/** Parses options with a schema, turning a zod failure into an INVALID_OPTIONS FfmpegError naming the field. */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'options'}: ${issue.message}`)
      .join('; ');
    throw invalidOptions(`Invalid ${what} options: ${problems}`);
  }
  return result.data;
}
