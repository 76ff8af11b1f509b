import { z } from 'zod';

export const fileTypeSchema = z.enum(['image', 'video', 'audio', 'other']);

export const fileSourceSchema = z.object({
  platform: z.string(),
  username: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  takenAt: z.string().nullable().optional(),
  caption: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  /** The platform's id of the media item (Instagram pk, with the carousel index). */
  mediaId: z.string().nullable().optional(),
  /** The account's display name ("NASA"), recorded with its profile picture. */
  fullName: z.string().nullable().optional(),
});
export type FileSource = z.infer<typeof fileSourceSchema>;

/** A file as users see it (GET /api/files/:id). */
export const publicFileSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  mime: z.string(),
  type: fileTypeSchema,
  size: z.number(),
  sha256: z.string(),
  width: z.number().nullable().optional(),
  height: z.number().nullable().optional(),
  duration: z.number().nullable().optional(),
  source: fileSourceSchema.nullable().optional(),
  hasThumbnail: z.boolean(),
  origin: z.object({ kind: z.enum(['download', 'upload', 'video-job']), id: z.string().nullable().optional() }),
  derivedFrom: z.array(z.string()).default([]),
  createdAt: z.string(),
});
export type PublicFile = z.infer<typeof publicFileSchema>;

/** What services see through file-service's internal routes: also where the bytes are. */
export const internalFileSchema = publicFileSchema.extend({
  storageKey: z.string(),
  sidecarKey: z.string().nullable().optional(),
  thumbnailKey: z.string().nullable().optional(),
});
export type InternalFile = z.infer<typeof internalFileSchema>;

/** POST /internal/files: register a complete, verified file already committed to the storage. */
export const registerFileSchema = z.object({
  ownerId: z.string(),
  storageKey: z.string(),
  name: z.string().min(1),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  width: z.number().int().positive().nullable().optional(),
  height: z.number().int().positive().nullable().optional(),
  duration: z.number().nonnegative().nullable().optional(),
  source: fileSourceSchema.nullable().optional(),
  sidecarKey: z.string().nullable().optional(),
  origin: z.object({ kind: z.enum(['download', 'upload', 'video-job']), id: z.string().nullable().optional() }),
  derivedFrom: z.array(z.string()).optional(),
});
export type RegisterFile = z.infer<typeof registerFileSchema>;

/** PATCH /internal/files/:id: facts learned after registration (probe, thumbnail). */
export const updateFileSchema = z.object({
  width: z.number().int().positive().nullable().optional(),
  height: z.number().int().positive().nullable().optional(),
  duration: z.number().nonnegative().nullable().optional(),
  probe: z.record(z.string(), z.unknown()).nullable().optional(),
  thumbnailKey: z.string().nullable().optional(),
});
export type UpdateFile = z.infer<typeof updateFileSchema>;

/** GET /internal/files/lookup?ownerId=&sha256= | &mediaId= : de-duplication before storing. */
export const fileLookupQuerySchema = z.object({
  ownerId: z.string(),
  sha256: z.string().optional(),
  mediaId: z.string().optional(),
});
export const fileLookupResultSchema = z.object({ file: internalFileSchema.nullable() });
