/** GET|HEAD /api/files/:id/content (ranges, validators, attachments) and GET /api/files/:id/thumbnail. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  AppError,
  UnsafePathError,
  currentUser,
  idParamsSchema,
  notFound,
  ownerScope,
  requireUser,
  type MediaStorage,
  type ServiceApp,
} from '@smh/shared';
import type { Catalog } from '../adapters/catalog.js';
import { ThumbnailFailedError, type Thumbnailer } from '../adapters/thumbnailer.js';
import { etagFromSha256 } from '../domain/content-response.js';
import { contentDisposition } from '../domain/file-names.js';
import { contentQuerySchema } from './schemas.js';
import { sendStored } from './send-stored.js';

const THUMBNAIL_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

export function registerContentRoutes(
  app: ServiceApp,
  deps: { catalog: Catalog; storage: MediaStorage; thumbnailer: Thumbnailer },
): void {
  const { catalog, storage, thumbnailer } = deps;

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/files/:id/content',
    preHandler: requireUser,
    schema: {
      tags: ['files'],
      summary: "The file's bytes (HTTP Range, ETag, ?download=1 for an attachment)",
      params: idParamsSchema,
      querystring: contentQuerySchema,
    },
    handler: async (request, reply) => {
      const row = await catalog.get(request.params.id, ownerScope(currentUser(request)));
      if (!row) throw notFound('File');
      const attachment = request.query.download === '1' || request.query.download === 'true';
      return sendStored(storage, request, reply, {
        key: row.storage_key,
        mime: row.mime,
        etag: etagFromSha256(row.sha256),
        lastModified: row.created_at,
        expectedSize: Number(row.size),
        contentDisposition: contentDisposition(attachment ? 'attachment' : 'inline', row.name),
        cacheControl: 'private, max-age=3600',
      });
    },
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/files/:id/thumbnail',
    preHandler: requireUser,
    schema: {
      tags: ['files'],
      summary: 'A small preview image (made on first request for images; posters for videos)',
      params: idParamsSchema,
    },
    handler: async (request, reply) => {
      const row = await catalog.get(request.params.id, ownerScope(currentUser(request)));
      if (!row) throw notFound('File');
      const key = await thumbnailer.ensure(row).catch((error: unknown) => {
        if (error instanceof ThumbnailFailedError)
          throw new AppError(422, 'THUMBNAIL_FAILED', `No thumbnail can be made: ${error.message}.`);
        if (error instanceof UnsafePathError) {
          request.log.error(
            { key: row.storage_key, reason: error.message },
            'refused to read a storage key for a thumbnail',
          );
          throw new AppError(404, 'CONTENT_UNAVAILABLE', "The file's content cannot be read.");
        }
        throw error;
      });
      if (!key) {
        throw row.type === 'video'
          ? new AppError(
              404,
              'THUMBNAIL_NOT_READY',
              "The video's poster has not been made yet; it appears once the video is analysed.",
            )
          : new AppError(404, 'NO_THUMBNAIL', `There is no thumbnail for ${row.type} files.`);
      }
      // sendStored refuses unsafe keys with a clear error; here a failed stat only changes the validator.
      const stored = await storage.stat(key).catch(() => undefined);
      const version = stored ? `${key}:${stored.size}:${stored.modifiedAt.getTime()}` : key;
      return sendStored(storage, request, reply, {
        key,
        mime: THUMBNAIL_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(version).digest('hex').slice(0, 32)}"`,
        lastModified: stored?.modifiedAt ?? row.created_at,
        cacheControl: 'private, max-age=86400',
      });
    },
  });
}
