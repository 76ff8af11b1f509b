/**
 * file-service: the media library. Catalog (schema `files`), search, streaming with HTTP Range and
 * validators, thumbnails, uploads, ZIP archives, and the internal routes other services register files with.
 */
import { createServiceApp, loadMigrations, migrate, type ServiceFactory } from '@smh/shared';
import { createCatalog } from './adapters/catalog.js';
import { createThumbnailer } from './adapters/thumbnailer.js';
import { createLibrary } from './library.js';
import { registerArchiveRoutes } from './routes/archive.js';
import { registerContentRoutes } from './routes/content.js';
import { registerFileRoutes } from './routes/files.js';
import { registerInternalRoutes } from './routes/internal.js';
import { registerUploadRoutes } from './routes/upload.js';

export const createFileService: ServiceFactory = async ({
  config,
  db,
  queue,
  events,
  storage,
  clock,
  logger,
  metrics,
  tokens,
}) => {
  await migrate(db, 'file-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
  const catalog = createCatalog(db);
  const library = createLibrary({ catalog, storage, events, queue, clock, logger });
  const thumbnailer = createThumbnailer({ storage, catalog });

  new metrics.client.Gauge({
    name: 'smh_files_total',
    help: 'Files in the media library by type',
    labelNames: ['type'] as const,
    registers: [metrics.registry],
    async collect() {
      const counts = await catalog.countByType().catch(() => []);
      this.reset();
      for (const { type, count } of counts) this.set({ type }, count);
    },
  });

  const app = await createServiceApp({
    service: 'file-service',
    logger,
    metrics,
    tokens,
    readiness: [
      { name: 'database', check: () => db.ping() },
      { name: 'queue', check: () => queue.ping() },
    ],
    openapi: {
      title: 'file-service',
      description: 'The media library: catalog, search, streaming, uploads, archives.',
    },
  });
  registerFileRoutes(app, { catalog, library });
  registerContentRoutes(app, { catalog, storage, thumbnailer });
  await registerUploadRoutes(app, { storage, library, maxUploadBytes: config.maxUploadBytes });
  registerArchiveRoutes(app, { catalog, storage });
  registerInternalRoutes(app, { catalog, library });

  return { name: 'file-service', app, jobHandlers: {} };
};
