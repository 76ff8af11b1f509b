/** POST /api/files/archive {ids}: the chosen files as one ZIP, streamed straight to the client. */
import { AppError, currentUser, ownerScope, requireUser, type MediaStorage, type ServiceApp } from '@smh/shared';
import type { Catalog } from '../adapters/catalog.js';
import { zipStream } from '../adapters/zip-stream.js';
import type { FileRow } from '../domain/file-record.js';
import { uniqueEntryNames } from '../domain/file-names.js';
import { archiveBodySchema } from './schemas.js';
import { READ_CHUNK_BYTES } from './send-stored.js';

/** Deflate only what is not compressed already (WAV, unknown types); media is STOREd as it is. */
function worthCompressing(row: FileRow): boolean {
  return row.type === 'other' || row.mime === 'audio/wav';
}

export function registerArchiveRoutes(app: ServiceApp, deps: { catalog: Catalog; storage: MediaStorage }): void {
  const { catalog, storage } = deps;

  app.post(
    '/api/files/archive',
    {
      preHandler: requireUser,
      schema: { tags: ['files'], summary: 'Download several files as one ZIP (streamed)', body: archiveBodySchema },
    },
    async (request, reply) => {
      const ids = [...new Set(request.body.ids)];
      const found = await catalog.getMany(ids, ownerScope(currentUser(request)));
      const byId = new Map(found.map((row) => [row.id, row]));
      const missing = ids.filter((id) => !byId.has(id));
      if (missing.length > 0)
        throw new AppError(404, 'NOT_FOUND', `${missing.length} of the files were not found.`, { missing });
      const rows = ids.map((id) => byId.get(id) as FileRow);
      // Every entry must be complete before the first byte goes out: a missing file cannot be reported later.
      for (const row of rows) {
        const stored = await storage.stat(row.storage_key).catch(() => undefined);
        if (stored?.size !== Number(row.size)) {
          throw new AppError(
            409,
            'CONTENT_MISSING',
            `The content of "${row.name}" is missing or changed in the library.`,
            { id: row.id },
          );
        }
      }
      const names = uniqueEntryNames(rows.map((row) => row.name));
      const archive = zipStream(
        rows.map((row, index) => ({
          name: names[index] as string,
          size: Number(row.size),
          modifiedAt: row.created_at,
          compress: worthCompressing(row),
          open: () => storage.read(row.storage_key, undefined, { highWaterMark: READ_CHUNK_BYTES }),
        })),
      );
      const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
      reply.header('content-type', 'application/zip');
      reply.header('content-disposition', `attachment; filename="files-${stamp}.zip"`);
      reply.header('cache-control', 'no-store');
      return reply.send(archive);
    },
  );
}
